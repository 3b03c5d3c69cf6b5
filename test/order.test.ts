import { describe, expect, it } from 'vitest';
import { byValueDesc } from '../src/report/order.js';

type Row = { name: string; total: number | null };
const order = (rows: Row[]) => [...rows].sort(byValueDesc((r) => r.total, (r) => r.name)).map((r) => r.name);

describe('byValueDesc', () => {
  it('sorts descending, nulls last, ties by name', () => {
    expect(order([{ name: 'b', total: 1 }, { name: 'a', total: 1 }, { name: 'c', total: null }, { name: 'd', total: 2 }])).toEqual(['d', 'a', 'b', 'c']);
  });

  it('orders by name values that differ only in the last bits of a float sum', () => {
    // 0.1 + 0.2 + 0.3 in two orders: 0.6000000000000001 and 0.6.
    const x = 0.1 + 0.2 + 0.3, y = 0.3 + 0.2 + 0.1;
    expect(x).not.toBe(y);
    expect(order([{ name: 'z', total: x }, { name: 'a', total: y }])).toEqual(['a', 'z']);
    expect(order([{ name: 'z', total: y }, { name: 'a', total: x }])).toEqual(['a', 'z']);
  });

  it('still orders values that differ in the twelfth significant digit, at any scale', () => {
    for (const scale of [1e-9, 1e-3, 1, 1e6]) {
      expect(order([{ name: 'a', total: 1.00000000001 * scale }, { name: 'b', total: 1.00000000002 * scale }])).toEqual(['b', 'a']);
    }
    expect(order([{ name: 'a', total: 0 }, { name: 'b', total: 1e-300 }])).toEqual(['b', 'a']);
  });
});
