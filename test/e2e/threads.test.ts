// Parser threads must not change a single value: the same logs through 0, 1 and 2 threads. Counts and
// strings must be identical; sums of floats may differ in the last bits, because threads add the same
// numbers in another order (1e-9 relative is far below any reported precision).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SAMPLE, run, runAsync } from './helpers.js';

// CI lays ../shared beside the clone; elsewhere that set is simply not there.
const DAMAGED = path.join(ROOT, '..', 'shared', 'conformance', 'data', 'damaged');
const sets: Array<readonly [string, readonly string[]]> = [
  ['sample', ['fixtures/sample']],
  ['edge, formats and sample with duplicates across files', ['fixtures/edge', 'fixtures/formats', 'fixtures/sample', 'fixtures/sample/llm-calls-2026-11-20.jsonl']],
  ...(existsSync(DAMAGED) ? [['conformance damaged', [DAMAGED]] as const] : []),
];

/** Equal, except floats within 1e-9 relative (integers and strings exact). */
function expectSame(actual: unknown, expected: unknown, path = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number' && !Number.isInteger(expected)) {
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(expected), 1e-12));
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual) && actual.length, path).toBe(expected.length);
    expected.forEach((e, i) => expectSame((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, e] of Object.entries(expected)) expectSame((actual as Record<string, unknown>)[k], e, `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

function jsonWith(threads: string, args: string[]): unknown {
  const r = run(args, { env: { LLMOPS_THREADS: threads } });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('parser threads', () => {
  for (const [name, paths] of sets) {
    it(`${name}: baseline and cost are identical with 0, 1 and 2 threads`, () => {
      const baseline = ['baseline', ...paths, '--json'];
      const cost = ['cost', ...paths, '--by', 'feature,model,day', '--json'];
      const local = [jsonWith('0', baseline), jsonWith('0', cost)];
      for (const threads of ['1', '2']) {
        expectSame(jsonWith(threads, baseline), local[0]);
        expectSame(jsonWith(threads, cost), local[1]);
      }
    });
  }

  it('carries custom --by fields and skipped-line locations across threads', () => {
    const args = ['cost', 'fixtures/edge', '--by', 'tenant,region', '--json'];
    const local = jsonWith('0', args) as { rows: Array<Record<string, string>>; inputs: { skipped_examples: unknown[] } };
    expect(local.rows.some((r) => r.tenant !== 'unknown')).toBe(true);
    expectSame(jsonWith('2', args), local);
  });
});

describe('aggregating in parser threads', () => {
  it('check and baseline with --since/--until, --no-dedup and duplicates across threads agree with one thread', () => {
    const paths = ['fixtures/sample', 'fixtures/sample/llm-calls-2026-11-25.jsonl', 'fixtures/edge', 'fixtures/formats'];
    for (const extra of [['--since', '2026-11-15', '--until', '2026-11-28T12:00:00Z'], ['--no-dedup'], ['--tz', 'America/New_York']]) {
      const args = ['baseline', ...paths, ...extra, '--json'];
      expectSame(jsonWith('2', args), jsonWith('0', args));
    }
    const check = ['check', ...paths, '--max-cost-p95', '0.05', '--max-increase', '10%', '--json'];
    const one = run(check, { env: { LLMOPS_THREADS: '0' } });
    const two = run(check, { env: { LLMOPS_THREADS: '2' } });
    expect(two.code).toBe(one.code);
    expectSame(JSON.parse(two.stdout), JSON.parse(one.stdout));
  });
});

describe('the byte-level fast path', () => {
  // In one thread the records are the same and come in the same order either way, so the output
  // must be byte for byte the same, not just close.
  for (const [name, paths] of sets) {
    it(`${name}: baseline and cost print the same bytes with and without it`, () => {
      for (const args of [['baseline', ...paths, '--json'], ['cost', ...paths, '--by', 'feature,model,day', '--json']]) {
        const general = run(args, { env: { LLMOPS_THREADS: '0', LLMOPS_FAST_PATH: '0' } });
        const fast = run(args, { env: { LLMOPS_THREADS: '0', LLMOPS_FAST_PATH: '1' } });
        expect(fast.code, fast.stderr).toBe(0);
        expect(fast.stdout).toBe(general.stdout);
        expect(fast.stderr).toBe(general.stderr);
      }
    });
  }
});

describe('input of unknown size (stdin) that turns out big', () => {
  it('moves to parser threads part-way and gives the same numbers as one thread, duplicates across the move included', async () => {
    // The sample 31 times over (~68 MB > 64 MiB): every record after the first copy is a duplicate,
    // many of them of records parsed before the move.
    const names = readdirSync(SAMPLE).filter((n) => n.endsWith('.jsonl')).sort();
    const once = Buffer.concat(names.map((n) => readFileSync(path.join(SAMPLE, n))));
    const input = Buffer.concat(Array.from({ length: 31 }, () => once));
    expect(input.length).toBeGreaterThan(64 * 2 ** 20);
    const moved = await runAsync(['baseline', '--json'], { input, env: { LLMOPS_THREADS: undefined, LLMOPS_TRACE: '1' } });
    expect(moved.code, moved.stderr).toBe(0);
    // Two threads where there are two cores (as on CI); none on one core.
    if (availableParallelism() >= 2) expect(moved.stderr).toMatch(/trace 2 parser threads started/);
    else expect(moved.stderr).not.toMatch(/parser threads started/);
    const one = await runAsync(['baseline', '--json'], { input, env: { LLMOPS_THREADS: '0' } });
    expect(one.code, one.stderr).toBe(0);
    expect(one.stderr).not.toMatch(/parser threads started/);
    const doc = JSON.parse(moved.stdout);
    expect(doc.inputs.skipped.duplicate).toBe(30 * doc.overall.requests);
    expectSame(doc, JSON.parse(one.stdout));

    // The same bytes as a file: big enough that bin/llmops.cjs starts the threads before the CLI loads.
    const dir = mkdtempSync(path.join(tmpdir(), 'llmops-big-'));
    try {
      const big = path.join(dir, 'big.jsonl');
      writeFileSync(big, input);
      const early = await runAsync(['baseline', big, '--json'], { env: { LLMOPS_THREADS: undefined, LLMOPS_TRACE: '1' } });
      expect(early.code, early.stderr).toBe(0);
      if (availableParallelism() >= 2) expect(early.stderr).toMatch(/trace 2 parser threads taken over from the early start/);
      expectSame(JSON.parse(early.stdout), doc);
      // A run that stops before reading stops the threads started for it, and says why in one line.
      const bad = await runAsync(['baseline', big, '--since', 'someday'], { env: { LLMOPS_THREADS: undefined } });
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toMatch(/^llmops: error: .*someday/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
