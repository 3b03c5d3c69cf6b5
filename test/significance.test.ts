// The tests behind "is the change real?": t distribution against tabulated and closed-form values,
// Welch's t-test by hand, and order-statistic intervals for the p95 against the binomial directly.
import { describe, expect, it } from 'vitest';
import {
  binomialCdf, incompleteBeta, indicatorSd, intervalsDiffer, logGamma, meansDiffer, p95sDiffer, quantileRankInterval,
  ratesDiffer, studentTCdf, studentTTwoSided, welchTest,
} from '../src/stats/significance.js';

describe('logGamma and the incomplete beta function', () => {
  it('ln Γ at known points', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 9); // ln 170!
  });

  it('I_x(a, b) in closed forms: I_x(1, b) = 1 − (1−x)^b, I_x(a, 1) = x^a, symmetry', () => {
    expect(incompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 14);
    expect(incompleteBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 14);
    expect(incompleteBeta(0.42, 3.3, 7.1)).toBeCloseTo(1 - incompleteBeta(0.58, 7.1, 3.3), 14);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });
});

describe('Student t CDF', () => {
  it('closed forms: df = 1 (Cauchy), df = 2, df = 4', () => {
    for (const t of [-7, -1.3, -0.2, 0, 0.4, 1, 3.3, 12]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
      const u = 1 + (t * t) / 4;
      expect(studentTCdf(t, 4)).toBeCloseTo(0.5 + ((3 / 8) * t / Math.sqrt(u)) * (1 - (t * t) / (12 * u)), 13);
    }
  });

  it('the 97.5% points of t tables (scipy.stats.t.ppf) give 0.975', () => {
    const table: Array<[df: number, t: number]> = [
      [1, 12.706204736174694], [2, 4.302652729749462], [5, 2.5705818356363146], [10, 2.228138851986274],
      [20, 2.085963447265864], [30, 2.0422724563012378], [120, 1.9799304050824402], [1000, 1.9623390808264083],
    ];
    for (const [df, t] of table) {
      expect(studentTCdf(t, df), `df ${df}`).toBeCloseTo(0.975, 12);
      expect(studentTTwoSided(t, df), `df ${df}`).toBeCloseTo(0.05, 12);
    }
  });

  it('values from scipy.stats.t.cdf, non-integer df included', () => {
    expect(studentTCdf(2.0, 5)).toBeCloseTo(0.9490302605850708, 13);
    expect(studentTCdf(-1.5, 3.7)).toBeCloseTo(0.10679908460100675, 13);
    expect(studentTCdf(0.5, 2.5)).toBeCloseTo(0.6711510400651426, 13);
    expect(studentTCdf(-0.3, 7.2)).toBeCloseTo(0.3863269460945543, 13);
    expect(studentTCdf(3.0, 1000)).toBeCloseTo(0.9986166454778809, 13);
    expect(studentTTwoSided(10, 4)).toBeCloseTo(0.000562003622715991, 15);
    // Far in the tail the p-value keeps its relative precision (scipy: 1.2091822381287035e-21).
    expect(studentTTwoSided(25, 30) / 1.2091822381287035e-21).toBeCloseTo(1, 9);
  });

  it('is a normal distribution for large df', () => {
    expect(studentTCdf(1.959963984540054, 1e7)).toBeCloseTo(0.975, 7);
  });
});

