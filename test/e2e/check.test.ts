// `llmops check` as CI runs it: rules that must pass (exit 0) and must fail (exit 1), increases that
// are real against noise, a saved baseline, the config file, and usage errors (exit 2).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE, assertBuilt, expectUsageError, json, jsonl, lines, runAsync, tempDir, type TempDir } from './helpers.js';

/** Two weeks of logs (2026-11-01 … 2026-11-14, UTC) with known changes from the first week to the second. */
function twoWeeks(): object[] {
  const out: object[] = [];
  let id = 0;
  const at = (day: number, i: number) => new Date(Date.UTC(2026, 10, 1 + day, 8, 0, i)).toISOString();
  for (let week = 0; week < 2; week++) {
    // 100 a week: a p95's upper confidence bound needs at least 72 values.
    for (let i = 0; i < 100; i++) {
      const day = week * 7 + (i % 7);
      // summarize: output doubles (cost per request 0.006 → 0.011 on haiku), latency doubles, 10 of 100 truncated in week 2.
      out.push({
        ts: at(day, i), request_id: `s${id++}`, model: 'claude-haiku-4-5', input_tokens: 1000,
        output_tokens: (week === 0 ? 1000 : 2000) + (i % 5) * 10, latency_s: (week === 0 ? 2 : 4) + (i % 5) * 0.05,
        stop_reason: week === 1 && i < 10 ? 'max_tokens' : 'end_turn', feature: 'summarize',
      });
    }
    // chat: 8 calls a week with a huge spread; the mean goes up ~30%, which is noise.
    const outputs = week === 0 ? [10, 3000, 20, 2500, 15, 3500, 30, 2800] : [13, 3900, 26, 3250, 20, 4550, 39, 3640];
    outputs.forEach((o, i) => out.push({
      ts: at(week * 7 + i % 7, 100 + i), request_id: `c${id++}`, model: 'claude-haiku-4-5', input_tokens: 200, output_tokens: o,
      latency_s: 1 + o / 1000, stop_reason: 'end_turn', feature: 'chat',
    }));
  }
  return out;
}

