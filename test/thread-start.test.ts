// The guess of how many parser threads a command line will want, made before the CLI loads
// (thread-start.ts): it must agree with the pipeline's rule (parserThreads) on what it can see,
// and say 0 whenever it cannot tell.
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PARALLEL_MIN_BYTES, parserThreads } from '../src/engine/thread-count.js';
import { guessParserThreads, prestartParserThreads, takePrestartedThreads } from '../src/engine/thread-start.js';

const dir = mkdtempSync(path.join(tmpdir(), 'llmops-guess-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A sparse file of `bytes` (no disk used). */
function file(name: string, bytes: number): string {
  const p = path.join(dir, name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, '');
  truncateSync(p, bytes);
  return p;
}

const env = {} as NodeJS.ProcessEnv;
const big = file('big.jsonl', PARALLEL_MIN_BYTES + 1);
const small = file('small.jsonl', 1000);
const wanted = parserThreads(PARALLEL_MIN_BYTES, env); // 2 on a machine with two cores, 0 with one

describe('guessParserThreads', () => {
  it('wants threads for a big file, as the pipeline would', () => {
    expect(guessParserThreads(['baseline', big], env)).toBe(wanted);
    expect(guessParserThreads(['cost', '--by', 'feature', big, '--json'], env)).toBe(wanted);
    expect(guessParserThreads(['check', big], env)).toBe(wanted);
  });

  it('adds up files and folders (hidden entries skipped), gzip by its name × 5', () => {
    const half = Math.ceil(PARALLEL_MIN_BYTES / 2);
    const folder = path.join(dir, 'logs');
    file('logs/a.jsonl', half);
    file('logs/day/b.jsonl', half);
    file('logs/.hidden/c.jsonl', PARALLEL_MIN_BYTES);
    expect(guessParserThreads(['baseline', folder], env)).toBe(wanted);
    expect(guessParserThreads(['baseline', path.join(folder, 'a.jsonl')], env)).toBe(0);
    const gz = file('day.jsonl.gz', Math.ceil(PARALLEL_MIN_BYTES / 5) + 1);
    expect(guessParserThreads(['baseline', gz], env)).toBe(wanted);
    expect(guessParserThreads(['baseline', file('hidden-only/.x.jsonl', PARALLEL_MIN_BYTES)], env)).toBe(wanted); // named directly
    expect(guessParserThreads(['baseline', path.join(dir, 'hidden-only')], env)).toBe(0);
  });

  it('says 0 when nothing big is named, the command reads no logs, or help is asked for', () => {
    expect(guessParserThreads(['baseline', small], env)).toBe(0);
    expect(guessParserThreads(['baseline'], env)).toBe(0); // stdin or ./logs: not guessed
    expect(guessParserThreads(['baseline', path.join(dir, 'missing.jsonl'), "logs/*.jsonl"], env)).toBe(0);
    expect(guessParserThreads(['compare', big, big], env)).toBe(0);
    expect(guessParserThreads(['prices'], env)).toBe(0);
    expect(guessParserThreads(['baseline', big, '--help'], env)).toBe(0);
    expect(guessParserThreads(['--version'], env)).toBe(0);
    expect(guessParserThreads([], env)).toBe(0);
  });

  it('follows LLMOPS_THREADS as the pipeline does, whatever the input', () => {
    expect(guessParserThreads(['baseline', small], { LLMOPS_THREADS: '2' })).toBe(2);
    expect(guessParserThreads(['baseline'], { LLMOPS_THREADS: '1' })).toBe(1);
    expect(guessParserThreads(['baseline', big], { LLMOPS_THREADS: '0' })).toBe(0);
    expect(guessParserThreads(['compare', big], { LLMOPS_THREADS: '2' })).toBe(0);
  });
});

describe('prestartParserThreads and takePrestartedThreads', () => {
  it('gives nothing when nothing was started', () => {
    expect(takePrestartedThreads(2)).toEqual([]);
  });

  it('starts none when the guess is none', () => {
    expect(prestartParserThreads(['baseline', small], env)).toBe(0);
    expect(takePrestartedThreads(2)).toEqual([]);
  });

  it('notes threads that end before they are taken, without crashing, and does not hand them over', async () => {
    // From src/ there is no dist/boot.cjs beside this module: the threads fail as they start, as a
    // broken build's would. Unnoted, their 'error' events would crash this process.
    expect(prestartParserThreads(['baseline', small], { LLMOPS_THREADS: '2' })).toBe(2);
    await new Promise((r) => setTimeout(r, 1500));
    expect(takePrestartedThreads(2)).toEqual([]);
  });
});
