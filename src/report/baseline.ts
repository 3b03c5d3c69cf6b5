// Builds the `baseline --json` document from the feature × day buckets. Pure.
import type { InputTally } from '../analyze.js';
import { costRuns, latencyRuns, summarize, totals, type Accumulator, type Stats } from '../stats/accumulator.js';
import { histogramOfRuns, logEdges } from '../stats/histogram.js';
import { quantileAt, quantileRanks } from '../stats/quantile.js';
import { positiveRangeOfRuns, runsLength, valuesAtRanksOfRuns, type SortedRun } from '../stats/sorted-runs.js';
import { bucketDay, bucketSlot, Slot, type FeatureDayBuckets, type WeekWindows } from '../stats/feature-days.js';
import { formatDay, formatInstant, type Calendar } from '../window/calendar.js';
import type { TimeWindow } from '../window/window.js';
import {
  BASELINE_SCHEMA, change, inputsJson, share, statsJson, windowJson,
  type BaselineJson, type ChangeJson, type CostHistogramJson, type DailyJson, type FeatureStatsJson, type TestedChangeJson,
  type WeekOverWeekJson, type WowJson,
} from './contract.js';
import { testMetric, type ComparedMetric } from './compare.js';
import { byValueDesc } from './order.js';

/** Bins budget of the per-feature cost histograms: fine enough to see a tail, small in the JSON. */
const HISTOGRAM_BINS = 40;

function allAccumulators(buckets: FeatureDayBuckets): Accumulator[] {
  const out: Accumulator[] = [];
  for (const f of buckets.features.values()) {
    for (const acc of f.days.values()) out.push(acc);
    if (f.undated) out.push(f.undated);
  }
  return out;
}

/** Figures of one day, or of one feature on one day: sums, p95 latency and stop reasons. */
function dayFigures(accs: readonly Accumulator[]): { row: Omit<DailyJson, 'date'>; stops: Map<string, number> } {
  const t = totals(accs);
  // Only the p95 is needed here: one selection over the latencies, not a full summarize().
  const latencies = latencyRuns(accs);
  const n = runsLength(latencies);
  const latencyP95 = quantileAt(valuesAtRanksOfRuns(latencies, quantileRanks(n, 0.95)), n, 0.95);
  return {
    row: {
      requests: t.requests,
      input_tokens: t.input, output_tokens: t.output, cache_read_tokens: t.cacheRead, cache_write_tokens: t.cacheWrite,
      cost_usd: t.priced === 0 ? null : t.costTotal,
      latency_s_p95: latencyP95,
      truncation_rate: t.requests === 0 ? null : t.truncated / t.requests,
      refusal_rate: t.requests === 0 ? null : t.refused / t.requests,
    },
    stops: t.stopReasons,
  };
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Rows per day, per feature and day, and per stop reason and day, from the feature × day buckets. */
function daily(buckets: FeatureDayBuckets): Pick<BaselineJson, 'daily' | 'daily_by_feature' | 'daily_stop_reasons'> {
  // day → feature → buckets (a day can hold two buckets of a feature when a week boundary splits it).
  const byDay = new Map<number, Map<string, Accumulator[]>>();
  for (const [feature, f] of buckets.features) {
    for (const [key, acc] of f.days) {
      const day = bucketDay(key);
      let features = byDay.get(day);
      if (features === undefined) byDay.set(day, (features = new Map()));
      const list = features.get(feature);
      if (list) list.push(acc);
      else features.set(feature, [acc]);
    }
  }
  const out: Pick<BaselineJson, 'daily' | 'daily_by_feature' | 'daily_stop_reasons'> = { daily: [], daily_by_feature: [], daily_stop_reasons: [] };
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    const features = byDay.get(day)!;
    const date = formatDay(day);
    const { row, stops } = dayFigures([...features.values()].flat());
    out.daily.push({ date, ...row });
    for (const feature of [...features.keys()].sort(byName)) {
      out.daily_by_feature.push({ date, feature, ...dayFigures(features.get(feature)!).row });
    }
    const ranked = [...stops].sort((a, b) => b[1] - a[1] || byName(a[0], b[0]));
    for (const [stop_reason, count] of ranked) out.daily_stop_reasons.push({ date, stop_reason, count, share: count / row.requests });
  }
  return out;
}

/** Every feature's cost per request on the same log-spaced bins, so their tails compare at a glance. */
function costHistograms(costsByFeature: ReadonlyMap<string, SortedRun[]>): Map<string, CostHistogramJson> {
  const range = positiveRangeOfRuns([...costsByFeature.values()].flat());
  const edges = range === null ? [] : logEdges(range.min, range.max, HISTOGRAM_BINS);
  return new Map([...costsByFeature].map(([feature, costs]) => [feature, histogramOfRuns(costs, edges)]));
}

