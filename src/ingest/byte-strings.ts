// Strings met again and again (model ids, feature names, stop reasons) read straight from bytes:
// a byte span is looked up by its bytes and the string made once, so the hot path allocates nothing
// for them. Bounded: past MAX_ENTRIES distinct values, new ones are decoded each time, not kept.

import { knownString, type KnownString } from './scanned-record.js';

interface Entry {
  bytes: Uint8Array;
  known: KnownString;
}

const SLOTS = 1024;
const MAX_ENTRIES = 4096;

export class ByteStrings {
  private readonly slots: Array<Entry[] | undefined> = new Array(SLOTS);
  private entries = 0;

  /** The UTF-8 text of bytes [s, e) of `b` (not empty). */
  get(b: Buffer, s: number, e: number): KnownString {
    const len = e - s;
    // Length, first, middle and last bytes: enough to spread ids like `claude-sonnet-4-6`.
    const slot = (len * 31 + b[s] * 7 + b[s + (len >> 1)] * 131 + b[e - 1] * 17 + b[e - 2 >= s ? e - 2 : s]) & (SLOTS - 1);
    let list = this.slots[slot];
    if (list !== undefined) {
      for (let k = 0; k < list.length; k++) {
        const entry = list[k];
        const bytes = entry.bytes;
        if (bytes.length !== len) continue;
        let i = 0;
        while (i < len && bytes[i] === b[s + i]) i++;
        if (i === len) return entry.known;
      }
    }
    const known = knownString(b.toString('utf8', s, e));
    if (this.entries < MAX_ENTRIES) {
      this.entries++;
      (list ??= this.slots[slot] = []).push({ bytes: Uint8Array.prototype.slice.call(b, s, e), known });
    }
    return known;
  }
}
