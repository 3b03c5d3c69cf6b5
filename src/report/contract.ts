// The --json contract, version 1: the output types and the only place internal names become
// snake_case. Keys may be added within a version, never renamed or removed.
import type { InputTally } from '../analyze.js';
import type { Stats } from '../stats/accumulator.js';
import type { SkipKind, UsageRecord } from '../types.js';
import { formatInstant, type Calendar } from '../window/calendar.js';
import { pricingJson, type PricingJson } from './prices.js';
import type { WhatIfJson } from './what-if.js';
import type { TimeWindow } from '../window/window.js';

export const BASELINE_SCHEMA = 'llmops.baseline/v1';
export const COST_SCHEMA = 'llmops.cost/v1';

export interface DistributionJson {
  mean: number | null;
  p50: number | null;
  p95: number | null;
  max: number | null;
  /** Sample standard deviation (n − 1); null below 2 values. */
  sd: number | null;
  /** The p95's 95% confidence interval from order statistics; a null bound is unbounded (few values). */
  p95_ci_low: number | null;
  p95_ci_high: number | null;
}

export interface StatsJson {
  requests: number;
  tokens: { input: number; output: number; cache_read: number; cache_write: number };
  cost_usd: DistributionJson & { total: number | null };
  latency_s: DistributionJson;
  /** Count descending. */
  stop_reasons: Record<string, number>;
  truncation_rate: number | null;
  refusal_rate: number | null;
  /** Records that had a price (cost statistics are over these) and a latency. */
  priced_requests: number;
  latency_requests: number;
}

export interface WindowJson {
  since: string | null;
  until: string | null;
  tz: string;
}

export interface InputsJson {
  files: number;
  lines: number;
  records: number;
  skipped: {
    blank: number; malformed: number; duplicate: number; out_of_window: number;
    /** Why the malformed lines were skipped; the counts add up to `malformed`. */
    by_reason: Record<SkipKind, number>;
  };
  /** Records beyond the first on lines that held several (OTLP exports): lines = records − extra_records + blank + malformed. */
  extra_records: number;
  /** Records by the log shape they were read from. */
  formats: Record<UsageRecord['shape'], number>;
  no_timestamp: number;
  unpriced: { records: number; models: string[] };
  /** The first skipped lines, as `file:line` and why. */
  skipped_examples: Array<{ at: string; kind: SkipKind; reason: string }>;
  /** Sources that failed part-way (unreadable, corrupt gzip), as `file: reason`. */
  read_errors: string[];
  /** How costs were found: cost mode, cache-TTL assumptions, tiers, batch, loosely resolved model ids. */
  pricing: PricingJson;
}

/**
 * Cost per request on log-spaced bins: bin i counts costs in [edges[i], edges[i+1]), the last bin
 * also edges[n]; `zero` counts costs of 0. The edges are shared by every feature of a report.
 */
export interface CostHistogramJson {
  edges: number[];
  counts: number[];
  zero: number;
}

export type FeatureStatsJson = { feature: string } & StatsJson & { cost_share: number | null; cost_histogram: CostHistogramJson };

export interface DailyJson {
  date: string;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_usd: number | null;
  latency_s_p95: number | null;
  truncation_rate: number | null;
  refusal_rate: number | null;
}

/** One feature on one day: the daily figures of that feature's records. */
export type DailyFeatureJson = { date: string; feature: string } & Omit<DailyJson, 'date'>;

export interface DailyStopReasonJson {
  date: string;
  stop_reason: string;
  count: number;
  /** Of that day's requests. */
  share: number;
}

export interface StopReasonJson {
  stop_reason: string;
  count: number;
  share: number;
}

export interface ChangeJson {
  current: number | null;
  previous: number | null;
  change: number | null;
}

/** A change with the verdict of a significance test: means and rates by Welch's t-test, p95s by
 *  non-overlapping 95% confidence intervals. `significant` is null when the samples are too small. */
export type TestedChangeJson = ChangeJson & {
  significant: boolean | null;
  test: 'welch-t' | 'p95-ci';
  /** Two-sided p-value of the t-test; null for the interval test. */
  p_value: number | null;
};

