// `baseline fixtures/sample`: the JSON contract checked against an independent computation from
// the raw files, and the human table.
import { beforeAll, describe, expect, it } from 'vitest';
import { ANSI, SAMPLE, assertBuilt, expectClose, json, lines, type RunResult, runAsync } from './helpers.js';
import { groupBy, refStats, sampleReference, tsMs, utcDate, type RefInput, type RefStats } from './reference.js';

function expectStats(actual: any, ref: RefStats, what: string): void {
  expect(actual.requests, `${what}.requests`).toBe(ref.requests);
  expect(actual.tokens, `${what}.tokens`).toMatchObject(ref.tokens);
  expectClose(actual.cost_usd.total, ref.cost.total, `${what}.cost_usd.total`);
  expectClose(actual.cost_usd.mean, ref.cost.mean, `${what}.cost_usd.mean`);
  expectClose(actual.cost_usd.p50, ref.cost.p50, `${what}.cost_usd.p50`);
  expectClose(actual.cost_usd.p95, ref.cost.p95, `${what}.cost_usd.p95`);
  expectClose(actual.cost_usd.max, ref.cost.max, `${what}.cost_usd.max`);
  expectClose(actual.latency_s.mean, ref.latency.mean, `${what}.latency_s.mean`);
  expectClose(actual.latency_s.p50, ref.latency.p50, `${what}.latency_s.p50`);
  expectClose(actual.latency_s.p95, ref.latency.p95, `${what}.latency_s.p95`);
  expectClose(actual.latency_s.max, ref.latency.max, `${what}.latency_s.max`);
  expect(actual.stop_reasons, `${what}.stop_reasons`).toEqual(ref.stopReasons);
  expectClose(actual.truncation_rate, ref.truncationRate, `${what}.truncation_rate`);
  expectClose(actual.refusal_rate, ref.refusalRate, `${what}.refusal_rate`);
  expect(actual.priced_requests, `${what}.priced_requests`).toBe(ref.cost.priced);
  expect(actual.latency_requests, `${what}.latency_requests`).toBe(ref.latency.count);
}

