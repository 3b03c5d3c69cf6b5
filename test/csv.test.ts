// CSV for spreadsheets: RFC 4180 quoting, CRLF rows, one header and one row per group, raw numbers,
// and no formula injection from log strings.
import { describe, expect, it } from 'vitest';
import { emptyTally } from '../src/analyze.js';
import { DEFAULT_INCREASE_METRICS } from '../src/config/rules.js';
import { buildBaselineReport } from '../src/report/baseline.js';
import { buildCheckReport } from '../src/report/check.js';
import { buildCompareReport } from '../src/report/compare.js';
import { buildCostReport } from '../src/report/cost.js';
import { csvField, renderBaselineCsv, renderCheckCsv, renderCompareCsv, renderCostCsv } from '../src/report/csv.js';
import { parseDimensions } from '../src/stats/dimensions.js';
import { FeatureDayBuckets } from '../src/stats/feature-days.js';
import { GroupedAccumulators } from '../src/stats/groups.js';
import type { PricedRecord } from '../src/types.js';
import { Calendar } from '../src/window/calendar.js';

const utc = new Calendar('UTC');

function record(feature: string, cost: number | null, latency: number | null): PricedRecord {
  return {
    requestId: null, model: 'claude-haiku-4-5', inputTokens: 10, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0,
    cacheWrite1hTokens: null, batch: false, webSearchRequests: 0, loggedCostUsd: null, shape: 'wrapper', source: {},
    latencyS: latency, stopReason: 'end_turn', feature, timestampMs: Date.parse('2026-11-02T10:00:00Z'), costUsd: cost,
  } as PricedRecord;
}

const records = [
  record('plain', 0.01, 1), record('plain', 0.03, 3),
  record('=HYPERLINK("http://x","click")', 0.002, null),
  record('a,b "quoted"', null, 2),
];

function baseline() {
  const buckets = new FeatureDayBuckets(utc, null);
  for (const r of records) buckets.add(r);
  return buildBaselineReport(emptyTally(), buckets, { calendar: utc, window: { since: null, until: null }, slottedWeeks: null });
}

/** Splits RFC 4180 text into rows of fields (enough for these tests: quoted fields hold no CRLF). */
function parse(csv: string): string[][] {
  expect(csv.endsWith('\r\n')).toBe(true);
  return csv.slice(0, -2).split('\r\n').map((line) => {
    const out: string[] = [];
    const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line)) !== null) {
      out.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
      if (m[2] === '') break;
    }
    return out;
  });
}

describe('csvField', () => {
  it('quotes per RFC 4180 and neutralises formulas in text, not in numbers', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+cmd')).toBe("'+cmd");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('=A1,B1')).toBe(`"'=A1,B1"`);
    expect(csvField(-0.41)).toBe('-0.41');
    expect(csvField(1e-7)).toBe('1e-7');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField('line\nbreak')).toBe('line\\x0abreak');
  });
});

describe('reports as CSV', () => {
  it('baseline: a header and one row per feature, numbers unrounded', () => {
    const doc = baseline();
    const rows = parse(renderBaselineCsv(doc));
    expect(rows).toHaveLength(1 + doc.by_feature.length);
    expect(rows[0].slice(0, 6)).toEqual(['feature', 'requests', 'priced_requests', 'latency_requests', 'cost_total', 'cost_share']);
    for (const r of rows) expect(r).toHaveLength(rows[0].length);
    const plain = rows.find((r) => r[0] === 'plain')!;
    const col = (name: string) => plain[rows[0].indexOf(name)];
    expect(col('requests')).toBe('2');
    expect(Number(col('cost_total'))).toBeCloseTo(0.04, 15);
    expect(Number(col('cost_sd'))).toBeCloseTo(Math.SQRT2 * 0.01, 15);
    expect(Number(col('cost_p95'))).toBeCloseTo(0.029, 15);
    expect(col('cost_p95_ci_high')).toBe('');
    expect(rows.map((r) => r[0])).toContain(`'=HYPERLINK("http://x","click")`);
    expect(rows.map((r) => r[0])).toContain('a,b "quoted"');
    expect(rows.find((r) => r[0] === 'a,b "quoted"')![rows[0].indexOf('cost_mean')]).toBe('');
  });

  it('cost: the dimensions first, one row per group, no total row', () => {
    const grouped = new GroupedAccumulators(parseDimensions('feature', utc));
    for (const r of records) grouped.add(r);
    const doc = buildCostReport(emptyTally(), grouped, { calendar: utc, window: { since: null, until: null } });
    const rows = parse(renderCostCsv(doc));
    expect(rows).toHaveLength(1 + doc.rows.length);
    expect(rows[0][0]).toBe('feature');
    expect(rows.some((r) => r[0] === 'total')).toBe(false);
  });

  it('check: one row per check', () => {
    const doc = buildCheckReport([
      { rule: 'max-cost-p95', limit: 0.02, features: null, source: 'flag', metrics: [...DEFAULT_INCREASE_METRICS], against: null, requireSignificance: true },
    ], { baseline: baseline(), dailyByFeature: new Map(), saved: new Map() });
    const rows = parse(renderCheckCsv(doc));
    expect(rows).toHaveLength(1 + doc.checks.length);
    expect(rows[0].slice(0, 8)).toEqual(['status', 'passed', 'rule', 'metric', 'feature', 'date', 'value', 'limit']);
    expect(rows[1].slice(0, 5)).toEqual(['fail', 'false', 'max-cost-p95', 'cost_p95', 'plain']);
  });

  it('compare: one row per feature, each metric before, after and changes', () => {
    const doc = buildCompareReport(baseline(), baseline(), { before: 'a.json', after: 'b.json' });
    const rows = parse(renderCompareCsv(doc));
    expect(rows).toHaveLength(1 + doc.by_feature.length);
    expect(rows[0].slice(0, 8)).toEqual(['feature', 'status', 'requests_before', 'requests_after', 'requests_change', 'requests_relative_change', 'cost_total_before', 'cost_total_after']);
    expect(rows[0]).toContain('cost_mean_significant');
    const plain = rows.find((r) => r[0] === 'plain')!;
    expect(plain[1]).toBe('both');
    expect(plain[rows[0].indexOf('requests_relative_change')]).toBe('0');
    expect(plain[rows[0].indexOf('cost_mean_significant')]).toBe('false');
  });
});
