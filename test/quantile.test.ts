import { describe, expect, it } from 'vitest';
import { quantile, quantileOfSorted, quantilesInPlace, valuesAtRanks } from '../src/stats/quantile.js';

describe('quantile (numpy linear interpolation)', () => {
  it('matches numpy.percentile for the documented example', () => {
    // numpy.quantile([1, 2, 3, 4], 0.95) = 3.85: h = 3 * 0.95 = 2.85 → 3 + 0.85 * (4 - 3)
    expect(quantile([1, 2, 3, 4], 0.95)).toBeCloseTo(3.85, 12);
  });

  it('interpolates between ranks and hits exact ranks', () => {
    expect(quantile([10, 20, 30, 40, 50], 0.5)).toBe(30);
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25);
    // h = 9 * 0.95 = 8.55 over 1..10 → 9 + 0.55 = 9.55
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBeCloseTo(9.55, 12);
  });

  it('sorts unsorted input without mutating it', () => {
    const values = [4, 1, 3, 2];
    expect(quantile(values, 0.95)).toBeCloseTo(3.85, 12);
    expect(values).toEqual([4, 1, 3, 2]);
  });

  it('handles one value and the ends', () => {
    expect(quantile([7], 0.95)).toBe(7);
    expect(quantile([3, 1, 2], 0)).toBe(1);
    expect(quantile([3, 1, 2], 1)).toBe(3);
  });

  it('is null when there are no values', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantileOfSorted(new Float64Array(0), 0.95)).toBeNull();
  });

  it('agrees with an independent type-7 computation on random data', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(rand() * 200);
      const xs = Array.from({ length: n }, () => Math.exp(rand() * 5));
      const sorted = [...xs].sort((a, b) => a - b);
      for (const q of [0.5, 0.95, 0.99]) {
        const h = (n - 1) * q;
        const lo = Math.floor(h);
        const want = lo + 1 < n ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
        expect(quantile(xs, q)).toBeCloseTo(want, 9);
      }
    }
  });
});

describe('quantilesInPlace (selection)', () => {
  it('equals the sort-based quantiles exactly, with ties, tiny and large inputs', () => {
    let seed = 3;
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const sizes = [1, 2, 3, 4, 5, 10, 21, 100, 601, 602, 5000, 40000];
    for (const n of sizes) {
      for (const shape of ['random', 'ties', 'sorted', 'reversed'] as const) {
        let xs = Array.from({ length: n }, () => (shape === 'ties' ? Math.floor(rand() * 5) / 100 : Math.exp(rand() * 8)));
        if (shape === 'sorted') xs = xs.sort((a, b) => a - b);
        if (shape === 'reversed') xs = xs.sort((a, b) => b - a);
        const qs = [0.5, 0.95, 0.99, 1];
        const got = quantilesInPlace(Float64Array.from(xs), qs);
        expect(got).toEqual(qs.map((q) => quantile(xs, q)));
      }
    }
  });

  it('handles repeated and equal ranks and empty input', () => {
    expect(quantilesInPlace(Float64Array.from([4, 1, 3, 2]), [0.95, 0.95, 1])).toEqual([3.85, 3.85, 4].map((v, i) => (i < 2 ? expect.closeTo(v, 12) : v)));
    expect(quantilesInPlace(new Float64Array(0), [0.5, 1])).toEqual([null, null]);
  });
});

describe('valuesAtRanks (ascending selection sweep)', () => {
  it('gives the sorted order statistics for any set of ranks, in any order, with ties', () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rand() * 3000);
      // Few distinct values in some trials, so ties are common.
      const distinct = trial % 3 === 0 ? 5 : 1e9;
      const values = Float64Array.from({ length: n }, () => Math.floor(rand() * distinct) / 7);
      const sorted = Float64Array.from(values).sort();
      const ranks = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => Math.floor(rand() * (n + 2)) - 1);
      ranks.push(0, n - 1); // the ends, and ranks right next to each other
      if (n > 2) ranks.push(Math.floor(n / 2), Math.floor(n / 2) + 1);
      const at = valuesAtRanks(values, ranks);
      for (const r of ranks) {
        if (r < 0 || r >= n) expect(at.has(r)).toBe(false);
        else expect(at.get(r)).toBe(sorted[r]);
      }
      expect(Float64Array.from(values).sort()).toEqual(sorted); // reordered, nothing lost
    }
  });
});
