// A growable list of float64 values stored in chunks: appends never copy, and memory stays within
// one chunk of the values held. Chunks start small and double up to MAX_CHUNK, so the many small
// lists of a feature × day grouping waste little and big lists have no doubling slack.

const FIRST_CHUNK = 256;
const MAX_CHUNK = 16384;

export class ValueList {
  private chunks: Float64Array[] = [];
  private current: Float64Array = new Float64Array(0);
  private fill = 0;
  private full = 0; // values held in chunks before `current`

  get length(): number {
    return this.full + this.fill;
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

  /** Takes a whole array of values as one chunk, without copying (values from another thread). */
  adopt(values: Float64Array): void {
    if (values.length === 0) return;
    this.chunks.push(values);
    this.full += values.length;
  }

  /** The values as views of the chunks they are stored in (valid until the list changes). */
  views(): Float64Array[] {
    const out = this.chunks.slice();
    if (this.fill > 0) out.push(this.current.subarray(0, this.fill));
    return out;
  }

  /** The values as the chunks they are stored in (to hand to another thread without copying them);
   *  the list is empty afterwards. */
  takeChunks(): Float64Array[] {
    const out = [...this.chunks];
    if (this.fill > 0) out.push(this.current.subarray(0, this.fill));
    this.chunks = [];
    this.current = new Float64Array(0);
    this.fill = 0;
    this.full = 0;
    return out;
  }

  /** Copies every value into `target` from `offset`; returns the offset after the last one. */
  copyInto(target: Float64Array, offset: number): number {
    for (const chunk of this.chunks) {
      target.set(chunk, offset);
      offset += chunk.length;
    }
    target.set(this.current.subarray(0, this.fill), offset);
    return offset + this.fill;
  }

  /** Appends another list's values (used when accumulators merge). */
  append(other: ValueList): void {
    for (const chunk of other.chunks) for (let i = 0; i < chunk.length; i++) this.push(chunk[i]);
    for (let i = 0; i < other.fill; i++) this.push(other.current[i]);
  }
}
