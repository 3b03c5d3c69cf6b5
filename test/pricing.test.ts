// The price table, model-id resolution and the cost of one record: every rule hand-computed.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { normalizeModelId } from '../src/pricing/model-id.js';
import { mergePricingTally, priceRecord, pricingTallyFor, type PricingTally } from '../src/pricing/price.js';
import { builtInPrices, createPriceTable, parsePriceDocument, PriceTable, type CacheTtl, type CostMode } from '../src/pricing/price-table.js';
import type { UsageRecord } from '../src/types.js';
import { usageRecord } from './support/records.js';

const table = createPriceTable(builtInPrices());

const rec = usageRecord;

/** Prices one record on a table and returns the cost and the tally. */
function price(r: UsageRecord, t: PriceTable = table): { cost: number | null; tally: PricingTally } {
  const tally = pricingTallyFor(t);
  return { cost: priceRecord(r, t, tally), tally };
}

const cost = (r: UsageRecord, t?: PriceTable) => price(r, t).cost;
const withOptions = (costMode: CostMode, cacheTtl: CacheTtl = '5m', ...files: object[]) =>
  new PriceTable([builtInPrices(), ...files.map((f, i) => parsePriceDocument(f, `f${i}.json`))], { costMode, cacheTtl });
const rates = (model: string) => table.resolve(model).prices!.entries.at(-1)!.rates;

describe('built-in price table', () => {
  it('keeps the v1 contract: opus 4.8 5/25, sonnet 4.6 3/15, haiku 4.5 1/5, cache read 0.1× and 5m write 1.25× input', () => {
    expect(rates('claude-opus-4-8')).toEqual({ input: 5, output: 25, cacheRead: 0.5, cacheWrite5m: 6.25, cacheWrite1h: 10 });
    expect(rates('claude-sonnet-4-6')).toEqual({ input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6 });
    expect(rates('claude-haiku-4-5')).toEqual({ input: 1, output: 5, cacheRead: 0.1, cacheWrite5m: 1.25, cacheWrite1h: 2 });
  });

  it('has the official list prices of the current and previous generations', () => {
    for (const m of ['claude-opus-4-5', 'claude-opus-4-6', 'claude-opus-4-7', 'claude-opus-4-8']) {
      expect(rates(m), m).toEqual({ input: 5, output: 25, cacheRead: 0.5, cacheWrite5m: 6.25, cacheWrite1h: 10 });
    }
    for (const m of ['claude-opus-4-0', 'claude-opus-4-1', 'claude-3-opus']) {
      expect(rates(m), m).toEqual({ input: 15, output: 75, cacheRead: 1.5, cacheWrite5m: 18.75, cacheWrite1h: 30 });
    }
    for (const m of ['claude-sonnet-4-0', 'claude-sonnet-4-5', 'claude-sonnet-4-6', 'claude-3-7-sonnet', 'claude-3-5-sonnet']) {
      expect(rates(m), m).toEqual({ input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6 });
    }
    expect(rates('claude-3-5-haiku')).toEqual({ input: 0.8, output: 4, cacheRead: 0.08, cacheWrite5m: 1, cacheWrite1h: 1.6 });
    // Haiku 3's cache prices are Anthropic's rounded ones, not exactly 0.1× / 1.25×.
    expect(rates('claude-3-haiku')).toEqual({ input: 0.25, output: 1.25, cacheRead: 0.03, cacheWrite5m: 0.3, cacheWrite1h: 0.5 });
    expect(table.checked).toBe('2026-12-04');
    expect(table.webSearchPer1000).toBe(10);
  });

  it('has a long-context tier only for sonnet 4 and 4.5', () => {
    for (const [id, m] of table.models) {
      const tiers = m.entries.flatMap((e) => e.tiers);
      if (id === 'claude-sonnet-4-5' || id === 'claude-sonnet-4-0') {
        expect(tiers, id).toEqual([{ aboveInputTokens: 200_000, rates: { input: 6, output: 22.5, cacheRead: 0.6, cacheWrite5m: 7.5, cacheWrite1h: 12 } }]);
      } else {
        expect(tiers, id).toEqual([]);
      }
    }
  });
});

