import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, type InputTally } from '../src/analyze.js';
import { resolveSources } from '../src/ingest/sources.js';
import { builtInPrices, createPriceTable } from '../src/pricing/price-table.js';
import { buildBaselineReport, weekWindows } from '../src/report/baseline.js';
import { FeatureDayBuckets } from '../src/stats/feature-days.js';
import { Calendar } from '../src/window/calendar.js';
import { createWindow, type TimeWindow } from '../src/window/window.js';

const prices = createPriceTable(builtInPrices());
const dir = mkdtempSync(path.join(tmpdir(), 'llmops-analyze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function baseline(paths: string[], opts: { since?: string; until?: string; tz?: string; dedup?: boolean } = {}) {
  const calendar = new Calendar(opts.tz ?? 'UTC');
  const window: TimeWindow = createWindow({ since: opts.since, until: opts.until, now: '2026-12-01T00:00:00Z' }, calendar);
  const slottedWeeks = window.until === null ? null : weekWindows(calendar, window.until, -Infinity);
  const buckets = new FeatureDayBuckets(calendar, slottedWeeks);
  const sources = await resolveSources(paths);
  const tally = await analyze(sources, { calendar, window, prices, dedup: opts.dedup ?? true }, buckets);
  return { tally, doc: buildBaselineReport(tally, buckets, { calendar, window, slottedWeeks }) };
}

function expectAccounted(t: InputTally, requests: number) {
  expect(t.lines).toBe(t.records + t.blank + t.malformed);
  expect(requests).toBe(t.records - t.duplicate - t.outOfWindow);
}

const rec = (ts: string, id: string, extra: object = {}) =>
  JSON.stringify({ ts, request_id: id, model: 'claude-haiku-4-5', input_tokens: 1_000_000, output_tokens: 0, latency_s: 1, feature: 'f', ...extra });

describe('analyze', () => {
  it('accounts for every line of the sample and the edge fixtures, with and without a window', async () => {
    for (const [paths, opts] of [
      [['fixtures/sample'], {}],
      [['fixtures/sample'], { since: '2026-11-20', until: '2026-11-27' }],
      [['fixtures/edge'], {}],
      [['fixtures/edge'], { since: '2026-11-19' }],
      [['fixtures/edge', 'fixtures/sample'], { dedup: false }],
    ] as const) {
      const { tally, doc } = await baseline([...paths], opts);
      expectAccounted(tally, doc.overall.requests);
      expect(doc.by_feature.reduce((n, f) => n + f.requests, 0)).toBe(doc.overall.requests);
      expect(doc.stop_reasons.reduce((n, s) => n + s.count, 0)).toBe(doc.overall.requests);
      expect(doc.daily.reduce((n, d) => n + d.requests, 0)).toBe(doc.overall.requests - tally.noTimestamp);
    }
  });

  it('drops duplicates (first wins) and keeps them with dedup off', async () => {
    const p = path.join(dir, 'dups.jsonl');
    writeFileSync(p, [rec('2026-11-20T10:00:00Z', 'a'), rec('2026-11-20T11:00:00Z', 'a', { output_tokens: 1_000_000 }), rec('2026-11-20T12:00:00Z', 'b')].join('\n'));
    const on = await baseline([p]);
    expect(on.tally.duplicate).toBe(1);
    expect(on.doc.overall.requests).toBe(2);
    expect(on.doc.overall.cost_usd.total).toBeCloseTo(2, 12); // the first 'a' (1M input on haiku = $1) won
    const off = await baseline([p], { dedup: false });
    expect(off.tally.duplicate).toBe(0);
    expect(off.doc.overall.requests).toBe(3);
  });

  it('computes week over week from whole days, and the same windows from --until', async () => {
    // previous week [11-22, 11-29): 2 records of $1; current [11-29, 12-06): 3 records of $1, one $6 (1M output).
    const p = path.join(dir, 'wow.jsonl');
    writeFileSync(p, [
      rec('2026-11-14T12:00:00Z', 'old'), // before both windows
      rec('2026-11-22T00:00:00Z', 'p1'), rec('2026-11-28T23:59:59.999Z', 'p2'),
      rec('2026-11-29T00:00:00Z', 'c1'), rec('2026-12-01T08:00:00Z', 'c2'),
      rec('2026-12-05T10:00:00Z', 'c3', { output_tokens: 1_000_000, feature: 'g' }),
    ].join('\n') + '\n');
    const { doc } = await baseline([p]);
    const w = doc.week_over_week!;
    expect(w.current).toEqual({ since: '2026-11-29T00:00:00Z', until: '2026-12-06T00:00:00Z' });
    expect(w.previous).toEqual({ since: '2026-11-22T00:00:00Z', until: '2026-11-29T00:00:00Z' });
    expect(w.overall.requests).toEqual({ current: 3, previous: 2, change: 0.5 });
    expect(w.overall.cost_usd.total.current).toBeCloseTo(8, 12);
    expect(w.overall.cost_usd.total.change).toBeCloseTo(3, 12); // (8 - 2) / 2
    expect(w.by_feature.map((f) => f.feature)).toEqual(['g', 'f']);
    expect(w.by_feature[0].requests).toEqual({ current: 1, previous: 0, change: null });

    const until = await baseline([p], { until: '2026-12-06' });
    expect(until.doc.week_over_week).toEqual(w);
  });

  it('slots records into windows that do not start at midnight when --until is a datetime', async () => {
    const p = path.join(dir, 'wow-mid.jsonl');
    writeFileSync(p, [rec('2026-11-22T11:59:00Z', 'a'), rec('2026-11-22T12:00:00Z', 'b'), rec('2026-11-29T11:59:59Z', 'c')].join('\n'));
    const { doc } = await baseline([p], { until: '2026-11-29T12:00:00Z' });
    expect(doc.week_over_week!.current.since).toBe('2026-11-22T12:00:00Z');
    expect(doc.week_over_week!.overall.requests).toEqual({ current: 2, previous: 1, change: 1 });
  });

  it('reports no daily rows and no week over week without timestamps', async () => {
    const p = path.join(dir, 'undated.jsonl');
    writeFileSync(p, JSON.stringify({ model: 'claude-haiku-4-5', input_tokens: 1, output_tokens: 1 }) + '\n');
    const { doc, tally } = await baseline([p]);
    expect(tally.noTimestamp).toBe(1);
    expect(doc.daily).toEqual([]);
    expect(doc.week_over_week).toBeNull();
    expect(doc.overall.requests).toBe(1);
  });

  it('puts days in the --tz zone', async () => {
    const p = path.join(dir, 'tz.jsonl');
    writeFileSync(p, [rec('2026-11-20T04:30:00Z', 'a'), rec('2026-11-20T05:30:00Z', 'b')].join('\n'));
    const { doc } = await baseline([p], { tz: 'America/New_York' });
    expect(doc.daily.map((d) => [d.date, d.requests])).toEqual([['2026-11-19', 1], ['2026-11-20', 1]]);
    expect(doc.window.tz).toBe('America/New_York');
    expect(doc.week_over_week!.current.until).toBe('2026-11-21T00:00:00-05:00');
  });
});
