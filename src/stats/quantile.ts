// Percentiles by linear interpolation between closest ranks (numpy.percentile's default,
// PostgreSQL percentile_cont, DuckDB quantile_cont): h = (n-1)q, x[⌊h⌋] + (h-⌊h⌋)(x[⌊h⌋+1] - x[⌊h⌋]).
import { quickselect, quantileSorted } from 'simple-statistics';

/** Quantile q of ascending-sorted values; null when there are none. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  return quantileSorted(sorted as number[], q);
}

/** Quantile q of unsorted values (copied, never mutated); null when there are none. */
export function quantile(values: ArrayLike<number>, q: number): number | null {
  return quantileOfSorted(Float64Array.from(values).sort(), q);
}

/**
 * Quantiles at ascending qs of `values`, which are reordered in place. Selection (Floyd-Rivest)
 * instead of a full sort: a few linear passes where a sort of 1M values costs ~0.08 s. After
 * selecting rank k everything right of it is ≥ x[k], so x[k+1] is the minimum of the right part
 * and the next, larger rank is selected from there on.
 */
export function quantilesInPlace(values: Float64Array, qs: readonly number[]): Array<number | null> {
  const n = values.length;
  if (n === 0) return qs.map(() => null);
  const out: number[] = [];
  let from = 0;
  let lastRank = -1;
  let lastValue = NaN;
  let lastNext = NaN;
  for (const q of qs) {
    const h = (n - 1) * q;
    const k = Math.floor(h);
    if (k !== lastRank) {
      if (n - 1 > from) quickselect(values as unknown as number[], k, from, n - 1);
      lastRank = k;
      lastValue = values[k];
      lastNext = lastValue;
      if (k + 1 < n) {
        let min = Infinity;
        for (let i = k + 1; i < n; i++) if (values[i] < min) min = values[i];
        lastNext = min;
      }
      from = k + 1;
    }
    out.push(h === k ? lastValue : lastValue + (h - k) * (lastNext - lastValue));
  }
  return out;
}
