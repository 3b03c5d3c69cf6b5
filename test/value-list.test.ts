import { describe, expect, it } from 'vitest';
import { runsLength, type SortedRun } from '../src/stats/sorted-runs.js';
import { ValueList } from '../src/stats/value-list.js';

/** Every value of the runs, in ascending order; each run checked to be ascending. */
function valuesOf(runs: readonly SortedRun[]): number[] {
  for (const run of runs) for (let i = 1; i < run.values.length; i++) expect(run.values[i - 1] <= run.values[i]).toBe(true);
  return runs.flatMap((r) => [...r.values]).sort((a, b) => a - b);
}

describe('ValueList', () => {
  it('gives back every value pushed, as ascending runs, whatever its size', () => {
    for (const [n, from] of [[0, false], [1, false], [255, true], [256, false], [257, true], [16_384, false], [16_385, true], [200_000, false], [200_000, true]] as const) {
      const list = new ValueList();
      const pushed = Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 7);
      // push, or pushFrom a typed array (alternating slots, as Accumulator passes its two values)
      const slot = new Float64Array(2);
      pushed.forEach((v, i) => {
        if (!from) return list.push(v);
        slot[i % 2] = v;
        list.pushFrom(slot, i % 2);
      });
      expect(list.length).toBe(n);
      const runs = list.runs();
      expect(runsLength(runs)).toBe(n);
      expect(valuesOf(runs)).toEqual(pushed.sort((a, b) => a - b));
      // Big lists are cut into runs of 65,536 values at most; small ones are one run.
      expect(runs.length).toBe(n === 0 ? 0 : Math.ceil(n / 16_384));
    }
  });

  it('keeps values pushed after a read apart, in a run of their own', () => {
    const list = new ValueList();
    for (const v of [5, 3, 4]) list.push(v);
    expect(list.runs().map((r) => [...r.values])).toEqual([[3, 4, 5]]);
    for (const v of [2, 1]) list.push(v);
    expect(list.length).toBe(5);
    expect(list.runs().map((r) => [...r.values])).toEqual([[3, 4, 5], [1, 2]]);
  });

  it('hands its runs over once, and another list adopts them as they are', () => {
    const a = new ValueList(), b = new ValueList();
    for (let i = 0; i < 1000; i++) a.push(1000 - i);
    b.push(0.5);
    const taken = a.takeRuns();
    expect(runsLength(taken)).toBe(1000);
    expect(a.length).toBe(0);
    expect(a.runs()).toEqual([]);
    for (const run of taken) b.adoptRun(run);
    expect(b.length).toBe(1001);
    expect(valuesOf(b.runs())[0]).toBe(0.5);
    expect(b.runs()).toContain(taken[0]); // not copied
  });
});