describe('model ids', () => {
  const resolved = (id: string) => {
    const r = table.resolve(id);
    return [r.prices?.id ?? null, r.how];
  };

  it('exact, alias, and dated ids', () => {
    expect(resolved('claude-sonnet-4-6')).toEqual(['claude-sonnet-4-6', 'exact']);
    expect(resolved('claude-sonnet-4-6-20260301')).toEqual(['claude-sonnet-4-6', 'date_suffix']);
    expect(resolved('claude-haiku-4-5-20251001')).toEqual(['claude-haiku-4-5', 'date_suffix']);
    expect(resolved('claude-sonnet-4-5-20250929')).toEqual(['claude-sonnet-4-5', 'date_suffix']);
    expect(resolved('claude-opus-4-1-20250805')).toEqual(['claude-opus-4-1', 'date_suffix']);
    expect(resolved('claude-opus-4-20250514')).toEqual(['claude-opus-4-0', 'date_suffix']);
    expect(resolved('claude-sonnet-4-20250514')).toEqual(['claude-sonnet-4-0', 'date_suffix']);
    expect(resolved('claude-sonnet-4')).toEqual(['claude-sonnet-4-0', 'alias']);
    expect(resolved('claude-3-5-haiku-20241022')).toEqual(['claude-3-5-haiku', 'date_suffix']);
    expect(resolved('claude-3-5-haiku-latest')).toEqual(['claude-3-5-haiku', 'alias']);
    expect(resolved('claude-3-haiku-20240307')).toEqual(['claude-3-haiku', 'date_suffix']);
  });

  it('provider forms and case, reported as loose', () => {
    expect(resolved('Claude-Sonnet-4-6')).toEqual(['claude-sonnet-4-6', 'case']);
    expect(resolved('CLAUDE-HAIKU-4-5-20251001')).toEqual(['claude-haiku-4-5', 'case']);
    expect(resolved('anthropic/claude-sonnet-4-6')).toEqual(['claude-sonnet-4-6', 'provider_form']);
    expect(resolved('anthropic/claude-haiku-4.5')).toEqual(['claude-haiku-4-5', 'provider_form']);
    expect(resolved('openrouter/anthropic/claude-opus-4.8')).toEqual(['claude-opus-4-8', 'provider_form']);
    expect(resolved('anthropic.claude-3-5-haiku-20241022-v1:0')).toEqual(['claude-3-5-haiku', 'provider_form']);
    expect(resolved('us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual(['claude-sonnet-4-5', 'provider_form']);
    expect(resolved('eu.anthropic.claude-sonnet-4-20250514-v1:0')).toEqual(['claude-sonnet-4-0', 'provider_form']);
    expect(resolved('global.anthropic.claude-haiku-4-5-20251001-v1:0')).toEqual(['claude-haiku-4-5', 'provider_form']);
    expect(resolved('apac.anthropic.claude-3-7-sonnet-20250219-v1:0')).toEqual(['claude-3-7-sonnet', 'provider_form']);
    expect(resolved('claude-opus-4-1@20250805')).toEqual(['claude-opus-4-1', 'provider_form']);
    expect(resolved('claude-3-5-sonnet-v2@20241022')).toEqual(['claude-3-5-sonnet', 'provider_form']);
    expect(resolved('claude-sonnet-4-5[1m]')).toEqual(['claude-sonnet-4-5', 'provider_form']);
  });

  it('never guesses an unknown model: no prefix matching, no $0', () => {
    for (const id of ['gpt-4o-mini', 'claude-opus-4-9', 'claude-sonnet-4-6-2026', 'claude-sonnet', 'claude-haiku-4', '', 'my-model']) {
      expect(table.resolve(id), id).toEqual({ prices: null, how: null });
      expect(cost(rec(id, { inputTokens: 1000 })), id).toBeNull();
    }
  });

  it('normalises provider forms', () => {
    expect(normalizeModelId('bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0')).toBe('claude-3-5-sonnet');
    expect(normalizeModelId('arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude-opus-4-1-20250805-v1:0')).toBe('claude-opus-4-1');
    expect(normalizeModelId('vertex_ai/claude-sonnet-4-5@20250929')).toBe('claude-sonnet-4-5');
    expect(normalizeModelId('anthropic/claude-3.5-sonnet:beta')).toBe('claude-3-5-sonnet');
  });
});

describe('the cost of a record (hand-computed)', () => {
  it('v1: (input·in + cache_write·write + cache_read·read + output·out) / 1e6', () => {
    // sonnet: (10234·3 + 8000·0.3 + 512·15) / 1e6 = 0.040782
    expect(cost(rec('claude-sonnet-4-6', { inputTokens: 10234, outputTokens: 512, cacheReadTokens: 8000 }))).toBeCloseTo(0.040782, 15);
    // opus: (1000·5 + 2000·6.25 + 3000·0.5 + 400·25) / 1e6 = 0.029
    expect(cost(rec('claude-opus-4-8', { inputTokens: 1000, outputTokens: 400, cacheReadTokens: 3000, cacheWriteTokens: 2000 }))).toBeCloseTo(0.029, 15);
    expect(cost(rec('claude-haiku-4-5', { outputTokens: 1_000_000 }))).toBe(5);
    expect(cost(rec('claude-opus-4-8'))).toBe(0);
  });

  it('1-hour cache writes at 2× input, 5-minute ones at 1.25×, each part at its own rate', () => {
    // opus 4.8: 6,000 × 6.25 + 4,000 × 10 = 77,500 → $0.0775
    const split = price(rec('claude-opus-4-8', { cacheWriteTokens: 10_000, cacheWrite1hTokens: 4_000 }));
    expect(split.cost).toBeCloseTo(0.0775, 15);
    expect(split.tally.assumedTtlTokens).toBe(0);
    // all 1-hour: 10,000 × 10 = $0.10, 60% more than 5-minute writes ($0.0625)
    expect(cost(rec('claude-opus-4-8', { cacheWriteTokens: 10_000, cacheWrite1hTokens: 10_000 }))).toBeCloseTo(0.1, 15);
    expect(cost(rec('claude-opus-4-8', { cacheWriteTokens: 10_000, cacheWrite1hTokens: 0 }))).toBeCloseTo(0.0625, 15);
  });

  it('without a TTL split: --cache-ttl (5m by default), and the tokens priced on that assumption are counted', () => {
    const r = rec('claude-sonnet-4-6', { inputTokens: 1000, cacheWriteTokens: 20_000 });
    const five = price(r);
    // 1,000 × 3 + 20,000 × 3.75 = 78,000 → $0.078
    expect(five.cost).toBeCloseTo(0.078, 15);
    expect([five.tally.assumedTtlRecords, five.tally.assumedTtlTokens]).toEqual([1, 20_000]);
    // --cache-ttl 1h: 1,000 × 3 + 20,000 × 6 = 123,000 → $0.123
    const hour = price(r, withOptions('calculate', '1h'));
    expect(hour.cost).toBeCloseTo(0.123, 15);
    expect(hour.tally.assumedTtlTokens).toBe(20_000);
    // no cache writes: nothing assumed
    expect(price(rec('claude-sonnet-4-6', { inputTokens: 5 })).tally.assumedTtlRecords).toBe(0);
  });

  it('batch halves every token price, cache tokens included', () => {
    // haiku: (1M × 1 + 1M × 1.25 + 1M × 0.1 + 100k × 5) / 1e6 = 2.85, batch → 1.425
    const fields = { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000 };
    expect(cost(rec('claude-haiku-4-5', fields))).toBeCloseTo(2.85, 15);
    const b = price(rec('claude-haiku-4-5', { ...fields, batch: true }));
    expect(b.cost).toBeCloseTo(1.425, 15);
    expect(b.tally.batchRecords).toBe(1);
    // batch with 1-hour writes: sonnet 4.6, (10,000 × 3 + 40,000 × 6 + 60,000 × 3.75 + 5,000 × 0.3 + 2,000 × 15) × 0.5 / 1e6
    //   = (30,000 + 240,000 + 225,000 + 1,500 + 30,000) × 0.5 / 1e6 = 0.26325
    expect(cost(rec('claude-sonnet-4-6', {
      inputTokens: 10_000, outputTokens: 2_000, cacheReadTokens: 5_000, cacheWriteTokens: 100_000, cacheWrite1hTokens: 40_000, batch: true,
    }))).toBeCloseTo(0.26325, 15);
  });

  it('web searches at $10 per 1,000, not halved by batch', () => {
    // haiku: 1,000 × 1 / 1e6 + 3 × $0.01 = 0.031
    const w = price(rec('claude-haiku-4-5', { inputTokens: 1000, webSearchRequests: 3 }));
    expect(w.cost).toBeCloseTo(0.031, 15);
    expect(w.tally.webSearchRequests).toBe(3);
    // batch: 0.001 × 0.5 + 0.03 = 0.0305
    expect(cost(rec('claude-haiku-4-5', { inputTokens: 1000, webSearchRequests: 3, batch: true }))).toBeCloseTo(0.0305, 15);
  });

  it('a tier prices the whole request once the prompt, cache tokens included, is above the threshold', () => {
    // sonnet 4.5 at exactly 200,000 prompt tokens (150,000 + 40,000 read + 10,000 write): base prices
    //   150,000 × 3 + 10,000 × 3.75 + 40,000 × 0.3 + 1,000 × 15 = 514,500 → $0.5145
    const at = { inputTokens: 150_000, cacheReadTokens: 40_000, cacheWriteTokens: 10_000, outputTokens: 1_000 };
    const base = price(rec('claude-sonnet-4-5', at));
    expect(base.cost).toBeCloseTo(0.5145, 15);
    expect(base.tally.tierRecords).toBe(0);
    // one token more: every token at the tier's rates
    //   150,001 × 6 + 10,000 × 7.5 + 40,000 × 0.6 + 1,000 × 22.5 = 1,021,506 → $1.021506
    const above = price(rec('claude-sonnet-4-5-20250929', { ...at, inputTokens: 150_001 }));
    expect(above.cost).toBeCloseTo(1.021506, 15);
    expect(above.tally.tierRecords).toBe(1);
    // sonnet 4 (dated id) the same; with a 1-hour split and batch: (150,001 × 6 + 10,000 × 12 + 40,000 × 0.6 + 1,000 × 22.5) × 0.5
    expect(cost(rec('claude-sonnet-4-20250514', { ...at, inputTokens: 150_001, cacheWrite1hTokens: 10_000, batch: true })))
      .toBeCloseTo((150_001 * 6 + 10_000 * 12 + 40_000 * 0.6 + 1_000 * 22.5) * 0.5 / 1e6, 15);
    // sonnet 4.6 and opus 4.8 have no tier: 250,000 × 3 = $0.75, 250,000 × 5 = $1.25
    expect(cost(rec('claude-sonnet-4-6', { inputTokens: 250_000 }))).toBeCloseTo(0.75, 15);
    expect(cost(rec('claude-opus-4-8', { inputTokens: 250_000 }))).toBeCloseTo(1.25, 15);
  });
});

describe('cost modes', () => {
  const logged = rec('claude-haiku-4-5', { inputTokens: 1_000_000, loggedCostUsd: 0.42 });
  const plain = rec('claude-haiku-4-5', { inputTokens: 1_000_000 });

  it('calculate ignores the logged cost (the default)', () => {
    const p = price(logged);
    expect(p.cost).toBe(1);
    expect([p.tally.calculated, p.tally.loggedCost]).toEqual([1, 0]);
  });

  it('auto uses the logged cost when present, else calculates', () => {
    const t = withOptions('auto');
    const tally = pricingTallyFor(t);
    expect(priceRecord(logged, t, tally)).toBe(0.42);
    expect(priceRecord(plain, t, tally)).toBe(1);
    // a logged cost prices even a model the table does not know
    expect(priceRecord(rec('gpt-4o-mini', { loggedCostUsd: 0.003 }), t, tally)).toBe(0.003);
    expect([tally.loggedCost, tally.calculated, tally.noLoggedCost]).toEqual([2, 1, 0]);
  });

  it('logged uses only logged costs: a record without one is unpriced and counted', () => {
    const t = withOptions('logged');
    const tally = pricingTallyFor(t);
    expect(priceRecord(logged, t, tally)).toBe(0.42);
    expect(priceRecord(plain, t, tally)).toBeNull();
    expect([tally.loggedCost, tally.calculated, tally.noLoggedCost]).toEqual([1, 0, 1]);
    expect(tally.models.get('claude-haiku-4-5')).toMatchObject({ records: 2, unpriced: 1 });
  });
});

describe('price files', () => {
  it('adds and overrides entries; omitted cache prices default to 0.1×, 1.25× and 2× input', () => {
    const custom = parsePriceDocument({ models: { 'my-model': { input: 2, output: 8 }, 'claude-haiku-4-5': { input: 2, output: 10, cache_read: 0.5, cache_write: 3 } } }, 'test');
    const t = createPriceTable(builtInPrices(), custom);
    const r = (m: string) => t.resolve(m).prices!.entries.at(-1)!;
    expect(r('my-model').rates).toEqual({ input: 2, output: 8, cacheRead: 0.2, cacheWrite5m: 2.5, cacheWrite1h: 4 });
    expect(r('my-model').source).toBe('file');
    expect(r('claude-haiku-4-5').rates).toEqual({ input: 2, output: 10, cacheRead: 0.5, cacheWrite5m: 3, cacheWrite1h: 4 });
    // the dated id follows its base model's override
    expect(t.resolve('claude-haiku-4-5-20251001').prices!.entries).toHaveLength(1);
    expect(r('claude-sonnet-4-6').rates.input).toBe(3);
    expect(r('claude-sonnet-4-6').source).toBe('built-in');
  });

  it('an undated override replaces the whole built-in entry, tiers included', () => {
    const t = createPriceTable(builtInPrices(), parsePriceDocument({ models: { 'claude-sonnet-4-5': { input: 3, output: 15 } } }, 'f'));
    expect(cost(rec('claude-sonnet-4-5', { inputTokens: 300_000 }), t)).toBeCloseTo(0.9, 15);
  });

  it('a tier cache price left out scales with the tier input the way the base ones do', () => {
    const layer = parsePriceDocument({ models: { m: { input: 1, output: 4, cache_read: 0.2, tiers: [{ above_input_tokens: 1000, input: 3, output: 6 }] } } }, 'f');
    expect(layer.models.get('m')!.entries[0].tiers[0].rates).toEqual({ input: 3, output: 6, cacheRead: 0.6, cacheWrite5m: 3.75, cacheWrite1h: 6 });
  });

  it('accepts cache_write_5m as the name of the 5-minute write', () => {
    const layer = parsePriceDocument({ models: { m: { input: 1, output: 4, cache_write_5m: 1.5 } } }, 'f');
    expect(layer.models.get('m')!.entries[0].rates.cacheWrite5m).toBe(1.5);
  });

  it('declared aliases resolve exactly', () => {
    const t = createPriceTable(builtInPrices(), parsePriceDocument({ models: { 'my-ft': { input: 2, output: 8, aliases: ['ft:my-ft:v1'] } } }, 'f'));
    expect(t.resolve('ft:my-ft:v1')).toMatchObject({ how: 'alias', prices: { id: 'my-ft' } });
  });

  it('rejects bad documents with a message naming the key', () => {
    const bad = (doc: unknown) => () => parsePriceDocument(doc, 'p.json');
    expect(bad({})).toThrow(UsageError);
    expect(bad({ models: { m: { input: -1, output: 2 } } })).toThrow(/models\.m\.input/);
    expect(bad({ models: { m: { input: 1 } } })).toThrow(/models\.m\.output/);
    expect(bad({ models: { m: { input: 1, output: 2, cache_reed: 1 } } })).toThrow(/cache_reed/);
    expect(bad({ models: { m: { input: 1, output: 2, since: 'March' } } })).toThrow(/models\.m\.since/);
    expect(bad({ models: { m: [{ input: 1, output: 2 }, { input: 2, output: 3 }] } })).toThrow(/same beginning/);
    expect(bad({ models: { m: [{ since: '2026-01-01', input: 1, output: 2 }, { since: '2026-01-01', input: 2, output: 3 }] } })).toThrow(/same date/);
    expect(bad({ models: { m: { input: 1, output: 2, tiers: [{ input: 2, output: 3 }] } } })).toThrow(/above_input_tokens/);
    expect(bad({ models: { m: { input: 1, output: 2, tiers: { above_input_tokens: 5 } } } })).toThrow(/tiers/);
    expect(bad({ models: { m: { input: 1, output: 2, aliases: 'x' } } })).toThrow(/aliases/);
    expect(bad({ models: { m: { input: 1, output: 2, cache_write: 1, cache_write_5m: 2 } } })).toThrow(/cache_write_5m/);
    expect(bad({ models: { m: [] } })).toThrow(/empty/);
  });
});

describe('price history', () => {
  const DAY = Date.parse('2026-11-20T00:00:00Z');
  const change = { models: { 'claude-sonnet-4-6': [{ since: '2026-11-20', input: 2, output: 10 }] } };

  it('prices each record with the entry in force at its timestamp; before the file\'s first date the built-in price stays', () => {
    const t = withOptions('calculate', '5m', change);
    const r = (ts: number | null) => rec('claude-sonnet-4-6', { inputTokens: 1_000_000, cacheReadTokens: 1_000_000, timestampMs: ts });
    // before: 1M × 3 + 1M × 0.3 = 3.3; from the change on: 1M × 2 + 1M × 0.2 (0.1× the new input) = 2.2
    expect(cost(r(DAY - 1), t)).toBeCloseTo(3.3, 15);
    expect(cost(r(DAY), t)).toBeCloseTo(2.2, 15);
    expect(cost(rec('claude-sonnet-4-6-20260301', { inputTokens: 1_000_000, timestampMs: DAY + 3_600_000 }), t)).toBeCloseTo(2, 15);
    // no timestamp: the latest entry, counted
    const undated = price(r(null), t);
    expect(undated.cost).toBeCloseTo(2.2, 15);
    expect(undated.tally.undatedAtLatest).toBe(1);
  });

  it('a history in one file: undated first, then dated changes; datetimes with a zone', () => {
    const t = withOptions('calculate', '5m', {
      models: { m: [{ since: '2026-11-25T12:00:00+01:00', input: 3, output: 3 }, { input: 1, output: 1 }, { since: '2026-11-20', input: 2, output: 2 }] },
    });
    const at = (iso: string) => cost(rec('m', { inputTokens: 1_000_000, timestampMs: Date.parse(iso) }), t);
    expect(at('2026-11-19T23:59:59.999Z')).toBe(1);
    expect(at('2026-11-20T00:00:00Z')).toBe(2);
    expect(at('2026-11-25T10:59:59Z')).toBe(2);
    expect(at('2026-11-25T11:00:00Z')).toBe(3);
  });

  it('a model whose first entry is dated has no price before it (unpriced and counted, never $0)', () => {
    const t = withOptions('calculate', '5m', { models: { newbie: [{ since: '2026-11-20', input: 1, output: 1 }] } });
    const early = price(rec('newbie', { inputTokens: 1000, timestampMs: DAY - 1 }), t);
    expect(early.cost).toBeNull();
    expect(early.tally.beforeFirstPrice).toBe(1);
    expect(cost(rec('newbie', { inputTokens: 1_000_000, timestampMs: DAY }), t)).toBe(1);
  });

  it('a later file layers over an earlier one the same way', () => {
    const t = withOptions('calculate', '5m',
      { models: { m: [{ input: 1, output: 1 }, { since: '2026-12-01', input: 4, output: 4 }] } },
      { models: { m: [{ since: '2026-11-20', input: 2, output: 2 }] } });
    expect(t.resolve('m').prices!.entries.map((e) => [e.since, e.rates.input, e.origin])).toEqual([[null, 1, 'f0.json'], [DAY, 2, 'f1.json']]);
  });
});

describe('pricing tally', () => {
  it('resolves each distinct id once and counts records per logged id', () => {
    const t = createPriceTable(builtInPrices());
    const tally = pricingTallyFor(t);
    for (let i = 0; i < 3; i++) priceRecord(rec('us.anthropic.claude-haiku-4-5-20251001-v1:0', { inputTokens: 1 }), t, tally);
    priceRecord(rec('nope'), t, tally);
    expect(tally.models.get('us.anthropic.claude-haiku-4-5-20251001-v1:0')).toMatchObject({ records: 3, unpriced: 0, resolution: { how: 'provider_form' } });
    expect(tally.models.get('nope')).toMatchObject({ records: 1, unpriced: 1, resolution: { prices: null } });
    expect(t.resolve('nope')).toBe(t.resolve('nope')); // cached
  });

  it('two halves merged equal the whole', () => {
    const t = withOptions('auto', '5m', { models: { m: [{ since: '2026-11-20', input: 1, output: 1 }] } });
    const records = [
      rec('claude-haiku-4-5', { cacheWriteTokens: 10, batch: true }),
      rec('Claude-Haiku-4-5', { webSearchRequests: 2, loggedCostUsd: 0.1 }),
      rec('claude-sonnet-4-5', { inputTokens: 300_000 }),
      rec('m', { timestampMs: 0 }),
      rec('m', { timestampMs: null }),
      rec('x', { inputTokens: 1 }),
      rec('claude-haiku-4-5', { cacheWriteTokens: 5, cacheWrite1hTokens: 5 }),
    ];
    const whole = pricingTallyFor(t);
    for (const r of records) priceRecord(r, t, whole);
    const a = pricingTallyFor(t), b = pricingTallyFor(t);
    records.forEach((r, i) => priceRecord(r, t, i < 3 ? a : b));
    expect(mergePricingTally(a, b)).toEqual(whole);
    expect(whole).toMatchObject({
      calculated: 4, loggedCost: 1, beforeFirstPrice: 1, undatedAtLatest: 0, assumedTtlRecords: 1, assumedTtlTokens: 10,
      batchRecords: 1, tierRecords: 1, webSearchRequests: 0,
    });
  });
});
