// compare: deltas and their tests from saved statistics alone, features that appear or disappear,
// and clear errors for files that are not v1 baselines.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { buildCompareReport, parseSavedBaseline } from '../src/report/compare.js';
import type { BaselineJson, StatsJson } from '../src/report/contract.js';

function stats(p: {
  requests: number; costMean?: number | null; costSd?: number | null; costP95?: number | null; ci?: [number | null, number | null];
  latMean?: number | null; latSd?: number | null; trunc?: number | null; refusal?: number | null;
}): StatsJson {
  const n = p.requests;
  return {
    requests: n,
    tokens: { input: 0, output: 0, cache_read: 0, cache_write: 0 },
    cost_usd: {
      total: p.costMean == null ? null : p.costMean * n, mean: p.costMean ?? null, p50: null, p95: p.costP95 ?? null, max: null,
      sd: p.costSd ?? null, p95_ci_low: p.ci?.[0] ?? null, p95_ci_high: p.ci?.[1] ?? null,
    },
    latency_s: { mean: p.latMean ?? null, p50: null, p95: null, max: null, sd: p.latSd ?? null, p95_ci_low: null, p95_ci_high: null },
    stop_reasons: {},
    truncation_rate: p.trunc ?? null,
    refusal_rate: p.refusal ?? null,
    priced_requests: p.costMean == null ? 0 : n,
    latency_requests: p.latMean == null ? 0 : n,
  };
}

function doc(overall: StatsJson, features: Record<string, StatsJson>, dates: string[] = ['2026-11-01']): BaselineJson {
  return {
    schema: 'llmops.baseline/v1',
    window: { since: null, until: null, tz: 'UTC' },
    overall,
    by_feature: Object.entries(features).map(([feature, s]) => ({ feature, ...s, cost_share: null })),
    daily: dates.map((date) => ({ date, requests: 1 })),
  } as unknown as BaselineJson;
}

