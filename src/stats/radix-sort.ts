// Sorting float64 values by their bit patterns: the same order as Float64Array.prototype.sort
// (-0 before 0, -Infinity first, Infinity last) at a fraction of its cost. V8's typed-array sort is
// std::sort through a comparison function, ~55-75 ns a value on the bucket sizes of a 1M-record
// baseline. Here an LSD radix sort, one byte a pass, over the high word of each value only: its
// sign, exponent and top 20 bits of mantissa, which tell apart values more than about a millionth
// of themselves apart. The values that share a high word (equal ones, mostly) are then put in order
// stretch by stretch. ~14 ns a value for costs and ~19 for latencies, against ~22 and ~25 with all
// eight bytes (docs/performance.md). NaN is not expected (the values are costs and latencies,
// finite or absent); it would sort by its bit pattern.

/** Below this many values the engine's sort is as fast or faster (eight passes over 256 counters
 *  do not pay on a few hundred values, least of all before the JIT has compiled them). */
const RADIX_MIN = 1024;
/** The passes: bytes 4-7 of a key, its high word. */
const FIRST_PASS = 4;
const counts = new Uint32Array(8 * 256);
/** The second buffer of the passes, reused: as long as the longest list value lists hand over
 *  (16,384 values, 128 KB), so it is seldom grown (growing it only at the end of a run, in code
 *  compiled without that path, cost a recompile). */
let spare = new Float64Array(1 << 14);

const lowWord = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const highWord = 1 - lowWord;

/** Sorts `values` ascending in place and returns it. */
export function radixSort(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN) return values.sort();
  if (spare.length < n) spare = new Float64Array(Math.max(n, spare.length * 2));
  let src: Uint32Array = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let dst: Uint32Array = new Uint32Array(spare.buffer, 0, n * 2);
  toKeys(src, n);
  for (let pass = FIRST_PASS; pass < 8; pass++) {
    if (!scatter(src, dst, n, pass)) continue;
    const t = src;
    src = dst;
    dst = t;
  }
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  fromKeys(src, words, n);
  orderTies(values, words);
  return values;
}

/** Sorts values[start, end): nothing to do when in order already (equal values, most often), by
 *  insertion when short, else by the engine's sort. */
function orderStretch(values: Float64Array, start: number, end: number): void {
  let sorted = true;
  for (let j = start + 1; j < end && sorted; j++) sorted = !(values[j - 1] > values[j]);
  if (sorted) return;
  if (end - start > 32) {
    values.subarray(start, end).sort();
    return;
  }
  for (let j = start + 1; j < end; j++) {
    const v = values[j];
    let k = j - 1;
    while (k >= start && values[k] > v) {
      values[k + 1] = values[k];
      k--;
    }
    values[k + 1] = v;
  }
}

/** After a sort by the high words: sorts each stretch of values that share one (by insertion when
 *  short, by the engine's sort when long). */
function orderTies(values: Float64Array, words: Uint32Array): void {
  const n = values.length;
  let start = 0;
  let high = words[highWord];
  for (let i = 1; i <= n; i++) {
    const h = i < n ? words[2 * i + highWord] : ~high;
    if (h === high) continue;
    if (i - start > 1) orderStretch(values, start, i);
    start = i;
    high = h;
  }
}

// The passes are small functions of one loop each: each is optimised as a whole after a few calls,
// where one big function was compiled again and again for its loops (on-stack replacement).

/**
 * Turns the n values of `words` (two 32-bit words each) into keys that order as the numbers do, in
 * place: a negative number's bits all flipped, any other's sign bit set. Counts every byte of
 * every key's high word at once.
 */
function toKeys(words: Uint32Array, n: number): void {
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    let lo = words[2 * i + lowWord], hi = words[2 * i + highWord];
    if (hi & 0x80000000) {
      lo = ~lo;
      hi = ~hi;
    } else {
      hi |= 0x80000000;
    }
    words[2 * i + lowWord] = lo;
    words[2 * i + highWord] = hi;
    counts[1024 + (hi & 255)]++;
    counts[1280 + ((hi >>> 8) & 255)]++;
    counts[1536 + ((hi >>> 16) & 255)]++;
    counts[1792 + (hi >>> 24)]++;
  }
}

/** Moves the keys from `src` to `dst` in the order of byte `pass` (0: lowest); false, moving
 *  nothing, when that byte is the same in every key and orders nothing. */
function scatter(src: Uint32Array, dst: Uint32Array, n: number, pass: number): boolean {
  const base = pass * 256;
  for (let d = 0; d < 256; d++) {
    const c = counts[base + d];
    if (c === n) return false;
    if (c !== 0) break;
  }
  for (let d = 0, at = 0; d < 256; d++) {
    const c = counts[base + d];
    counts[base + d] = at;
    at += c;
  }
  const word = pass < 4 ? lowWord : highWord;
  const shift = (pass & 3) * 8;
  for (let i = 0; i < n; i++) {
    const to = counts[base + ((src[2 * i + word] >>> shift) & 255)]++;
    dst[2 * to] = src[2 * i];
    dst[2 * to + 1] = src[2 * i + 1];
  }
  return true;
}

/** Keys (toKeys) back to the numbers' words. */
function fromKeys(keys: Uint32Array, out: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    let lo = keys[2 * i + lowWord], hi = keys[2 * i + highWord];
    if (hi & 0x80000000) {
      hi &= 0x7fffffff;
    } else {
      lo = ~lo;
      hi = ~hi;
    }
    out[2 * i + lowWord] = lo;
    out[2 * i + highWord] = hi;
  }
}
