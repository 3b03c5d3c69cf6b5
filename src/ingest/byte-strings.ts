// Strings met again and again (model ids, feature names, stop reasons) read straight from bytes:
// a byte span is looked up by its bytes and the string made once, so the hot path allocates nothing
// for them. Bytes are hashed and compared four at a time (32-bit reads of the block). Bounded: past
// MAX_ENTRIES distinct values, new ones are decoded each time, not kept.

import { knownString, type KnownString } from './scanned-record.js';

interface Entry {
  length: number;
  /** The first four bytes and the last four as little-endian words (fewer than four: both are all
   *  of them, zero-padded): compared first, and with `words` they cover every byte. */
  first: number;
  last: number;
  /** The bytes as little-endian 32-bit words; the last word holds the 1-3 bytes left, zero-padded. */
  words: Int32Array;
  known: KnownString;
}

const SLOTS = 1024;
const MAX_ENTRIES = 4096;

/** Bytes [i, e) of the view (1 to 4 of them) as a little-endian word, zero-padded. */
export function partialWord(view: DataView, i: number, e: number): number {
  let w = 0;
  for (let k = 0; i + k < e; k++) w |= view.getUint8(i + k) << (8 * k);
  return w;
}

export class ByteStrings {
  private readonly slots: Array<Entry[] | undefined> = new Array(SLOTS);
  private entries = 0;

  /** The UTF-8 text of bytes [s, e) (not empty) of `b`, which `view` is a DataView of. */
  get(view: DataView, b: Buffer, s: number, e: number): KnownString {
    const len = e - s;
    const full = len >> 2;
    // Length, the first word and the last bytes: enough to spread ids like `claude-sonnet-4-6`.
    const first = len >= 4 ? view.getInt32(s, true) : partialWord(view, s, e);
    const last = len >= 4 ? view.getInt32(e - 4, true) : first;
    const slot = Math.imul(first ^ Math.imul(last, 0x9e3779b1) ^ len, 0x85ebca6b) >>> 22;
    const list = this.slots[slot];
    if (list !== undefined) {
      for (let k = 0; k < list.length; k++) {
        const entry = list[k];
        if (entry.length !== len || entry.first !== first || entry.last !== last) continue;
        // The bytes between the first four and the last four.
        const words = entry.words;
        let o = 4;
        while (o < len - 4 && view.getInt32(s + o, true) === words[o >> 2]) o += 4;
        if (o >= len - 4) return entry.known;
      }
    }
    const known = knownString(b.toString('utf8', s, e));
    if (this.entries < MAX_ENTRIES) {
      this.entries++;
      const words = new Int32Array((len + 3) >> 2);
      for (let w = 0; w < full; w++) words[w] = view.getInt32(s + 4 * w, true);
      if (full < words.length) words[full] = partialWord(view, s + 4 * full, e);
      (list ?? (this.slots[slot] = [])).push({ length: len, first, last, words, known });
    }
    return known;
  }
}
