// Builds the `baseline --json` document from the feature × day buckets. Pure.
import type { InputTally } from '../analyze.js';
import { summarize, type Accumulator, type Stats } from '../stats/accumulator.js';
import { bucketDay, bucketSlot, Slot, type FeatureDayBuckets, type WeekWindows } from '../stats/feature-days.js';
import { formatDay, formatInstant, type Calendar } from '../window/calendar.js';
import type { TimeWindow } from '../window/window.js';
import {
  BASELINE_SCHEMA, change, inputsJson, share, statsJson, windowJson,
  type BaselineJson, type DailyJson, type FeatureStatsJson, type WeekOverWeekJson, type WowJson,
} from './contract.js';
import { byValueDesc } from './order.js';

function allAccumulators(buckets: FeatureDayBuckets): Accumulator[] {
  const out: Accumulator[] = [];
  for (const f of buckets.features.values()) {
    for (const acc of f.days.values()) out.push(acc);
    if (f.undated) out.push(f.undated);
  }
  return out;
}

function daily(buckets: FeatureDayBuckets): DailyJson[] {
  const byDay = new Map<number, Accumulator[]>();
  for (const f of buckets.features.values()) {
    for (const [key, acc] of f.days) {
      const day = bucketDay(key);
      const list = byDay.get(day);
      if (list) list.push(acc);
      else byDay.set(day, [acc]);
    }
  }
  return [...byDay.keys()].sort((a, b) => a - b).map((day) => {
    const accs = byDay.get(day)!;
    let requests = 0, input = 0, output = 0, cacheRead = 0, cacheWrite = 0, cost = 0, priced = 0;
    for (const a of accs) {
      requests += a.requests;
      input += a.inputTokens;
      output += a.outputTokens;
      cacheRead += a.cacheReadTokens;
      cacheWrite += a.cacheWriteTokens;
      cost += a.costTotal;
      priced += a.costs.length;
    }
    return {
      date: formatDay(day), requests,
      input_tokens: input, output_tokens: output, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite,
      cost_usd: priced === 0 ? null : cost,
    };
  });
}

function wow(current: Stats, previous: Stats): WowJson {
  return {
    requests: change(current.requests, previous.requests),
    cost_usd: {
      total: change(current.cost.total, previous.cost.total),
      mean: change(current.cost.mean, previous.cost.mean),
      p95: change(current.cost.p95, previous.cost.p95),
    },
    latency_s: { mean: change(current.latency.mean, previous.latency.mean), p95: change(current.latency.p95, previous.latency.p95) },
    truncation_rate: change(current.truncationRate, previous.truncationRate),
    refusal_rate: change(current.refusalRate, previous.refusalRate),
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
  features.sort(byValueDesc((f) => f.current.cost.total ?? f.previous.cost.total, (f) => f.feature));
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
  const byFeature: FeatureStatsJson[] = [...buckets.features].map(([feature, f]) => {
    const stats = summarize(f.undated ? [...f.days.values(), f.undated] : [...f.days.values()]);
    return { feature, ...statsJson(stats), cost_share: share(stats.cost.total, overall.cost.total) };
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
    daily: daily(buckets),
    stop_reasons: overall.stopReasons.map(([stop_reason, count]) => ({ stop_reason, count, share: count / overall.requests })),
    rates: { truncation: overall.truncationRate, refusal: overall.refusalRate },
    week_over_week: hasDated && windows ? weekOverWeek(buckets, ctx.calendar, windows, ctx.slottedWeeks !== null) : null,
  };
}
