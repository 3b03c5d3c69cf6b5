// Log-spaced histogram bins for cost per request (the counts: sorted-runs.test.ts).
import { describe, expect, it } from 'vitest';
import { logEdges } from '../src/stats/histogram.js';

describe('logEdges', () => {
  it('takes the finest bins per decade that fit the budget, with powers of ten as edges', () => {
    // 0.001 .. 0.5 spans 3 whole decades: 10 per decade fits 40 bins.
    const e = logEdges(0.001, 0.5, 40);
    expect(e.slice(0, 4)).toEqual([0.001, 0.00126, 0.00158, 0.002]);
    expect(e[e.length - 1]).toBe(0.501);
    expect(e).toContain(0.01);
    expect(e).toContain(0.1);
    expect(e.length - 1).toBe(27);
    // 1e-5 .. 0.4 spans 5 decades: 8 per decade (40 bins at most).
    const f = logEdges(1e-5, 0.4, 40);
    expect(f[0]).toBe(1e-5);
    expect(f[1]).toBe(1.33e-5);
    expect(f.length - 1).toBeLessThanOrEqual(40);
  });

  it('covers [min, max] with ascending edges and never exceeds the budget', () => {
    for (const [min, max] of [[0.000556, 0.3991], [1e-9, 1e3], [0.5, 0.5], [1, 1], [1e-30, 1e30], [0.0123, 0.0124]]) {
      const e = logEdges(min, max, 40);
      expect(e.length, `${min}..${max}`).toBeGreaterThanOrEqual(2);
      expect(e.length - 1).toBeLessThanOrEqual(40);
      expect(e[0]).toBeLessThanOrEqual(min);
      expect(e[1]).toBeGreaterThan(min);
      expect(e[e.length - 1]).toBeGreaterThanOrEqual(max);
      for (let i = 1; i < e.length; i++) expect(e[i]).toBeGreaterThan(e[i - 1]);
    }
  });

  it('has no bins without a positive value', () => {
    expect(logEdges(0, 1)).toEqual([]);
  });
});
