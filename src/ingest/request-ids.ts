// The set of request_ids seen so far, for dropping duplicates. It keeps a 64-bit fingerprint of
// each id in an open-addressing table of two Int32Arrays instead of the strings themselves:
// 8 bytes an id where a Set<string> took ~85 bytes and ~0.5 s per 1M ids. Two distinct ids share a
// fingerprint with probability about n²/2⁶⁵ (7e-7 at 5M records); that is the price of the bound.

const EMPTY = 0;
const MAX_LOAD = 0.75;

/** Murmur3's 32-bit finaliser: spreads every input bit over the output. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Writes the 64-bit fingerprint of an id as two int32s at out[at], out[at + 1]: two independent
 * 32-bit hashes over the UTF-16 code units (FNV-1a and a multiplicative one), each finalised.
 * The second is never 0, so 0 can mean "no id" in columns of fingerprints.
 */
export function fingerprint(id: string, out: Int32Array, at: number): void {
  let a = 0x811c9dc5 ^ id.length;
  let b = 0x9e3779b9;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 15);
  }
  out[at] = mix(a);
  out[at + 1] = mix(b) | 1;
}

/** `fingerprint` of the id whose UTF-16 code units are the bytes [s, e): for ASCII bytes (each one
 *  code unit), the same fingerprint as of the decoded string, without making the string. */
export function fingerprintAscii(bytes: Uint8Array, s: number, e: number, out: Int32Array, at: number): void {
  let a = 0x811c9dc5 ^ (e - s);
  let b = 0x9e3779b9;
  for (let i = s; i < e; i++) {
    const c = bytes[i];
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 15);
  }
  out[at] = mix(a);
  out[at + 1] = mix(b) | 1;
}

const scratch = new Int32Array(2);

export class RequestIdSet {
  /** Slot i holds the fingerprint at [2i, 2i + 1], side by side so a probe touches one cache line. */
  private table: Int32Array;
  private mask: number;
  private count = 0;

  /** `expected`: how many ids are likely (from the input's size), so the table rarely has to grow. */
  constructor(expected = 1 << 15) {
    const capacity = 1 << Math.ceil(Math.log2(Math.max(16, expected / MAX_LOAD)));
    this.table = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds an id; false when it was already there (a duplicate). */
  add(id: string): boolean {
    fingerprint(id, scratch, 0);
    return this.addFingerprint(scratch[0], scratch[1]);
  }

  /** Adds an id by its fingerprint (from `fingerprint`, possibly computed in another thread). */
  addFingerprint(a: number, b: number): boolean {
    const table = this.table, mask = this.mask;
    let slot = a & mask;
    for (;;) {
      const stored = table[2 * slot + 1];
      if (stored === EMPTY) break;
      if (stored === b && table[2 * slot] === a) return false;
      slot = (slot + 1) & mask;
    }
    table[2 * slot] = a;
    table[2 * slot + 1] = b;
    if (++this.count > MAX_LOAD * (mask + 1)) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.table;
    const capacity = (old.length / 2) * 2;
    const table = new Int32Array(capacity * 2);
    const mask = capacity - 1;
    for (let i = 0; i < old.length; i += 2) {
      const b = old[i + 1];
      if (b === EMPTY) continue;
      let slot = old[i] & mask;
      while (table[2 * slot + 1] !== EMPTY) slot = (slot + 1) & mask;
      table[2 * slot] = old[i];
      table[2 * slot + 1] = b;
    }
    this.table = table;
    this.mask = mask;
  }
}
