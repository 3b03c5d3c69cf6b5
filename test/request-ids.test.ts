import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { fingerprint, RequestIdSet, SharedRequestIds } from '../src/ingest/request-ids.js';

describe('RequestIdSet', () => {
  it('says whether an id is new, through many resizes', () => {
    const set = new RequestIdSet(16);
    const ids = Array.from({ length: 200_000 }, (_, i) => `req_011C${i.toString(36).padStart(8, '0')}`);
    for (const id of ids) expect(set.add(id)).toBe(true);
    expect(set.size).toBe(ids.length);
    for (let i = 0; i < ids.length; i += 997) expect(set.add(ids[i])).toBe(false);
    expect(set.add('req_new')).toBe(true);
    expect(set.size).toBe(ids.length + 1);
  });

  it('tells apart ids that differ in one character, in length, or only beyond ASCII', () => {
    const set = new RequestIdSet();
    for (const id of ['a', 'b', 'ab', 'ba', 'a\u0000', '', 'é', 'e\u0301', '日本', 'req_1', 'req_10', 'req_01']) expect(set.add(id)).toBe(true);
    // Words swapped, and one byte changed at every place of ids of every length up to 40.
    for (const id of ['aaaabbbb', 'bbbbaaaa', 'aaaabbbbcccc', 'ccccbbbbaaaa', 'aaaabbbbccccdddd', 'bbbbaaaaddddcccc']) expect(set.add(id), id).toBe(true);
    const base = 'req_011CUaazg7GJUNqojeQv4cU2abcdefghijklmn';
    for (let n = 1; n <= 40; n++) {
      for (let at = 0; at < n; at++) expect(set.add(base.slice(0, at) + '#' + base.slice(at + 1, n)), `${n} ${at}`).toBe(true);
    }
    expect(set.add('ab')).toBe(false);
    expect(set.add('')).toBe(false);
  });

  it('matches a Set<string> on random ids with many repeats', () => {
    let seed = 5;
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const set = new RequestIdSet(16);
    const exact = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const id = `id-${Math.floor(rand() * 30_000)}`;
      expect(set.add(id)).toBe(!exact.has(id));
      exact.add(id);
    }
  });
});

/** A worker-thread script running `body` with SharedRequestIds, workerData and parentPort in scope
 *  (the module bundled for plain Node, so a real thread can load it), in a new temporary folder. */
async function threadScript(body: string): Promise<{ dir: string; script: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'llmops-ids-'));
  const bundle = join(dir, 'request-ids.mjs');
  await build({ entryPoints: [fileURLToPath(new URL('../src/ingest/request-ids.ts', import.meta.url))], bundle: true, format: 'esm', platform: 'node', outfile: bundle, logLevel: 'silent' });
  const script = join(dir, 'thread.mjs');
  writeFileSync(script, `
    import { workerData, parentPort } from 'node:worker_threads';
    import { SharedRequestIds } from ${JSON.stringify(pathToFileURL(bundle).href)};
    ${body}
  `);
  return { dir, script };
}

