import { describe, expect, it } from 'vitest';
import { quantileAt, quantileRanks } from '../src/stats/quantile.js';
import { sortedRun, valuesAtRanksOfRuns } from '../src/stats/sorted-runs.js';

/** Quantile q of the values (not mutated) the way reports read it: the ranks quantileRanks names,
 *  found in the values' sorted run, combined by quantileAt. */
function quantile(values: readonly number[], q: number): number | null {
  const n = values.length;
  return quantileAt(valuesAtRanksOfRuns([sortedRun(Float64Array.from(values))], quantileRanks(n, q)), n, q);
}

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
