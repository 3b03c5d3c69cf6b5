import { describe, expect, it } from 'vitest';
import { Accumulator, summarize } from '../src/stats/accumulator.js';
import type { PricedRecord } from '../src/types.js';
import { expectSameStats } from './support/same-stats.js';

let seed = 7;
const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const reasons = ['end_turn', 'end_turn', 'end_turn', 'max_tokens', 'refusal', 'tool_use', 'model_context_window_exceeded'];

function randomRecord(): PricedRecord {
  return {
    requestId: null, model: 'm', feature: 'f', timestampMs: null, source: {},
    cacheWrite1hTokens: null, batch: false, webSearchRequests: 0, loggedCostUsd: null, shape: 'wrapper',
    inputTokens: Math.floor(rand() * 10000), outputTokens: Math.floor(rand() * 1000),
    cacheReadTokens: Math.floor(rand() * 500), cacheWriteTokens: Math.floor(rand() * 50),
    latencyS: rand() < 0.1 ? null : Math.round(rand() * 3000) / 100,
    stopReason: reasons[Math.floor(rand() * reasons.length)],
    costUsd: rand() < 0.05 ? null : rand() * 0.1,
  };
}

describe('Accumulator', () => {
  it('summarises hand-computable records', () => {
    const acc = new Accumulator();
    const recs: Array<Partial<PricedRecord>> = [
      { costUsd: 0.01, latencyS: 1, stopReason: 'end_turn' },
      { costUsd: 0.03, latencyS: 3, stopReason: 'max_tokens' },
      { costUsd: null, latencyS: null, stopReason: 'refusal' },
      { costUsd: 0.02, latencyS: 2, stopReason: 'end_turn' },
    ];
    for (const r of recs) acc.add({ ...randomRecord(), inputTokens: 10, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, ...r } as PricedRecord);
    const s = summarize([acc]);
    expect(s.requests).toBe(4);
    expect(s.tokens).toEqual({ input: 40, output: 4, cacheRead: 0, cacheWrite: 0 });
    expect(s.cost.priced).toBe(3);
    expect(s.cost.total).toBeCloseTo(0.06, 15);
    expect(s.cost.mean).toBeCloseTo(0.02, 15); // total / priced records, not / requests
    expect(s.cost.p50).toBeCloseTo(0.02, 15);
    expect(s.cost.p95).toBeCloseTo(0.029, 15); // h = 2 * 0.95 = 1.9 → 0.02 + 0.9 * 0.01
    expect(s.cost.max).toBe(0.03);
    expect(s.latency.count).toBe(3);
    expect(s.latency.mean).toBe(2);
    expect(s.stopReasons).toEqual([['end_turn', 2], ['max_tokens', 1], ['refusal', 1]]);
    expect(s.truncationRate).toBe(0.25);
    expect(s.refusalRate).toBe(0.25);
  });

  it('gives nulls, not zeros or NaN, for statistics with no values', () => {
    const s = summarize([]);
    expect(s.requests).toBe(0);
    expect(s.cost).toEqual({ total: null, mean: null, p50: null, p95: null, max: null, priced: 0 });
    expect(s.latency).toEqual({ count: 0, mean: null, p50: null, p95: null, max: null });
    expect(s.truncationRate).toBeNull();
  });

  it('absorbing the state of two halves (as from two threads) equals accumulating the whole', () => {
    for (let trial = 0; trial < 20; trial++) {
      const records = Array.from({ length: 1 + Math.floor(rand() * 30000) }, randomRecord);
      const cut = Math.floor(rand() * records.length);
      const whole = new Accumulator();
      const left = new Accumulator();
      const right = new Accumulator();
      records.forEach((r, i) => {
        whole.add(r);
        (i < cut ? left : right).add(r);
      });
      expectSameStats(summarize([new Accumulator().absorb(left.toData()).absorb(right.toData())]), summarize([whole]));
    }
  });

  it('summarising parts equals summarising them absorbed into one', () => {
    const parts = Array.from({ length: 5 }, () => {
      const a = new Accumulator();
      for (let i = 0; i < 1000; i++) a.add(randomRecord());
      return a;
    });
    const separate = summarize(parts);
    const merged = parts.reduce((acc, p) => acc.absorb(p.toData()), new Accumulator());
    expect(summarize([merged]).cost.p95).toBe(separate.cost.p95);
    expect(summarize([merged]).latency.p50).toBe(separate.latency.p50);
  });
});