describe('SharedRequestIds', () => {
  /** Blocks of fingerprints with repeats inside and across blocks, and records without an id. */
  function blocksOfIds(blocks: number, perBlock: number, distinct: number, seed = 7): Int32Array[] {
    let s = seed;
    const rand = () => ((s = (s * 48271) % 2147483647) / 2147483647);
    return Array.from({ length: blocks }, () => {
      const ids = new Int32Array(perBlock * 2);
      for (let i = 0; i < perBlock; i++) {
        if (rand() < 0.05) continue; // no id: [0, 0]
        fingerprint(`req_${Math.floor(rand() * distinct)}`, ids, 2 * i);
      }
      return ids;
    });
  }

  /** What one thread reading the blocks in order decides: 1 for a duplicate. */
  function expectedVerdicts(blocks: Int32Array[]): Uint8Array[] {
    const seen = new Set<string>();
    return blocks.map((ids) => {
      const out = new Uint8Array(ids.length / 2);
      for (let i = 0; i < out.length; i++) {
        if (ids[2 * i + 1] === 0) continue;
        const key = `${ids[2 * i]},${ids[2 * i + 1]}`;
        if (seen.has(key)) out[i] = 1;
        seen.add(key);
      }
      return out;
    });
  }

  it('rules on blocks in turn like a Set, growing in place many times', () => {
    const blocks = blocksOfIds(40, 2_000, 50_000);
    const set = SharedRequestIds.create(16);
    const expected = expectedVerdicts(blocks);
    blocks.forEach((ids, seq) => {
      expect(set.isTurn(seq)).toBe(true);
      const dup = new Uint8Array(ids.length / 2).fill(9);
      const n = set.rule(ids, ids.length / 2, seq, dup);
      expect(dup).toEqual(expected[seq]);
      expect(n).toBe(expected[seq].reduce((a, b) => a + b, 0));
    });
    const all = new Set(blocks.flatMap((ids) => [...ids].flatMap((v, i) => (i % 2 === 0 && ids[i + 1] !== 0 ? [`${v},${ids[i + 1]}`] : []))));
    expect(set.size).toBe(all.size);
  });

  it('rules alike on blocks of every size around its batches of 16 (repeats within a batch, across batches and blocks)', () => {
    const sizes = [1, 2, 15, 16, 17, 31, 32, 33, 47, 100];
    const blocks = sizes.map((n, k) => blocksOfIds(1, n, 40, 11 + k)[0]);
    const set = SharedRequestIds.create(16);
    const expected = expectedVerdicts(blocks);
    blocks.forEach((ids, seq) => {
      const dup = new Uint8Array(ids.length / 2 + 3).fill(9);
      const n = set.rule(ids, ids.length / 2, seq, dup);
      expect([...dup.subarray(0, ids.length / 2)], `block of ${ids.length / 2}`).toEqual([...expected[seq]]);
      expect([...dup.subarray(ids.length / 2)]).toEqual([9, 9, 9]); // nothing written past the block
      expect(n).toBe(expected[seq].reduce((a, b) => a + b, 0));
    });
    expect(expected.flatMap((v) => [...v]).filter((d) => d === 1).length).toBeGreaterThan(50); // repeats were there to find
  });

  it('refuses a block out of turn', () => {
    const set = SharedRequestIds.create(16);
    expect(set.isTurn(1)).toBe(false);
    expect(() => set.rule(new Int32Array(2), 1, 1, new Uint8Array(1))).toThrow(/out of turn/);
  });

  it('starts from the ids a RequestIdSet read before', () => {
    const local = new RequestIdSet(16);
    for (let i = 0; i < 1000; i++) local.add(`req_${i}`);
    const set = SharedRequestIds.create(16, local);
    expect(set.size).toBe(1000);
    const ids = new Int32Array(4);
    fingerprint('req_999', ids, 0);
    fingerprint('req_1000', ids, 2);
    const dup = new Uint8Array(2);
    expect(set.rule(ids, 2, 0, dup)).toBe(1);
    expect([...dup]).toEqual([1, 0]);
  });

  it('gives the same verdicts when two threads take turns on interleaved blocks', async () => {
    const { dir, script } = await threadScript(`
      const set = SharedRequestIds.attach(workerData.handle);
      const out = [];
      for (let seq = workerData.first; seq < workerData.blocks.length; seq += 2) {
        const ids = workerData.blocks[seq];
        const dup = new Uint8Array(ids.length / 2);
        set.waitForTurn(seq);
        set.rule(ids, ids.length / 2, seq, dup);
        out.push([seq, dup]);
      }
      parentPort.postMessage(out);
    `);
    const blocks = blocksOfIds(60, 3_000, 40_000, 11);
    const set = SharedRequestIds.create(16); // grows in place during the run, in both threads' turns
    const verdicts = await Promise.all([0, 1].map((first) => new Promise<Array<[number, Uint8Array]>>((resolve, reject) => {
      const w = new Worker(script, { workerData: { handle: set.handle, blocks, first } });
      w.once('message', (m) => {
        resolve(m);
        void w.terminate();
      });
      w.once('error', reject);
    })));
    const expected = expectedVerdicts(blocks);
    const got = verdicts.flat().sort((a, b) => a[0] - b[0]);
    expect(got.map(([seq]) => seq)).toEqual(blocks.map((_, seq) => seq));
    for (const [seq, dup] of got) expect(dup).toEqual(expected[seq]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('SharedRequestIds.abandon', () => {
  it('makes every turn question throw instead of waiting', () => {
    const set = SharedRequestIds.create(16);
    set.abandon();
    expect(() => set.isTurn(0)).toThrow(/another parser thread failed/);
    expect(() => set.waitForTurn(3)).toThrow(/another parser thread failed/);
    expect(() => set.turnMoved(3)).toThrow(/another parser thread failed/);
    expect(() => set.rule(new Int32Array(2), 1, 0, new Uint8Array(1))).toThrow(/another parser thread failed/);
  });

  it('wakes a thread blocked waiting for its turn', async () => {
    const { dir, script } = await threadScript(`
      const set = SharedRequestIds.attach(workerData);
      parentPort.postMessage('waiting');
      try { set.waitForTurn(5); parentPort.postMessage('turn came'); } catch (err) { parentPort.postMessage(String(err.message)); }
    `);
    const set = SharedRequestIds.create(16);
    const w = new Worker(script, { workerData: set.handle });
    const messages: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      w.on('message', (m: string) => {
        messages.push(m);
        if (m === 'waiting') setTimeout(() => set.abandon(), 50);
        else resolve();
      });
      w.once('error', reject);
    });
    await done;
    await w.terminate();
    expect(messages).toEqual(['waiting', 'request ids: another parser thread failed']);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('SharedRequestIds.prefaultTable', () => {
  it('keeps the ids a set started with, however often it is called', () => {
    const local = new RequestIdSet(16);
    for (let i = 0; i < 100; i++) local.add(`req_${i}`);
    const set = SharedRequestIds.create(16, local);
    set.prefaultTable();
    set.prefaultTable();
    const ids = new Int32Array(2);
    fingerprint('req_42', ids, 0);
    const dup = new Uint8Array(1);
    expect(set.rule(ids, 1, 0, dup)).toBe(1);
  });
});

describe('SharedRequestIds.holdTurns', () => {
  it('holds the first turn back until the table is prefaulted, then lets it go', async () => {
    const set = SharedRequestIds.create(1000);
    set.holdTurns();
    expect(set.isTurn(0)).toBe(false);
    const moved = set.turnMoved(0);
    expect(moved).not.toBeNull();
    let woke = false;
    void moved!.then(() => (woke = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(woke).toBe(false);
    set.prefaultTable();
    await moved;
    expect(woke).toBe(true);
    expect(set.isTurn(0)).toBe(true);
    const ids = new Int32Array(2);
    fingerprint('req_1', ids, 0);
    expect(set.rule(ids, 1, 0, new Uint8Array(1))).toBe(0);
  });

  it('holds nothing once the table is prefaulted (it may hold ids by then)', () => {
    const set = SharedRequestIds.create(1000);
    set.prefaultTable();
    set.holdTurns();
    expect(set.isTurn(0)).toBe(true);
  });

  it('is not undone by a later prefault after the turns were abandoned', () => {
    const set = SharedRequestIds.create(1000);
    set.holdTurns();
    set.abandon();
    set.prefaultTable();
    expect(() => set.isTurn(0)).toThrow(/another parser thread failed/);
  });
});
