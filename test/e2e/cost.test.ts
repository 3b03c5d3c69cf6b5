// `cost --by …`: the llmops.cost/v1 document, row order and totals, and calendar / custom dimensions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDGE, SAMPLE, assertBuilt, expectClose, expectUsageError, jsonl, lines, tempDir, type TempDir, runAsync, runJsonAsync } from './helpers.js';
import { groupBy, refStats, sampleReference, utcDate, utcHour, type RawRecord } from './reference.js';

/** ISO week label by the textbook rule (the week's Thursday decides the year), computed with Date only. */
function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(d.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = 1 + Math.floor((thursday.getTime() - jan1) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function expectRowsConsistent(doc: any): void {
  const totals = doc.rows.map((r: any) => r.cost_usd.total);
  const priced = totals.filter((t: number | null) => t !== null);
  // Largest cost first, rows without any priced record last.
  expect(priced).toEqual([...priced].sort((a: number, b: number) => b - a));
  expect(totals.slice(0, priced.length).every((t: number | null) => t !== null)).toBe(true);
  expectClose(priced.reduce((a: number, b: number) => a + b, 0), doc.overall.cost_usd.total, 'sum of row cost totals', 1e-9);
  const shares = doc.rows.map((r: any) => r.cost_share).filter((s: number | null) => s !== null);
  expectClose(shares.reduce((a: number, b: number) => a + b, 0), 1, 'sum of cost_share', 1e-9);
  expect(doc.rows.reduce((a: number, r: any) => a + r.requests, 0)).toBe(doc.overall.requests);
}

describe.concurrent('cost fixtures/sample --by feature,model --json', () => {
  let doc: any;
  beforeAll(async () => {
    assertBuilt();
    doc = await runJsonAsync(['cost', SAMPLE, '--by', 'feature,model']);
  });

  it('is an llmops.cost/v1 document grouped by feature and model', async () => {
    expect(doc.schema).toBe('llmops.cost/v1');
    expect(doc.group_by).toEqual(['feature', 'model']);
    expect(doc.window).toMatchObject({ since: null, until: null, tz: 'UTC' });
    for (const row of doc.rows) {
      expect(typeof row.feature).toBe('string');
      expect(typeof row.model).toBe('string');
    }
  });

  it('rows are sorted by cost_usd.total descending and add up to the overall figures', async () => {
    expectRowsConsistent(doc);
    expect(doc.overall.requests).toBe(8487);
  });

  it('each row matches the independent computation, and the model is reported as logged', async () => {
    const ref = sampleReference(SAMPLE);
    const groups = groupBy(ref.records, (r) => `${r.feature}\u0000${r.model}`);
    expect(doc.rows).toHaveLength(groups.size);
    for (const row of doc.rows) {
      const s = refStats(groups.get(`${row.feature}\u0000${row.model}`) ?? []);
      const what = `${row.feature}/${row.model}`;
      expect(row.requests, what).toBe(s.requests);
      expect(row.tokens, what).toMatchObject(s.tokens);
      expectClose(row.cost_usd.total, s.cost.total, `${what} total`);
      expectClose(row.cost_usd.p95, s.cost.p95, `${what} p95`);
      expectClose(row.latency_s.p95, s.latency.p95, `${what} latency p95`);
    }
    // A dated id keeps its own row, priced like its base model.
    const dated = doc.rows.filter((r: any) => r.model === 'claude-sonnet-4-6-20260301');
    expect(dated.length).toBeGreaterThan(0);
    for (const r of dated) expect(r.cost_usd.total).not.toBeNull();
    // The unpriced model is a row with null cost, sorted last.
    const last = doc.rows[doc.rows.length - 1];
    expect([last.feature, last.model, last.cost_usd.total, last.cost_share, last.requests]).toEqual(['classify', 'gpt-4o-mini', null, null, 7]);
  });
});

describe.concurrent('cost calendar dimensions on the sample', () => {
  let ref: RawRecord[];
  beforeAll(async () => {
    ref = sampleReference(SAMPLE).records;
  });

  it('--by day: YYYY-MM-DD labels in UTC with the reference counts', async () => {
    const doc = await runJsonAsync(['cost', SAMPLE, '--by', 'day', '-q']);
    expect(doc.group_by).toEqual(['day']);
    const want = groupBy(ref, utcDate);
    expect(doc.rows.map((r: any) => r.day).sort()).toEqual([...want.keys()].sort());
    for (const r of doc.rows) {
      expect(r.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.requests, r.day).toBe(want.get(r.day)!.length);
    }
    expect(doc.rows.find((r: any) => r.day === '2026-11-20')).toBeDefined();
    expectRowsConsistent(doc);
  });

  it('--by week: ISO week labels (2026-11-20 is in 2026-W47)', async () => {
    expect(isoWeek('2026-11-20')).toBe('2026-W47');
    const doc = await runJsonAsync(['cost', SAMPLE, '--by', 'week', '-q']);
    const want = groupBy(ref, (r) => isoWeek(utcDate(r)));
    expect(doc.rows.map((r: any) => r.week).sort()).toEqual(['2026-W46', '2026-W47', '2026-W48', '2026-W49']);
    for (const r of doc.rows) expect(r.requests, r.week).toBe(want.get(r.week)!.length);
    expectRowsConsistent(doc);
  });

  it('--by month: YYYY-MM', async () => {
    const doc = await runJsonAsync(['cost', SAMPLE, '--by', 'month', '-q']);
    expect(doc.rows.map((r: any) => [r.month, r.requests])).toEqual([['2026-11', 8487]]);
  });

  it('--by hour: YYYY-MM-DDTHH with the reference counts', async () => {
    const doc = await runJsonAsync(['cost', SAMPLE, '--by', 'hour', '-q']);
    const want = groupBy(ref, utcHour);
    expect(doc.rows).toHaveLength(want.size);
    for (const r of doc.rows) {
      expect(r.hour).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}$/);
      expect(r.requests, r.hour).toBe(want.get(r.hour)!.length);
    }
    expect(doc.rows.some((r: any) => r.hour === '2026-11-20T14')).toBe(true);
    expectRowsConsistent(doc);
  });

  it('--by day,feature combines a calendar and a field dimension', async () => {
    const doc = await runJsonAsync(['cost', SAMPLE, '--by', 'day,feature', '-q']);
    expect(doc.group_by).toEqual(['day', 'feature']);
    expect(doc.rows).toHaveLength(groupBy(ref, (r) => `${utcDate(r)}/${r.feature}`).size);
    expectRowsConsistent(doc);
  });

  it('defaults to --by feature and prints a table with a total row and the Data line', async () => {
    const r = await runAsync(['cost', SAMPLE, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^llmops cost by feature: 8,487 requests, \$134\.51 total/);
    expect(r.stdout).toMatch(/│ total\s+│\s+8,487 │/);
    expect(lines(r.stdout).filter((l) => l.startsWith('Data: '))).toHaveLength(1);
    const d = await runJsonAsync(['cost', SAMPLE, '-q']);
    expect(d.group_by).toEqual(['feature']);
  });
});

describe.concurrent('cost: docs/json.md example and ISO weeks at year ends', () => {
  it('cost fixtures/sample --by model matches the example in docs/json.md', async () => {
    const doc = await runJsonAsync(['cost', SAMPLE, '--by', 'model', '-q']);
    const want: Array<[string, number, number | null]> = [
      ['claude-sonnet-4-6', 4675, 103.6306619999999],
      ['claude-opus-4-8', 555, 21.16788325],
      ['claude-haiku-4-5', 3157, 7.588803650000014],
      ['claude-sonnet-4-6-20260301', 93, 2.1204509999999996],
      ['gpt-4o-mini', 7, null],
    ];
    expect(doc.rows.map((r: any) => [r.model, r.requests])).toEqual(want.map(([m, n]) => [m, n]));
    doc.rows.forEach((r: any, i: number) => expectClose(r.cost_usd.total, want[i][2], `cost of ${r.model}`));
  });

  it('--by week,month,day labels around year ends follow ISO 8601', async () => {
    const tmp = tempDir();
    try {
      const dates = ['2020-12-31', '2021-01-03', '2024-12-29', '2024-12-30', '2026-12-31', '2027-01-01', '2027-01-03', '2027-01-04'];
      const f = tmp.write('years.jsonl', jsonl(dates.map((d, i) => ({ ts: `${d}T12:00:00Z`, request_id: `y${i}`, model: 'claude-haiku-4-5', input_tokens: 1, output_tokens: 1 }))));
      const doc = await runJsonAsync(['cost', f, '--by', 'day,week,month']);
      const got = doc.rows.map((r: any) => [r.day, r.week, r.month]).sort();
      expect(got).toEqual(dates.map((d) => [d, isoWeek(d), d.slice(0, 7)]).sort());
      expect(Object.fromEntries(got.map((g: string[]) => [g[0], g[1]]))).toMatchObject({
        '2020-12-31': '2020-W53', '2021-01-03': '2020-W53', '2024-12-30': '2025-W01', '2027-01-03': '2026-W53', '2027-01-04': '2027-W01',
      });
    } finally {
      tmp.cleanup();
    }
  });

  it('calendar dimensions label records without a timestamp unknown', async () => {
    const doc = await runJsonAsync(['cost', `${EDGE}/no-timestamp.jsonl`, '--by', 'day,hour']);
    expect(doc.rows.map((r: any) => [r.day, r.hour, r.requests])).toEqual([['unknown', 'unknown', 3]]);
  });
});

describe.concurrent('cost --by a custom string field (tenant)', () => {
  let tmp: TempDir;
  let file: string;
  const base = { model: 'claude-haiku-4-5', input_tokens: 1_000_000, output_tokens: 0, ts: '2026-11-20T10:00:00Z' };
  beforeAll(async () => {
    tmp = tempDir();
    file = tmp.write('tenants.jsonl', jsonl([
      { ...base, request_id: 't1', tenant: 'acme' }, // $1
      { ...base, request_id: 't2', tenant: 'acme', output_tokens: 200_000 }, // $2
      { ...base, request_id: 't3', tenant: 'globex', model: 'claude-sonnet-4-6', output_tokens: 100_000 }, // $3 + $1.5
      { ...base, request_id: 't4' }, // no tenant → unknown, $1
      { ...base, request_id: 't5', tenant: null }, // null → unknown, $1
      { ...base, request_id: 't6', tenant: 42 }, // a number groups as its text, "42", $1
      { ...base, request_id: 't7', tenant: 'initech', model: 'my-model' }, // unpriced
    ]));
  });
  afterAll(() => tmp.cleanup());

  it('groups by the field (numbers as text), missing or null values under unknown, unpriced rows last', async () => {
    const r = await runAsync(['cost', file, '--by', 'tenant', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/no price for my-model/);
    const doc = JSON.parse(r.stdout);
    expect(doc.group_by).toEqual(['tenant']);
    const want: Array<[string, number, number | null]> = [['globex', 1, 4.5], ['acme', 2, 3], ['unknown', 2, 2], ['42', 1, 1], ['initech', 1, null]];
    expect(doc.rows.map((x: any) => [x.tenant, x.requests])).toEqual(want.map(([t, n]) => [t, n]));
    doc.rows.forEach((row: any, i: number) => expectClose(row.cost_usd.total, want[i][2], `cost of ${row.tenant}`));
    for (const row of doc.rows) {
      if (row.cost_usd.total !== null) expectClose(row.cost_share, row.cost_usd.total / 10.5, `share ${row.tenant}`);
      else expect(row.cost_share).toBeNull();
    }
    expectClose(doc.overall.cost_usd.total, 10.5, 'overall cost');
    expect(doc.overall.requests).toBe(7);
    expect(doc.inputs.unpriced).toMatchObject({ records: 1, models: ['my-model'] });
  });

  it('a reserved statistic name or a repeated dimension is a usage error', async () => {
    expectUsageError(await runAsync(['cost', file, '--by', 'requests']), /requests/);
    expectUsageError(await runAsync(['cost', file, '--by', 'feature,feature']), /twice/);
    expectUsageError(await runAsync(['cost', file, '--by', 'a b']));
  });
});
