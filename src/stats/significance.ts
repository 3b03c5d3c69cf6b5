// Is a change real? Welch's t-test for means (and rates, as means of 0/1 indicators) and
// distribution-free confidence intervals for a quantile from order statistics, with the t and
// binomial distributions computed here from the regularized incomplete beta function.

/** Two-sided level of every test and interval: 95%. */
export const CONFIDENCE = 0.95;
const ALPHA = 1 - CONFIDENCE;

/** The test behind a significance flag. */
export type TestName = 'welch-t' | 'p95-ci';

// Lanczos approximation (g = 7, 9 terms): ln Γ(x) to ~1e-15 relative for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz), for x < (a+1)/(a+b+2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const FPMIN = 1e-300, EPS = 1e-15;
  // Converges in O(√max(a, b)) steps near the switch point; the cap is far above what n ≤ 1e8 needs.
  const maxIterations = 100 + 20 * Math.ceil(Math.sqrt(Math.max(a, b)));
  const qab = a + b, qap = a + 1, qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= maxIterations; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 ≤ x ≤ 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  // The fraction converges fast on one side of (a+1)/(a+b+2); the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) covers the other.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(T ≤ t) for Student's t with `df` > 0 degrees of freedom (df need not be an integer). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** Two-sided p-value of a t statistic: P(|T| ≥ |t|). Exact in the tail (no 1 − cdf cancellation). */
export function studentTTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** A sample as the saved statistics describe it: mean, sample standard deviation (n − 1) and size. */
export interface SampleSummary {
  mean: number | null;
  sd: number | null;
  n: number;
}

export interface WelchResult {
  /** (mean_after − mean_before) / √(s₁²/n₁ + s₂²/n₂). */
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided. */
  pValue: number;
  significant: boolean;
}

/**
 * Welch's unequal-variance t-test of `after` against `before`, two-sided at 95%. Null when either
 * side has fewer than 2 values or no standard deviation: then nothing can be said.
 */
export function welchTest(before: SampleSummary, after: SampleSummary): WelchResult | null {
  if (before.n < 2 || after.n < 2) return null;
  if (before.mean === null || after.mean === null || before.sd === null || after.sd === null) return null;
  const v1 = (before.sd * before.sd) / before.n;
  const v2 = (after.sd * after.sd) / after.n;
  const diff = after.mean - before.mean;
  const se2 = v1 + v2;
  if (se2 === 0) {
    // Both samples are constant: they differ exactly when their values do.
    const differs = diff !== 0;
    return { t: differs ? Math.sign(diff) * Infinity : 0, df: before.n + after.n - 2, pValue: differs ? 0 : 1, significant: differs };
  }
  const t = diff / Math.sqrt(se2);
  const df = (se2 * se2) / ((v1 * v1) / (before.n - 1) + (v2 * v2) / (after.n - 1));
  const pValue = studentTTwoSided(t, df);
  return { t, df, pValue, significant: pValue < ALPHA };
}

/** Sample standard deviation of a share p of n 0/1 indicators: √(p(1−p)·n/(n−1)); null for n < 2. */
export function indicatorSd(rate: number | null, n: number): number | null {
  if (rate === null || n < 2) return null;
  return Math.sqrt((rate * (1 - rate) * n) / (n - 1));
}

/** P(B ≤ k) for B ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  return incompleteBeta(1 - p, n - k, k + 1);
}

export interface RankInterval {
  /** 0-based rank of the lower bound in the sorted sample, or null when it is unbounded below. */
  lower: number | null;
  /** 0-based rank of the upper bound, or null when it is unbounded above. */
  upper: number | null;
}

