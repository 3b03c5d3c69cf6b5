// Exact order statistics of values spread over many chunks (a group's value lists), without
// copying them into one array or reordering them. For large groups: one pass counts the values by
// the top 16 bits of their sortable bit pattern (sign, exponent and the first mantissa bits: a
// radix histogram), the counts say which bin holds each wanted rank, a second pass gathers only
// those bins' values, and a selection within each gathered bin finishes the job. Two linear passes
// where gathering everything and selecting took a copy and several passes (the baseline report
// spent ~0.7 s of a 5M-record run there). Small groups take the copy-and-select path.
import { valuesAtRanks } from './quantile.js';

/** Below this many values, copying them and selecting is cheaper than a 65,536-bin histogram. */
const RADIX_MIN_VALUES = 65_536;
const BINS = 1 << 16;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Reused between calls (a report makes ~100): cleared, not allocated, each time. */
const counts = new Uint32Array(BINS);
const slotOfBin = new Int32Array(BINS);
const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/** The bin of a double: the top 16 bits of its bit pattern, made to sort as the numbers do
 *  (negative numbers have all bits flipped, others only the sign bit). */
function binOfHigh(high: number): number {
  return (high & 0x80000000 ? ~high : high ^ 0x80000000) >>> 16;
}

/** The 32-bit words of a chunk's values, and where each value's high word is among them. */
function highWords(chunk: Float64Array): { words: Uint32Array; at: number } {
  return { words: new Uint32Array(chunk.buffer, chunk.byteOffset, chunk.length * 2), at: littleEndian ? 1 : 0 };
}

export function totalLength(chunks: readonly Float64Array[]): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}

/** All values of the chunks in one new array. */
export function concatChunks(chunks: readonly Float64Array[], n = totalLength(chunks)): Float64Array {
  const out = new Float64Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The values at 0-based ranks (in ascending order) of the values in `chunks`, which are left as
 *  they are. Ranks outside [0, n) are left out of the answer. */
export function orderStatistics(chunks: readonly Float64Array[], ranks: readonly number[]): Map<number, number> {
  const n = totalLength(chunks);
  const wanted = [...new Set(ranks)].filter((r) => r >= 0 && r < n).sort((a, b) => a - b);
  if (wanted.length === 0) return new Map();
  if (n < RADIX_MIN_VALUES) return valuesAtRanks(concatChunks(chunks, n), wanted);

  // Pass 1: values per bin.
  counts.fill(0);
  for (const chunk of chunks) {
    const { words, at } = highWords(chunk);
    for (let i = at; i < words.length; i += 2) counts[binOfHigh(words[i])]++;
  }
  // The bin of each wanted rank, and the rank within it.
  const binOfRank: number[] = [];
  const firstOfBin = new Map<number, number>(); // bin → rank of its first value
  let below = 0;
  let w = 0;
  for (let b = 0; b < BINS && w < wanted.length; b++) {
    const c = counts[b];
    while (w < wanted.length && wanted[w] < below + c) {
      binOfRank.push(b);
      firstOfBin.set(b, below);
      w++;
    }
    below += c;
  }
  // Pass 2: gather the values of those bins only.
  const bins = [...firstOfBin.keys()];
  slotOfBin.fill(-1);
  const gathered = bins.map((b, k) => {
    slotOfBin[b] = k;
    return new Float64Array(counts[b]);
  });
  const fill = new Int32Array(bins.length);
  for (const chunk of chunks) {
    const { words, at } = highWords(chunk);
    for (let i = at, j = 0; i < words.length; i += 2, j++) {
      const k = slotOfBin[binOfHigh(words[i])];
      if (k >= 0) gathered[k][fill[k]++] = chunk[j];
    }
  }
  // Select within each bin.
  const out = new Map<number, number>();
  bins.forEach((b, k) => {
    const first = firstOfBin.get(b)!;
    const inBin = wanted.filter((_, r) => binOfRank[r] === b);
    const at = valuesAtRanks(gathered[k], inBin.map((r) => r - first));
    for (const r of inBin) out.set(r, at.get(r - first)!);
  });
  return out;
}

/** The bin a value falls in (exported for tests). */
export function binOf(value: number): number {
  scratch[0] = value;
  return binOfHigh(scratchWords[littleEndian ? 1 : 0]);
}