export interface WowJson {
  /** Counts of every logged call, not samples: no test. */
  requests: ChangeJson;
  cost_usd: { total: ChangeJson; mean: TestedChangeJson; p95: TestedChangeJson };
  latency_s: { mean: TestedChangeJson; p95: TestedChangeJson };
  truncation_rate: TestedChangeJson;
  refusal_rate: TestedChangeJson;
}

export interface WeekOverWeekJson {
  current: { since: string; until: string };
  previous: { since: string; until: string };
  overall: WowJson;
  by_feature: Array<{ feature: string } & WowJson>;
}

export interface BaselineJson {
  schema: typeof BASELINE_SCHEMA;
  window: WindowJson;
  inputs: InputsJson;
  overall: StatsJson;
  by_feature: FeatureStatsJson[];
  daily: DailyJson[];
  /** Date ascending, then feature. */
  daily_by_feature: DailyFeatureJson[];
  /** Date ascending, then count descending. */
  daily_stop_reasons: DailyStopReasonJson[];
  stop_reasons: StopReasonJson[];
  rates: { truncation: number | null; refusal: number | null };
  week_over_week: WeekOverWeekJson | null;
}

export type CostRowJson = Record<string, string> & StatsJson & { cost_share: number | null };

export interface CostJson {
  schema: typeof COST_SCHEMA;
  group_by: string[];
  window: WindowJson;
  inputs: InputsJson;
  rows: CostRowJson[];
  overall: StatsJson;
  /** --what-if: the selected traffic re-priced on another model; null without it. */
  what_if: WhatIfJson | null;
}

export function statsJson(s: Stats): StatsJson {
  return {
    requests: s.requests,
    tokens: { input: s.tokens.input, output: s.tokens.output, cache_read: s.tokens.cacheRead, cache_write: s.tokens.cacheWrite },
    cost_usd: {
      total: s.cost.total, mean: s.cost.mean, p50: s.cost.p50, p95: s.cost.p95, max: s.cost.max,
      sd: s.spread.cost.sd, p95_ci_low: s.spread.cost.p95Low, p95_ci_high: s.spread.cost.p95High,
    },
    latency_s: {
      mean: s.latency.mean, p50: s.latency.p50, p95: s.latency.p95, max: s.latency.max,
      sd: s.spread.latency.sd, p95_ci_low: s.spread.latency.p95Low, p95_ci_high: s.spread.latency.p95High,
    },
    stop_reasons: Object.fromEntries(s.stopReasons),
    truncation_rate: s.truncationRate,
    refusal_rate: s.refusalRate,
    priced_requests: s.cost.priced,
    latency_requests: s.latency.count,
  };
}

export function windowJson(window: TimeWindow, calendar: Calendar): WindowJson {
  return {
    since: window.since === null ? null : formatInstant(calendar, window.since),
    until: window.until === null ? null : formatInstant(calendar, window.until),
    tz: calendar.tz,
  };
}

export function inputsJson(t: InputTally): InputsJson {
  return {
    files: t.files,
    lines: t.lines,
    records: t.records,
    skipped: {
      blank: t.blank, malformed: t.malformed, duplicate: t.duplicate, out_of_window: t.outOfWindow,
      by_reason: { ...t.malformedByKind },
    },
    extra_records: t.extraRecords,
    formats: { ...t.shapes },
    no_timestamp: t.noTimestamp,
    unpriced: { records: t.unpricedRecords, models: [...t.unpricedModels].sort() },
    skipped_examples: t.skippedExamples.map((e) => ({ at: e.at, kind: e.kind, reason: e.reason })),
    read_errors: [...t.sourceErrors],
    pricing: pricingJson(t.pricing),
  };
}

/** Share of a total, null when the part or the total is unknown or the total is zero. */
export function share(part: number | null, total: number | null): number | null {
  return part === null || total === null || total === 0 ? null : part / total;
}

/** (current − previous) / previous; null when previous is 0 or either side is missing. */
export function change(current: number | null, previous: number | null): ChangeJson {
  return {
    current,
    previous,
    change: current === null || previous === null || previous === 0 ? null : (current - previous) / previous,
  };
}