/**
 * Distribution-free confidence interval for the q-quantile of a population from a sample of n:
 * [x(lower), x(upper)] of the sorted sample. The count B of sample values below the true quantile is
 * Binomial(n, q), so P(x(l) ≤ ξ_q ≤ x(u)) ≥ P(l < B ≤ u) with 1-based l, u. Each tail is at most
 * (1 − level)/2: lower is the largest 0-based rank m with P(B ≤ m) ≤ α/2, upper the smallest m with
 * P(B ≤ m) ≥ 1 − α/2. For q = 0.95 an upper bound needs n ≥ 72 (0.95^n ≤ 0.025).
 */
export function quantileRankInterval(n: number, q: number, level = CONFIDENCE): RankInterval {
  if (n <= 0) return { lower: null, upper: null };
  const tail = (1 - level) / 2;
  const cdf = (m: number) => binomialCdf(m, n, q);
  // Search near n·q ± 10σ: the binomial mass outside is far below any tail used here.
  const sigma = Math.sqrt(n * q * (1 - q));
  const lo0 = Math.max(0, Math.floor(n * q - 10 * sigma - 2));
  const hi0 = Math.min(n - 1, Math.ceil(n * q + 10 * sigma + 2));

  let lower: number | null = null;
  if (cdf(0) <= tail) {
    // Largest m with cdf(m) ≤ tail: cdf is increasing in m.
    let a = cdf(lo0) <= tail ? lo0 : 0, b = hi0;
    if (cdf(b) <= tail) a = b;
    while (a < b) {
      const mid = Math.ceil((a + b) / 2);
      if (cdf(mid) <= tail) a = mid;
      else b = mid - 1;
    }
    lower = a;
  }

  let upper: number | null = null;
  if (cdf(n - 1) >= 1 - tail) {
    // Smallest m with cdf(m) ≥ 1 − tail.
    let a = lo0, b = cdf(hi0) >= 1 - tail ? hi0 : n - 1;
    if (cdf(a) >= 1 - tail) b = a;
    while (a < b) {
      const mid = Math.floor((a + b) / 2);
      if (cdf(mid) >= 1 - tail) b = mid;
      else a = mid + 1;
    }
    upper = a;
  }
  return { lower, upper };
}

/** A quantile's confidence interval in the data's units; a null side is unbounded. */
export interface Interval {
  low: number | null;
  high: number | null;
}

/**
 * Two p95 values are judged different when their 95% confidence intervals do not overlap. That is
 * conservative (for two independent samples non-overlap of two 95% intervals corresponds to a level
 * well above 99%), which is the side to err on for alarms. Null when either side has no values.
 */
export function intervalsDiffer(before: Interval | null, after: Interval | null): boolean | null {
  if (before === null || after === null) return null;
  const apart = (left: Interval, right: Interval) => left.high !== null && right.low !== null && left.high < right.low;
  return apart(before, after) || apart(after, before);
}

export interface Significance {
  significant: boolean | null;
  test: TestName | null;
  /** Two-sided p-value of the t-test; null for the interval test. */
  pValue: number | null;
}

export const NO_TEST: Significance = { significant: null, test: null, pValue: null };

/** Welch's t-test as a flag: `significant` is null when the samples are too small to test. */
export function meansDiffer(before: SampleSummary, after: SampleSummary): Significance {
  const r = welchTest(before, after);
  return { significant: r === null ? null : r.significant, test: 'welch-t', pValue: r === null ? null : r.pValue };
}

/** Rates are means of 0/1 indicators over n requests: Welch's t-test on those. */
export function ratesDiffer(before: { rate: number | null; n: number }, after: { rate: number | null; n: number }): Significance {
  return meansDiffer(
    { mean: before.rate, sd: indicatorSd(before.rate, before.n), n: before.n },
    { mean: after.rate, sd: indicatorSd(after.rate, after.n), n: after.n },
  );
}

/** p95s judged by non-overlapping confidence intervals. `null` interval: no values on that side. */
export function p95sDiffer(before: Interval | null, after: Interval | null): Significance {
  return { significant: intervalsDiffer(before, after), test: 'p95-ci', pValue: null };
}
