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

/** The 0-based ranks quantile q of n values reads: ⌊h⌋, and ⌊h⌋ + 1 when h = (n-1)q falls between two. */
export function quantileRanks(n: number, q: number): number[] {
  const h = (n - 1) * q;
  const k = Math.floor(h);
  return h === k ? [k] : [k, k + 1];
}

/** Quantile q of n values from the values at its ranks (as found by valuesAtRanks); null when n is 0. */
export function quantileAt(at: ReadonlyMap<number, number>, n: number, q: number): number | null {
  if (n === 0) return null;
  const h = (n - 1) * q;
  const k = Math.floor(h);
  const low = at.get(k)!;
  return h === k ? low : low + (h - k) * (at.get(k + 1)! - low);
}

/**
 * The values at 0-based ranks of `values`, which are reordered in place. Selection (Floyd-Rivest)
 * instead of a full sort, in ascending rank order, each rank within the part right of the one
 * before (selecting rank k leaves everything right of it ≥ x[k]): the first costs a pass over the
 * values, the next ones a shrinking part. A rank at the left end of its part is the part's minimum:
 * a scan, no selection (the upper neighbour of an interpolated quantile, as a rule).
 */
export function valuesAtRanks(values: Float64Array, ranks: readonly number[]): Map<number, number> {
  const n = values.length;
  const out = new Map<number, number>();
  const ascending = [...new Set(ranks)].filter((r) => r >= 0 && r < n).sort((a, b) => a - b);
  let from = 0;
  for (const r of ascending) {
    if (r === from) {
      let min = from;
      for (let i = from + 1; i < n; i++) if (values[i] < values[min]) min = i;
      const v = values[min];
      values[min] = values[from];
      values[from] = v;
    } else {
      quickselect(values as unknown as number[], r, from, n - 1);
    }
    out.set(r, values[r]);
    from = r + 1;
  }
  return out;
}

/** Quantiles at qs of `values`, which are reordered in place; nulls when there are none. */
export function quantilesInPlace(values: Float64Array, qs: readonly number[]): Array<number | null> {
  const n = values.length;
  if (n === 0) return qs.map(() => null);
  const at = valuesAtRanks(values, qs.flatMap((q) => quantileRanks(n, q)));
  return qs.map((q) => quantileAt(at, n, q));
}
