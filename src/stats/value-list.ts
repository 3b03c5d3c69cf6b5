// A growable list of float64 values, read back as sorted runs (sorted-runs.ts). Values go into an
// array that doubles when full, up to CHUNK values; past that, full arrays of CHUNK values are set
// aside and a new one started. When the list is read, every array set aside and what was appended
// to the current one since the last read are each sorted in place, where they lie, into a run.
// Runs sorted elsewhere (in a parser thread) are adopted as they are.
//
// Arrays sorted where they lie, not gathered into one: gathering took a copy of every value while
// the originals were still held (+58 MB of peak RSS at 5M records, measured). A bucket of a
// baseline (a feature's day) is one run; a big group (cost --by) one run per CHUNK values, which
// bounds the room doubling leaves unused and the garbage it makes to one chunk a list.
import { sortedRun, type SortedRun } from './sorted-runs.js';

const FIRST_CAPACITY = 256;
/** Values an array grows to before it is set aside (128 KB). */
const CHUNK = 16384;
const NONE = new Float64Array(0);

export class ValueList {
  private values = NONE;
  /** Values appended are [from, count) of `values`; those before `from` are in runs already. */
  private from = 0;
  private count = 0;
  /** Full arrays set aside, not yet sorted. */
  private full: Float64Array[] = [];
  private fullLength = 0;
  private sorted: SortedRun[] = [];
  private sortedLength = 0;

  get length(): number {
    return this.count - this.from + this.fullLength + this.sortedLength;
  }

  push(value: number): void {
    if (this.count === this.values.length) this.grow();
    this.values[this.count++] = value;
  }

  /** push(source[at]), for a hot caller whose value would otherwise cross a call as a (boxed) double. */
  pushFrom(source: Float64Array, at: number): void {
    if (this.count === this.values.length) this.grow();
    this.values[this.count++] = source[at];
  }

  /** Room for more: the values not yet in a run move to an array twice the size (the runs keep
   *  the old one), or, at CHUNK values, the array is set aside whole and a new one started. */
  private grow(): void {
    const pending = this.values.subarray(this.from, this.count);
    if (this.values.length >= CHUNK && this.from === 0) {
      this.full.push(this.values);
      this.fullLength += this.values.length;
      this.values = new Float64Array(CHUNK);
      this.from = this.count = 0;
      return;
    }
    this.values = new Float64Array(Math.min(CHUNK, Math.max(FIRST_CAPACITY, this.values.length * 2)));
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
    for (const values of this.full) this.adoptRun(sortedRun(values));
    this.full = [];
    this.fullLength = 0;
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
}
