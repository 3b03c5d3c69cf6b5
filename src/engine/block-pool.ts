// Block buffers used again and again instead of one fresh buffer per block. A fresh 1-2 MiB buffer
// per block left ~30 MB of dead blocks per thread waiting for the garbage collector at 1M records
// (measured with process.memoryUsage in each thread). The slots are SharedArrayBuffers handed to
// the parser threads once, at start, so a block crosses to a thread as a slot number: no transfer,
// no copy. A block that does not fit a slot (a very long line) or finds none free gets a buffer of
// its own, as before.

/** Room for a block: blocks are cut at ≥ 1 MiB of whole lines from reads of ≤ 1 MiB, so nearly all
 *  are under 2 MiB; pages never written are never resident. */
export const SLOT_BYTES = 4 << 20;

export class BlockPool {
  readonly slots: SharedArrayBuffer[];
  private readonly views: Uint8Array[];
  private readonly free: number[];

  constructor(count: number, readonly slotBytes = SLOT_BYTES) {
    this.slots = Array.from({ length: count }, () => new SharedArrayBuffer(slotBytes));
    this.views = this.slots.map((s) => new Uint8Array(s));
    this.free = this.views.map((_, i) => count - 1 - i);
  }

  /** A buffer of `size` bytes: a view of a free slot, or a buffer of its own. */
  allocate(size: number): Uint8Array {
    if (size <= this.slotBytes && this.free.length > 0) return this.views[this.free.pop()!].subarray(0, size);
    return new Uint8Array(size);
  }

  /** The slot a block lives in, or -1 for a buffer of its own. */
  slotOf(bytes: Uint8Array): number {
    for (let i = 0; i < this.slots.length; i++) if (bytes.buffer === this.slots[i]) return i;
    return -1;
  }

  /** The slot's block has been parsed: the slot may hold the next one. */
  release(slot: number): void {
    if (slot >= 0) this.free.push(slot);
  }

  /** A buffer from `allocate` that was not used for a block after all. */
  discard(bytes: Uint8Array): void {
    this.release(this.slotOf(bytes));
  }
}