describe("Welch's t-test", () => {
  it('matches a hand computation', () => {
    // before 1..5: mean 3, s² = 2.5; after 2,4,…,12: mean 7, s² = 70/5 = 14.
    // s₁²/n₁ = 0.5, s₂²/n₂ = 14/6; t = 4 / √(17/6) = 2.376354…;
    // df = (17/6)² / (0.5²/4 + (7/3)²/5) = 8.02777… / 1.15138… = 6.972256…
    const r = welchTest({ mean: 3, sd: Math.sqrt(2.5), n: 5 }, { mean: 7, sd: Math.sqrt(14), n: 6 })!;
    expect(r.t).toBeCloseTo(4 / Math.sqrt(17 / 6), 12);
    expect(r.df).toBeCloseTo((17 / 6) ** 2 / (0.25 / 4 + (7 / 3) ** 2 / 5), 12);
    expect(r.df).toBeCloseTo(6.972255729794934, 10);
    expect(r.pValue).toBeCloseTo(0.04928433820673053, 12); // scipy.stats.ttest_ind(equal_var=False)
    expect(r.significant).toBe(true);
  });

  it('a second sample against scipy', () => {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
    const a = [0.010, 0.012, 0.011, 0.013, 0.009, 0.010];
    const b = [0.020, 0.018, 0.025, 0.015];
    const r = welchTest({ mean: mean(a), sd: sd(a), n: a.length }, { mean: mean(b), sd: sd(b), n: b.length })!;
    expect(r.t).toBeCloseTo(3.96496282864772, 10);
    expect(r.df).toBeCloseTo(3.4965960665658096, 10);
    expect(r.pValue).toBeCloseTo(0.02151561422715711, 10);
  });

  it('a 12% swing in 40 requests with an ordinary spread is not significant', () => {
    const r = welchTest({ mean: 0.010, sd: 0.008, n: 40 }, { mean: 0.0112, sd: 0.008, n: 40 })!;
    expect(r.significant).toBe(false);
    expect(r.pValue).toBeGreaterThan(0.4);
    // The same swing over 4,000 requests is.
    expect(welchTest({ mean: 0.010, sd: 0.008, n: 4000 }, { mean: 0.0112, sd: 0.008, n: 4000 })!.significant).toBe(true);
  });

  it('null below two values; constant samples differ exactly when their values do', () => {
    expect(welchTest({ mean: 1, sd: null, n: 1 }, { mean: 2, sd: 1, n: 10 })).toBeNull();
    expect(welchTest({ mean: null, sd: null, n: 0 }, { mean: 2, sd: 1, n: 10 })).toBeNull();
    expect(welchTest({ mean: 1, sd: 0, n: 5 }, { mean: 1, sd: 0, n: 5 })!.significant).toBe(false);
    expect(welchTest({ mean: 1, sd: 0, n: 5 }, { mean: 2, sd: 0, n: 5 })!.significant).toBe(true);
    expect(meansDiffer({ mean: 1, sd: null, n: 1 }, { mean: 2, sd: 1, n: 10 })).toEqual({ significant: null, test: 'welch-t', pValue: null });
  });

  it('rates are means of 0/1 indicators', () => {
    // 2 of 5 → s² = (2·0.6² + 3·0.4²)/4 = 0.3 = 0.4·0.6·5/4.
    expect(indicatorSd(0.4, 5)).toBeCloseTo(Math.sqrt(0.3), 14);
    expect(indicatorSd(0.4, 1)).toBeNull();
    // 1% → 2% truncation over 200 requests each: noise; over 20,000 each: real.
    expect(ratesDiffer({ rate: 0.01, n: 200 }, { rate: 0.02, n: 200 }).significant).toBe(false);
    expect(ratesDiffer({ rate: 0.01, n: 20000 }, { rate: 0.02, n: 20000 }).significant).toBe(true);
    expect(ratesDiffer({ rate: 0, n: 50 }, { rate: 0, n: 50 }).significant).toBe(false);
  });
});

