// Statistics of values held as sorted runs, against a plain sort of all the values together.
import { describe, expect, it } from 'vitest';
import { histogramOfRuns, logEdges } from '../src/stats/histogram.js';
import { quantileAt, quantileRanks } from '../src/stats/quantile.js';
import {
  positiveRangeOfRuns, runsLength, sortedRun, squaredDeviations, valuesAtRanksOfRuns, type SortedRun,
} from '../src/stats/sorted-runs.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
}

/** The values cut into `m` runs of random sizes (some empty), each sorted as a thread would. */
function runsOf(values: Float64Array, m: number, r: () => number): SortedRun[] {
  const cuts = [0, values.length, ...Array.from({ length: m - 1 }, () => Math.floor(r() * (values.length + 1)))].sort((a, b) => a - b);
  return cuts.slice(1).map((end, i) => sortedRun(values.slice(cuts[i], end)));
}

describe('valuesAtRanksOfRuns', () => {
  const r = rng(99);
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const shapes: Array<[string, () => number]> = [
    ['log-normal costs', () => Math.exp(-6 + 1.8 * gauss())],
    ['latencies with ties', () => Math.round(Math.exp(1 + gauss()) * 1000) / 1000],
    ['few distinct values', () => Math.floor(r() * 4) / 2],
    ['zeros, -0 and negatives', () => [0, -0, -1.5, 2.5, -1e-300, 1e300][Math.floor(r() * 6)] * (r() < 0.5 ? 1 : r())],
    ['one value over and over', () => 0.25],
  ];

  for (const [name, draw] of shapes) {
    it(`equals the sorted order statistics: ${name}`, () => {
      for (const n of [1, 2, 70, 5_000, 60_000]) {
        for (const m of [1, 2, 7, 60, 450]) {
          const values = Float64Array.from({ length: n }, draw);
          const sorted = Float64Array.from(values).sort();
          const runs = runsOf(values, m, r);
          // Neighbouring ranks (a quantile's two, and a chain of three, given out of order) take the
          // step from the rank before; ranks a little above one found (the p95's confidence bounds)
          // a walk up from it; the others a selection.
          const third = Math.floor(n / 3);
          const p95 = Math.floor(0.95 * (n - 1));
          const ranks = [
            0, n - 1, Math.floor(n / 2), Math.floor(n / 2) + 1, p95, p95 + 1, p95 - 150, p95 + 150, p95 + 2500,
            third + 2, third, third + 1, Math.floor(r() * n), -1, n,
          ];
          const at = valuesAtRanksOfRuns(runs, ranks);
          for (const rank of ranks) {
            if (rank < 0 || rank >= n) expect(at.has(rank)).toBe(false);
            // == rather than toBe: -0 and 0 are the same order statistic.
            else expect(at.get(rank)! == sorted[rank], `${name} n=${n} m=${m} rank=${rank}`).toBe(true); // eslint-disable-line eqeqeq
          }
        }
      }
    });
  }

  it('gives numpy-style quantiles through quantileAt', () => {
    // numpy.quantile([1, 2, 3, 4], 0.95) = 3.85: h = 3 · 0.95 = 2.85 → 3 + 0.85 · (4 − 3)
    const runs = [sortedRun(Float64Array.from([4, 1])), sortedRun(Float64Array.from([3, 2]))];
    expect(quantileAt(valuesAtRanksOfRuns(runs, quantileRanks(4, 0.95)), 4, 0.95)).toBeCloseTo(3.85, 12);
    expect(quantileAt(valuesAtRanksOfRuns(runs, quantileRanks(4, 0.5)), 4, 0.5)).toBe(2.5);
  });

  it('gives the same order statistics either side of where short runs start to be gathered and sorted', () => {
    // Gathered: at most 128 values a run on average and 32,768 in all; one value more of either, selected.
    const r2 = rng(7);
    const cases: Array<[runs: number, values: number]> = [[4, 512], [4, 513], [10, 1280], [10, 1281], [256, 32768], [256, 32769], [300, 32768], [300, 32769]];
    for (const [m, n] of cases) {
      const values = Float64Array.from({ length: n }, () => Math.round(Math.exp(1 + 2 * r2()) * 100) / 100);
      const sorted = Float64Array.from(values).sort();
      // Runs of equal length (the last takes what is left), none empty, so the average is exactly n / m.
      const size = Math.floor(n / m);
      const runs = Array.from({ length: m }, (_, i) => sortedRun(values.slice(i * size, i === m - 1 ? n : (i + 1) * size)));
      const ranks = [0, Math.floor(n / 2), Math.floor(n / 2) + 1, Math.floor(0.95 * (n - 1)), Math.floor(0.95 * (n - 1)) + 1, n - 1];
      const at = valuesAtRanksOfRuns(runs, ranks);
      for (const rank of ranks) expect(at.get(rank), `m=${m} n=${n} rank=${rank}`).toBe(sorted[rank]);
    }
  });

  it('has no answer for no values', () => {
    expect(valuesAtRanksOfRuns([], [0]).size).toBe(0);
    expect(valuesAtRanksOfRuns([sortedRun(new Float64Array(0))], [0, 1]).size).toBe(0);
  });
});

