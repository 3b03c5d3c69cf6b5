// Parser threads must not change a single value: the same logs through 0, 1 and 2 threads.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from './helpers.js';

// CI lays ../shared beside the clone; elsewhere that set is simply not there.
const DAMAGED = path.join(ROOT, '..', 'shared', 'conformance', 'data', 'damaged');
const sets: Array<readonly [string, readonly string[]]> = [
  ['sample', ['fixtures/sample']],
  ['edge, formats and sample with duplicates across files', ['fixtures/edge', 'fixtures/formats', 'fixtures/sample', 'fixtures/sample/llm-calls-2026-11-20.jsonl']],
  ...(existsSync(DAMAGED) ? [['conformance damaged', [DAMAGED]] as const] : []),
];

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
        expect(jsonWith(threads, baseline)).toEqual(local[0]);
        expect(jsonWith(threads, cost)).toEqual(local[1]);
      }
    });
  }

  it('carries custom --by fields and skipped-line locations across threads', () => {
    const args = ['cost', 'fixtures/edge', '--by', 'tenant,region', '--json'];
    const local = jsonWith('0', args) as { rows: Array<Record<string, string>>; inputs: { skipped_examples: unknown[] } };
    expect(local.rows.some((r) => r.tenant !== 'unknown')).toBe(true);
    expect(jsonWith('2', args)).toEqual(local);
  });
});
