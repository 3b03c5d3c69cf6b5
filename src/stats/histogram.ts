// Counts on log-spaced bins: the shape of a long-tailed distribution (cost per request) in a few
// dozen numbers, cheap enough for millions of values (a binary search over the edges per value, no sort).

/** Bins per decade tried, finest first; the finest whose bins fit the budget wins. */
const PER_DECADE = [10, 8, 5, 4, 3, 2, 1];

export interface Histogram {
  /** counts.length + 1 ascending edges; bin i is [edges[i], edges[i+1]), the last bin also holds edges[n]. */
  edges: number[];
  counts: number[];
  /** Values of 0 (or below), which a log scale cannot place. */
  zero: number;
}

/** The smallest positive value and the largest value over several arrays; null when none is positive. */
export function positiveRange(arrays: readonly ArrayLike<number>[]): { min: number; max: number } | null {
  let min = Infinity, max = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (v > 0 && v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min === Infinity ? null : { min, max };
}

/**
 * Edges at 10^(j/k) (to 3 significant digits) for k bins per decade (k = 10, 8, 5, 4, 3, 2 or 1, the finest that keeps the
 * whole decades spanned within `maxBins`), trimmed to the bins that [min, max] touches. Powers of
 * ten are always edges, so the bins read the same in every report. [] when min is not positive.
 */
export function logEdges(min: number, max: number, maxBins = 40): number[] {
  if (!(min > 0) || !(max >= min) || !Number.isFinite(max)) return [];
  const decades = Math.max(1, Math.ceil(Math.log10(max)) - Math.floor(Math.log10(min)));
  const k = PER_DECADE.find((n) => n * decades <= maxBins);
  // More decades than the budget (not a realistic cost range): one bin per m decades.
  const m = k === undefined ? Math.ceil(decades / maxBins) : 1;
  const edge = (j: number): number => (k === undefined ? decimal(0, j * m) : decimal(j - Math.floor(j / k) * k, Math.floor(j / k), k));
  const perDecade = k ?? 1 / m;
  let j0 = Math.floor(Math.log10(min) * perDecade);
  let j1 = Math.ceil(Math.log10(max) * perDecade);
  // log10 is not exact at the edges; make sure [edge(j0), edge(j1)] covers [min, max].
  while (edge(j0) > min) j0--;
  while (edge(j0 + 1) <= min) j0++;
  while (edge(j1) < max) j1++;
  if (j1 <= j0) j1 = j0 + 1;
  const edges: number[] = [];
  for (let j = j0; j <= j1; j++) edges.push(edge(j));
  return edges;
}

/** 10^(r/k) · 10^d to 3 significant digits (1, 1.26, 1.58, 2, …): readable edges, still ascending. */
function decimal(r: number, d: number, k = 1): number {
  return Number(`${(10 ** (r / k)).toPrecision(3)}e${d}`);
}

/** Counts of `values` in the bins of `edges` (see Histogram); values outside the edges go to the nearest end bin. */
export function histogram(values: ArrayLike<number>, edges: readonly number[]): Histogram {
  return histogramOfChunks([values], edges);
}

/** histogram of the values of several chunks together. */
export function histogramOfChunks(chunks: readonly ArrayLike<number>[], edges: readonly number[]): Histogram {
  const n = Math.max(0, edges.length - 1);
  const counts = new Array<number>(n).fill(0);
  let zero = 0;
  if (n === 0) {
    for (const values of chunks) for (let i = 0; i < values.length; i++) if (values[i] <= 0) zero++;
    return { edges: [...edges], counts, zero };
  }
  // A binary search over the edges (≤ 41 of them): cheaper than a log10 per value.
  const e = Float64Array.from(edges);
  for (const values of chunks) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v <= 0) {
        zero++;
        continue;
      }
      // The last bin b with e[b] <= v, within [0, n - 1] (values outside the edges go to an end bin).
      let lo = 0, hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (v >= e[mid]) lo = mid;
        else hi = mid - 1;
      }
      counts[lo]++;
    }
  }
  return { edges: [...edges], counts, zero };
}
