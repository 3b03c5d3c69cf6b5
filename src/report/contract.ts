// The --json contract, version 1: the output types and the only place internal names become
// snake_case. Keys may be added within a version, never renamed or removed.
import type { InputTally } from '../analyze.js';
import type { Stats } from '../stats/accumulator.js';
import { formatInstant, type Calendar } from '../window/calendar.js';
import type { TimeWindow } from '../window/window.js';

export const BASELINE_SCHEMA = 'llmops.baseline/v1';
export const COST_SCHEMA = 'llmops.cost/v1';

export interface DistributionJson {
  mean: number | null;
  p50: number | null;
  p95: number | null;
  max: number | null;
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
  skipped: { blank: number; malformed: number; duplicate: number; out_of_window: number };
  no_timestamp: number;
  unpriced: { records: number; models: string[] };
  /** The first skipped lines, as `file:line` and why. */
  skipped_examples: Array<{ at: string; reason: string }>;
  /** Sources that failed part-way (unreadable, corrupt gzip), as `file: reason`. */
  read_errors: string[];
}

export type FeatureStatsJson = { feature: string } & StatsJson & { cost_share: number | null };

export interface DailyJson {
  date: string;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_usd: number | null;
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

export interface WowJson {
  requests: ChangeJson;
  cost_usd: { total: ChangeJson; mean: ChangeJson; p95: ChangeJson };
  latency_s: { mean: ChangeJson; p95: ChangeJson };
  truncation_rate: ChangeJson;
  refusal_rate: ChangeJson;
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
}

export function statsJson(s: Stats): StatsJson {
  return {
    requests: s.requests,
    tokens: { input: s.tokens.input, output: s.tokens.output, cache_read: s.tokens.cacheRead, cache_write: s.tokens.cacheWrite },
    cost_usd: { total: s.cost.total, mean: s.cost.mean, p50: s.cost.p50, p95: s.cost.p95, max: s.cost.max },
    latency_s: { mean: s.latency.mean, p50: s.latency.p50, p95: s.latency.p95, max: s.latency.max },
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
    skipped: { blank: t.blank, malformed: t.malformed, duplicate: t.duplicate, out_of_window: t.outOfWindow },
    no_timestamp: t.noTimestamp,
    unpriced: { records: t.unpricedRecords, models: [...t.unpricedModels].sort() },
    skipped_examples: t.skippedExamples.map((e) => ({ at: e.at, reason: e.reason })),
    read_errors: [...t.sourceErrors],
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
