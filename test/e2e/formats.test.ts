// --format table|json|markdown|csv on every report command, the STATS and week-over-week keys the
// significance tests add, and log strings that try to break out of Markdown or a spreadsheet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE, assertBuilt, expectUsageError, json, jsonl, runAsync, tempDir, type TempDir } from './helpers.js';

const csvRows = (text: string) => {
  expect(text.endsWith('\r\n')).toBe(true);
  return text.slice(0, -2).split('\r\n');
};

describe.concurrent('formats of baseline and cost on fixtures/sample', () => {
  beforeAll(() => assertBuilt());

  it('--json is short for --format json', async () => {
    const [a, b] = await Promise.all([runAsync(['baseline', SAMPLE, '--json', '-q']), runAsync(['baseline', SAMPLE, '--format', 'json', '-q'])]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('baseline JSON carries sd and the p95 interval in STATS, and tests in week over week (keys added only)', async () => {
    const doc = json(await runAsync(['baseline', SAMPLE, '--json', '-q']));
    for (const s of [doc.overall, ...doc.by_feature]) {
      for (const d of [s.cost_usd, s.latency_s]) {
        expect(d).toHaveProperty('sd');
        expect(d.p95_ci_low).toBeLessThanOrEqual(d.p95);
        expect(d.p95_ci_high).toBeGreaterThanOrEqual(d.p95);
      }
    }
    expect(doc.overall.cost_usd.sd).toBeGreaterThan(0);
    const w = doc.week_over_week.overall;
    expect(Object.keys(w.requests)).toEqual(['current', 'previous', 'change']);
    expect(Object.keys(w.cost_usd.total)).toEqual(['current', 'previous', 'change']);
    expect(Object.keys(w.cost_usd.mean)).toEqual(['current', 'previous', 'change', 'significant', 'test', 'p_value']);
    expect(w.cost_usd.mean).toMatchObject({ significant: true, test: 'welch-t' });
    expect(w.cost_usd.p95).toMatchObject({ test: 'p95-ci', p_value: null });
    expect(w.truncation_rate.test).toBe('welch-t');
    const summarize = doc.week_over_week.by_feature.find((f: any) => f.feature === 'summarize');
    expect(summarize.cost_usd.mean.significant).toBe(true);
  });

  it('baseline --format markdown: sections, the significance flag, folded details', async () => {
    const r = await runAsync(['baseline', SAMPLE, '--format', 'markdown', '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## llmops baseline\n\n\*\*8,487 requests · \\\$134\.51 total\*\* · all records \(UTC\)\n/);
    expect(r.stdout).toMatch(/\| cost mean \| \\\$0\.0166 \| \\\$0\.0145 \| \*\*▼ −13\.1%\*\* ✱ \| ✱ Welch t, p &lt; 0\.001 \|/);
    expect(r.stdout).toContain('<details><summary>Daily (21 days)</summary>');
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('baseline --format csv: one header and one row per feature', async () => {
    const rows = csvRows((await runAsync(['baseline', SAMPLE, '--format', 'csv', '-q'])).stdout);
    expect(rows).toHaveLength(1 + 6);
    expect(rows[0].split(',').slice(0, 3)).toEqual(['feature', 'requests', 'priced_requests']);
    expect(rows[1].startsWith('rag_answer,1502,')).toBe(true);
  });

  it('cost --format csv and markdown', async () => {
    const csv = csvRows((await runAsync(['cost', SAMPLE, '--by', 'model', '--format', 'csv', '-q'])).stdout);
    expect(csv).toHaveLength(1 + 5);
    expect(csv[0].startsWith('model,requests,')).toBe(true);
    const md = await runAsync(['cost', SAMPLE, '--by', 'feature,model', '--format', 'markdown', '-q']);
    expect(md.stdout).toMatch(/^## llmops cost by feature, model\n/);
    expect(md.stdout).toMatch(/\| \*\*total\*\* \|   \| \*\*8,487\*\* \|/);
  });

  it('html is for baseline only', async () => {
    expectUsageError(await runAsync(['check', SAMPLE, '--max-cost-p95', '1', '--format', 'html']), /--format html is only for baseline/);
    expectUsageError(await runAsync(['compare', 'a.json', 'b.json', '--format', 'html']), /argument 'html' is invalid/);
  });
});

describe.concurrent('log strings stay inert in Markdown and CSV', () => {
  let tmp: TempDir;
  let logs: string;
  const FEATURE = '=HYPERLINK("http://evil")|<img src=x>`$1`';
  beforeAll(() => {
    assertBuilt();
    tmp = tempDir();
    logs = tmp.write('evil.jsonl', jsonl([
      { ts: '2026-11-02T10:00:00Z', model: 'claude-haiku-4-5', input_tokens: 10, output_tokens: 5, feature: FEATURE, latency_s: 1 },
      { ts: '2026-11-02T11:00:00Z', model: 'claude-haiku-4-5', input_tokens: 10, output_tokens: 5, feature: 'plain\u001b[2J', latency_s: 1 },
    ]));
  });
  afterAll(() => tmp.cleanup());

  it('csv: formula neutralised and quoted, controls escaped', async () => {
    const rows = csvRows((await runAsync(['baseline', logs, '--format', 'csv', '-q'])).stdout);
    expect(rows).toHaveLength(3);
    expect(rows.some((r) => r.startsWith(`"'=HYPERLINK(""http://evil"")|<img src=x>\`$1\`",`))).toBe(true);
    expect(rows.some((r) => r.startsWith('plain\\x1b[2J,'))).toBe(true);
  });

  it('markdown: no raw HTML, pipes or backticks from the logs', async () => {
    const md = (await runAsync(['baseline', logs, '--format', 'markdown', '-q'])).stdout;
    expect(md).not.toContain('<img');
    expect(md).not.toContain('\u001b');
    expect(md).toContain('=HYPERLINK\\("http\\://evil"\\)\\|&lt;img src=x&gt;\\`\\$1\\`');
  });
});
