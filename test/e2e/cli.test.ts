// Exit codes and error lines, help and version, a closed pipe, and --prices.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, SAMPLE, assertBuilt, expectClose, expectUsageError, jsonl, lines, pinnedEnv, run, runJson, tempDir, type TempDir } from './helpers.js';

describe('usage errors: exit 2, one line on stderr, no stack trace', () => {
  let tmp: TempDir;
  beforeAll(() => {
    assertBuilt();
    tmp = tempDir();
    tmp.mkdir('empty-folder');
    tmp.write('ok.jsonl', `${JSON.stringify({ model: 'claude-haiku-4-5', input_tokens: 1, output_tokens: 1 })}\n`);
  });
  afterAll(() => tmp.cleanup());

  it('a missing file', () => {
    expectUsageError(run(['baseline', 'no/such/file.jsonl']), /no\/such\/file\.jsonl/);
    expectUsageError(run(['cost', 'no/such/file.jsonl']), /no\/such\/file\.jsonl/);
  });

  it('a missing file next to a good one is still an error', () => {
    expectUsageError(run(['baseline', path.join(tmp.dir, 'ok.jsonl'), 'missing.jsonl']), /missing\.jsonl/);
  });

  it('an unknown flag', () => {
    expectUsageError(run(['baseline', SAMPLE, '--bogus']), /--bogus/);
    expectUsageError(run(['cost', SAMPLE, '--bogus']), /--bogus/);
  });

  it('an unknown command', () => {
    const r = run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/frobnicate/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('a flag without its value', () => {
    expectUsageError(run(['baseline', SAMPLE, '--since']), /--since/);
  });

  it('--since nonsense, --until nonsense, --now nonsense', () => {
    expectUsageError(run(['baseline', SAMPLE, '--since', 'nonsense']), /--since/);
    expectUsageError(run(['baseline', SAMPLE, '--until', 'nonsense']), /--until/);
    expectUsageError(run(['baseline', SAMPLE, '--since', '7d', '--now', 'nonsense']), /--now/);
    expectUsageError(run(['baseline', SAMPLE, '--since', '2026-13-40']), /--since/);
  });

  it('--tz Mars/Olympus', () => {
    expectUsageError(run(['baseline', SAMPLE, '--tz', 'Mars/Olympus']), /Mars\/Olympus/);
  });

  it("--by ''", () => {
    expectUsageError(run(['cost', SAMPLE, '--by', '']), /--by/);
    expectUsageError(run(['cost', SAMPLE, '--by', ',']), /--by/);
  });

  it('an empty folder', () => {
    expectUsageError(run(['baseline', path.join(tmp.dir, 'empty-folder')]), /empty-folder/);
  });

  it('a glob that matches nothing', () => {
    expectUsageError(run(['baseline', path.join(tmp.dir, '*.nomatch')]), /nomatch/);
  });

  it('no path, no logs/ folder, stdin not a pipe', () => {
    expectUsageError(run(['baseline'], { cwd: path.join(tmp.dir, 'empty-folder'), stdin: 'ignore' }), /logs/);
    expectUsageError(run(['cost'], { cwd: path.join(tmp.dir, 'empty-folder'), stdin: 'ignore' }), /logs/);
  });

  it('a file that is only a gzip header fragment: no readable input', () => {
    const bad = tmp.write('bad.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]));
    expectUsageError(run(['baseline', bad]), /bad\.gz/);
  });

  it('the error goes to stderr and nothing to stdout, also with --json', () => {
    const r = run(['baseline', 'nope.jsonl', '--json']);
    expectUsageError(r);
  });
});

describe('help and version', () => {
  it('--help: exit 0, lists baseline and cost', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/baseline/);
    expect(r.stdout).toMatch(/cost/);
    expect(r.stderr).toBe('');
  });

  it('<command> --help: exit 0, lists the options', () => {
    for (const cmd of ['baseline', 'cost']) {
      const r = run([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      for (const opt of ['--since', '--until', '--now', '--tz', '--prices', '--no-dedup', '--json', '--quiet']) expect(r.stdout, `${cmd} ${opt}`).toContain(opt);
    }
    expect(run(['cost', '--help']).stdout).toContain('--by');
  });

  it('--version and -V: exit 0, the package version', () => {
    for (const flag of ['--version', '-V']) {
      const r = run([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe('0.1.0');
    }
  });
});

describe('a closed pipe is not an error', () => {
  const viaBash = (cmd: string) => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; ${cmd}; echo "rc=\${PIPESTATUS[0]}"`], {
      cwd: ROOT, env: pinnedEnv(), encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { stdout: r.stdout, stderr: r.stderr };
  };
  const node = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)}`;

  it('baseline | head -1', () => {
    const r = viaBash(`${node} baseline fixtures/sample | head -1`);
    const out = lines(r.stdout);
    expect(out[0]).toMatch(/^llmops baseline: 8,487 requests/);
    expect(out[out.length - 1]).toBe('rc=0');
    // Only the (expected) unpriced-model warning; no EPIPE or error.
    expect(r.stderr).not.toMatch(/EPIPE|error|^\s+at /im);
  });

  it('a large --json output into head -1 and into a reader that exits at once', () => {
    const big = `${node} cost fixtures/sample --by hour,feature,model --json -q`;
    for (const reader of ['head -1', 'true']) {
      const r = viaBash(`${big} | ${reader}`);
      expect(lines(r.stdout).pop(), reader).toBe('rc=0');
      expect(r.stderr, reader).toBe('');
    }
  });
});

describe('--prices FILE', () => {
  let tmp: TempDir;
  let data: string;
  beforeAll(() => {
    tmp = tempDir();
    data = tmp.write('p.jsonl', jsonl([
      // haiku built-in: 1M input ($1) + 100k output ($0.5) + 1M cache read ($0.1) + 1M cache write ($1.25) = $2.85
      { request_id: 'h', model: 'claude-haiku-4-5', input_tokens: 1_000_000, output_tokens: 100_000, cache_read: 1_000_000, cache_write: 1_000_000, feature: 'a' },
      // dated haiku: 1M input = $1
      { request_id: 'hd', model: 'claude-haiku-4-5-20251001', input_tokens: 1_000_000, output_tokens: 0, feature: 'a' },
      // not in the built-in table: unpriced unless --prices adds it
      { request_id: 'f', model: 'my-fine-tune', input_tokens: 1_000_000, output_tokens: 1_000_000, feature: 'b' },
    ]));
  });
  afterAll(() => tmp.cleanup());

  const modelCost = (doc: any, model: string) => doc.rows.find((r: any) => r.model === model)?.cost_usd.total ?? null;

  it('built-in prices (the baseline for the overrides below)', () => {
    const doc = runJson(['cost', data, '--by', 'model', '-q']);
    expectClose(modelCost(doc, 'claude-haiku-4-5'), 2.85, 'haiku');
    expectClose(modelCost(doc, 'claude-haiku-4-5-20251001'), 1, 'dated haiku');
    expect(modelCost(doc, 'my-fine-tune')).toBeNull();
    expect(doc.inputs.unpriced).toEqual({ records: 1, models: ['my-fine-tune'] });
  });

  it('an override changes the cost as computed; omitted cache prices default to 0.1× / 1.25× input; a new model is priced', () => {
    const prices = tmp.write('prices.json', JSON.stringify({
      models: {
        'claude-haiku-4-5': { input: 2, output: 10 },
        'my-fine-tune': { input: 2, output: 8, cache_read: 0.5 },
      },
    }));
    const r = run(['cost', data, '--by', 'model', '--prices', prices, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(''); // nothing unpriced any more
    const doc = JSON.parse(r.stdout);
    // 1M × 2 + 100k × 10 + 1M × 0.2 + 1M × 2.5 = 2 + 1 + 0.2 + 2.5
    expectClose(modelCost(doc, 'claude-haiku-4-5'), 5.7, 'haiku overridden');
    // The dated id follows its base model's override.
    expectClose(modelCost(doc, 'claude-haiku-4-5-20251001'), 2, 'dated haiku overridden');
    expectClose(modelCost(doc, 'my-fine-tune'), 10, 'fine-tune');
    expectClose(doc.overall.cost_usd.total, 17.7, 'total');
    expect(doc.inputs.unpriced).toEqual({ records: 0, models: [] });
  });

  it('an explicit cache price in the file is used', () => {
    const prices = tmp.write('prices-cache.json', JSON.stringify({ models: { 'claude-haiku-4-5': { input: 1, output: 5, cache_read: 1, cache_write: 0 } } }));
    const doc = runJson(['cost', data, '--by', 'model', '--prices', prices, '-q']);
    // 1 + 0.5 + 1M × 1 + 1M × 0 = 2.5
    expectClose(modelCost(doc, 'claude-haiku-4-5'), 2.5, 'haiku with explicit cache prices');
  });

  it('the baseline uses the same prices', () => {
    const prices = tmp.write('prices2.json', JSON.stringify({ models: { 'my-fine-tune': { input: 2, output: 8 } } }));
    const doc = runJson(['baseline', data, '--prices', prices]);
    expectClose(doc.overall.cost_usd.total, 2.85 + 1 + 10, 'baseline total');
    expect(doc.overall.priced_requests).toBe(3);
  });

  it('a bad price file is exit 2 with one line naming the problem', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['not-json.json', '{ models: ', /not-json\.json/],
      ['no-models.json', JSON.stringify({ prices: {} }), /models/],
      ['unknown-key.json', JSON.stringify({ models: { 'claude-haiku-4-5': { input: 1, output: 5, cache_hit: 1 } } }), /cache_hit/],
      ['negative.json', JSON.stringify({ models: { 'claude-haiku-4-5': { input: -1, output: 5 } } }), /input/],
      ['missing-output.json', JSON.stringify({ models: { x: { input: 1 } } }), /output/],
      ['string-price.json', JSON.stringify({ models: { x: { input: '1', output: 2 } } }), /input/],
    ];
    for (const [name, content, pattern] of cases) {
      const f = tmp.write(name, content);
      expectUsageError(run(['cost', data, '--prices', f]), pattern);
    }
    expectUsageError(run(['cost', data, '--prices', path.join(tmp.dir, 'missing.json')]), /missing\.json/);
  });
});
