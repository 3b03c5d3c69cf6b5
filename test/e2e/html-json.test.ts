// The keys the HTML report draws from, added to llmops.baseline/v1: checked on the sample against
// the independent computation from the raw files, and for backward compatibility.
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE, assertBuilt, expectClose, runJson, tempDir } from './helpers.js';
import { groupBy, percentile, refCost, refStats, sampleReference, utcDate, type RefInput } from './reference.js';

describe('baseline fixtures/sample --json: keys for the charts', () => {
  let doc: any;
  let ref: RefInput;

  beforeAll(() => {
    assertBuilt();
    doc = runJson(['baseline', SAMPLE]);
    ref = sampleReference(SAMPLE);
  });

  it('keeps every v1 key and adds daily_by_feature, daily_stop_reasons and cost_histogram', () => {
    for (const key of ['schema', 'window', 'inputs', 'overall', 'by_feature', 'daily', 'stop_reasons', 'rates', 'week_over_week']) {
      expect(doc, key).toHaveProperty(key);
    }
    expect(Object.keys(doc.daily[0])).toEqual(expect.arrayContaining(['date', 'requests', 'input_tokens', 'output_tokens',
      'cache_read_tokens', 'cache_write_tokens', 'cost_usd', 'latency_s_p95', 'truncation_rate', 'refusal_rate']));
    expect(doc.daily_by_feature).toHaveLength(21 * 6);
    expect(doc.by_feature.every((f: any) => Array.isArray(f.cost_histogram.counts))).toBe(true);
  });

  it('daily rows carry the reference p95 latency and truncation and refusal rates of the day', () => {
    const byDay = groupBy(ref.records, utcDate);
    for (const d of doc.daily) {
      const s = refStats(byDay.get(d.date)!);
      expectClose(d.latency_s_p95, s.latency.p95, `daily[${d.date}].latency_s_p95`);
      expectClose(d.truncation_rate, s.truncationRate, `daily[${d.date}].truncation_rate`);
      expectClose(d.refusal_rate, s.refusalRate, `daily[${d.date}].refusal_rate`);
    }
  });

  it('daily_by_feature matches the reference for every feature and day, date then feature order', () => {
    const groups = groupBy(ref.records, (r) => `${utcDate(r)} ${r.feature ?? 'unknown'}`);
    expect(doc.daily_by_feature.map((r: any) => `${r.date} ${r.feature}`)).toEqual([...groups.keys()].sort());
    for (const r of doc.daily_by_feature) {
      const s = refStats(groups.get(`${r.date} ${r.feature}`)!);
      const what = `daily_by_feature[${r.date}, ${r.feature}]`;
      expect(r.requests, what).toBe(s.requests);
      expect([r.input_tokens, r.output_tokens, r.cache_read_tokens, r.cache_write_tokens], what)
        .toEqual([s.tokens.input, s.tokens.output, s.tokens.cache_read, s.tokens.cache_write]);
      expectClose(r.cost_usd, s.cost.total, `${what}.cost_usd`);
      expectClose(r.latency_s_p95, s.latency.p95, `${what}.latency_s_p95`);
      expectClose(r.truncation_rate, s.truncationRate, `${what}.truncation_rate`);
      expectClose(r.refusal_rate, s.refusalRate, `${what}.refusal_rate`);
    }
  });

  it('daily_stop_reasons are the reference counts per day, count descending, with shares of the day', () => {
    const byDay = groupBy(ref.records, utcDate);
    const want: Array<[string, string, number]> = [];
    for (const date of [...byDay.keys()].sort()) {
      const counts = refStats(byDay.get(date)!).stopReasons;
      const ranked = Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      for (const [reason, n] of ranked) want.push([date, reason, n]);
    }
    expect(doc.daily_stop_reasons.map((r: any) => [r.date, r.stop_reason, r.count])).toEqual(want);
    for (const r of doc.daily_stop_reasons) expectClose(r.share, r.count / byDay.get(r.date)!.length, `share ${r.date} ${r.stop_reason}`);
  });

  it('cost_histogram: shared log-spaced edges, at most 40 bins, each reference cost counted in its bin', () => {
    const edges: number[] = doc.by_feature[0].cost_histogram.edges;
    expect(edges.length - 1).toBeLessThanOrEqual(40);
    for (let i = 1; i < edges.length; i++) expect(edges[i]).toBeGreaterThan(edges[i - 1]);
    const ratios = edges.slice(1).map((e, i) => Math.log10(e / edges[i]));
    for (const r of ratios) expect(Math.abs(r - ratios[0])).toBeLessThan(0.01);
    const byFeature = groupBy(ref.records, (r) => r.feature ?? 'unknown');
    for (const f of doc.by_feature) {
      const h = f.cost_histogram;
      expect(h.edges, f.feature).toEqual(edges);
      const want = new Array(edges.length - 1).fill(0);
      let zero = 0;
      for (const r of byFeature.get(f.feature)!) {
        const c = refCost(r);
        if (c === null) continue;
        if (c === 0) { zero++; continue; }
        let b = 0;
        while (b < want.length - 1 && c >= edges[b + 1]) b++;
        want[b]++;
      }
      expect(h.counts, f.feature).toEqual(want);
      expect(h.zero, f.feature).toBe(zero);
      expect(h.counts.reduce((a: number, b: number) => a + b, 0) + h.zero).toBe(f.priced_requests);
    }
    const costs = ref.records.map(refCost).filter((c): c is number => c !== null && c > 0);
    expect(edges[0]).toBeLessThanOrEqual(Math.min(...costs));
    expect(edges[edges.length - 1]).toBeGreaterThanOrEqual(Math.max(...costs));
    expect(percentile(costs, 0.5)).toBeGreaterThan(edges[0]);
  });

  it('stays small: the sample\'s --json output under 120 KB (three weeks, six features)', () => {
    expect(JSON.stringify(doc, null, 2).length + 1).toBeLessThan(120_000);
  });
});

describe('baseline --json without data keeps the new keys', () => {
  it('empty input: empty arrays; undated records: no daily rows but a histogram', () => {
    const t = tempDir();
    try {
      const empty = runJson(['baseline', t.write('empty.jsonl', '')]);
      expect(empty.daily_by_feature).toEqual([]);
      expect(empty.daily_stop_reasons).toEqual([]);
      const undated = runJson(['baseline', t.write('undated.jsonl',
        '{"model":"claude-haiku-4-5","input_tokens":1000,"output_tokens":10,"feature":"a"}\n{"model":"claude-haiku-4-5","input_tokens":0,"output_tokens":0,"feature":"a"}\n')]);
      expect(undated.daily).toEqual([]);
      expect(undated.daily_by_feature).toEqual([]);
      expect(undated.by_feature[0].cost_histogram.zero).toBe(1);
      expect(undated.by_feature[0].cost_histogram.counts.reduce((a: number, b: number) => a + b, 0)).toBe(1);
    } finally {
      t.cleanup();
    }
  });
});