describe('sortedRun and squaredDeviations', () => {
  it('sorts the values and keeps their sum and squared deviations', () => {
    const run = sortedRun(Float64Array.from([3, 1, 2, 10]));
    expect([...run.values]).toEqual([1, 2, 3, 10]);
    expect(run.sum).toBe(16);
    expect(run.m2).toBe(9 + 4 + 1 + 36); // mean 4
  });

  it('merges runs into the two-pass sum of squares of all the values', () => {
    const r = rng(5);
    for (const m of [1, 3, 40]) {
      const values = Float64Array.from({ length: 10_000 }, () => Math.exp(-9 + 3 * r()));
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const direct = values.reduce((a, v) => a + (v - mean) ** 2, 0);
      const runs = runsOf(values, m, r);
      expect(runsLength(runs)).toBe(values.length);
      expect(squaredDeviations(runs, mean) / direct).toBeCloseTo(1, 12);
    }
  });
});

describe('histogramOfRuns and positiveRangeOfRuns', () => {
  /** The bins the long way: per value, the last edge at or below it (end bins take what is outside). */
  function binned(values: ArrayLike<number>, edges: readonly number[]): { counts: number[]; zero: number } {
    const counts = new Array(Math.max(0, edges.length - 1)).fill(0);
    let zero = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v <= 0) zero++;
      else if (counts.length > 0) {
        let b = 0;
        while (b + 1 < counts.length && v >= edges[b + 1]) b++;
        counts[b]++;
      }
    }
    return { counts, zero };
  }

  it('counts [edge i, edge i+1), the last bin closed, zeros apart', () => {
    const edges = [0.001, 0.01, 0.1, 1];
    const runs = [sortedRun(Float64Array.from([0, 0.001, 0.0099])), sortedRun(Float64Array.from([0.01, 0.5, 1, 0.2]))];
    expect(histogramOfRuns(runs, edges)).toEqual({ edges, counts: [2, 1, 3], zero: 1 });
  });

  it('puts a value lying exactly on an edge in the bin that edge opens', () => {
    const edges = logEdges(0.001, 1, 40);
    const h = histogramOfRuns([sortedRun(Float64Array.from(edges.slice(0, -1)))], edges);
    expect(h.counts.every((n) => n === 1)).toBe(true);
  });

  it('agrees with binning value by value, values outside the edges included', () => {
    const r = rng(17);
    const values = Float64Array.from({ length: 20_000 }, (_, i) => (i % 97 === 0 ? 0 : i % 89 === 0 ? -0 : Math.exp(-12 + 10 * r())));
    const runs = runsOf(values, 30, r);
    const range = positiveRangeOfRuns(runs)!;
    const positive = [...values].filter((v) => v > 0);
    expect(range).toEqual({ min: Math.min(...positive), max: Math.max(...positive) });
    for (const edges of [logEdges(range.min, range.max), logEdges(1e-4, 1e-3), [0.001, 0.002]]) {
      const h = histogramOfRuns(runs, edges);
      expect({ counts: h.counts, zero: h.zero }).toEqual(binned(values, edges));
      expect(h.counts.reduce((a, b) => a + b, 0) + h.zero).toBe(values.length);
    }
  });

  it('keeps only the zero count when there are no edges, and has no range without a positive value', () => {
    const runs = [sortedRun(Float64Array.from([0, 0]))];
    expect(histogramOfRuns(runs, [])).toEqual({ edges: [], counts: [], zero: 2 });
    expect(positiveRangeOfRuns(runs)).toBeNull();
    expect(positiveRangeOfRuns([])).toBeNull();
  });
});
