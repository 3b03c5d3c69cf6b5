// check rules on hand-made records: level limits (inclusive), daily cost, increases gated by
// significance, missing data, and worst-first order.
import { describe, expect, it } from 'vitest';
import { emptyTally } from '../src/analyze.js';
import { DEFAULT_INCREASE_METRICS, type RuleId, type RuleSpec } from '../src/config/rules.js';
import { buildBaselineReport } from '../src/report/baseline.js';
import { buildCheckReport, byWorstFirst, type CheckInputs, type CheckResultJson, type DayCost } from '../src/report/check.js';
import type { BaselineJson } from '../src/report/contract.js';
import { bucketDay, FeatureDayBuckets } from '../src/stats/feature-days.js';
import type { PricedRecord } from '../src/types.js';
import { Calendar, formatDay } from '../src/window/calendar.js';

const utc = new Calendar('UTC');
const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T12:00:00Z');

interface Rec { feature: string; cost: number | null; latency?: number | null; stop?: string; day?: number }

function record(r: Rec): PricedRecord {
  return {
    requestId: null, model: 'claude-haiku-4-5', inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0,
    cacheWrite1hTokens: null, batch: false, webSearchRequests: 0, loggedCostUsd: null, shape: 'wrapper', source: {},
    latencyS: r.latency ?? null, stopReason: r.stop ?? 'end_turn', feature: r.feature,
    timestampMs: r.day === undefined ? T0 : T0 + r.day * DAY, costUsd: r.cost,
  } as PricedRecord;
}

function inputsFor(records: Rec[], saved: Map<string, BaselineJson> = new Map()): CheckInputs {
  const buckets = new FeatureDayBuckets(utc, null);
  for (const r of records) buckets.add(record(r));
  const baseline = buildBaselineReport(emptyTally(), buckets, { calendar: utc, window: { since: null, until: null }, slottedWeeks: null });
  const dailyByFeature = new Map<string, DayCost[]>();
  for (const [feature, f] of buckets.features) {
    const byDay = new Map<number, number>();
    for (const [key, acc] of f.days) byDay.set(bucketDay(key), (byDay.get(bucketDay(key)) ?? 0) + acc.costTotal);
    dailyByFeature.set(feature, [...byDay].map(([d, cost]) => ({ date: formatDay(d), cost })));
  }
  return { baseline, dailyByFeature, saved };
}

function rule(id: RuleId, limit: number, extra: Partial<RuleSpec> = {}): RuleSpec {
  return { rule: id, limit, features: null, source: 'flag', metrics: [...DEFAULT_INCREASE_METRICS], against: null, requireSignificance: true, ...extra };
}

const find = (checks: CheckResultJson[], feature: string | null, metric?: string) =>
  checks.find((c) => c.scope.feature === feature && (metric === undefined || c.metric === metric))!;

describe('level rules', () => {
  // Feature a: costs 0.01..0.04 → mean 0.025, p95 = 0.03 + 0.85·0.01 = 0.0385 (h = 3·0.95 = 2.85).
  // Feature b: costs 0.001, 0.003 → mean 0.002, p95 = 0.001 + 0.95·0.002 = 0.0029.
  const recs: Rec[] = [
    ...[0.01, 0.02, 0.03, 0.04].map((cost, i) => ({ feature: 'a', cost, latency: i + 1, stop: i === 3 ? 'max_tokens' : 'end_turn' })),
    { feature: 'b', cost: 0.001, latency: 0.5 }, { feature: 'b', cost: 0.003, latency: 0.7, stop: 'refusal' },
  ];

  it('max-cost-p95: every feature, inclusive limit, worst first', () => {
    const doc = buildCheckReport([rule('max-cost-p95', 0.0385)], inputsFor(recs));
    expect(doc.passed).toBe(true);
    expect(doc.checks.map((c) => [c.scope.feature, c.status])).toEqual([['a', 'pass'], ['b', 'pass']]);
    expect(find(doc.checks, 'a').value).toBeCloseTo(0.0385, 15);
    const failing = buildCheckReport([rule('max-cost-p95', 0.03)], inputsFor(recs));
    expect(failing.passed).toBe(false);
    expect(failing.summary).toEqual({ checks: 2, passed: 1, failed: 1, no_data: 0 });
    expect(failing.checks[0]).toMatchObject({ rule: 'max-cost-p95', metric: 'cost_p95', unit: 'usd', scope: { feature: 'a', date: null }, limit: 0.03, passed: false, status: 'fail', source: 'flag' });
  });

  it('means, latency, truncation and refusal rates per feature', () => {
    const doc = buildCheckReport([
      rule('max-cost-mean', 0.02), rule('max-latency-p95', 3), rule('max-latency-mean', 2.5),
      rule('max-truncation-rate', 0.25), rule('max-refusal-rate', 0.4),
    ], inputsFor(recs));
    const v = (id: string, f: string) => doc.checks.find((c) => c.rule === id && c.scope.feature === f)!;
    expect(v('max-cost-mean', 'a')).toMatchObject({ value: 0.025, status: 'fail' });
    expect(v('max-cost-mean', 'b')).toMatchObject({ value: 0.002, status: 'pass' });
    expect(v('max-latency-p95', 'a').value).toBeCloseTo(3.85, 12); // 1..4 s: 3 + 0.85
    expect(v('max-latency-mean', 'a')).toMatchObject({ value: 2.5, status: 'pass' }); // at the limit passes
    expect(v('max-truncation-rate', 'a')).toMatchObject({ value: 0.25, status: 'pass' });
    expect(v('max-refusal-rate', 'b')).toMatchObject({ value: 0.5, status: 'fail' });
  });

  it('--feature limits the scopes; an unknown feature has no data and does not fail', () => {
    const doc = buildCheckReport([rule('max-cost-p95', 0.01, { features: ['b', 'nope'] })], inputsFor(recs));
    expect(doc.checks.map((c) => c.scope.feature)).toEqual(['b', 'nope']);
    expect(find(doc.checks, 'nope')).toMatchObject({ value: null, status: 'no_data', passed: true, note: 'no records for feature nope' });
    expect(doc.passed).toBe(true);
  });

  it('max-cost-total is over all records unless features are named', () => {
    const all = buildCheckReport([rule('max-cost-total', 0.1)], inputsFor(recs));
    expect(all.checks).toHaveLength(1);
    expect(all.checks[0].scope).toEqual({ feature: null, date: null });
    expect(all.checks[0].value).toBeCloseTo(0.104, 15);
    expect(all.checks[0].status).toBe('fail');
    const named = buildCheckReport([rule('max-cost-total', 0.1, { features: ['a'] })], inputsFor(recs));
    expect(named.checks[0]).toMatchObject({ scope: { feature: 'a' }, status: 'pass' });
  });
});

