import { describe, expect, it } from 'vitest';
import { RequestIdSet } from '../src/ingest/request-ids.js';

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