describe('binomial CDF and order-statistic intervals for a quantile', () => {
  const direct = (k: number, n: number, p: number) => {
    let s = 0;
    for (let i = 0; i <= k; i++) s += Math.exp(logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log1p(-p));
    return s;
  };

  it('binomialCdf matches the summed pmf, and scipy.stats.binom.cdf', () => {
    for (const [k, n, p] of [[3, 10, 0.5], [90, 100, 0.95], [7, 10, 0.95], [940, 1000, 0.95], [0, 20, 0.95]] as const) {
      expect(binomialCdf(k, n, p)).toBeCloseTo(direct(k, n, p), 12);
    }
    expect(binomialCdf(90, 100, 0.95)).toBeCloseTo(0.028188294163416307, 13);
    expect(binomialCdf(99, 100, 0.95)).toBeCloseTo(0.994079470779666, 13);
    expect(binomialCdf(-1, 10, 0.5)).toBe(0);
    expect(binomialCdf(10, 10, 0.5)).toBe(1);
  });

  it('p95 rank intervals agree with scipy.stats.quantile_test(...).confidence_interval(0.95)', () => {
    // On x = 0, 1, …, n−1 the interval's values are its 0-based ranks; scipy gives nan for an unbounded side.
    const scipy: Array<[n: number, lower: number | null, upper: number | null]> = [
      [10, 7, null], [20, 16, null], [59, 51, null], [60, 52, null], [72, 63, 71], [73, 64, 72],
      [100, 89, 99], [1000, 935, 963], [10000, 9456, 9542],
    ];
    for (const [n, lower, upper] of scipy) expect(quantileRankInterval(n, 0.95), `n = ${n}`).toEqual({ lower, upper });
  });

  it('each tail holds at most 2.5%, and moving a bound inward would break that', () => {
    for (const n of [5, 30, 72, 150, 999, 5000, 123457]) {
      const { lower, upper } = quantileRankInterval(n, 0.95);
      if (lower !== null) {
        expect(binomialCdf(lower, n, 0.95)).toBeLessThanOrEqual(0.025);
        expect(binomialCdf(lower + 1, n, 0.95)).toBeGreaterThan(0.025);
      } else {
        expect(binomialCdf(0, n, 0.95)).toBeGreaterThan(0.025);
      }
      if (upper !== null) {
        expect(binomialCdf(upper, n, 0.95)).toBeGreaterThanOrEqual(0.975);
        expect(binomialCdf(upper - 1, n, 0.95)).toBeLessThan(0.975);
      }
    }
  });

  it('a million values: the normal approximation n·q ± 1.96·√(n·q(1−q)) within a rank or two', () => {
    const n = 1_000_000;
    const { lower, upper } = quantileRankInterval(n, 0.95);
    const half = 1.959963984540054 * Math.sqrt(n * 0.95 * 0.05);
    expect(Math.abs(lower! - (n * 0.95 - half))).toBeLessThan(3);
    expect(Math.abs(upper! - (n * 0.95 + half))).toBeLessThan(3);
  });

  it('no values: no interval', () => {
    expect(quantileRankInterval(0, 0.95)).toEqual({ lower: null, upper: null });
  });
});

describe('p95s judged by non-overlapping intervals', () => {
  it('apart, overlapping, touching, unbounded, missing', () => {
    expect(intervalsDiffer({ low: 1, high: 2 }, { low: 2.5, high: 3 })).toBe(true);
    expect(intervalsDiffer({ low: 2.5, high: 3 }, { low: 1, high: 2 })).toBe(true);
    expect(intervalsDiffer({ low: 1, high: 2 }, { low: 1.5, high: 3 })).toBe(false);
    expect(intervalsDiffer({ low: 1, high: 2 }, { low: 2, high: 3 })).toBe(false);
    expect(intervalsDiffer({ low: 1, high: null }, { low: 5, high: 6 })).toBe(false);
    expect(intervalsDiffer({ low: 5, high: null }, { low: 1, high: 2 })).toBe(true);
    expect(intervalsDiffer(null, { low: 1, high: 2 })).toBeNull();
    expect(p95sDiffer({ low: 1, high: 2 }, { low: 3, high: 4 })).toEqual({ significant: true, test: 'p95-ci', pValue: null });
  });
});

describe('summarize carries what the tests need', () => {
  it('sd (n − 1) and the p95 interval equal the sorted sample at the interval ranks', async () => {
    const { Accumulator, summarize } = await import('../src/stats/accumulator.js');
    let seed = 11;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (const n of [0, 1, 2, 50, 72, 1000, 20000]) {
      const acc = new Accumulator();
      const costs: number[] = [];
      for (let i = 0; i < n; i++) {
        const cost = Math.exp(rand() * 4) / 1000;
        costs.push(cost);
        acc.add({ inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: cost, latencyS: null, stopReason: 'end_turn' } as never);
      }
      const s = summarize([acc]);
      const sorted = [...costs].sort((a, b) => a - b);
      const mean = costs.reduce((a, b) => a + b, 0) / n;
      if (n < 2) expect(s.spread.cost.sd).toBeNull();
      else expect(s.spread.cost.sd!).toBeCloseTo(Math.sqrt(costs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)), 12);
      const { lower, upper } = quantileRankInterval(n, 0.95);
      expect(s.spread.cost.p95Low).toBe(lower === null ? null : sorted[lower]);
      expect(s.spread.cost.p95High).toBe(upper === null ? null : sorted[upper]);
      if (n > 0) {
        const h = (n - 1) * 0.95, k = Math.floor(h);
        expect(s.cost.p95!).toBeCloseTo(sorted[k] + (h - k) * ((sorted[k + 1] ?? sorted[k]) - sorted[k]), 15);
        expect(s.cost.max).toBe(sorted[n - 1]);
      }
      expect(s.spread.latency).toEqual({ sd: null, p95Low: null, p95High: null });
    }
  });
});
