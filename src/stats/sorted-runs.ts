// Values held as sorted runs: each bucket's values sorted once, in place (by a radix sort:
// radix-sort.ts; in the parser thread that aggregated them, or at report time when one thread read
// everything), and never copied again. Every statistic a report reads from a
// group of buckets then costs work in the number of runs, not the number of values: a rank by
// selection across the runs (binary searches), a histogram by binary searches of its edges, the
// sample variance by merging each run's sum of squared deviations (Chan et al.). The report of a
// 1M-record baseline reads ~20 groups of up to 450 runs; a pass over every value of each took most
// of its time (docs/performance.md).
import { sum } from 'simple-statistics';
import { radixSort } from './radix-sort.js';

/** Ascending values with their sum and sum of squared deviations from their mean (m2). */
export interface SortedRun {
  values: Float64Array;
  sum: number;
  m2: number;
}

/** A sorted run of `values`, which it takes over (sorted in place). Its sum is compensated
 *  (`simple-statistics`' Kahan-Babuška `sum`) and its m2 taken around the mean in a second pass:
 *  exact enough for tiny per-request costs summed by the million. */
export function sortedRun(values: Float64Array): SortedRun {
  radixSort(values);
  const n = values.length;
  if (n === 0) return { values, sum: 0, m2: 0 };
  const total = sum(values as unknown as number[]);
  const mean = total / n;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    m2 += d * d;
  }
  return { values, sum: total, m2 };
}

export function runsLength(runs: readonly SortedRun[]): number {
  let n = 0;
  for (const r of runs) n += r.values.length;
  return n;
}

/** The sum of squared deviations from `mean` of all the runs' values together, from each run's m2
 *  and mean: m2 + n·(mean_run − mean)² per run (the pairwise update of Chan, Golub and LeVeque). */
export function squaredDeviations(runs: readonly SortedRun[], mean: number): number {
  let ss = 0;
  for (const r of runs) {
    const n = r.values.length;
    if (n === 0) continue;
    const d = r.sum / n - mean;
    ss += r.m2 + n * d * d;
  }
  return ss;
}

