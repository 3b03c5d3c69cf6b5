// `llmops compare BEFORE AFTER` on baselines saved by the CLI: known changes, features that appear
// and disappear, significance, formats, and clear errors for files of another schema or version.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, expectClose, expectUsageError, json, jsonl, runAsync, tempDir, type TempDir } from './helpers.js';

/** Month 1 and month 2 logs with known changes: summarize cost per request −40%, a feature replaced. */
function month(m: 1 | 2): object[] {
  const out: object[] = [];
  const at = (i: number) => new Date(Date.UTC(2026, 9 + m, 1 + (i % 28), 9, 0, 0) + i * 1000).toISOString();
  for (let i = 0; i < 200; i++) {
    // sonnet: (input·3 + output·15)/1e6; month 2 sends 40% fewer input tokens: 5000 → 3000.
    const input = (m === 1 ? 5000 : 3000) + (i % 4) * 100;
    out.push({ ts: at(i), request_id: `${m}-s${i}`, model: 'claude-sonnet-4-6', input_tokens: input, output_tokens: 300, latency_s: 3 + (i % 10) * 0.1, stop_reason: 'end_turn', feature: 'summarize' });
  }
  for (let i = 0; i < 50; i++) {
    out.push({ ts: at(i), request_id: `${m}-c${i}`, model: 'claude-haiku-4-5', input_tokens: 400, output_tokens: 50 + (i % 7) * 40, latency_s: 1 + (i % 3), stop_reason: 'end_turn', feature: 'chat' });
  }
  const only = m === 1 ? 'legacy_search' : 'agent_step';
  for (let i = 0; i < 20; i++) {
    out.push({ ts: at(i), request_id: `${m}-o${i}`, model: 'claude-haiku-4-5', input_tokens: 1000, output_tokens: 100, latency_s: 2, feature: only });
  }
  return out;
}

