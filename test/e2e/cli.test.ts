// Exit codes and error lines, help and version, a closed pipe, and --prices.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSI, BIN, ROOT, SAMPLE, assertBuilt, runAsync, expectClose, expectUsageError, jsonl, lines, pinnedEnv, tempDir, type TempDir, runJsonAsync } from './helpers.js';

describe.concurrent('usage errors: exit 2, one line on stderr, no stack trace', () => {
  let tmp: TempDir;
  beforeAll(async () => {
    assertBuilt();
    tmp = tempDir();
    tmp.mkdir('empty-folder');
    tmp.write('ok.jsonl', `${JSON.stringify({ model: 'claude-haiku-4-5', input_tokens: 1, output_tokens: 1 })}\n`);
  });
  afterAll(() => tmp.cleanup());

  it('a missing file', async () => {
    expectUsageError(await runAsync(['baseline', 'no/such/file.jsonl']), /no\/such\/file\.jsonl/);
    expectUsageError(await runAsync(['cost', 'no/such/file.jsonl']), /no\/such\/file\.jsonl/);
  });

  it('a missing file next to a good one is still an error', async () => {
    expectUsageError(await runAsync(['baseline', path.join(tmp.dir, 'ok.jsonl'), 'missing.jsonl']), /missing\.jsonl/);
  });

  it('an unknown flag', async () => {
    expectUsageError(await runAsync(['baseline', SAMPLE, '--bogus']), /--bogus/);
    expectUsageError(await runAsync(['cost', SAMPLE, '--bogus']), /--bogus/);
  });

  it('an unknown command', async () => {
    const r = await runAsync(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/frobnicate/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('a flag without its value', async () => {
    expectUsageError(await runAsync(['baseline', SAMPLE, '--since']), /--since/);
  });

  it('--since nonsense, --until nonsense, --now nonsense', async () => {
    expectUsageError(await runAsync(['baseline', SAMPLE, '--since', 'nonsense']), /--since/);
    expectUsageError(await runAsync(['baseline', SAMPLE, '--until', 'nonsense']), /--until/);
    expectUsageError(await runAsync(['baseline', SAMPLE, '--since', '7d', '--now', 'nonsense']), /--now/);
    expectUsageError(await runAsync(['baseline', SAMPLE, '--since', '2026-13-40']), /--since/);
  });

  it('--tz Mars/Olympus', async () => {
    expectUsageError(await runAsync(['baseline', SAMPLE, '--tz', 'Mars/Olympus']), /Mars\/Olympus/);
  });

  it("--by ''", async () => {
    expectUsageError(await runAsync(['cost', SAMPLE, '--by', '']), /--by/);
    expectUsageError(await runAsync(['cost', SAMPLE, '--by', ',']), /--by/);
  });

  it('an empty folder', async () => {
    expectUsageError(await runAsync(['baseline', path.join(tmp.dir, 'empty-folder')]), /empty-folder/);
  });

  it('a glob that matches nothing', async () => {
    expectUsageError(await runAsync(['baseline', path.join(tmp.dir, '*.nomatch')]), /nomatch/);
  });

  it('no path, no logs/ folder, stdin not a pipe', async () => {
    expectUsageError(await runAsync(['baseline'], { cwd: path.join(tmp.dir, 'empty-folder'), stdin: 'ignore' }), /logs/);
    expectUsageError(await runAsync(['cost'], { cwd: path.join(tmp.dir, 'empty-folder'), stdin: 'ignore' }), /logs/);
  });

  it('a file that is only a gzip header fragment: no readable input', async () => {
    const bad = tmp.write('bad.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]));
    expectUsageError(await runAsync(['baseline', bad]), /bad\.gz/);
  });

  it('the error goes to stderr and nothing to stdout, also with --json', async () => {
    const r = await runAsync(['baseline', 'nope.jsonl', '--json']);
    expectUsageError(r);
  });
});

describe.concurrent('help and version', () => {
  it('--help: exit 0, lists baseline and cost', async () => {
    const r = await runAsync(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/baseline/);
    expect(r.stdout).toMatch(/cost/);
    expect(r.stderr).toBe('');
  });

  it('<command> --help: exit 0, lists the options', async () => {
    for (const cmd of ['baseline', 'cost']) {
      const r = await runAsync([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      for (const opt of ['--since', '--until', '--now', '--tz', '--prices', '--no-dedup', '--json', '--quiet']) expect(r.stdout, `${cmd} ${opt}`).toContain(opt);
    }
    expect((await runAsync(['cost', '--help'])).stdout).toContain('--by');
  });

  it('help <command>: exit 0; no command at all: exit 2 without a stack trace', async () => {
    const h = await runAsync(['help', 'cost']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--by');
    const none = await runAsync([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).not.toMatch(/^\s+at /m);
  });

  it('--version and -V: exit 0, the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runAsync([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe('0.1.0');
    }
  });
});

describe.concurrent('a closed pipe is not an error', () => {
  const viaBash = (cmd: string) => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; ${cmd}; echo "rc=\${PIPESTATUS[0]}"`], {
      cwd: ROOT, env: pinnedEnv(), encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { stdout: r.stdout, stderr: r.stderr };
  };
  const node = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)}`;

  it('baseline | head -1', async () => {
    const r = viaBash(`${node} baseline fixtures/sample | head -1`);
    const out = lines(r.stdout);
    expect(out[0]).toMatch(/^llmops baseline: 8,487 requests/);
    expect(out[out.length - 1]).toBe('rc=0');
    // Only the (expected) unpriced-model warning; no EPIPE or error.
    expect(r.stderr).not.toMatch(/EPIPE|error|^\s+at /im);
  });

  it('a large --json output into head -1 and into a reader that exits at once', async () => {
    const big = `${node} cost fixtures/sample --by hour,feature,model --json -q`;
    for (const reader of ['head -1', 'true']) {
      const r = viaBash(`${big} | ${reader}`);
      expect(lines(r.stdout).pop(), reader).toBe('rc=0');
      expect(r.stderr, reader).toBe('');
    }
  });
});

describe.concurrent('--prices FILE', () => {
  let tmp: TempDir;
  let data: string;
  beforeAll(async () => {
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

  it('built-in prices (the baseline for the overrides below)', async () => {
    const doc = await runJsonAsync(['cost', data, '--by', 'model', '-q']);
    expectClose(modelCost(doc, 'claude-haiku-4-5'), 2.85, 'haiku');
    expectClose(modelCost(doc, 'claude-haiku-4-5-20251001'), 1, 'dated haiku');
    expect(modelCost(doc, 'my-fine-tune')).toBeNull();
    expect(doc.inputs.unpriced).toMatchObject({ records: 1, models: ['my-fine-tune'] });
  });

  it('an override changes the cost as computed; omitted cache prices default to 0.1× / 1.25× input; a new model is priced', async () => {
    const prices = tmp.write('prices.json', JSON.stringify({
      models: {
        'claude-haiku-4-5': { input: 2, output: 10 },
        'my-fine-tune': { input: 2, output: 8, cache_read: 0.5 },
      },
    }));
    const r = await runAsync(['cost', data, '--by', 'model', '--prices', prices, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(''); // nothing unpriced any more
    const doc = JSON.parse(r.stdout);
    // 1M × 2 + 100k × 10 + 1M × 0.2 + 1M × 2.5 = 2 + 1 + 0.2 + 2.5
    expectClose(modelCost(doc, 'claude-haiku-4-5'), 5.7, 'haiku overridden');
    // The dated id follows its base model's override.
    expectClose(modelCost(doc, 'claude-haiku-4-5-20251001'), 2, 'dated haiku overridden');
    expectClose(modelCost(doc, 'my-fine-tune'), 10, 'fine-tune');
    expectClose(doc.overall.cost_usd.total, 17.7, 'total');
    expect(doc.inputs.unpriced).toMatchObject({ records: 0, models: [] });
  });

  it('an explicit cache price in the file is used', async () => {
    const prices = tmp.write('prices-cache.json', JSON.stringify({ models: { 'claude-haiku-4-5': { input: 1, output: 5, cache_read: 1, cache_write: 0 } } }));
    const doc = await runJsonAsync(['cost', data, '--by', 'model', '--prices', prices, '-q']);
    // 1 + 0.5 + 1M × 1 + 1M × 0 = 2.5
    expectClose(modelCost(doc, 'claude-haiku-4-5'), 2.5, 'haiku with explicit cache prices');
  });

  it('the baseline uses the same prices', async () => {
    const prices = tmp.write('prices2.json', JSON.stringify({ models: { 'my-fine-tune': { input: 2, output: 8 } } }));
    const doc = await runJsonAsync(['baseline', data, '--prices', prices]);
    expectClose(doc.overall.cost_usd.total, 2.85 + 1 + 10, 'baseline total');
    expect(doc.overall.priced_requests).toBe(3);
  });

  it('a bad price file is exit 2 with one line naming the problem', async () => {
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
      expectUsageError(await runAsync(['cost', data, '--prices', f]), pattern);
    }
    expectUsageError(await runAsync(['cost', data, '--prices', path.join(tmp.dir, 'missing.json')]), /missing\.json/);
  });
});

describe.concurrent('colour on a terminal', () => {
  // `script` (util-linux) runs the CLI on a pseudo-terminal; skipped where it is not installed.
  const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
  const onTty = (env: Record<string, string | undefined>) => {
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} baseline fixtures/edge/bom.jsonl`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, env: pinnedEnv({ TERM: 'xterm', ...env }), encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };

  it.skipIf(!hasScript)('colours a terminal by default, not with NO_COLOR or TERM=dumb', async () => {
    expect(onTty({ NO_COLOR: undefined })).toMatch(ANSI);
    expect(onTty({ NO_COLOR: '1' })).not.toMatch(ANSI);
    expect(onTty({ NO_COLOR: undefined, TERM: 'dumb' })).not.toMatch(ANSI);
  });
});

describe.concurrent('start-up with the code cache', () => {
  // dist/boot.cjs compiles dist/cli.cjs with dist/cli.cache, and each parser thread's
  // dist/parser-thread.cjs with dist/parser-thread.cache; without the caches, or with ones V8
  // rejects, llmops must start all the same.
  const CACHES = ['cli.cache', 'parser-thread.cache'];
  const copy = (caches: 'built' | Buffer | null): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'llmops-start-'));
    mkdirSync(path.join(dir, 'bin'));
    mkdirSync(path.join(dir, 'dist'));
    copyFileSync(BIN, path.join(dir, 'bin', 'llmops.cjs'));
    for (const f of ['boot.cjs', 'cli.cjs', 'parser-thread.cjs']) copyFileSync(path.join(ROOT, 'dist', f), path.join(dir, 'dist', f));
    for (const f of CACHES) {
      if (caches === 'built') copyFileSync(path.join(ROOT, 'dist', f), path.join(dir, 'dist', f));
      else if (caches !== null) writeFileSync(path.join(dir, 'dist', f), caches);
    }
    return dir;
  };

  for (const [name, caches] of [['no cache', null], ['caches V8 rejects', Buffer.from('not a code cache')], ['the built caches', 'built']] as const) {
    it(`starts with ${name}, with and without parser threads`, () => {
      const dir = copy(caches);
      try {
        for (const threads of ['0', '2']) {
          const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'llmops.cjs'), 'baseline', SAMPLE, '--json', '-q'], { encoding: 'utf8', env: { ...pinnedEnv(), LLMOPS_THREADS: threads } });
          expect(r.status, r.stderr).toBe(0);
          expect(JSON.parse(r.stdout).inputs.records).toBe(8487);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  // A parser thread that fails (its bundle broken, or it ends at once, or its start throws): one
  // line on stderr, exit 2, nothing on stdout, whether the thread was started early or not.
  const broken: Array<[string, (bundle: string) => string, RegExp]> = [
    ['throws as it loads', (b) => `throw new Error("broken thread bundle");\n${b}`, /^llmops: internal error: broken thread bundle/],
    ['ends as it loads', (b) => `process.exit(0);\n${b}`, /^llmops: internal error: parser thread exited/],
    ['fails its warm-up', (b) => b.replace('function warmUpThread(settings) {', 'function warmUpThread(settings) { throw new Error("warm-up failed\\non two lines");'), /^llmops: internal error: parser thread failed: warm-up failed on two lines/],
  ];
  for (const [name, breakIt, message] of broken) {
    it(`reports a parser thread that ${name} in one line, exit 2`, () => {
      const dir = copy('built');
      try {
        const bundle = path.join(dir, 'dist', 'parser-thread.cjs');
        const broke = breakIt(readFileSync(bundle, 'utf8'));
        expect(broke).not.toBe(readFileSync(bundle, 'utf8'));
        writeFileSync(bundle, broke);
        for (const threads of ['1', '2']) {
          const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'llmops.cjs'), 'baseline', SAMPLE, '--json'], { encoding: 'utf8', env: { ...pinnedEnv(), LLMOPS_THREADS: threads }, timeout: 30_000 });
          expect(r.status, r.stderr).toBe(2);
          expect(r.stdout).toBe('');
          expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
          expect(r.stderr).toMatch(message);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('refuses the parser threads\' own argument on the command line', () => {
    const r = spawnSync(process.execPath, [BIN, 'baseline', SAMPLE, '--llmops-parser-thread'], { encoding: 'utf8', env: pinnedEnv() });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^llmops: error: unknown option '--llmops-parser-thread'/);
  });

  it('says what is wrong when the CLI was not built', () => {
    const dir = copy(null);
    try {
      rmSync(path.join(dir, 'dist', 'cli.cjs'));
      const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'llmops.cjs'), '--help'], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^llmops: cannot start: .*npm install/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.concurrent('packaging', () => {
  it('the npm package ships bin, dist and the built-in price table', async () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    const files: string[] = JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
    for (const f of ['bin/llmops.cjs', 'dist/cli.cjs', 'dist/boot.cjs', 'dist/cli.cache', 'dist/parser-thread.cjs', 'dist/parser-thread.cache', 'data/prices.json', 'package.json', 'README.md']) expect(files, f).toContain(f);
  });
});
