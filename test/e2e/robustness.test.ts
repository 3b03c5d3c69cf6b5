// Hostile and broken inputs: never a crash or a hang, always a counted skip or one clear line.
import { spawn } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, pinnedEnv, run, runJson, tempDir, type TempDir } from './helpers.js';

const REC = { model: 'claude-haiku-4-5', input_tokens: 1000, output_tokens: 100, feature: 'f', ts: '2026-11-20T10:00:00Z' };
const line = (extra: object = {}) => JSON.stringify({ ...REC, ...extra });

let tmp: TempDir;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

describe('robustness', () => {
  it('skips a line longer than 64 MiB as too_long and reads the lines around it', () => {
    const f = path.join(tmp.dir, 'huge.jsonl');
    const huge = `{"model": "claude-haiku-4-5", "prompt": "${'x'.repeat(65 * 2 ** 20)}", "input_tokens": 1, "output_tokens": 1}`;
    writeFileSync(f, `${line({ request_id: 'a' })}\n${huge}\n${line({ request_id: 'b' })}\n`);
    const doc = runJson(['baseline', f]);
    expect(doc.inputs.lines).toBe(3);
    expect(doc.overall.requests).toBe(2);
    expect(doc.inputs.skipped.by_reason.too_long).toBe(1);
    expect(doc.inputs.skipped_examples[0]).toMatchObject({ at: `${f}:2`, kind: 'too_long' });
  }, 60_000);

  it('reads a file of binary garbage as skipped lines, not a crash', () => {
    const bytes = Buffer.alloc(200_000);
    let seed = 9;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    const f = tmp.write('garbage.bin', bytes);
    const r = run(['baseline', f, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.inputs.records).toBe(0);
    expect(doc.inputs.lines).toBe(doc.inputs.skipped.blank + doc.inputs.skipped.malformed);
  });

  it('reports a broken gzip stream by name and goes on with the other files', () => {
    const good = tmp.write('broken-gz/a.jsonl', `${line({ request_id: 'x1' })}\n`);
    const gz = gzipSync(Array.from({ length: 3000 }, (_, i) => line({ request_id: `g${i}` })).join('\n') + '\n');
    tmp.write('broken-gz/b.jsonl.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    const r = run(['baseline', path.dirname(good), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.inputs.read_errors).toHaveLength(1);
    expect(doc.inputs.read_errors[0]).toMatch(/b\.jsonl\.gz: gzip data is truncated or corrupt/);
    expect(doc.overall.requests).toBeGreaterThan(1);
    expect(r.stderr).toMatch(/warning: .*b\.jsonl\.gz/);
  });

  it('does not loop on a symlink cycle, and follows links to files', () => {
    tmp.write('loop/real/a.jsonl', `${line({ request_id: 'l1' })}\n`);
    symlinkSync(path.join(tmp.dir, 'loop'), path.join(tmp.dir, 'loop', 'real', 'back'));
    symlinkSync(path.join(tmp.dir, 'loop', 'real', 'a.jsonl'), path.join(tmp.dir, 'loop', 'link.jsonl'));
    const doc = runJson(['baseline', path.join(tmp.dir, 'loop')]);
    expect(doc.inputs.files).toBe(1); // the link and its target are one file
    expect(doc.overall.requests).toBe(1);
  });

  it('reads a folder of 10,000 small files', () => {
    for (let i = 0; i < 10_000; i++) tmp.write(`many/d${i % 10}/f${i}.jsonl`, `${line({ request_id: `m${i}` })}\n`);
    const doc = runJson(['baseline', path.join(tmp.dir, 'many')]);
    expect(doc.inputs.files).toBe(10_000);
    expect(doc.overall.requests).toBe(10_000);
  }, 60_000);

  it('--strict exits 1 for broken records, unpriced models or unreadable input, after printing the report', () => {
    const clean = tmp.write('strict/clean.jsonl', `${line({ request_id: 's1' })}\n{"level": "info", "msg": "other library"}\n`);
    expect(run(['baseline', clean, '--strict', '--json']).code).toBe(0);
    const broken = tmp.write('strict/broken.jsonl', `${line({ request_id: 's2' })}\n{"model": "claude-haiku-4-5", "input_tokens": -1, "output_tokens": 1}\n`);
    const r = run(['baseline', broken, '--strict', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).overall.requests).toBe(1);
    expect(r.stderr).toMatch(/--strict: 1 line that looks like an LLM record could not be used/);
    const unpriced = tmp.write('strict/unpriced.jsonl', `${line({ request_id: 's3', model: 'mystery-1' })}\n`);
    expect(run(['baseline', unpriced, '--strict']).code).toBe(1);
  });

  it('Ctrl-C exits promptly with 130 and no stack trace', async () => {
    const child = spawn(process.execPath, [BIN, 'baseline', '-'], { env: pinnedEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.write(`${line({ request_id: 'c1' })}\n`); // stdin stays open: the run waits for more
    await new Promise((r) => setTimeout(r, 500));
    const t = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(Date.now() - t).toBeLessThan(2000);
    expect(stderr).toMatch(/interrupted/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
