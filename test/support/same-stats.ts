// Two summaries of the same records, accumulated in different pieces: counts, tokens, stop reasons
// and every order statistic exactly equal; float sums equal to 9 decimals (added in another order).
import { expect } from 'vitest';
import type { Stats } from '../../src/stats/accumulator.js';

export function expectSameStats(actual: Stats, expected: Stats): void {
  expect(actual.requests).toBe(expected.requests);
  expect(actual.tokens).toEqual(expected.tokens);
  expect(actual.stopReasons).toEqual(expected.stopReasons);
  for (const k of ['p50', 'p95', 'max'] as const) {
    expect(actual.cost[k]).toBe(expected.cost[k]);
    expect(actual.latency[k]).toBe(expected.latency[k]);
  }
  if (expected.cost.total === null) expect(actual.cost.total).toBeNull();
  else expect(actual.cost.total!).toBeCloseTo(expected.cost.total, 9);
  if (expected.latency.mean === null) expect(actual.latency.mean).toBeNull();
  else expect(actual.latency.mean!).toBeCloseTo(expected.latency.mean, 9);
}
