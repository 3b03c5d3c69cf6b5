import { describe, expect, it } from 'vitest';
import { radixSort } from '../src/stats/radix-sort.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
}

/** Same values in the same order, -0 and 0 told apart. */
function expectSameOrder(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) expect(`${i}: ${actual[i]}`).toBe(`${i}: ${expected[i]}`);
}

describe('radixSort', () => {
  const r = rng(3);
  const shapes: Array<[string, () => number]> = [
    ['log-normal costs', () => Math.exp(-9 + 4 * r())],
    ['latencies with ties', () => Math.round(Math.exp(3 * r()) * 1000) / 1000],
    ['signs, zeros and infinities', () => [0, -0, -1.5, 2.5, -1e-300, 1e300, -Infinity, Infinity, 5e-324, -5e-324][Math.floor(r() * 10)] * (r() < 0.5 ? 1 : r())],
    ['one value', () => 0.125],
    ['integers', () => Math.floor(r() * 1e6)],
    // Values that share a high word (sign, exponent, top 20 bits of mantissa) and differ below it:
    // one long stretch of them, many short ones, and a few of middling length, out of order.
    ['all within a millionth of 1', () => 1 + r() * 1e-7],
    ['short stretches of near-equal values', () => [0.25, 3, 17.5, 1e-4][Math.floor(r() * 4)] * (1 + Math.floor(r() * 1e6) * 1e-13)],
    ['near-equal values among others', () => (r() < 0.5 ? Math.exp(-9 + 4 * r()) : 0.0123 * (1 + r() * 1e-9))],
  ];
  for (const [name, draw] of shapes) {
    it(`orders as Float64Array.prototype.sort does: ${name}`, () => {
      for (const n of [0, 1, 63, 64, 1023, 1024, 1025, 5000, 70_000]) {
        const values = Float64Array.from({ length: n }, draw);
        const expected = Float64Array.from(values).sort();
        expectSameOrder(radixSort(values), expected);
      }
    });
  }

  it('sorts a view in place without touching the rest of its buffer', () => {
    const all = Float64Array.from({ length: 6000 }, (_, i) => 6000 - i);
    const view = all.subarray(1000, 4000); // 5000 down to 2001
    radixSort(view);
    expectSameOrder(view, Float64Array.from({ length: 3000 }, (_, i) => 2001 + i));
    expect(all[999]).toBe(5001);
    expect(all[4000]).toBe(2000);
  });
});