describe.concurrent('baseline fixtures/sample --json', () => {
  let r: RunResult;
  let doc: any;
  let ref: RefInput;

  beforeAll(async () => {
    assertBuilt();
    r = await runAsync(['baseline', SAMPLE, '--json']);
    doc = r.code === 0 ? json(r) : null;
    ref = sampleReference(SAMPLE);
  });

  it('exits 0 and prints the llmops.baseline/v1 document', async () => {
    expect(r.code, r.stderr).toBe(0);
    expect(doc.schema).toBe('llmops.baseline/v1');
    expect(doc.window).toMatchObject({ since: null, until: null, tz: 'UTC' });
    for (const key of ['window', 'inputs', 'overall', 'by_feature', 'daily', 'stop_reasons', 'rates', 'week_over_week']) {
      expect(doc, key).toHaveProperty(key);
    }
  });

  it('accounts for every line: lines = records + blank + malformed; requests = records − duplicate − out_of_window', async () => {
    const i = doc.inputs;
    expect(i.lines).toBe(i.records + i.skipped.blank + i.skipped.malformed);
    expect(doc.overall.requests).toBe(i.records - i.skipped.duplicate - i.skipped.out_of_window);
  });

  it('reads what the raw files hold (21 files, 8,487 lines, nothing skipped)', async () => {
    expect(ref.records.length).toBe(8487); // fixtures/sample.md
    expect(doc.inputs).toMatchObject({
      files: ref.files,
      lines: ref.lines,
      records: ref.records.length + ref.duplicate,
      skipped: { blank: ref.blank, malformed: ref.malformed, duplicate: ref.duplicate, out_of_window: 0 },
      no_timestamp: 0,
      skipped_examples: [],
      read_errors: [],
    });
    expect(doc.inputs.files).toBe(21);
  });

  it('reports gpt-4o-mini as unpriced (7 records) and warns about it on stderr', async () => {
    const unpriced = ref.records.filter((x) => x.model === 'gpt-4o-mini').length;
    expect(unpriced).toBe(7);
    expect(doc.inputs.unpriced).toMatchObject({ records: 7, models: ['gpt-4o-mini'] });
    expect(r.stderr).toMatch(/gpt-4o-mini/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('overall statistics match the independent computation (1e-9 relative)', async () => {
    const s = refStats(ref.records);
    // Sanity of the reference itself against fixtures/sample.md.
    expect(s.latency.count).toBe(8487 - 38);
    expect(s.stopReasons).toEqual({ end_turn: 7221, tool_use: 884, max_tokens: 178, stop_sequence: 177, refusal: 27 });
    expect(s.cost.priced).toBe(8480);
    expectStats(doc.overall, s, 'overall');
    expectClose(doc.rates.truncation, s.truncationRate, 'rates.truncation');
    expectClose(doc.rates.refusal, s.refusalRate, 'rates.refusal');
  });

  it('prices the dated id claude-sonnet-4-6-20260301 as its base model', async () => {
    const dated = ref.records.filter((x) => x.model === 'claude-sonnet-4-6-20260301');
    expect(dated.length).toBe(93);
    // If dated ids were unpriced, priced_requests would be 8480 − 93.
    expect(doc.overall.priced_requests).toBe(8480);
  });

  it('by_feature rows match the reference, largest cost first, shares summing to 1', async () => {
    const byFeature = groupBy(ref.records, (x) => x.feature ?? 'unknown');
    expect(doc.by_feature.map((f: any) => f.feature).sort()).toEqual([...byFeature.keys()].sort());
    const total = refStats(ref.records).cost.total!;
    for (const f of doc.by_feature) {
      const s = refStats(byFeature.get(f.feature)!);
      expectStats(f, s, `by_feature[${f.feature}]`);
      expectClose(f.cost_share, s.cost.total! / total, `by_feature[${f.feature}].cost_share`);
    }
    const costs = doc.by_feature.map((f: any) => f.cost_usd.total);
    expect(costs).toEqual([...costs].sort((a: number, b: number) => b - a));
    expectClose(doc.by_feature.reduce((a: number, f: any) => a + f.cost_share, 0), 1, 'sum of cost_share', 1e-12);
  });

  it('daily rows are UTC dates with the reference requests, tokens and cost', async () => {
    const byDay = groupBy(ref.records, utcDate);
    const days = [...byDay.keys()].sort();
    expect(days[0]).toBe('2026-11-10');
    expect(days[days.length - 1]).toBe('2026-11-30');
    expect(doc.daily.map((d: any) => d.date)).toEqual(days);
    for (const d of doc.daily) {
      const s = refStats(byDay.get(d.date)!);
      expect(d.requests, d.date).toBe(s.requests);
      expect([d.input_tokens, d.output_tokens, d.cache_read_tokens, d.cache_write_tokens], d.date)
        .toEqual([s.tokens.input, s.tokens.output, s.tokens.cache_read, s.tokens.cache_write]);
      expectClose(d.cost_usd, s.cost.total, `daily[${d.date}].cost_usd`);
    }
  });

  it('stop_reasons are counts descending with shares of all requests', async () => {
    const s = refStats(ref.records);
    const want = Object.entries(s.stopReasons).sort((a, b) => b[1] - a[1]);
    expect(doc.stop_reasons.map((x: any) => [x.stop_reason, x.count])).toEqual(want);
    for (const x of doc.stop_reasons) expectClose(x.share, x.count / 8487, `share ${x.stop_reason}`);
    // The STATS object keeps the same order (count descending).
    expect(Object.entries(doc.overall.stop_reasons)).toEqual(want);
  });

  it('week over week compares 2026-11-24..12-01 with 2026-11-17..11-24 (fixtures/sample.md story)', async () => {
    const w = doc.week_over_week;
    expect(w.current).toMatchObject({ since: '2026-11-24T00:00:00Z', until: '2026-12-01T00:00:00Z' });
    expect(w.previous).toMatchObject({ since: '2026-11-17T00:00:00Z', until: '2026-11-24T00:00:00Z' });
    const inRange = (a: string, b: string) => ref.records.filter((x) => tsMs(x) >= Date.parse(a) && tsMs(x) < Date.parse(b));
    const cur = refStats(inRange('2026-11-24T00:00:00Z', '2026-12-01T00:00:00Z'));
    const prev = refStats(inRange('2026-11-17T00:00:00Z', '2026-11-24T00:00:00Z'));
    expect(w.overall.requests).toMatchObject({ current: cur.requests, previous: prev.requests, change: (cur.requests - prev.requests) / prev.requests });
    expectClose(w.overall.cost_usd.total.current, cur.cost.total, 'wow cost current');
    expectClose(w.overall.cost_usd.total.previous, prev.cost.total, 'wow cost previous');
    expectClose(w.overall.cost_usd.total.change, (cur.cost.total! - prev.cost.total!) / prev.cost.total!, 'wow cost change');
    expectClose(w.overall.cost_usd.p95.current, cur.cost.p95, 'wow cost p95 current');
    expectClose(w.overall.latency_s.p95.previous, prev.latency.p95, 'wow latency p95 previous');
    // The story in fixtures/sample.md: chat 798 → 933, summarize 386 → 398.
    const chat = w.by_feature.find((f: any) => f.feature === 'chat');
    expect([chat.requests.previous, chat.requests.current]).toEqual([798, 933]);
    const summarize = w.by_feature.find((f: any) => f.feature === 'summarize');
    expect([summarize.requests.previous, summarize.requests.current]).toEqual([386, 398]);
    expect(summarize.cost_usd.total.change).toBeLessThan(-0.2);
    // by_feature: current cost descending (docs/json.md).
    const current = w.by_feature.map((f: any) => f.cost_usd.total.current);
    expect(current).toEqual([...current].sort((a: number, b: number) => b - a));
  });
});

/** A small file for the colour checks (they only look for escape codes). */
const SMALL = `${SAMPLE}/llm-calls-2026-11-14.jsonl`;

describe.concurrent('baseline fixtures/sample (table)', () => {
  it('prints every section and the Data line, without colour under NO_COLOR', async () => {
    const r = await runAsync(['baseline', SAMPLE]);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    for (const heading of ['Overall', 'By feature', 'Daily', 'Stop reasons', 'Week over week']) {
      expect(lines(out), heading).toContain(heading);
    }
    const order = ['Overall', 'By feature', 'Daily', 'Stop reasons', 'Week over week', 'Data:'].map((h) => out.indexOf(h));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const data = lines(out).filter((l) => l.startsWith('Data:'));
    expect(data).toHaveLength(1);
    expect(data[0]).toMatch(/21 files; 8,487 lines = 8,487 records \+ 0 blank \+ 0 malformed; 0 duplicates dropped; 0 out of window/);
    expect(data[0]).toMatch(/7 unpriced \(gpt-4o-mini\)/);
    expect(out).toMatch(/^llmops baseline: 8,487 requests, \$134\.51 total/m);
    expect(out).not.toMatch(ANSI);
    for (const f of ['chat', 'rag_answer', 'classify', 'summarize', 'agent_step', 'extract']) expect(out).toContain(f);
    expect(out).toContain('2026-11-10');
    expect(out).toContain('2026-11-30');
  });

  it('uses ANSI colour with FORCE_COLOR=1 even though stdout is a pipe', async () => {
    const r = await runAsync(['baseline', SMALL], { env: { FORCE_COLOR: '1', NO_COLOR: undefined } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(ANSI);
  });

  it('FORCE_COLOR wins over NO_COLOR; FORCE_COLOR=0 turns colour off', async () => {
    expect((await runAsync(['baseline', SMALL], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(ANSI);
    expect((await runAsync(['baseline', SMALL], { env: { FORCE_COLOR: '0', NO_COLOR: undefined } })).stdout).not.toMatch(ANSI);
  });

  it('does not colour a pipe by default (no NO_COLOR, no FORCE_COLOR)', async () => {
    expect((await runAsync(['baseline', SMALL], { env: { NO_COLOR: undefined } })).stdout).not.toMatch(ANSI);
  });

  it('-q silences the unpriced warning', async () => {
    const r = await runAsync(['baseline', SAMPLE, '-q']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
