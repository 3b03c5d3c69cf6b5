// Percentiles by linear interpolation between closest ranks (numpy.percentile's default,
// PostgreSQL percentile_cont, DuckDB quantile_cont): h = (n-1)q, x[⌊h⌋] + (h-⌊h⌋)(x[⌊h⌋+1] - x[⌊h⌋]).

/** The 0-based ranks quantile q of n values reads: ⌊h⌋, and ⌊h⌋ + 1 when h = (n-1)q falls between two. */
export function quantileRanks(n: number, q: number): number[] {
  const h = (n - 1) * q;
  const k = Math.floor(h);
  return h === k ? [k] : [k, k + 1];
}

/** Quantile q of n values from the values at its ranks (as found by valuesAtRanksOfRuns); null when n is 0. */
export function quantileAt(at: ReadonlyMap<number, number>, n: number, q: number): number | null {
  if (n === 0) return null;
  const h = (n - 1) * q;
  const k = Math.floor(h);
  const low = at.get(k)!;
  return h === k ? low : low + (h - k) * (at.get(k + 1)! - low);
}
