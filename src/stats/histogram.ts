// Counts on log-spaced bins: the shape of a long-tailed distribution (cost per request) in a few
// dozen numbers, read from sorted runs (a binary search per edge and run, no pass over the values).
import { lowerBound, upperBound, type SortedRun } from './sorted-runs.js';

/** Bins per decade tried, finest first; the finest whose bins fit the budget wins. */
const PER_DECADE = [10, 8, 5, 4, 3, 2, 1];

export interface Histogram {
  /** counts.length + 1 ascending edges; bin i is [edges[i], edges[i+1]), the last bin also holds edges[n]. */
  edges: number[];
  counts: number[];
  /** Values of 0 (or below), which a log scale cannot place. */
  zero: number;
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

/** Counts of the values of sorted runs in the bins of `edges` (see Histogram); values outside the
 *  edges go to the nearest end bin. Per run, where each edge falls. */
export function histogramOfRuns(runs: readonly SortedRun[], edges: readonly number[]): Histogram {
  const n = Math.max(0, edges.length - 1);
  const counts = new Array<number>(n).fill(0);
  let zero = 0;
  for (const { values: a } of runs) {
    const len = a.length;
    // Values ≤ 0 first; then bin b holds [edges[b], edges[b + 1]), the first bin also what is below
    // edges[1] and the last everything from edges[n - 1] on.
    let from = upperBound(a, 0, 0, len);
    zero += from;
    if (n === 0) continue;
    for (let b = 0; b < n - 1; b++) {
      const to = lowerBound(a, edges[b + 1], from, len);
      counts[b] += to - from;
      from = to;
    }
    counts[n - 1] += len - from;
  }
  return { edges: [...edges], counts, zero };
}
