// The set of request_ids seen so far, for dropping duplicates. It keeps a 64-bit fingerprint of
// each id (two int32s side by side) in an open-addressing table instead of the strings themselves:
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

// The fingerprint hashes the id four bytes at a time: its code units when all are below 256 (every
// id seen in practice: ASCII), as little-endian 32-bit words; otherwise its code units two at a time,
// from another seed. So the fast path hashes an ASCII id straight from the line's bytes, one
// 32-bit read per four characters (a quarter of the steps of a hash per byte, ~40 ns less a line).

/** Seeds of the two hashes, for ids of narrow (< 256) and of wide code units. */
const SEED_A = 0x811c9dc5, SEED_B = 0x9e3779b9, WIDE = 0x5bd1e995;

/** One 32-bit word into hash a (Murmur3's block step). */
function stepA(a: number, w: number): number {
  w = Math.imul(w, 0xcc9e2d51);
  w = (w << 15) | (w >>> 17);
  a ^= Math.imul(w, 0x1b873593);
  a = (a << 13) | (a >>> 19);
  return (Math.imul(a, 5) + 0xe6546b64) | 0;
}

/** One 32-bit word into hash b (a multiplicative step, independent of stepA). */
function stepB(b: number, w: number): number {
  return Math.imul(b + w, 0x5bd1e995) ^ (b >>> 15);
}

function finish(a: number, b: number, length: number, out: Int32Array, at: number): void {
  out[at] = mix(a ^ length);
  out[at + 1] = mix(b ^ length) | 1;
}

/**
 * Writes the 64-bit fingerprint of an id as two int32s at out[at], out[at + 1]: two independent
 * 32-bit hashes over its code units, each finalised. The second is never 0, so 0 can mean "no id"
 * in columns of fingerprints.
 */
export function fingerprint(id: string, out: Int32Array, at: number): void {
  const n = id.length;
  let narrow = true;
  for (let i = 0; i < n; i++) {
    if (id.charCodeAt(i) > 255) {
      narrow = false;
      break;
    }
  }
  let a = SEED_A, b = SEED_B;
  if (narrow) {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const w = id.charCodeAt(i) | (id.charCodeAt(i + 1) << 8) | (id.charCodeAt(i + 2) << 16) | (id.charCodeAt(i + 3) << 24);
      a = stepA(a, w);
      b = stepB(b, w);
    }
    if (i < n) {
      let w = 0;
      for (let k = 0; i + k < n; k++) w |= id.charCodeAt(i + k) << (8 * k);
      a = stepA(a, w);
      b = stepB(b, w);
    }
  } else {
    a ^= WIDE;
    b ^= WIDE;
    for (let i = 0; i < n; i += 2) {
      const w = id.charCodeAt(i) | (i + 1 < n ? id.charCodeAt(i + 1) << 16 : 0);
      a = stepA(a, w);
      b = stepB(b, w);
    }
  }
  finish(a, b, n, out, at);
}

/** `fingerprint` of the id whose code units are the ASCII bytes [s, e) of the block `view` is a
 *  DataView of: the same fingerprint as of the decoded string, without making the string. */
export function fingerprintAscii(view: DataView, s: number, e: number, out: Int32Array, at: number): void {
  let a = SEED_A, b = SEED_B;
  let i = s;
  for (; i + 4 <= e; i += 4) {
    const w = view.getInt32(i, true);
    a = stepA(a, w);
    b = stepB(b, w);
  }
  if (i < e) {
    let w = 0;
    for (let k = 0; i + k < e; k++) w |= view.getUint8(i + k) << (8 * k);
    a = stepA(a, w);
    b = stepB(b, w);
  }
  finish(a, b, e - s, out, at);
}

const scratch = new Int32Array(2);

/** Adds fingerprint (a, b) to the open-addressing table of `mask + 1` slots (slot i at [2i, 2i + 1],
 *  side by side so a probe touches one cache line); false when it was already there. */
function insert(table: Int32Array, mask: number, a: number, b: number): boolean {
  let slot = a & mask;
  for (;;) {
    const stored = table[2 * slot + 1];
    if (stored === EMPTY) break;
    if (stored === b && table[2 * slot] === a) return false;
    slot = (slot + 1) & mask;
  }
  table[2 * slot] = a;
  table[2 * slot + 1] = b;
  return true;
}

/** Puts the fingerprints of `from` (a table's slots, empty ones skipped) into `table`, known to hold none of them. */
function reinsert(from: Int32Array, table: Int32Array, mask: number): void {
  for (let i = 0; i < from.length; i += 2) if (from[i + 1] !== EMPTY) insert(table, mask, from[i], from[i + 1]);
}

/** Slots for `expected` ids at most MAX_LOAD full (a power of two). */
const capacityFor = (expected: number): number => 1 << Math.ceil(Math.log2(Math.max(16, expected / MAX_LOAD)));

