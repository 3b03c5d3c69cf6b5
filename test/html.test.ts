// The HTML renderer without a browser: what it inlines, how it embeds the document, the page's
// safety net (CSP), and that the page's number formats are the terminal's.
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyTally } from '../src/analyze.js';
import { UsageError } from '../src/errors.js';
import { buildBaselineReport } from '../src/report/baseline.js';
import type { BaselineJson, CostJson } from '../src/report/contract.js';
import * as format from '../src/report/format.js';
import { chartJsPath, chartJsSource, jsonForScript, renderHtml } from '../src/report/html.js';
import { CLIENT_JS, FORMAT_JS } from '../src/report/html/client.js';
import { renderDocument } from '../src/report/render.js';
import { FeatureDayBuckets } from '../src/stats/feature-days.js';
import type { PricedRecord } from '../src/types.js';
import { Calendar } from '../src/window/calendar.js';
import { UNBOUNDED } from '../src/window/window.js';

const HOSTILE = '<img src=x onerror=alert(1)>';
const CLOSER = '</script><script>alert(2)</script><!--';

/** Only the fields the feature × day buckets read; the rest of a record does not matter here. */
function record(over: Partial<PricedRecord>): PricedRecord {
  return {
    requestId: null, model: 'claude-haiku-4-5', inputTokens: 100, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0,
    latencyS: 1, stopReason: 'end_turn', feature: 'chat', timestampMs: Date.parse('2026-11-20T10:00:00Z'), costUsd: 0.00015,
    ...over,
  } as PricedRecord;
}

function baseline(records: PricedRecord[]): BaselineJson {
  const calendar = new Calendar('UTC');
  const buckets = new FeatureDayBuckets(calendar, null);
  for (const r of records) buckets.add(r);
  return buildBaselineReport(emptyTally(), buckets, { calendar, window: UNBOUNDED, slottedWeeks: null });
}

const DOC = baseline([
  record({}),
  record({ feature: HOSTILE, costUsd: 0.02, latencyS: 4, stopReason: 'max_tokens' }),
  record({ feature: CLOSER, costUsd: 0, timestampMs: Date.parse('2026-11-21T10:00:00Z') }),
  record({ feature: 'line\u2028sep\u2029', costUsd: 0.5, timestampMs: Date.parse('2026-11-22T10:00:00Z'), stopReason: 'refusal' }),
]);

function embedded(html: string): string {
  const m = /<script type="application\/json" id="llmops-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m, 'the data element').not.toBeNull();
  return m![1];
}

/** Fails with the match in context, not the whole page. */
function expectAbsent(text: string, re: RegExp, what: string): void {
  const m = re.exec(text);
  expect(m === null, `${what}: found ${JSON.stringify(m && text.slice(Math.max(0, m.index - 60), m.index + 60))}`).toBe(true);
}

function scripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