describe('max-daily-cost', () => {
  const recs: Rec[] = [
    { feature: 'a', cost: 1, day: 0 }, { feature: 'b', cost: 2, day: 0 },
    { feature: 'a', cost: 4, day: 1 },
    { feature: 'a', cost: 0.5, day: 2 }, { feature: 'b', cost: 0.5, day: 2 },
  ];

  it('the worst day is the value, with the count of days over', () => {
    const doc = buildCheckReport([rule('max-daily-cost', 3.5)], inputsFor(recs));
    expect(doc.checks[0]).toMatchObject({ scope: { feature: null, date: '2026-11-02' }, value: 4, status: 'fail', days: { over: 1, total: 3 } });
    const ok = buildCheckReport([rule('max-daily-cost', 4)], inputsFor(recs));
    expect(ok.checks[0]).toMatchObject({ value: 4, status: 'pass', days: { over: 0, total: 3 } });
  });

  it('per named feature', () => {
    const doc = buildCheckReport([rule('max-daily-cost', 1.5, { features: ['b', 'zzz'] })], inputsFor(recs));
    expect(find(doc.checks, 'b')).toMatchObject({ scope: { date: '2026-11-01' }, value: 2, status: 'fail', days: { over: 1, total: 2 } });
    expect(find(doc.checks, 'zzz')).toMatchObject({ status: 'no_data', note: 'no records for feature zzz' });
  });
});