export class RequestIdSet {
  private table: Int32Array;
  private mask: number;
  private count = 0;

  /** `expected`: how many ids are likely (from the input's size), so the table rarely has to grow. */
  constructor(expected = 1 << 15) {
    const capacity = capacityFor(expected);
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
    if (!insert(this.table, this.mask, a, b)) return false;
    if (++this.count > MAX_LOAD * (this.mask + 1)) this.grow();
    return true;
  }

  /** The fingerprints held, as table slots (empty ones are [0, 0]). */
  slots(): Int32Array {
    return this.table;
  }

  private grow(): void {
    const old = this.table;
    const capacity = old.length; // twice the slots: old.length / 2 of them now
    this.table = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    reinsert(old, this.table, this.mask);
  }
}

/** A SharedRequestIds as plain data, to hand to parser threads (the buffers are shared, not copied). */
export interface SharedIdsHandle {
  table: SharedArrayBuffer;
  control: SharedArrayBuffer;
}

/** Atomics.waitAsync (Node 16+; in TypeScript's lib from es2024). */
interface WaitAsync {
  waitAsync(array: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
}

/** Fields of the control array: the sequence number of the block whose turn it is, the table's slot
 *  mask and its count of ids (both valid between turns). */
const TURN = 0, MASK = 1, COUNT = 2;
/** The most of the table prefaultTable writes up front. */
const PREFAULT_MAX_BYTES = 64 << 20;
/** The turn once a thread has given up (an error): every thread waiting for a turn stops waiting. */
const ABANDONED = -1;
/** The turn while the first one is held back until the table is prefaulted (holdTurns). */
const HELD = -2;
/** What a thread is told when the turns were abandoned (so the cause can be told apart). */
export const TURNS_ABANDONED = 'another parser thread failed';
/** Ids whose home slots `rule` reads ahead of probing them (16-32 measured best alone). */
const TOUCH_BATCH = 16;
/** Most slots the table may grow to: 2^28 slots (2 GiB of address space, ~200M ids); only the
 *  slots in use are ever touched, so the rest costs no memory. */
const MAX_SLOTS = 1 << 28;

/**
 * The request-id set shared by parser threads, which dedup blocks in read order by taking turns:
 * block `seq` is ruled on only once every block before it has been, so the first occurrence of an
 * id wins exactly as when one thread reads everything. A turn is a few µs of probes per thousand
 * records; the threads parse their next blocks meanwhile. The table lives in one SharedArrayBuffer
 * reserved for its largest size (address space only: untouched pages are never resident) and grows
 * in place, in the turn of the block that fills it, so no thread ever has to swap buffers.
 */
export class SharedRequestIds {
  private readonly table: Int32Array;
  private readonly control: Int32Array;
  /** Whether prefaultTable has run (in this thread: it is called in the one that made the set). */
  private prefaulted = false;
  /** What the touching loop in `rule` read, kept so the optimiser cannot drop the loads. */
  private touched = 0;

  private constructor(readonly handle: SharedIdsHandle) {
    this.table = new Int32Array(handle.table);
    this.control = new Int32Array(handle.control);
  }

  /** A new set for about `expected` ids; `from`: ids read before (in this thread) to start with;
   *  `maxSlots`: the most it may grow to (its address space is reserved up front). */
  static create(expected: number, from?: RequestIdSet, maxSlots = MAX_SLOTS): SharedRequestIds {
    const capacity = Math.min(capacityFor(Math.max(expected, from?.size ?? 0)), maxSlots);
    let reserved = maxSlots;
    let table: SharedArrayBuffer | null = null;
    // Address space can be limited (ulimit -v): reserve less, down to what is needed now.
    while (table === null) {
      try {
        table = new SharedArrayBuffer(reserved * 8);
      } catch (err) {
        if (reserved <= capacity) throw err;
        reserved /= 2;
      }
    }
    const set = new SharedRequestIds({ table, control: new SharedArrayBuffer(3 * 4) });
    set.control[MASK] = capacity - 1;
    if (from !== undefined && from.size > 0) {
      set.prefaultTable();
      reinsert(from.slots(), set.table, capacity - 1);
      set.control[COUNT] = from.size;
    }
    return set;
  }

  /** The set a thread was handed. */
  static attach(handle: SharedIdsHandle): SharedRequestIds {
    return new SharedRequestIds(handle);
  }

  get size(): number {
    return Atomics.load(this.control, COUNT);
  }

  /** Whether block `seq` may be ruled on now (every block before it has been); throws once the
   *  turns are abandoned. */
  isTurn(seq: number): boolean {
    return this.turn() === seq;
  }

