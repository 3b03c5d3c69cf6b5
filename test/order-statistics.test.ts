// Order statistics of values spread over chunks (radix histogram + selection) against a sort.
import { describe, expect, it } from 'vitest';
import { binOf, orderStatistics } from '../src/stats/order-statistics.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
}

/** Values cut into chunks of random sizes (as value lists hold them). */
function chunked(values: Float64Array, r: () => number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let at = 0; at < values.length;) {
    const size = Math.min(values.length - at, 1 + Math.floor(r() * 20_000));
    out.push(values.subarray(at, at + size));
    at += size;
  }
  return out;
}

describe('orderStatistics', () => {
  const r = rng(99);
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const shapes: Array<[string, () => number]> = [
    ['log-normal costs', () => Math.exp(-6 + 1.8 * gauss())],
    ['latencies with ties', () => Math.round(Math.exp(1 + gauss()) * 1000) / 1000],
    ['few distinct values', () => Math.floor(r() * 4) / 2],
    ['zeros, -0 and negatives', () => [0, -0, -1.5, 2.5, -1e-300, 1e300][Math.floor(r() * 6)] * (r() < 0.5 ? 1 : r())],
    ['one value in one bin', () => 1.0000001 + r() * 1e-9],
  ];

  for (const [name, draw] of shapes) {
    it(`equals the sorted order statistics: ${name}`, () => {
      for (const n of [1, 2, 70, 5_000, 65_536, 200_000]) {
        const values = Float64Array.from({ length: n }, draw);
        const copy = Float64Array.from(values);
        const sorted = Float64Array.from(values).sort();
        const ranks = [0, n - 1, Math.floor(n / 2), Math.floor(n / 2) + 1, Math.floor(0.95 * (n - 1)), Math.floor(0.95 * (n - 1)) + 1, Math.floor(r() * n), -1, n];
        const at = orderStatistics(chunked(values, r), ranks);
        for (const rank of ranks) {
          if (rank < 0 || rank >= n) expect(at.has(rank)).toBe(false);
          // == rather than toBe: -0 and 0 are the same order statistic.
          else expect(at.get(rank)! == sorted[rank], `${name} n=${n} rank=${rank}`).toBe(true); // eslint-disable-line eqeqeq
        }
        expect(values).toEqual(copy); // the values are left as they were
      }
    });
  }

  it('has no answer for no values', () => {
    expect(orderStatistics([], [0]).size).toBe(0);
    expect(orderStatistics([new Float64Array(0)], [0, 1]).size).toBe(0);
  });

  it('bins numbers in their order, negatives below positives', () => {
    const xs = [-Infinity, -1e300, -2, -1, -1e-300, 0, 1e-300, 1, 2, 1e300, Infinity];
    for (let i = 1; i < xs.length; i++) expect(binOf(xs[i - 1]) <= binOf(xs[i]), `${xs[i - 1]} vs ${xs[i]}`).toBe(true);
  });
});