describe('max-increase week over week', () => {
  // Days 0..6 are the previous week and 7..13 the current one (the latest record is on day 13).
  const steady = (feature: string, cost: number, day: number, n: number, jitter: number): Rec[] =>
    Array.from({ length: n }, (_, i) => ({ feature, cost: cost + (i % 2 === 0 ? jitter : -jitter), latency: 1, day: day + (i % 7) }));
  const recs: Rec[] = [
    // real: cost per request doubles with a tiny spread, 40 requests a week.
    ...steady('real', 0.010, 0, 40, 0.0005), ...steady('real', 0.020, 7, 40, 0.0005),
    // noisy: +50% in mean over 4 requests a week with a huge spread.
    ...[0.001, 0.02, 0.001, 0.02].map((cost, i) => ({ feature: 'noisy', cost, latency: 1, day: i })),
    ...[0.0015, 0.03, 0.0015, 0.03].map((cost, i) => ({ feature: 'noisy', cost, latency: 1, day: 7 + i })),
    // fresh: only in the current week.
    { feature: 'fresh', cost: 0.5, latency: 1, day: 13 },
  ];

  it('fires on a significant increase above the limit, not on noise', () => {
    const doc = buildCheckReport([rule('max-increase', 0.1, { metrics: ['cost_mean'] })], inputsFor(recs));
    const real = find(doc.checks, 'real', 'cost_mean');
    expect(real.status).toBe('fail');
    expect(real.value).toBeCloseTo(1, 12);
    expect(real.comparison).toMatchObject({ against: 'week_over_week', significant: true, test: 'welch-t', require_significance: true });
    expect(real.comparison!.before).toBeCloseTo(0.010, 15);
    expect(real.comparison!.after).toBeCloseTo(0.020, 15);
    expect(real.comparison!.p_value).toBeLessThan(1e-10);
    const noisy = find(doc.checks, 'noisy', 'cost_mean');
    expect(noisy.value).toBeCloseTo(0.5, 12);
    expect(noisy.status).toBe('pass');
    expect(noisy.comparison!.significant).toBe(false);
    expect(noisy.note).toMatch(/not significant: treated as noise/);
    expect(find(doc.checks, 'fresh')).toMatchObject({ status: 'no_data', note: 'no records in the previous week' });
    expect(doc.week_over_week).toEqual({
      current: { since: '2026-11-08T00:00:00Z', until: '2026-11-15T00:00:00Z' },
      previous: { since: '2026-11-01T00:00:00Z', until: '2026-11-08T00:00:00Z' },
    });
  });

  it('--no-significance fires on the size alone', () => {
    const doc = buildCheckReport([rule('max-increase', 0.1, { metrics: ['cost_mean'], requireSignificance: false })], inputsFor(recs));
    expect(find(doc.checks, 'noisy', 'cost_mean').status).toBe('fail');
  });

  it('below the limit passes even when significant; totals fire on size with a note', () => {
    const doc = buildCheckReport([rule('max-increase', 1.5, { metrics: ['cost_mean', 'cost_total'] })], inputsFor(recs));
    expect(find(doc.checks, 'real', 'cost_mean').status).toBe('pass');
    const totals = buildCheckReport([rule('max-increase', 0.5, { metrics: ['cost_total'], features: ['real'] })], inputsFor(recs));
    expect(totals.checks[0]).toMatchObject({ status: 'fail', comparison: { test: null, significant: null } });
    expect(totals.checks[0].note).toMatch(/no test applies/);
  });

  it('an increase from zero fires when significant', () => {
    const trunc: Rec[] = [
      ...Array.from({ length: 50 }, (_, i) => ({ feature: 'f', cost: 0.01, day: i % 7 })),
      ...Array.from({ length: 50 }, (_, i) => ({ feature: 'f', cost: 0.01, day: 7 + (i % 7), stop: i < 25 ? 'max_tokens' : 'end_turn' })),
    ];
    const doc = buildCheckReport([rule('max-increase', 0.1, { metrics: ['truncation_rate'] })], inputsFor(trunc));
    expect(doc.checks[0]).toMatchObject({ value: null, status: 'fail', note: 'up from 0', comparison: { before: 0, after: 0.5, significant: true } });
  });
});

describe('max-increase against a saved baseline', () => {
  it('compares the run with the saved document, feature by feature', () => {
    const before = inputsFor(Array.from({ length: 30 }, (_, i) => ({ feature: 'a', cost: 0.01 + (i % 3) * 0.0001, latency: 1 }))).baseline;
    const now: Rec[] = [
      ...Array.from({ length: 30 }, (_, i) => ({ feature: 'a', cost: 0.02 + (i % 3) * 0.0001, latency: 1 })),
      { feature: 'new_one', cost: 1, latency: 1 },
    ];
    const inputs = inputsFor(now, new Map([['old.json', before]]));
    const doc = buildCheckReport([rule('max-increase', 0.1, { against: 'old.json', metrics: ['cost_mean', 'latency_mean'] })], inputs);
    expect(find(doc.checks, 'a', 'cost_mean')).toMatchObject({ status: 'fail', comparison: { against: 'old.json', significant: true } });
    expect(find(doc.checks, 'a', 'latency_mean')).toMatchObject({ status: 'pass', value: 0 });
    expect(find(doc.checks, 'new_one', 'cost_mean')).toMatchObject({ status: 'no_data', note: 'feature new_one is not in old.json' });
    expect(doc.week_over_week).toBeNull();
  });
});

describe('order', () => {
  it('failures first by how far over, then passes, then checks without data', () => {
    const mk = (status: CheckResultJson['status'], value: number | null, limit: number, feature: string): CheckResultJson => ({
      rule: 'max-cost-p95', metric: 'cost_p95', unit: 'usd', scope: { feature, date: null }, value, limit,
      passed: status !== 'fail', status, source: 'flag', comparison: null, days: null, note: null,
    });
    const sorted = [mk('pass', 1, 2, 'p'), mk('no_data', null, 1, 'n'), mk('fail', 3, 2, 'f1'), mk('fail', 9, 2, 'f2'), mk('fail', 1, 0, 'zero')].sort(byWorstFirst);
    expect(sorted.map((c) => c.scope.feature)).toEqual(['zero', 'f2', 'f1', 'p', 'n']);
  });
});
