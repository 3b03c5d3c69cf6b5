// A growable list of float64 values, read back as sorted runs (sorted-runs.ts). Values go into one
// array that doubles when full; when the list is read, what was appended since the last read is
// sorted in place, where it lies, into one run (a view of the array). Runs sorted elsewhere (in a
// parser thread) are adopted as they are.
//
// One array rather than a list of chunks: a run must be one ascending array, and gathering chunks
// into one at the end took a copy of every value while the chunks were still held (+58 MB of peak
// RSS at 5M records, measured). Doubling copies too, but as the list grows, so the garbage is
// collected along the way; the unused tail of the array is mostly never written (not resident).
import { sortedRun, type SortedRun } from './sorted-runs.js';

const FIRST_CAPACITY = 256;
const NONE = new Float64Array(0);

export class ValueList {
  private values = NONE;
  /** Values appended are [from, count) of `values`; those before `from` are in runs already. */
  private from = 0;
  private count = 0;
  private sorted: SortedRun[] = [];
  private sortedLength = 0;

  get length(): number {
    return this.count - this.from + this.sortedLength;
  }

  push(value: number): void {
    if (this.count === this.values.length) this.grow();
    this.values[this.count++] = value;
  }

  /** Moves the values not yet in a run to an array twice the size (the runs keep the old one). */
  private grow(): void {
    const pending = this.values.subarray(this.from, this.count);
    this.values = new Float64Array(Math.max(FIRST_CAPACITY, this.values.length * 2));
    this.values.set(pending);
    this.from = 0;
    this.count = pending.length;
  }

  /** Takes a sorted run as it is, without copying it (values from another thread). */
  adoptRun(run: SortedRun): void {
    if (run.values.length === 0) return;
    this.sorted.push(run);
    this.sortedLength += run.values.length;
  }

  /** The values as sorted runs; the values appended since the last call become one new run. */
  runs(): readonly SortedRun[] {
    if (this.count > this.from) {
      const run = sortedRun(this.values.subarray(this.from, this.count));
      this.from = this.count;
      this.adoptRun(run);
    }
    return this.sorted;
  }

  /** The values as sorted runs, to hand to another thread (their buffers are transferable: a run's
   *  buffer may hold other runs of this list, and room never written); the list is empty afterwards. */
  takeRuns(): SortedRun[] {
    const out = [...this.runs()];
    this.values = NONE;
    this.from = this.count = 0;
    this.sorted = [];
    this.sortedLength = 0;
    return out;
  }

  /** Adds another list's values (used when accumulators merge): its runs are shared, not copied. */
  append(other: ValueList): void {
    for (const run of other.runs()) this.adoptRun(run);
  }
}
