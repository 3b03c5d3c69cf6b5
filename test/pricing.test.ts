import { describe, expect, it } from 'vitest';
import { costOf } from '../src/pricing/price.js';
import { builtInPrices, createPriceTable, parsePriceDocument } from '../src/pricing/price-table.js';
import { UsageError } from '../src/errors.js';

const table = createPriceTable(builtInPrices());
const tokens = (inputTokens: number, outputTokens: number, cacheReadTokens = 0, cacheWriteTokens = 0) =>
  ({ inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens });

describe('built-in price table', () => {
  it('has the documented prices per 1M tokens', () => {
    expect(table.resolve('claude-opus-4-8')).toEqual({ input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 });
    expect(table.resolve('claude-sonnet-4-6')).toEqual({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
    expect(table.resolve('claude-haiku-4-5')).toEqual({ input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 });
  });

  it('prices a dated id as its base model', () => {
    expect(table.resolve('claude-sonnet-4-6-20260301')).toBe(table.resolve('claude-sonnet-4-6'));
    expect(table.resolve('claude-haiku-4-5-20251001')).toBe(table.resolve('claude-haiku-4-5'));
  });

  it('leaves unknown models unpriced', () => {
    expect(table.resolve('gpt-4o-mini')).toBeNull();
    expect(table.resolve('claude-sonnet-4-6-2026')).toBeNull(); // not an 8-digit date suffix
    expect(table.resolve('')).toBeNull();
  });
});

describe('costOf', () => {
  it('prices input, output, cache reads and writes (hand-computed)', () => {
    // sonnet: (10234·3 + 8000·0.3 + 512·15) / 1e6 = 0.040782
    expect(costOf(tokens(10234, 512, 8000), table.resolve('claude-sonnet-4-6')!)).toBeCloseTo(0.040782, 12);
    // opus: (1000·5 + 2000·6.25 + 3000·0.5 + 400·25) / 1e6 = (5000 + 12500 + 1500 + 10000) / 1e6 = 0.029
    expect(costOf(tokens(1000, 400, 3000, 2000), table.resolve('claude-opus-4-8')!)).toBeCloseTo(0.029, 12);
    // haiku: output costs 5x input
    expect(costOf(tokens(0, 1_000_000), table.resolve('claude-haiku-4-5')!)).toBeCloseTo(5, 12);
    expect(costOf(tokens(1_000_000, 0), table.resolve('claude-haiku-4-5')!)).toBeCloseTo(1, 12);
  });

  it('is zero for zero tokens', () => {
    expect(costOf(tokens(0, 0), table.resolve('claude-opus-4-8')!)).toBe(0);
  });
});

describe('price files', () => {
  it('adds and overrides entries, with default cache multipliers', () => {
    const custom = parsePriceDocument({ models: { 'my-model': { input: 2, output: 8 }, 'claude-haiku-4-5': { input: 2, output: 10, cache_read: 0.5, cache_write: 3 } } }, 'test');
    const t = createPriceTable(builtInPrices(), custom);
    expect(t.resolve('my-model')).toEqual({ input: 2, output: 8, cacheRead: 0.2, cacheWrite: 2.5 });
    expect(t.resolve('claude-haiku-4-5')).toEqual({ input: 2, output: 10, cacheRead: 0.5, cacheWrite: 3 });
    expect(t.resolve('claude-sonnet-4-6')?.input).toBe(3);
  });

  it('rejects bad documents with a message naming the key', () => {
    expect(() => parsePriceDocument({}, 'p.json')).toThrow(UsageError);
    expect(() => parsePriceDocument({ models: { m: { input: -1, output: 2 } } }, 'p.json')).toThrow(/models\.m\.input/);
    expect(() => parsePriceDocument({ models: { m: { input: 1 } } }, 'p.json')).toThrow(/models\.m\.output/);
    expect(() => parsePriceDocument({ models: { m: { input: 1, output: 2, cache_reed: 1 } } }, 'p.json')).toThrow(/cache_reed/);
  });
});
