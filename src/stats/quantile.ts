// Percentiles by linear interpolation between closest ranks (numpy.percentile's default,
// PostgreSQL percentile_cont, DuckDB quantile_cont): h = (n-1)q, x[⌊h⌋] + (h-⌊h⌋)(x[⌊h⌋+1] - x[⌊h⌋]).
import { quantileSorted } from 'simple-statistics';

/** Quantile q of ascending-sorted values; null when there are none. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  return quantileSorted(sorted as number[], q);
}

/** Quantile q of unsorted values (copied, never mutated); null when there are none. */
export function quantile(values: ArrayLike<number>, q: number): number | null {
  return quantileOfSorted(Float64Array.from(values).sort(), q);
}