describe('buildCompareReport', () => {
  // Welch by hand (see significance.test.ts): means 3 → 7, s² 2.5 and 14, n 5 and 6: t = 2.376, df = 6.97, p = 0.04928.
  const before = doc(stats({ requests: 5, costMean: 3, costSd: Math.sqrt(2.5), costP95: 4.8, ci: [4, null], trunc: 0.2 }), {
    same: stats({ requests: 100, costMean: 0.01, costSd: 0.002, costP95: 0.014, ci: [0.013, 0.015], latMean: 2, latSd: 1 }),
    gone: stats({ requests: 10, costMean: 0.5, costSd: 0.1 }),
  }, ['2026-10-01', '2026-10-31']);
  const after = doc(stats({ requests: 6, costMean: 7, costSd: Math.sqrt(14), costP95: 11.5, ci: [10, null], trunc: 0.5 }), {
    same: stats({ requests: 100, costMean: 0.0101, costSd: 0.002, costP95: 0.020, ci: [0.018, 0.022], latMean: 2.1, latSd: 1 }),
    fresh: stats({ requests: 3, costMean: 2, costSd: 0.1 }),
  }, ['2026-11-01', '2026-11-30']);
  const cmp = buildCompareReport(before, after, { before: 'oct.json', after: 'nov.json' });

  it('before, after, absolute and relative change', () => {
    expect(cmp.schema).toBe('llmops.compare/v1');
    expect(cmp.overall.requests).toEqual({ before: 5, after: 6, absolute_change: 1, relative_change: 0.2, significant: null, test: null, p_value: null });
    expect(cmp.overall.cost_usd.total).toMatchObject({ before: 15, after: 42, absolute_change: 27, relative_change: 1.8, test: null });
    const mean = cmp.overall.cost_usd.mean;
    expect([mean.before, mean.after, mean.absolute_change]).toEqual([3, 7, 4]);
    expect(mean.relative_change).toBeCloseTo(4 / 3, 15);
    expect(cmp.overall.truncation_rate.absolute_change).toBeCloseTo(0.3, 15);
  });

  it("means by Welch's t-test on the saved mean, sd and count", () => {
    expect(cmp.overall.cost_usd.mean).toMatchObject({ significant: true, test: 'welch-t' });
    expect(cmp.overall.cost_usd.mean.p_value).toBeCloseTo(0.04928433820673053, 12);
    const same = cmp.by_feature.find((f) => f.feature === 'same')!;
    // 0.0100 → 0.0101 with sd 0.002 over 100 each: t = 0.0001 / √(2·0.002²/100) = 0.354, far from significant.
    expect(same.cost_usd.mean).toMatchObject({ significant: false, test: 'welch-t' });
    expect(same.cost_usd.mean.p_value).toBeGreaterThan(0.7);
    expect(same.latency_s.mean.significant).toBe(false);
  });

  it('p95s by their confidence intervals', () => {
    // Overall: [4, ∞) and [10, ∞) overlap; "same": [0.013, 0.015] and [0.018, 0.022] are apart.
    expect(cmp.overall.cost_usd.p95).toMatchObject({ significant: false, test: 'p95-ci', p_value: null });
    expect(cmp.by_feature.find((f) => f.feature === 'same')!.cost_usd.p95).toMatchObject({ significant: true, test: 'p95-ci' });
  });

  it('rates by Welch on 0/1 indicators: 0.2 of 5 → 0.5 of 6 is noise', () => {
    expect(cmp.overall.truncation_rate).toMatchObject({ significant: false, test: 'welch-t' });
  });

  it('features that appear or disappear', () => {
    const byName = Object.fromEntries(cmp.by_feature.map((f) => [f.feature, f]));
    expect(byName.fresh.status).toBe('new');
    expect(byName.fresh.requests).toMatchObject({ before: null, after: 3, absolute_change: null, relative_change: null });
    expect(byName.fresh.cost_usd.mean).toMatchObject({ significant: null, test: 'welch-t' });
    expect(byName.gone.status).toBe('gone');
    expect(byName.gone.cost_usd.total).toMatchObject({ before: 5, after: null });
    expect(byName.same.status).toBe('both');
    // Largest of the two cost totals first: fresh 6, gone 5, same ~1.
    expect(cmp.by_feature.map((f) => f.feature)).toEqual(['fresh', 'gone', 'same']);
  });

  it('says what each side covers', () => {
    expect(cmp.before).toEqual({ source: 'oct.json', window: { since: null, until: null, tz: 'UTC' }, requests: 5, first_day: '2026-10-01', last_day: '2026-10-31', days: 31 });
    expect(cmp.after.days).toBe(30);
    expect(cmp.tests).toEqual({ level: 0.95, means: 'welch-t', rates: 'welch-t', p95: 'p95-ci' });
  });

  it('a baseline saved before sd and the p95 interval existed compares, untested', () => {
    const old = JSON.parse(JSON.stringify(before));
    for (const s of [old.overall, ...old.by_feature]) {
      for (const d of [s.cost_usd, s.latency_s]) { delete d.sd; delete d.p95_ci_low; delete d.p95_ci_high; }
    }
    const r = buildCompareReport(parseSavedBaseline(JSON.stringify(old), 'old.json'), after, { before: 'old.json', after: 'new.json' });
    expect(r.overall.cost_usd.mean).toMatchObject({ significant: null, test: 'welch-t', p_value: null });
    expect(r.overall.cost_usd.p95).toMatchObject({ significant: null, test: 'p95-ci' });
    expect(r.overall.cost_usd.mean.relative_change).toBeCloseTo(4 / 3, 15);
  });
});

describe('parseSavedBaseline', () => {
  const ok = JSON.stringify(doc(stats({ requests: 1 }), { a: stats({ requests: 1 }) }));
  const err = (text: string) => {
    try {
      parseSavedBaseline(text, 'x.json');
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return (e as Error).message;
    }
    throw new Error('no error');
  };

  it('accepts a v1 baseline', () => {
    expect(parseSavedBaseline(ok, 'x.json').schema).toBe('llmops.baseline/v1');
  });

  it('names the file and what is wrong', () => {
    expect(err('{"schema": "llmops.baseline/v1"')).toMatch(/^x\.json: not JSON/);
    expect(err('[1, 2]')).toMatch(/^x\.json: not an llmops document/);
    expect(err('{"overall": {}}')).toMatch(/^x\.json: no "schema" key/);
    expect(err('{"schema": "llmops.baseline/v2"}')).toMatch(/schema llmops\.baseline\/v2 is not supported: this llmops reads llmops\.baseline\/v1/);
    expect(err('{"schema": "llmops.cost/v1"}')).toMatch(/is a llmops\.cost\/v1 document, not a saved baseline: expected the output of `llmops baseline --json`/);
    expect(err('{"schema": "something/else"}')).toMatch(/is not an llmops baseline/);
    const broken = JSON.parse(ok);
    broken.by_feature[0].cost_usd.p95 = 'high';
    expect(err(JSON.stringify(broken))).toBe('x.json: by_feature[0].cost_usd.p95 is missing or not a number or null');
    delete broken.overall.requests;
    expect(err(JSON.stringify(broken))).toBe('x.json: overall.requests is missing or not a number');
  });
});