describe.concurrent('compare two saved baselines', () => {
  let tmp: TempDir;
  let before: string, after: string;
  beforeAll(async () => {
    assertBuilt();
    tmp = tempDir();
    const l1 = tmp.write('m1.jsonl', jsonl(month(1)));
    const l2 = tmp.write('m2.jsonl', jsonl(month(2)));
    const [b1, b2] = await Promise.all([runAsync(['baseline', l1, '--json', '-q']), runAsync(['baseline', l2, '--json', '-q'])]);
    before = tmp.write('before.json', b1.stdout);
    after = tmp.write('after.json', b2.stdout);
  });
  afterAll(() => tmp.cleanup());

  it('--json: llmops.compare/v1 with the known changes', async () => {
    const r = await runAsync(['compare', before, after, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = json(r);
    expect(doc.schema).toBe('llmops.compare/v1');
    expect(doc.before).toMatchObject({ source: before, requests: 270, first_day: '2026-11-01', last_day: '2026-11-28', days: 28 });
    expect(doc.tests).toEqual({ level: 0.95, means: 'welch-t', rates: 'welch-t', p95: 'p95-ci' });
    const s = doc.by_feature.find((f: any) => f.feature === 'summarize');
    expect(s.status).toBe('both');
    // Mean input 5150 → 3150: cost (5150·3 + 300·15)/1e6 = 0.01995 → (3150·3 + 4500)/1e6 = 0.01395.
    expectClose(s.cost_usd.mean.before, 0.01995, 'before mean');
    expectClose(s.cost_usd.mean.after, 0.01395, 'after mean');
    expectClose(s.cost_usd.mean.absolute_change, -0.006, 'absolute change', 1e-9);
    expectClose(s.cost_usd.mean.relative_change, -0.006 / 0.01995, 'relative change', 1e-9);
    expect(s.cost_usd.mean).toMatchObject({ significant: true, test: 'welch-t' });
    expect(s.cost_usd.p95).toMatchObject({ significant: true, test: 'p95-ci' });
    expect(s.requests).toEqual({ before: 200, after: 200, absolute_change: 0, relative_change: 0, significant: null, test: null, p_value: null });
    expect(s.latency_s.mean).toMatchObject({ relative_change: 0, significant: false });
    const chat = doc.by_feature.find((f: any) => f.feature === 'chat');
    expect(chat.cost_usd.mean).toMatchObject({ relative_change: 0, significant: false });
    expect(doc.by_feature.find((f: any) => f.feature === 'legacy_search').status).toBe('gone');
    const fresh = doc.by_feature.find((f: any) => f.feature === 'agent_step');
    expect(fresh.status).toBe('new');
    expect(fresh.requests).toMatchObject({ before: null, after: 20 });
    expect(doc.overall.requests).toMatchObject({ before: 270, after: 270 });
  });

  it('the table: significant changes first, arrows, new and gone', async () => {
    const r = await runAsync(['compare', before, after]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^llmops compare: .*before\.json → .*after\.json\n/);
    expect(r.stdout).toMatch(/Significant changes\n {2}▼ −30\.1% {2}summarize cost mean: \$0\.0199 → \$0\.0140 \(✱ Welch t, p < 0\.001\)/);
    expect(r.stdout).toMatch(/│ agent_step +│ new +│/);
    expect(r.stdout).toMatch(/│ legacy_search +│ gone +│ 20 requests, \$0\.0300 │/);
    expect(r.stdout).toMatch(/✱ significant at 95%: means and rates by Welch's t-test, p95 by non-overlapping 95% confidence intervals/);
  });

  it('markdown for a pull request and csv for a spreadsheet', async () => {
    const md = await runAsync(['compare', before, after, '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^## llmops compare\n/);
    expect(md.stdout).toMatch(/- ▼ −30\.1% \*\*summarize cost mean\*\*: \\\$0\.0199 → \\\$0\.0140/);
    expect(md.stdout).toContain('- New features: agent\\_step');
    expect(md.stdout).toContain('- Gone features: legacy\\_search');
    const csv = await runAsync(['compare', before, after, '--format', 'csv']);
    const rows = csv.stdout.split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(1 + 4);
    expect(rows[0].startsWith('feature,status,requests_before,requests_after,requests_change,requests_relative_change,')).toBe(true);
  });

  it('one side from stdin', async () => {
    const r = await runAsync(['compare', before, '-', '--json'], { input: readFileSync(after) });
    expect(r.code, r.stderr).toBe(0);
    expect(json(r).after).toMatchObject({ source: '-', requests: 270 });
    expectUsageError(await runAsync(['compare', '-', '-'], { input: '' }), /only one of BEFORE and AFTER can be -/);
  });

  it('another schema, another version, not JSON, a missing file: exit 2 with the reason', async () => {
    const cost = await runAsync(['cost', tmp.write('x.jsonl', jsonl(month(1))), '--json', '-q']);
    const costFile = tmp.write('cost.json', cost.stdout);
    expectUsageError(await runAsync(['compare', costFile, after]), /cost\.json: is a llmops\.cost\/v1 document, not a saved baseline: expected the output of `llmops baseline --json` \(llmops\.baseline\/v1\)/);
    const v2 = tmp.write('v2.json', JSON.stringify({ ...JSON.parse(cost.stdout), schema: 'llmops.baseline/v2' }));
    expectUsageError(await runAsync(['compare', before, v2]), /v2\.json: schema llmops\.baseline\/v2 is not supported: this llmops reads llmops\.baseline\/v1/);
    expectUsageError(await runAsync(['compare', before, tmp.write('text.json', 'hello')]), /text\.json: not JSON/);
    expectUsageError(await runAsync(['compare', before, tmp.write('partial.json', JSON.stringify({ schema: 'llmops.baseline/v1' }))]), /partial\.json: overall is missing or not an object/);
    expectUsageError(await runAsync(['compare', before, 'nope.json']), /no such file: nope\.json/);
    expectUsageError(await runAsync(['compare', before]), /missing required argument 'after'/);
  });
});