describe.concurrent('check on fixtures/sample', () => {
  beforeAll(() => assertBuilt());

  it('rules that hold: exit 0, one line per rule with value, limit and pass', async () => {
    const r = await runAsync(['check', SAMPLE, '--max-cost-p95', '0.10', '--max-daily-cost', '150', '--max-refusal-rate', '1%', '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^llmops check: passed: 13 of 13 checks passed/);
    expect(r.stdout).toMatch(/pass +│ max-cost-p95 +│ agent_step \+ 5 more passing +│ +\$0\.0676 │ +\$0\.1000 │/);
    expect(r.stdout).toMatch(/max-daily-cost +│ all features, worst day 2026-11-13 +│ +\$8\.23 │ +\$150\.00 │ 0 of 21 days over/);
    expect(r.stderr).toBe('');
  });

  it('rules that break: exit 1, failures first with how far over', async () => {
    const r = await runAsync(['check', SAMPLE, '--max-cost-p95', '0.05', '--max-latency-p95', '8s', '--max-truncation-rate', '2%', '-q']);
    expect(r.code).toBe(1);
    const rows = lines(r.stdout).filter((l) => /^│ (pass|FAIL|no data)/.test(l));
    expect(rows[0]).toMatch(/FAIL +│ max-truncation-rate │ summarize +│ +5\.57% │ +2\.00% │ 178\.3% over/);
    const firstPass = rows.findIndex((l) => l.startsWith('│ pass'));
    expect(rows.slice(0, firstPass).every((l) => l.startsWith('│ FAIL'))).toBe(true);
    expect(r.stdout).toMatch(/^llmops check: FAILED: 11 of 18 checks failed/);
  });

  it('--json: llmops.check/v1 with every check', async () => {
    const r = await runAsync(['check', SAMPLE, '--max-cost-p95', '0.05', '--feature', 'summarize,classify', '--json']);
    expect(r.code).toBe(1);
    const doc = json(r);
    expect(doc.schema).toBe('llmops.check/v1');
    expect(doc.passed).toBe(false);
    expect(doc.summary).toEqual({ checks: 2, passed: 1, failed: 1, no_data: 0 });
    expect(doc.checks.map((c: any) => [c.rule, c.scope.feature, c.passed])).toEqual([['max-cost-p95', 'summarize', false], ['max-cost-p95', 'classify', true]]);
    expect(doc.checks[0].value).toBeCloseTo(0.0590841, 6);
    expect(doc.checks[0].limit).toBe(0.05);
    expect(Object.keys(doc)).toEqual(['schema', 'passed', 'summary', 'window', 'inputs', 'week_over_week', 'checks']);
  });

  it('a feature that is not in the logs: a warning and a check without data, not a failure', async () => {
    const r = await runAsync(['check', SAMPLE, '--max-cost-p95', '1', '--feature', 'sumarize,chat']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no data +│ max-cost-p95 +│ sumarize/);
    expect(r.stderr).toMatch(/warning: feature sumarize has no records in the logs checked \(did you mean summarize\?\)/);
    expect(r.stderr).toMatch(/warning: 1 of 2 checks had no data to judge/);
  });

  it('a gate where no check had data has not passed: exit 2 with the reason', async () => {
    const r = await runAsync(['check', SAMPLE, '--max-cost-p95', '1', '--feature', 'sumarize']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: none of the 1 checks had data to judge/);
    const week = await runAsync(['check', SAMPLE, '--now', '2026-12-01T00:00:00Z', '--since', '7d', '--max-increase', '10%', '-q']);
    expect(week.code).toBe(2);
    expect(week.stderr).toMatch(/widen --since to 14d/);
  });

  it('markdown and csv keep the exit code', async () => {
    const md = await runAsync(['check', SAMPLE, '--max-cost-p95', '0.05', '--format', 'markdown', '-q']);
    expect(md.code).toBe(1);
    expect(md.stdout.startsWith('## ❌ llmops check FAILED: 3 of 6 checks failed\n')).toBe(true);
    const csv = await runAsync(['check', SAMPLE, '--max-cost-p95', '1', '--format', 'csv', '-q']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n').filter(Boolean)).toHaveLength(1 + 6);
  });
});

describe.concurrent('check --max-increase: only real increases fire', () => {
  let tmp: TempDir;
  let logs: string;
  beforeAll(() => {
    assertBuilt();
    tmp = tempDir();
    logs = tmp.write('two-weeks.jsonl', jsonl(twoWeeks()));
  });
  afterAll(() => tmp.cleanup());

  it('week over week: summarize cost, latency and truncation fail; chat +30% is noise', async () => {
    const r = await runAsync(['check', logs, '--max-increase', '10%', '--json']);
    expect(r.code).toBe(1);
    const doc = json(r);
    expect(doc.week_over_week).toEqual({
      current: { since: '2026-11-08T00:00:00Z', until: '2026-11-15T00:00:00Z' },
      previous: { since: '2026-11-01T00:00:00Z', until: '2026-11-08T00:00:00Z' },
    });
    const get = (f: string, m: string) => doc.checks.find((c: any) => c.scope.feature === f && c.metric === m);
    const costMean = get('summarize', 'cost_mean');
    expect(costMean.status).toBe('fail');
    // (1000 + 5·1020)/1e6 = 0.0061 → (1000 + 5·2020)/1e6 = 0.0111: +81.967…%
    expect(costMean.value).toBeCloseTo(0.0111 / 0.0061 - 1, 9);
    expect(costMean.comparison).toMatchObject({ against: 'week_over_week', significant: true, test: 'welch-t', require_significance: true });
    expect(get('summarize', 'latency_p95')).toMatchObject({ status: 'fail', comparison: { significant: true, test: 'p95-ci' } });
    expect(get('summarize', 'truncation_rate')).toMatchObject({ status: 'fail', value: null, note: 'up from 0' });
    const chat = get('chat', 'cost_mean');
    expect(chat.value).toBeGreaterThan(0.25);
    expect(chat.status).toBe('pass');
    expect(chat.comparison.significant).toBe(false);
    expect(doc.checks.filter((c: any) => c.status === 'fail').every((c: any) => c.scope.feature === 'summarize')).toBe(true);
  });

  it('--no-significance fires on chat too', async () => {
    const r = await runAsync(['check', logs, '--max-increase', '10%', '--increase-metrics', 'cost_mean', '--feature', 'chat', '--no-significance', '--json']);
    expect(r.code).toBe(1);
    expect(json(r).checks).toHaveLength(1);
    expect(json(r).checks[0]).toMatchObject({ status: 'fail', comparison: { significant: false, require_significance: false } });
  });

  it('--against a saved baseline of the first week', async () => {
    const saved = await runAsync(['baseline', logs, '--until', '2026-11-08', '--json', '-q']);
    expect(saved.code).toBe(0);
    const file = tmp.write('week1.json', saved.stdout);
    const r = await runAsync(['check', logs, '--since', '2026-11-08', '--max-increase', '50%', '--against', file, '--increase-metrics', 'cost_mean,latency_mean', '--json']);
    expect(r.code).toBe(1);
    const doc = json(r);
    expect(doc.week_over_week).toBeNull();
    const fails = doc.checks.filter((c: any) => c.status === 'fail').map((c: any) => `${c.scope.feature}:${c.metric}`);
    expect(fails.sort()).toEqual(['summarize:cost_mean', 'summarize:latency_mean']);
    expect(doc.checks[0].comparison.against).toBe(file);
    // Within the limit: passes.
    const ok = await runAsync(['check', logs, '--since', '2026-11-08', '--max-increase', '150%', '--against', file, '--increase-metrics', 'cost_mean,latency_mean', '-q']);
    expect(ok.code).toBe(0);
  });

  it('a file that is not a baseline, given to --against: exit 2 naming it', async () => {
    const cost = await runAsync(['cost', logs, '--json', '-q']);
    const file = tmp.write('cost.json', cost.stdout);
    expectUsageError(await runAsync(['check', logs, '--max-increase', '10%', '--against', file]), /cost\.json: is a llmops\.cost\/v1 document, not a saved baseline: expected the output of `llmops baseline --json`/);
    expectUsageError(await runAsync(['check', logs, '--max-increase', '10%', '--against', path.join(tmp.dir, 'none.json')]), /no such file: .*none\.json/);
  });
});

describe.concurrent('check: usage errors and nothing to check exit 2', () => {
  let tmp: TempDir;
  beforeAll(() => {
    assertBuilt();
    tmp = tempDir();
    tmp.write('empty.jsonl', '');
  });
  afterAll(() => tmp.cleanup());

  it('no rules', async () => {
    expectUsageError(await runAsync(['check', SAMPLE], { cwd: tmp.dir }), /no rules to check: give limits such as --max-cost-p95 0\.05/);
  });

  it('a limit that does not parse', async () => {
    expectUsageError(await runAsync(['check', SAMPLE, '--max-latency-p95', '8 sec']), /--max-latency-p95 <duration>.*"8 sec" is not a duration/);
    expectUsageError(await runAsync(['check', SAMPLE, '--max-truncation-rate', '2']), /did you mean 2%\?/);
    expectUsageError(await runAsync(['check', SAMPLE, '--max-increase', '10%', '--increase-metrics', 'cost_maen']), /unknown metric "cost_maen" \(did you mean "cost_mean"\?\)/);
  });

  it('modifiers without --max-increase', async () => {
    expectUsageError(await runAsync(['check', SAMPLE, '--max-cost-p95', '1', '--against', 'x.json']), /--against applies to --max-increase/);
    expectUsageError(await runAsync(['check', SAMPLE, '--max-cost-p95', '1', '--no-significance']), /--no-significance applies to --max-increase/);
  });

  it('a missing path, or logs without records', async () => {
    expectUsageError(await runAsync(['check', 'no/such/dir', '--max-cost-p95', '1']), /no\/such\/dir/);
    expectUsageError(await runAsync(['check', path.join(tmp.dir, 'empty.jsonl'), '--max-cost-p95', '1']), /no records to check/);
    expectUsageError(await runAsync(['check', SAMPLE, '--since', '2030-01-01', '--max-cost-p95', '1']), /no records to check .*8,?487 out of window/);
  });
});

describe.concurrent('check with a config file', () => {
  let tmp: TempDir;
  beforeAll(() => {
    assertBuilt();
    tmp = tempDir();
    tmp.write('pass/llmops.config.yaml', `# budgets for CI\ntz: UTC\npaths: [${JSON.stringify(SAMPLE)}]\nchecks:\n  - max-cost-p95: $0.10\n  - max-latency-p95: 30s\n    feature: summarize\n`);
    tmp.write('fail/llmops.config.json', JSON.stringify({ paths: [SAMPLE], checks: [{ 'max-cost-p95': 0.05 }, { 'max-refusal-rate': '1%', features: ['chat'] }] }));
    tmp.write('typo/llmops.config.yaml', 'checks:\n  - max-cost-p95: 0.05\n  - max-latency-p59: 8s\n');
    tmp.write('typo-key/llmops.config.json', JSON.stringify({ tz: 'UTC', pricse: 'p.json' }));
    tmp.write('named.yaml', 'checks:\n  - max-daily-cost: 5\n');
  });
  afterAll(() => tmp.cleanup());

  it('found in the current folder, with paths and checks: exit 0', async () => {
    const r = await runAsync(['check', '-q'], { cwd: path.join(tmp.dir, 'pass') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/passed: 7 of 7 checks passed/);
  });

  it('a failing config rule: exit 1; a flag replaces the file\'s rule of the same name', async () => {
    const cwd = path.join(tmp.dir, 'fail');
    const r = await runAsync(['check', '--json', '-q'], { cwd });
    expect(r.code).toBe(1);
    expect(json(r).checks.every((c: any) => c.source === 'config')).toBe(true);
    const replaced = await runAsync(['check', '--max-cost-p95', '0.10', '--json', '-q'], { cwd });
    expect(replaced.code).toBe(0);
    const doc = json(replaced);
    expect(doc.checks.filter((c: any) => c.rule === 'max-cost-p95').every((c: any) => c.source === 'flag' && c.limit === 0.1)).toBe(true);
    expect(doc.checks.filter((c: any) => c.rule === 'max-refusal-rate')).toHaveLength(1);
  });

  it('--config names a file; --no-config ignores the one in the folder', async () => {
    const r = await runAsync(['check', SAMPLE, '--config', path.join(tmp.dir, 'named.yaml'), '--json', '-q'], { cwd: path.join(tmp.dir, 'fail') });
    expect(r.code).toBe(1);
    expect(json(r).checks.map((c: any) => c.rule)).toEqual(['max-daily-cost']);
    expectUsageError(await runAsync(['check', SAMPLE, '--no-config'], { cwd: path.join(tmp.dir, 'fail') }), /no rules to check/);
  });

  it('a typo in the file is an error naming the key and the closest known one', async () => {
    expectUsageError(await runAsync(['check', SAMPLE], { cwd: path.join(tmp.dir, 'typo') }),
      /^llmops: error: llmops\.config\.yaml: checks\[1\]: unknown key "max-latency-p59" \(did you mean "max-latency-p95"\?\)/);
    expectUsageError(await runAsync(['baseline', SAMPLE], { cwd: path.join(tmp.dir, 'typo-key') }),
      /^llmops: error: llmops\.config\.json: unknown key "pricse" \(did you mean "prices"\?\)/);
  });
});
