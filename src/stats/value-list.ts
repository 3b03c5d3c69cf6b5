// A growable list of float64 values, read back as sorted runs (sorted-runs.ts). Values are
// appended to chunks (appends never copy, memory stays within one chunk of the values held; chunks
// start small and double up to MAX_CHUNK, so the many small lists of a feature × day grouping
// waste little); when the list is read, what was appended since the last read is sorted into one
// run. Runs sorted elsewhere (in a parser thread) are adopted as they are.
import { runsLength, sortedRun, type SortedRun } from './sorted-runs.js';

const FIRST_CHUNK = 256;
const MAX_CHUNK = 16384;

export class ValueList {
  private chunks: Float64Array[] = [];
  private current: Float64Array = new Float64Array(0);
  private fill = 0;
  private full = 0; // values held in chunks before `current`
  private sorted: SortedRun[] = [];
  private sortedLength = 0;

  get length(): number {
    return this.full + this.fill + this.sortedLength;
  }

  push(value: number): void {
    if (this.fill === this.current.length) {
      if (this.current.length > 0) {
        this.chunks.push(this.current);
        this.full += this.current.length;
      }
      this.current = new Float64Array(Math.min(MAX_CHUNK, Math.max(FIRST_CHUNK, this.current.length * 2)));
      this.fill = 0;
    }
    this.current[this.fill++] = value;
  }

  /** Takes a sorted run as it is, without copying it (values from another thread). */
  adoptRun(run: SortedRun): void {
    if (run.values.length === 0) return;
    this.sorted.push(run);
    this.sortedLength += run.values.length;
  }

  /** The values as sorted runs; the values appended since the last call become one new run. */
  runs(): readonly SortedRun[] {
    if (this.full + this.fill > 0) {
      const values = new Float64Array(this.full + this.fill);
      let at = 0;
      for (const chunk of this.chunks) {
        values.set(chunk, at);
        at += chunk.length;
      }
      values.set(this.current.subarray(0, this.fill), at);
      this.chunks = [];
      this.current = new Float64Array(0);
      this.fill = 0;
      this.full = 0;
      this.adoptRun(sortedRun(values));
    }
    return this.sorted;
  }

  /** The values as sorted runs, to hand to another thread (their arrays are transferable); the
   *  list is empty afterwards. */
  takeRuns(): SortedRun[] {
    const out = [...this.runs()];
    this.sorted = [];
    this.sortedLength = 0;
    return out;
  }

  /** Adds another list's values (used when accumulators merge): its runs are shared, not copied. */
  append(other: ValueList): void {
    for (const run of other.runs()) this.adoptRun(run);
  }
}