  /** Blocks this thread until it is block `seq`'s turn; throws once the turns are abandoned. */
  waitForTurn(seq: number): void {
    for (let turn; (turn = this.turn()) !== seq;) Atomics.wait(this.control, TURN, turn);
  }

  /** Resolves once the turn has moved on from where it is now (null: it already has, since `seq` was checked). */
  turnMoved(seq: number): Promise<unknown> | null {
    const turn = this.turn();
    if (turn === seq) return null;
    const waiting = (Atomics as unknown as WaitAsync).waitAsync(this.control, TURN, turn);
    return waiting.async ? waiting.value : null;
  }

  /** Holds the first turn back until prefaultTable has run: threads may then be given blocks before
   *  the table is written, and parse them meanwhile; none rules on one before it is ready. */
  holdTurns(): void {
    if (!this.prefaulted) Atomics.compareExchange(this.control, TURN, 0, HELD);
  }

  /** Stops the turns for good (a thread failed and its blocks will never be ruled on): every thread
   *  waiting for a turn, or asking for one later, gets an error instead of waiting for ever. */
  abandon(): void {
    Atomics.store(this.control, TURN, ABANDONED);
    Atomics.notify(this.control, TURN);
  }

  private turn(): number {
    const turn = Atomics.load(this.control, TURN);
    if (turn === ABANDONED) throw new Error(`request ids: ${TURNS_ABANDONED}`);
    return turn;
  }

  /**
   * In block `seq`'s turn: adds the fingerprints of its `n` records (`ids`: two int32 each, second 0
   * for none) and marks in `duplicate` (1) those already seen; returns how many. Ends the turn.
   */
  rule(ids: Int32Array, n: number, seq: number, duplicate: Uint8Array): number {
    const control = this.control, table = this.table;
    if (this.turn() !== seq) throw new Error(`request ids: block ${seq} ruled on out of turn`);
    let mask = control[MASK];
    let count = control[COUNT];
    let duplicates = 0;
    for (let from = 0; from < n; from += TOUCH_BATCH) {
      const to = Math.min(n, from + TOUCH_BATCH);
      // The home slots of the next ids first, in a loop without branches: the CPU overlaps these
      // cache misses, where in the probes below each would wait for the branch on the one before.
      let touched = 0;
      for (let i = from; i < to; i++) touched |= table[2 * (ids[2 * i] & mask) + 1];
      this.touched = touched;
      for (let i = from; i < to; i++) {
        duplicate[i] = 0;
        const b = ids[2 * i + 1];
        if (b === EMPTY) continue;
        if (!insert(table, mask, ids[2 * i], b)) {
          duplicate[i] = 1;
          duplicates++;
        } else if (++count > MAX_LOAD * (mask + 1)) {
          mask = this.grow(mask);
        }
      }
    }
    control[MASK] = mask;
    control[COUNT] = count;
    // The store publishes the table's writes to the thread that sees the next turn.
    Atomics.store(control, TURN, seq + 1);
    Atomics.notify(control, TURN);
    return duplicates;
  }

  /**
   * Writes the table's pages before any probe reads them. A page first read is mapped to the
   * kernel's zero page, and the first write to it then costs a copy-on-write fault whose TLB flush
   * interrupts every core running this process (~3% of a 1M-record run's CPU, measured with perf);
   * a page first written is simply allocated. Call before the first turn (or hold the turns back
   * with holdTurns, and this lets them go): it must not run while a thread rules. Once only: later
   * calls do nothing.
   */
  prefaultTable(): void {
    if (this.prefaulted) return; // done already, and the table may hold ids now
    this.prefaulted = true;
    // Up to 64 MB (the table for ~5M ids): the pages are resident from now on even if the logs turn
    // out to have few ids, so a bigger table's pages are left to be faulted in as they are used.
    this.clear(0, Math.min((this.control[MASK] + 1) * 2, PREFAULT_MAX_BYTES / 4));
    // The store publishes the cleared table to the thread that takes the first turn.
    if (Atomics.compareExchange(this.control, TURN, HELD, 0) === HELD) Atomics.notify(this.control, TURN);
  }

  /** Empties int32 slots [from, to) of the table. */
  private clear(from: number, to: number): void {
    this.table.fill(EMPTY, from, to);
  }

  /** Doubles the table in place: its ids are copied out, its slots cleared, and the ids put back. */
  private grow(mask: number): number {
    const slots = mask + 1;
    if (slots * 2 * 2 > this.table.length) {
      throw new Error(`more distinct request ids than the dedup table can hold (${(MAX_LOAD * slots).toFixed(0)}): run with --no-dedup`);
    }
    const old = this.table.slice(0, slots * 2);
    this.clear(0, slots * 4); // the new half is written before it is read, as prefaultTable wants
    const grown = slots * 2 - 1;
    reinsert(old, this.table, grown);
    return grown;
  }
}
