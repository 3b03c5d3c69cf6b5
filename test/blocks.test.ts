// The reader as the pipeline uses it: readBlocks cuts sources into blocks of whole lines, blockLines
// splits a block. Line numbers, endings, BOMs, gzip, block boundaries and the bounds on memory.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { BlockPool } from '../src/engine/block-pool.js';
import { estimatedLogBytes, readBlocks } from '../src/engine/blocks.js';
import { blockLines } from '../src/engine/parse-block.js';
import type { ReadLimits } from '../src/ingest/decompress.js';

const dir = mkdtempSync(path.join(tmpdir(), 'llmops-blocks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Every line with its number; an oversized line shows as null; a read error ends the list as 'ERROR'. */
async function collect(p: string, limits: Partial<ReadLimits> = {}): Promise<Array<[number, string | null] | 'ERROR'>> {
  const out: Array<[number, string | null] | 'ERROR'> = [];
  let line = 0;
  for await (const e of readBlocks([{ kind: 'file', path: p, name: p }], [statSync(p).size], limits)) {
    if (e.kind === 'block') for (const l of blockLines(e.bytes)) out.push([++line, l]);
    else if (e.kind === 'oversized') out.push([++line, null]);
    else if (e.error !== null) out.push('ERROR');
  }
  return out;
}

/** collect, with blocks read into a pool's buffers (plain files straight into them), each slot
 *  given back once its lines are taken, as the pipeline does. */
async function collectPooled(p: string, limits: Partial<ReadLimits>, pool: BlockPool): Promise<Array<[number, string | null] | 'ERROR'>> {
  const out: Array<[number, string | null] | 'ERROR'> = [];
  let line = 0;
  for await (const e of readBlocks([{ kind: 'file', path: p, name: p }], [statSync(p).size], limits, pool)) {
    if (e.kind === 'block') {
      for (const l of blockLines(e.bytes)) out.push([++line, l]);
      pool.release(pool.slotOf(e.bytes));
    } else if (e.kind === 'oversized') out.push([++line, null]);
    else if (e.error !== null) out.push('ERROR');
  }
  return out;
}

describe('readBlocks + blockLines', () => {
  const text = '{"a":1}\r\n\n  \n{"b":"é ü 日本"}\n{"c":3}';

  it('numbers lines, strips CR and keeps a last line without newline', async () => {
    expect(await collect(file('plain.jsonl', text))).toEqual([
      [1, '{"a":1}'], [2, ''], [3, '  '], [4, '{"b":"é ü 日本"}'], [5, '{"c":3}'],
    ]);
  });

  it('gives the same lines whatever the read size (lines and UTF-8 split across reads)', async () => {
    const p = file('split.jsonl', text);
    const whole = await collect(p);
    for (const chunkSize of [1, 2, 3, 5, 7, 16]) expect(await collect(p, { chunkSize })).toEqual(whole);
  });

  it('drops a BOM at the start of a file only', async () => {
    expect(await collect(file('bom.jsonl', '\ufeff{"a":1}\n\ufeff{"b":2}\n'))).toEqual([[1, '{"a":1}'], [2, '\ufeff{"b":2}']]);
    expect(await collect(file('bom-split.jsonl', '\ufeff{"a":1}\n'), { chunkSize: 1 })).toEqual([[1, '{"a":1}']]);
  });

  it('reads sources of one or two bytes', async () => {
    expect(await collect(file('x.jsonl', 'x'))).toEqual([[1, 'x']]);
    expect(await collect(file('nl.jsonl', '\n'))).toEqual([[1, '']]);
    expect(await collect(file('ab.jsonl', 'ab'), { chunkSize: 1 })).toEqual([[1, 'ab']]);
  });

  it('counts no line for an empty file and none after a final newline', async () => {
    expect(await collect(file('empty.jsonl', ''))).toEqual([]);
    expect(await collect(file('one.jsonl', '{"a":1}\n'))).toEqual([[1, '{"a":1}']]);
  });

  it('recognises gzip by its magic bytes, not its name', async () => {
    const plain = await collect(file('p.jsonl', text));
    expect(await collect(file('zipped.log', gzipSync(text)))).toEqual(plain);
    expect(await collect(file('zipped2.log', gzipSync(text)), { chunkSize: 4 })).toEqual(plain);
  });

  it('yields the lines before a truncated gzip, then reports the error', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => `{"i":${i},"pad":"${'x'.repeat(40)}"}`).join('\n') + '\n';
    const gz = gzipSync(many);
    const out = await collect(file('cut.gz', gz.subarray(0, Math.floor(gz.length * 0.7))));
    expect(out[out.length - 1]).toBe('ERROR');
    const lines = out.slice(0, -1) as Array<[number, string]>;
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.slice(0, -1).every(([n, l]) => l.startsWith(`{"i":${n - 1},`))).toBe(true);
  });

  it('cuts big inputs into several blocks without losing or splitting a line', async () => {
    const many = Array.from({ length: 30_000 }, (_, i) => `{"i":${i}}`).join('\n') + '\n';
    const out = await collect(file('many.jsonl', many), { chunkSize: 4096 });
    expect(out).toHaveLength(30_000);
    expect(out.every((e, i) => e !== 'ERROR' && e[1] === `{"i":${i}}`)).toBe(true);
  });
});