function wow(current: Stats, previous: Stats): WowJson {
  // Each per-request change carries the verdict of its test (docs/check-and-compare.md).
  const cur = statsJson(current), prev = statsJson(previous);
  const tested = (metric: ComparedMetric, c: ChangeJson): TestedChangeJson => {
    const sig = testMetric(metric, prev, cur);
    return { ...c, significant: sig.significant, test: sig.test!, p_value: sig.pValue };
  };
  return {
    requests: change(current.requests, previous.requests),
    cost_usd: {
      total: change(current.cost.total, previous.cost.total),
      mean: tested('cost_mean', change(current.cost.mean, previous.cost.mean)),
      p95: tested('cost_p95', change(current.cost.p95, previous.cost.p95)),
    },
    latency_s: {
      mean: tested('latency_mean', change(current.latency.mean, previous.latency.mean)),
      p95: tested('latency_p95', change(current.latency.p95, previous.latency.p95)),
    },
    truncation_rate: tested('truncation_rate', change(current.truncationRate, previous.truncationRate)),
    refusal_rate: tested('refusal_rate', change(current.refusalRate, previous.refusalRate)),
  };
}

/**
 * The two 7-day windows ending at `end`: --until when given, else the start of the day after the
 * latest record's day. Days are calendar days in the report's zone, so a week across a DST change
 * is still seven local days.
 */
export function weekWindows(calendar: Calendar, until: number | null, latestMs: number): WeekWindows | null {
  const end = until ?? (latestMs === -Infinity ? null : calendar.startOfDay(calendar.dayIndex(latestMs) + 1));
  if (end === null) return null;
  return { end, currentStart: calendar.addDays(end, -7), previousStart: calendar.addDays(end, -14) };
}

function weekOverWeek(buckets: FeatureDayBuckets, calendar: Calendar, windows: WeekWindows, slotted: boolean): WeekOverWeekJson {
  const endDay = calendar.dayIndex(windows.end);
  // Slotted buckets were assigned a window while reading; otherwise the windows are whole days.
  const slotOf = (key: number): number => {
    if (slotted) return bucketSlot(key);
    const day = bucketDay(key);
    return day >= endDay - 7 && day < endDay ? Slot.Current : day >= endDay - 14 && day < endDay - 7 ? Slot.Previous : Slot.None;
  };
  const overallCurrent: Accumulator[] = [];
  const overallPrevious: Accumulator[] = [];
  const features: Array<{ feature: string; current: Stats; previous: Stats }> = [];
  for (const [feature, f] of buckets.features) {
    const current: Accumulator[] = [];
    const previous: Accumulator[] = [];
    for (const [key, acc] of f.days) {
      const slot = slotOf(key);
      if (slot === Slot.Current) current.push(acc);
      else if (slot === Slot.Previous) previous.push(acc);
    }
    if (current.length === 0 && previous.length === 0) continue;
    overallCurrent.push(...current);
    overallPrevious.push(...previous);
    features.push({ feature, current: summarize(current), previous: summarize(previous) });
  }
  features.sort(byValueDesc((f) => f.current.cost.total, (f) => f.feature));
  return {
    current: { since: formatInstant(calendar, windows.currentStart), until: formatInstant(calendar, windows.end) },
    previous: { since: formatInstant(calendar, windows.previousStart), until: formatInstant(calendar, windows.currentStart) },
    overall: wow(summarize(overallCurrent), summarize(overallPrevious)),
    by_feature: features.map((f) => ({ feature: f.feature, ...wow(f.current, f.previous) })),
  };
}

export interface BaselineContext {
  calendar: Calendar;
  window: TimeWindow;
  /** The windows the buckets were slotted into while reading (known when --until is given), else null. */
  slottedWeeks: WeekWindows | null;
}

export function buildBaselineReport(tally: InputTally, buckets: FeatureDayBuckets, ctx: BaselineContext): BaselineJson {
  const overall = summarize(allAccumulators(buckets));
  const featureParts = new Map([...buckets.features].map(([feature, f]) => [feature, f.undated ? [...f.days.values(), f.undated] : [...f.days.values()]]));
  const histograms = costHistograms(new Map([...featureParts].map(([feature, parts]) => [feature, costRuns(parts)])));
  const byFeature: FeatureStatsJson[] = [...featureParts].map(([feature, parts]) => {
    const stats = summarize(parts);
    return { feature, ...statsJson(stats), cost_share: share(stats.cost.total, overall.cost.total), cost_histogram: histograms.get(feature)! };
  });
  byFeature.sort(byValueDesc((f) => f.cost_usd.total, (f) => f.feature));
  const windows = ctx.slottedWeeks ?? weekWindows(ctx.calendar, ctx.window.until, buckets.latestMs);
  const hasDated = buckets.latestMs !== -Infinity;
  return {
    schema: BASELINE_SCHEMA,
    window: windowJson(ctx.window, ctx.calendar),
    inputs: inputsJson(tally),
    overall: statsJson(overall),
    by_feature: byFeature,
    ...daily(buckets),
    stop_reasons: overall.stopReasons.map(([stop_reason, count]) => ({ stop_reason, count, share: count / overall.requests })),
    rates: { truncation: overall.truncationRate, refusal: overall.refusalRate },
    week_over_week: hasDated && windows ? weekOverWeek(buckets, ctx.calendar, windows, ctx.slottedWeeks !== null) : null,
  };
}