/** The first index in [lo, hi) of ascending `a` whose value is ≥ x (hi when none). */
export function lowerBound(a: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in [lo, hi) of ascending `a` whose value is > x (hi when none). */
export function upperBound(a: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Below this many values left, the rest is gathered and sorted. */
const GATHER_AT = 64;
/** Up to this many values in all, they are gathered and sorted from the start. */
const GATHER_ALL = 512;
/** So are up to SHORT_RUNS_MAX values in runs this short on average (a small input's feature × day
 *  buckets): a selection step searches every run, which over short runs saves little against
 *  touching every value, and the engine's sort runs at full speed where the selection code, used
 *  once or twice, is not compiled yet. */
const SHORT_RUN = 128;
const SHORT_RUNS_MAX = 32768;

/** The weighted median of values[0, n) (weights alongside): the smallest value v such that the values
 *  ≤ v weigh at least half the total. Quickselect on weights; reorders both arrays. */
function weightedMedian(values: Float64Array, weights: Float64Array, n: number, total: number): number {
  let lo = 0, hi = n, below = 0; // weight of the values known to be < every value in [lo, hi)
  const half = total / 2;
  for (;;) {
    if (hi - lo === 1) return values[lo];
    const pivot = values[(lo + hi) >>> 1];
    // Three-way partition of [lo, hi): < pivot, = pivot, > pivot.
    let lt = lo, i = lo, gt = hi;
    let less = 0, equal = 0;
    while (i < gt) {
      const v = values[i], w = weights[i];
      if (v < pivot) {
        values[i] = values[lt]; weights[i] = weights[lt];
        values[lt] = v; weights[lt] = w;
        less += w;
        lt++;
        i++;
      } else if (v > pivot) {
        gt--;
        values[i] = values[gt]; weights[i] = weights[gt];
        values[gt] = v; weights[gt] = w;
      } else {
        equal += w;
        i++;
      }
    }
    if (below + less >= half) {
      hi = lt;
    } else if (below + less + equal >= half) {
      return pivot;
    } else {
      below += less + equal;
      lo = gt;
    }
  }
}

/**
 * The value at 0-based rank k of the union of ascending runs. Each step takes a pivot, counts with
 * binary searches what is below it, and drops the side without rank k. The pivot is the weighted
 * median (weights: what is left of each run) of each run's value at the fraction of its length that
 * rank k is of what is left: for runs of like values (a feature's days) it lands near rank k, and a
 * step drops nearly everything on one side. Should a step drop less than a quarter, the next takes
 * the weighted median of the runs' middles instead, which always leaves at least a quarter on each
 * side of it: at worst about log_{4/3}(n) steps.
 */
function valueAtRank(runs: readonly Float64Array[], k: number, scratch: Scratch): number {
  const m = runs.length;
  const { lo, hi, mids, weights } = scratch;
  let left = 0;
  for (let i = 0; i < m; i++) {
    lo[i] = 0;
    hi[i] = runs[i].length;
    left += hi[i];
  }
  let middles = false;
  for (;;) {
    const f = middles ? 0.5 : (k + 0.5) / left;
    let active = 0, only = -1;
    for (let i = 0; i < m; i++) {
      const w = hi[i] - lo[i];
      if (w > 0) {
        mids[active] = runs[i][lo[i] + Math.min(w - 1, Math.floor(f * w))];
        weights[active] = w;
        active++;
        only = i;
      }
    }
    if (active === 1) return runs[only][lo[only] + k];
    if (left <= GATHER_AT) {
      const rest = new Float64Array(left);
      let at = 0;
      for (let i = 0; i < m; i++) {
        rest.set(runs[i].subarray(lo[i], hi[i]), at);
        at += hi[i] - lo[i];
      }
      return rest.sort()[k];
    }
    const pivot = weightedMedian(mids, weights, active, left);
    let less = 0, notMore = 0;
    for (let i = 0; i < m; i++) {
      if (hi[i] === lo[i]) continue;
      const a = runs[i];
      const l = lowerBound(a, pivot, lo[i], hi[i]);
      // The second search only where the pivot is in this run: rarely, for values that seldom tie.
      const u = l < hi[i] && a[l] === pivot ? upperBound(a, pivot, l, hi[i]) : l;
      less += l - lo[i];
      notMore += u - lo[i];
      // Kept for the narrowing below: what is below the pivot, and where what is above starts.
      mids[i] = l;
      weights[i] = u;
    }
    if (k >= less && k < notMore) return pivot;
    const below = k < less;
    for (let i = 0; i < m; i++) {
      if (hi[i] === lo[i]) continue;
      if (below) hi[i] = mids[i];
      else lo[i] = weights[i];
    }
    if (!below) k -= notMore;
    const kept = below ? less : left - notMore;
    middles = kept > 0.75 * left;
    left = kept;
  }
}

interface Scratch {
  lo: Int32Array;
  hi: Int32Array;
  mids: Float64Array;
  weights: Float64Array;
}

/** The values at 0-based ranks (ascending order) of the union of the runs; ranks outside [0, n) are left out. */
export function valuesAtRanksOfRuns(runs: readonly SortedRun[], ranks: readonly number[]): Map<number, number> {
  const arrays = runs.map((r) => r.values).filter((v) => v.length > 0);
  let n = 0;
  for (const a of arrays) n += a.length;
  const out = new Map<number, number>();
  if (arrays.length === 1) {
    for (const r of ranks) if (r >= 0 && r < n) out.set(r, arrays[0][r]);
    return out;
  }
  if (n <= GATHER_ALL || (n <= SHORT_RUNS_MAX && n <= SHORT_RUN * arrays.length)) {
    // Few values: one copy and the engine's sort, cheaper than selection on code the JIT has not
    // compiled yet.
    const all = new Float64Array(n);
    let at = 0;
    for (const a of arrays) {
      all.set(a, at);
      at += a.length;
    }
    all.sort();
    for (const r of ranks) if (r >= 0 && r < n) out.set(r, all[r]);
    return out;
  }
  const m = arrays.length;
  const scratch: Scratch = { lo: new Int32Array(m), hi: new Int32Array(m), mids: new Float64Array(m), weights: new Float64Array(m) };
  // Ascending, so that the second rank of a quantile (k + 1) follows its first.
  let found: { rank: number; value: number } | null = null;
  for (const r of [...ranks].sort((a, b) => a - b)) {
    if (r < 0 || r >= n || out.has(r)) continue;
    if (r === n - 1) {
      let max = -Infinity;
      for (const a of arrays) if (a[a.length - 1] > max) max = a[a.length - 1];
      out.set(r, max);
    } else if (found !== null && r - found.rank <= WALK_MAX) {
      out.set(r, walkUp(arrays, found.value, r));
    } else {
      out.set(r, valueAtRank(arrays, r, scratch));
    }
    found = { rank: r, value: out.get(r)! };
  }
  return out;
}

/** A rank at most this far above one already found is reached by walking up from its value (a merge
 *  of the runs from there: steps × log(runs)) rather than by a selection of its own: a quantile's
 *  second rank (k + 1) is one step, the p95's upper confidence bound a few hundred at a million values. */
const WALK_MAX = 4096;

/** The value at rank r of the union of ascending runs, given v, the value at some rank below r. */
function walkUp(runs: readonly Float64Array[], v: number, r: number): number {
  const m = runs.length;
  // Per run, where its values above v start (`at`); a min-heap of the runs by that value.
  const heap = new Int32Array(m);
  const at = new Int32Array(m);
  let notMore = 0, size = 0;
  for (let i = 0; i < m; i++) {
    const a = runs[i];
    const u = upperBound(a, v, 0, a.length);
    notMore += u;
    at[i] = u;
    if (u < a.length) heap[size++] = i;
  }
  if (r < notMore) return v;
  for (let k = (size >> 1) - 1; k >= 0; k--) siftDown(runs, at, heap, size, k);
  // Take the smallest head r - notMore times; the next smallest is the value at rank r.
  for (let steps = r - notMore; steps > 0; steps--) {
    const i = heap[0];
    if (++at[i] === runs[i].length) heap[0] = heap[--size];
    siftDown(runs, at, heap, size, 0);
  }
  return runs[heap[0]][at[heap[0]]];
}

/** Restores the min-heap `heap` (of runs, by their value at `at`) below position k. */
function siftDown(runs: readonly Float64Array[], at: Int32Array, heap: Int32Array, size: number, k: number): void {
  const value = runs[heap[k]][at[heap[k]]];
  for (;;) {
    const l = 2 * k + 1;
    if (l >= size) return;
    let c = l, cv = runs[heap[l]][at[heap[l]]];
    if (l + 1 < size) {
      const rv = runs[heap[l + 1]][at[heap[l + 1]]];
      if (rv < cv) {
        c = l + 1;
        cv = rv;
      }
    }
    if (cv >= value) return;
    const t = heap[c];
    heap[c] = heap[k];
    heap[k] = t;
    k = c;
  }
}

/** The smallest positive value and the largest value over the runs; null when none is positive. */
export function positiveRangeOfRuns(runs: readonly SortedRun[]): { min: number; max: number } | null {
  let min = Infinity, max = -Infinity;
  for (const { values: a } of runs) {
    if (a.length === 0) continue;
    const firstPositive = upperBound(a, 0, 0, a.length);
    if (firstPositive < a.length && a[firstPositive] < min) min = a[firstPositive];
    if (a[a.length - 1] > max) max = a[a.length - 1];
  }
  return min === Infinity ? null : { min, max };
}

/**
 * Runs the selection code on made-up runs, so the JIT has compiled it before a report needs it.
 * A report selects across hundreds of runs once each, which left it in the interpreter most of the
 * time: ~40 ms of a 1M-record baseline's ~60 ms report (docs/performance.md). Called while parser
 * threads do the reading (a few ms of this thread's time).
 */
export function warmUpSelection(): void {
  let seed = 1;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  // First, while the selection is still interpreted: a long run below two short ones, where a
  // selection inside it ends with it the only run left. Run after the JIT had compiled the common
  // path, these branches had no feedback and threw the compiled code away (a second compile of ~20 ms).
  const apart = [[0, 2000], [5, 10], [7, 10]].map(([at, length]) => sortedRun(Float64Array.from({ length }, () => at + next())));
  for (let k = 0; k < 10; k++) valuesAtRanksOfRuns(apart, [200 + Math.floor(next() * 1600)]);
  // And walks up past the end of a run (the long one), which then leaves the heap.
  for (let k = 0; k < 4; k++) valuesAtRanksOfRuns(apart, [1990 + k, 2005 + k]);
  const runs: SortedRun[] = [];
  for (let r = 0; r < 64; r++) runs.push(sortedRun(Float64Array.from({ length: 400 }, next)));
  const n = runsLength(runs);
  // The ranks a report asks for: a median's two, a p95's two with its confidence bounds around it,
  // the maximum (every path of valuesAtRanksOfRuns: selection, the next rank, the walk up).
  for (let k = 0; k < 40; k++) {
    const p95 = Math.floor(0.9 * n + next() * 0.09 * n);
    valuesAtRanksOfRuns(runs, [Math.floor(next() * n / 2), Math.floor(n / 2) + 1, p95 - 40, p95, p95 + 1, p95 + 40, n - 1]);
  }
  positiveRangeOfRuns(runs);
  squaredDeviations(runs, 0.5);
}