describe('chart.js inlining', () => {
  it('resolves the UMD build from chart.js/dist/ despite the package exports map', () => {
    const p = chartJsPath();
    expect(p.split(path.sep).slice(-3)).toEqual(['chart.js', 'dist', 'chart.umd.min.js']);
    expect(existsSync(p)).toBe(true);
  });

  it('inlines Chart.js 4 with its licence comment, without a source map reference or any URL', () => {
    const src = chartJsSource();
    expect(src).toMatch(/^\/\*!\n \* Chart\.js v4\.\d+\.\d+/);
    expect(src).toMatch(/Released under the MIT License/);
    expect(src).not.toMatch(/sourceMappingURL/);
    expect(src).not.toMatch(/https?:\/\//);
    expect(src.length).toBeLessThan(300_000);
  });
});

describe('jsonForScript', () => {
  it('escapes what could end the element or a line, and reads back unchanged', () => {
    const value = { a: CLOSER, b: HOSTILE, c: 'x\u2028y\u2029z', d: '&amp; > <' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('renderHtml', () => {
  const html = renderHtml(DOC);

  it('embeds exactly the baseline document', () => {
    const text = embedded(html);
    expectAbsent(text, /</, 'a < in the embedded JSON');
    expect(JSON.parse(text)).toEqual(DOC);
    expect(JSON.parse(text)).toEqual(JSON.parse(renderDocument(DOC, 'json', { stream: {} })));
  });

  it('puts the log strings nowhere but the JSON element', () => {
    const outside = html.replace(embedded(html), '');
    for (const s of [HOSTILE, '<img', 'onerror', 'alert(']) expect(outside.includes(s), s).toBe(false);
  });

  it('has exactly two scripts, both allowed by hash in the CSP, which forbids every fetch', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/img-src 'none'/);
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    const bodies = scripts(html);
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      const hash = createHash('sha256').update(body, 'utf8').digest('base64');
      expect(csp).toContain(`'sha256-${hash}'`);
    }
  });

  it('names no URL and loads nothing: no src, no link, no @import or url()', () => {
    expectAbsent(html, /https?:\/\//, 'a URL');
    const markup = html.replace(embedded(html), '');
    expectAbsent(markup, /<[a-z]+\s[^>]*\bsrc=/i, 'an element with src');
    expectAbsent(markup, /<link\b/i, 'a link element');
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    expectAbsent(style, /@import|url\(|@font-face/i, 'a stylesheet fetch');
  });

  it('is a page a browser can start: doctype, charset, viewport, colour schemes', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    for (const s of ['<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">', 'prefers-color-scheme: dark']) {
      expect(html.includes(s), s).toBe(true);
    }
  });

  it('has a client script that parses', () => {
    expect(() => new Function(FORMAT_JS + CLIENT_JS)).not.toThrow();
    expectAbsent(CLIENT_JS, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/, 'markup from strings');
  });

  it('is refused for a cost document', () => {
    const cost = { schema: 'llmops.cost/v1' } as unknown as CostJson;
    expect(() => renderDocument(cost, 'html', { stream: {} })).toThrow(UsageError);
    expect(() => renderDocument(cost, 'html', { stream: {} })).toThrow('html output is only for baseline');
  });
});

describe('the page formats numbers as the terminal does', () => {
  const page = new Function(`${FORMAT_JS}; return { formatUsd, formatCount, formatSeconds, formatPercent, formatChange };`)() as typeof format;
  const values = [0, 1e-7, 0.000123456, 0.00099999, 0.001, 0.0099999, 0.01, 0.0123456, 0.5, 0.99999, 1, 1.005, 12.345, 99.999, 100, 1234.5678,
    1e6 - 1, 1e6, 1234567, 1e9, 4.2e9, -0.05, -3.2, 0.0004, 0.02104, 1 / 3, 2 / 3];

  it.each(['formatUsd', 'formatCount', 'formatSeconds', 'formatChange'] as const)('%s', (name) => {
    for (const v of values) expect(page[name](v), `${name}(${v})`).toBe(format[name](Math.abs(v) >= 1e6 || name !== 'formatCount' ? v : Math.round(v)));
    if (name !== 'formatCount') expect(page[name](null)).toBe(format[name](null));
  });

  it('formatPercent, with 1 and 2 digits', () => {
    for (const v of values) {
      expect(page.formatPercent(v)).toBe(format.formatPercent(v));
      expect(page.formatPercent(v, 2)).toBe(format.formatPercent(v, 2));
    }
    expect(page.formatPercent(null)).toBe(format.formatPercent(null));
  });
});

describe('the baseline document carries what the charts draw', () => {
  it('daily_by_feature adds up to daily; daily_stop_reasons to the day\'s requests', () => {
    expect(DOC.daily.map((d) => d.date)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    for (const d of DOC.daily) {
      const rows = DOC.daily_by_feature.filter((r) => r.date === d.date);
      expect(rows.reduce((n, r) => n + r.requests, 0)).toBe(d.requests);
      const stops = DOC.daily_stop_reasons.filter((r) => r.date === d.date);
      expect(stops.reduce((n, r) => n + r.count, 0)).toBe(d.requests);
      for (const s of stops) expect(s.share).toBe(s.count / d.requests);
    }
    expect(DOC.daily[0]).toMatchObject({ requests: 2, latency_s_p95: 1 + 0.95 * 3, truncation_rate: 0.5, refusal_rate: 0 });
    expect(DOC.daily[2]).toMatchObject({ refusal_rate: 1, truncation_rate: 0 });
  });

  it('every feature has a cost histogram on the same edges, counting each priced request once', () => {
    const edges = DOC.by_feature[0].cost_histogram.edges;
    for (const f of DOC.by_feature) {
      expect(f.cost_histogram.edges).toEqual(edges);
      expect(f.cost_histogram.counts.reduce((a, b) => a + b, 0) + f.cost_histogram.zero).toBe(f.priced_requests);
    }
    expect(DOC.by_feature.find((f) => f.feature === CLOSER)!.cost_histogram.zero).toBe(1);
    expect(edges[0]).toBeLessThanOrEqual(0.00015);
    expect(edges[edges.length - 1]).toBeGreaterThanOrEqual(0.5);
  });

  it('stays complete with no records: empty rows and histograms', () => {
    const empty = baseline([]);
    expect(empty.daily_by_feature).toEqual([]);
    expect(empty.daily_stop_reasons).toEqual([]);
    expect(empty.by_feature).toEqual([]);
    expect(renderHtml(empty).includes('id="llmops-data"')).toBe(true);
  });
});
