import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readLines } from '../src/ingest/lines.js';

const dir = mkdtempSync(path.join(tmpdir(), 'llmops-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function collect(p: string, chunkSize?: number): Promise<Array<[number, string]>> {
  // chunkSize stands in for the block size the file is read in
  const out: Array<[number, string]> = [];
  for await (const batch of readLines({ kind: 'file', path: p, name: p }, chunkSize ? { chunkSize } : {})) {
    batch.lines.forEach((l, i) => out.push([batch.firstLine + i, l]));
  }
  return out;
}

describe('readLines', () => {
  const text = '{"a":1}\r\n\n  \n{"b":"é ü 日本"}\n{"c":3}';

  it('numbers lines, strips CR and keeps a last line without newline', async () => {
    expect(await collect(file('plain.jsonl', text))).toEqual([
      [1, '{"a":1}'], [2, ''], [3, '  '], [4, '{"b":"é ü 日本"}'], [5, '{"c":3}'],
    ]);
  });

  it('gives the same lines whatever the block size (lines and UTF-8 split across blocks)', async () => {
    const p = file('split.jsonl', text);
    const whole = await collect(p);
    for (const size of [1, 2, 3, 5, 7, 16]) expect(await collect(p, size)).toEqual(whole);
  });

  it('drops a BOM at the start of a file only', async () => {
    expect(await collect(file('bom.jsonl', '\ufeff{"a":1}\n\ufeff{"b":2}\n'))).toEqual([[1, '{"a":1}'], [2, '\ufeff{"b":2}']]);
  });

  it('counts no line for an empty file and none after a final newline', async () => {
    expect(await collect(file('empty.jsonl', ''))).toEqual([]);
    expect(await collect(file('one.jsonl', '{"a":1}\n'))).toEqual([[1, '{"a":1}']]);
  });

  it('recognises gzip by its magic bytes, not its name', async () => {
    const plain = await collect(file('p.jsonl', text));
    expect(await collect(file('zipped.log', gzipSync(text)))).toEqual(plain);
    expect(await collect(file('zipped2.log', gzipSync(text)), 4)).toEqual(plain);
  });

  it('yields the lines before a truncated gzip, then throws', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => `{"i":${i},"pad":"${'x'.repeat(40)}"}`).join('\n') + '\n';
    const gz = gzipSync(many);
    const p = file('cut.gz', gz.subarray(0, Math.floor(gz.length * 0.7)));
    const seen: string[] = [];
    await expect((async () => {
      for await (const batch of readLines({ kind: 'file', path: p, name: p })) seen.push(...batch.lines);
    })()).rejects.toThrow();
    expect(seen.length).toBeGreaterThan(100);
    expect(seen.slice(0, -1).every((l, i) => l.startsWith(`{"i":${i},`))).toBe(true);
  });
});

describe('bounded memory', () => {
  it('drops a line longer than the limit as it streams past and keeps the lines around it', async () => {
    const p = file('huge.jsonl', `{"a":1}\n${'x'.repeat(5000)}\n{"b":2}\n${'y'.repeat(3000)}`);
    const seen: Array<[number, string, boolean]> = [];
    for await (const batch of readLines({ kind: 'file', path: p, name: p }, { chunkSize: 64, maxLineBytes: 1000 })) {
      batch.lines.forEach((l, i) => seen.push([batch.firstLine + i, l, batch.oversized?.has(i) ?? false]));
    }
    expect(seen).toEqual([[1, '{"a":1}', false], [2, '', true], [3, '{"b":2}', false], [4, '', true]]);
  });

  it('stops a gzip stream that expands like a bomb, after yielding what came before', async () => {
    const p = file('bomb.gz', gzipSync(Buffer.alloc(5_000_000, 0x0a)));
    let lines = 0;
    await expect((async () => {
      for await (const batch of readLines({ kind: 'file', path: p, name: p }, { gzipBombBytes: 1_000_000, gzipMaxRatio: 50 })) lines += batch.lines.length;
    })()).rejects.toThrow(/gzip expands more than 50x/);
    expect(lines).toBeGreaterThan(0);
    expect(lines).toBeLessThan(5_000_000);
  });
});
