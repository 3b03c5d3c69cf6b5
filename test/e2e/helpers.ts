// Spawning the BUILT CLI (bin/llmops.cjs → dist/cli.cjs) with a pinned environment, plus small
// helpers for temp folders and number comparisons. `npm test` builds first (pretest); when run
// directly, run `npm run build` before `npx vitest run test/e2e`.
import { spawn, spawnSync, type StdioOptions } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'llmops.cjs');
export const DIST_CLI = path.join(ROOT, 'dist', 'cli.cjs');
export const SAMPLE = path.join(ROOT, 'fixtures', 'sample');
export const EDGE = path.join(ROOT, 'fixtures', 'edge');

/** Fails loudly (once per test file) when the CLI has not been built. */
export function assertBuilt(): void {
  if (!existsSync(DIST_CLI)) {
    throw new Error(`e2e tests need the built CLI, but ${path.relative(ROOT, DIST_CLI)} is missing: run \`npm run build\` first (npm test does it in pretest)`);
  }
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** Data for stdin (a pipe). Without it stdin is /dev/null (`ignore`), unless `stdin` says otherwise. */
  input?: string | Buffer;
  /** Override the stdin disposition: 'pipe' gives an empty pipe, 'ignore' /dev/null. */
  stdin?: 'pipe' | 'ignore';
  /** Extra or overriding environment variables; `undefined` removes one from the pinned set. */
  env?: Record<string, string | undefined>;
}

/** The pinned environment: only what node needs, plus TZ=UTC, NO_COLOR=1, COLUMNS=200 and no FORCE_COLOR. */
export function pinnedEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    NO_COLOR: '1',
    COLUMNS: '200',
    ...extra,
  };
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/** Runs `node bin/llmops.cjs ...args` and returns its exit code and output. */
export function run(args: string[], opts: RunOptions = {}): RunResult {
  assertBuilt();
  const stdinMode = opts.input !== undefined ? 'pipe' : (opts.stdin ?? 'ignore');
  const stdio: StdioOptions = [stdinMode, 'pipe', 'pipe'];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: pinnedEnv(opts.env),
    input: opts.input,
    stdio,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 15_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Like run(), without blocking: for tests that start several CLI processes at once (describe.concurrent, Promise.all). */
export function runAsync(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  assertBuilt();
  const stdinMode = opts.input !== undefined ? 'pipe' : (opts.stdin ?? 'ignore');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: pinnedEnv(opts.env),
      stdio: [stdinMode, 'pipe', 'pipe'],
      timeout: 15_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    if (stdinMode === 'pipe') {
      child.stdin!.on('error', () => {}); // the CLI may exit (a usage error) before reading its input
      child.stdin!.end(opts.input ?? '');
    }
  });
}

/** Parses stdout as JSON, with the output in the message when it is not JSON. */
export function json<T = any>(r: RunResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch (err) {
    throw new Error(`stdout is not JSON (${(err as Error).message}); exit ${r.code}\nstdout: ${r.stdout.slice(0, 500)}\nstderr: ${r.stderr.slice(0, 500)}`);
  }
}

/** Runs with --json, expects exit 0, returns the parsed document. */
export function runJson<T = any>(args: string[], opts: RunOptions = {}): T {
  const r = run([...args, '--json'], opts);
  expect(r.code, `exit code of llmops ${args.join(' ')}\nstderr: ${r.stderr}`).toBe(0);
  return json<T>(r);
}

/** Non-empty lines of a stream's text. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.length > 0);
}

/** A usage error: exit 2, exactly one line on stderr, starting with `llmops:` or commander's `error:`, no stack frames. */
export function expectUsageError(r: RunResult, pattern?: RegExp): void {
  expect(r.code, `stderr: ${r.stderr}`).toBe(2);
  const errLines = lines(r.stderr);
  expect(errLines, `stderr should be one line:\n${r.stderr}`).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.stdout).toBe('');
  if (pattern) expect(errLines[0]).toMatch(pattern);
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[/;

/** |a − e| ≤ rel · max(|a|, |e|), so 0 must match 0 exactly; null must match null. */
export function expectClose(actual: number | null | undefined, expected: number | null, what: string, rel = 1e-9): void {
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(typeof actual, `${what}: ${actual}`).toBe('number');
  const a = actual as number;
  const scale = Math.max(Math.abs(a), Math.abs(expected));
  expect(Math.abs(a - expected) <= rel * scale, `${what}: got ${a}, expected ${expected} (rel ${rel})`).toBe(true);
}

/** A fresh temp folder under os.tmpdir(), with a helper to write files into it and to remove it. */
export interface TempDir {
  dir: string;
  write(name: string, content: string | Buffer): string;
  mkdir(name: string): string;
  cleanup(): void;
}

export function tempDir(prefix = 'llmops-e2e-'): TempDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    write(name, content) {
      const full = path.join(dir, name);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
      return full;
    },
    mkdir(name) {
      const full = path.join(dir, name);
      mkdirSync(full, { recursive: true });
      return full;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One JSON line per record, LF-terminated. */
export function jsonl(records: object[]): string {
  return records.map((r) => JSON.stringify(r) + '\n').join('');
}

/** Deep equality where numbers only need to agree to `rel` (sums taken in a different order differ in the last bits). */
export function expectDeepClose(actual: unknown, expected: unknown, what = '$', rel = 1e-12): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expectClose(actual, expected, what, rel);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    expect(actual, what).toEqual(expected);
    return;
  }
  expect(actual !== null && typeof actual === 'object', `${what} is an object`).toBe(true);
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${what} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${what}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectDeepClose((actual as unknown[])[i], e, `${what}[${i}]`, rel));
    return;
  }
  expect(Object.keys(actual as object).sort(), `${what} keys`).toEqual(Object.keys(expected).sort());
  for (const [k, e] of Object.entries(expected)) expectDeepClose((actual as Record<string, unknown>)[k], e, `${what}.${k}`, rel);
}

/** runAsync with --json: expects exit 0, returns the parsed document. */
export async function runJsonAsync<T = any>(args: string[], opts: RunOptions = {}): Promise<T> {
  const r = await runAsync([...args, '--json'], opts);
  expect(r.code, `exit code of llmops ${args.join(' ')}\nstderr: ${r.stderr}`).toBe(0);
  return json<T>(r);
}
