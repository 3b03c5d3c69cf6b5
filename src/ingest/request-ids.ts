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

export class RequestIdSet {
  private hashA: Int32Array;
  private hashB: Int32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1 << 16) {
    const capacity = 1 << Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.hashA = new Int32Array(capacity);
    this.hashB = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds an id; false when it was already there (a duplicate). */
  add(id: string): boolean {
    // Two independent 32-bit hashes over the UTF-16 code units (FNV-1a and a multiplicative one).
    let a = 0x811c9dc5 ^ id.length;
    let b = 0x9e3779b9;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 15);
    }
    a = mix(a);
    b = mix(b) | 1; // never EMPTY, so a slot is free exactly when hashB is 0
    const hashA = this.hashA, hashB = this.hashB, mask = this.mask;
    let slot = a & mask;
    for (;;) {
      const stored = hashB[slot];
      if (stored === EMPTY) break;
      if (stored === b && hashA[slot] === a) return false;
      slot = (slot + 1) & mask;
    }
    hashA[slot] = a;
    hashB[slot] = b;
    if (++this.count > MAX_LOAD * (mask + 1)) this.grow();
    return true;
  }

  private grow(): void {
    const oldA = this.hashA, oldB = this.hashB;
    const capacity = oldA.length * 2;
    this.hashA = new Int32Array(capacity);
    this.hashB = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < oldA.length; i++) {
      if (oldB[i] === EMPTY) continue;
      let slot = oldA[i] & this.mask;
      while (this.hashB[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.hashA[slot] = oldA[i];
      this.hashB[slot] = oldB[i];
    }
  }
}
