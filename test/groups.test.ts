// Grouped accumulators (cost --by) handed between threads: two halves aggregated apart, then one
// absorbing the other's state, give the groups of the whole.
import { describe, expect, it } from 'vitest';
import { summarize } from '../src/stats/accumulator.js';
import { dimension } from '../src/stats/dimensions.js';
import { GroupedAccumulators } from '../src/stats/groups.js';
import type { PricedRecord } from '../src/types.js';
import { Calendar } from '../src/window/calendar.js';
import { expectSameStats } from './support/same-stats.js';

let seed = 11;
const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];

function randomRecord(): PricedRecord {
  return {
    requestId: null, model: pick(['claude-haiku-4-5', 'claude-sonnet-4-6', 'claude-opus-4-8']), feature: pick(['chat', 'rag', 'summarize']),
    timestampMs: rand() < 0.05 ? null : Date.UTC(2026, 10, 1) + Math.floor(rand() * 28 * 86_400_000),
    source: rand() < 0.5 ? { tenant: pick(['a', 'b']) } : {},
    cacheWrite1hTokens: null, batch: false, webSearchRequests: 0, loggedCostUsd: null, shape: 'wrapper',
    inputTokens: Math.floor(rand() * 10000), outputTokens: Math.floor(rand() * 1000), cacheReadTokens: 0, cacheWriteTokens: 0,
    latencyS: rand() < 0.1 ? null : Math.round(rand() * 3000) / 100,
    stopReason: pick(['end_turn', 'max_tokens']),
    costUsd: rand() < 0.05 ? null : rand() * 0.1,
  };
}

describe('GroupedAccumulators toData / absorb', () => {
  it('the halves, one absorbing the other, equal the whole, group for group', () => {
    const calendar = new Calendar('UTC');
    const dims = () => ['feature', 'model', 'day', 'tenant'].map((n) => dimension(n, calendar));
    for (let trial = 0; trial < 10; trial++) {
      const records = Array.from({ length: 1 + Math.floor(rand() * 20000) }, randomRecord);
      const cut = Math.floor(rand() * records.length);
      const whole = new GroupedAccumulators(dims());
      const left = new GroupedAccumulators(dims());
      const right = new GroupedAccumulators(dims());
      records.forEach((r, i) => {
        whole.add(r);
        (i < cut ? left : right).add(r);
      });
      left.absorb(structuredClone(right.toData()));
      expect([...left.groups.keys()].sort()).toEqual([...whole.groups.keys()].sort());
      for (const [key, group] of whole.groups) {
        const merged = left.groups.get(key)!;
        expect(merged.labels).toEqual(group.labels);
        expectSameStats(summarize([merged.accumulator]), summarize([group.accumulator]));
      }
    }
  });
});