describe('plain files read straight into pool buffers', () => {
  const many = Array.from({ length: 800 }, (_, i) => `{"i":${i},"s":"${'é'.repeat(i % 7)}"}`).join('\n');
  const long = `{"a":1}\n{"long":"${'z'.repeat(700)}"}\n{"b":2}\n`;

  it('gives the same lines as the general reader, whatever the read and buffer sizes', async () => {
    for (const [name, content] of [['many.jsonl', many + '\n'], ['no-final-newline.jsonl', many], ['long-line.jsonl', long], ['crlf.jsonl', many.replace(/\n/g, '\r\n')], ['one-byte-last-line.jsonl', `${many}\nx`]] as const) {
      const p = file(`pool-${name}`, content);
      for (const chunkSize of name === 'long-line.jsonl' ? [1, 7, 64] : [7, 64, 4096]) {
        const want = await collect(p, { chunkSize });
        // Buffers smaller than a line (the long one) hand over to the general reader mid-file.
        for (const slotBytes of [chunkSize + 100, chunkSize + 2000, 1 << 16]) {
          expect(await collectPooled(p, { chunkSize, maxLineBytes: 1 << 20 }, new BlockPool(3, slotBytes)), `${name} ${chunkSize} ${slotBytes}`).toEqual(want);
        }
      }
    }
  });

  it('keeps working when every buffer is taken (blocks get buffers of their own)', async () => {
    const p = file('pool-busy.jsonl', many + '\n');
    const pool = new BlockPool(1, 1 << 16);
    const taken = pool.allocate(10); // never given back
    const out: string[] = [];
    for await (const e of readBlocks([{ kind: 'file', path: p, name: p }], [statSync(p).size], { chunkSize: 512 }, pool)) {
      if (e.kind === 'block') {
        expect(pool.slotOf(e.bytes)).toBe(-1);
        out.push(...blockLines(e.bytes));
      }
    }
    expect(out).toEqual(many.split('\n'));
    expect(pool.slotOf(taken)).toBe(0);
  });

  it('leaves a file with a BOM, and gzip, to the general reader, with the same lines', async () => {
    const bom = file('pool-bom.jsonl', '\ufeff' + many);
    const gz = file('pool-gz.log', gzipSync(many));
    expect(await collectPooled(bom, { chunkSize: 100 }, new BlockPool(3))).toEqual(await collect(bom, { chunkSize: 100 }));
    expect(await collectPooled(gz, { chunkSize: 100 }, new BlockPool(3))).toEqual(await collect(bom, { chunkSize: 100 }));
  });
});

describe('bounded memory', () => {
  it('drops a line longer than the limit as it streams past and keeps the lines around it', async () => {
    const p = file('huge.jsonl', `{"a":1}\n${'x'.repeat(5000)}\n{"b":2}\n${'y'.repeat(3000)}`);
    expect(await collect(p, { chunkSize: 64, maxLineBytes: 1000 })).toEqual([[1, '{"a":1}'], [2, null], [3, '{"b":2}'], [4, null]]);
  });

  it('stops a gzip stream that expands like a bomb, after yielding what came before', async () => {
    const p = file('bomb.gz', gzipSync(Buffer.alloc(5_000_000, 0x0a)));
    const out = await collect(p, { gzipBombBytes: 1_000_000, gzipMaxRatio: 50 });
    expect(out[out.length - 1]).toBe('ERROR');
    expect(out.length).toBeGreaterThan(1);
    expect(out.length).toBeLessThan(5_000_000);
  });
});

describe('estimatedLogBytes (for the choice of parser threads)', () => {
  it('counts plain files by size, big gzip files by size × 5, stdin and pipes as 0', () => {
    const plain = file('est-plain.jsonl', Buffer.alloc(2 << 20, 0x61));
    const gz = file('est-big.log', Buffer.concat([gzipSync(Buffer.alloc(1 << 20, 0x61)), randomFill(2 << 20)]));
    const smallGz = file('est-small.gz', gzipSync('{"a":1}\n'));
    const sources = [plain, gz, smallGz].map((p) => ({ kind: 'file' as const, path: p, name: p }));
    const sizes = sources.map((s) => statSync(s.path).size);
    expect(estimatedLogBytes(sources, sizes)).toBe(sizes[0] + sizes[1] * 5 + sizes[2]);
    expect(estimatedLogBytes([{ kind: 'stdin' }], [NaN])).toBe(0);
  });
});

/** Bytes that do not compress, so a file starting with a gzip member stays big on disk. */
function randomFill(n: number): Buffer {
  const b = Buffer.alloc(n);
  let s = 1;
  for (let i = 0; i < n; i++) b[i] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
  return b;
}
