// Sorting float64 values by their bit patterns (LSD radix, one byte a pass): the same order as
// Float64Array.prototype.sort (-0 before 0, -Infinity first, Infinity last) at about half its cost
// here: V8's typed-array sort is std::sort through a comparison function, ~60 ns a value on the
// bucket sizes of a 1M-record baseline, this ~30 (docs/performance.md). NaN is not expected (the
// values are costs and latencies, finite or absent); it would sort by its bit pattern.

/** Below this many values the engine's sort is as fast. */
const RADIX_MIN = 64;
const counts = new Uint32Array(8 * 256);
let spare = new Float64Array(1 << 12);

/** Sorts `values` ascending in place and returns it. */
export function radixSort(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN) return values.sort();
  if (spare.length < n) spare = new Float64Array(Math.max(n, spare.length * 2));
  const buffer = spare.subarray(0, n);
  let src: Uint32Array = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let dst: Uint32Array = new Uint32Array(buffer.buffer, buffer.byteOffset, n * 2);
  const lowWord = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
  const highWord = 1 - lowWord;
  // Keys that order as the numbers do, written over the values (undone at the end): a negative
  // number's bits all flipped, any other's sign bit set. Every byte of every key is counted at once.
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    let lo = src[2 * i + lowWord], hi = src[2 * i + highWord];
    if (hi & 0x80000000) {
      lo = ~lo;
      hi = ~hi;
    } else {
      hi |= 0x80000000;
    }
    src[2 * i + lowWord] = lo;
    src[2 * i + highWord] = hi;
    counts[lo & 255]++;
    counts[256 + ((lo >>> 8) & 255)]++;
    counts[512 + ((lo >>> 16) & 255)]++;
    counts[768 + (lo >>> 24)]++;
    counts[1024 + (hi & 255)]++;
    counts[1280 + ((hi >>> 8) & 255)]++;
    counts[1536 + ((hi >>> 16) & 255)]++;
    counts[1792 + (hi >>> 24)]++;
  }
  for (let pass = 0; pass < 8; pass++) {
    const base = pass * 256;
    // A byte that is the same in every key orders nothing: skip its pass.
    let same = false;
    for (let d = 0; d < 256; d++) {
      const c = counts[base + d];
      if (c !== 0) {
        same = c === n;
        break;
      }
    }
    if (same) continue;
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
    const t = src;
    src = dst;
    dst = t;
  }
  // Keys back to numbers, into `values`.
  const out = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  for (let i = 0; i < n; i++) {
    let lo = src[2 * i + lowWord], hi = src[2 * i + highWord];
    if (hi & 0x80000000) {
      hi &= 0x7fffffff;
    } else {
      lo = ~lo;
      hi = ~hi;
    }
    out[2 * i + lowWord] = lo;
    out[2 * i + highWord] = hi;
  }
  return values;
}
