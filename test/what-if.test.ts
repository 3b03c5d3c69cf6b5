// What-if routing: the same tokens priced on another model, per feature and in total (hand-computed).
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { priceRecord, pricingTallyFor } from '../src/pricing/price.js';
import { builtInPrices, createPriceTable, parsePriceDocument } from '../src/pricing/price-table.js';
import { parseWhatIf, WhatIfAccumulator } from '../src/pricing/what-if.js';
import { buildWhatIf, renderWhatIfTable } from '../src/report/what-if.js';
import { paint } from '../src/report/color.js';
import type { PricedRecord, UsageRecord } from '../src/types.js';
import { usageRecord } from './support/records.js';

const table = createPriceTable(builtInPrices());

function priced(model: string, feature: string, fields: Partial<UsageRecord> = {}, t = table): PricedRecord {
  const r = usageRecord(model, { feature, ...fields }) as PricedRecord;
  r.costUsd = priceRecord(r, t, pricingTallyFor(t));
  return r;
}

describe('parseWhatIf', () => {
  it('reads model=ID or a bare id, and the feature list', () => {
    expect(parseWhatIf('model=claude-haiku-4-5', undefined)).toEqual({ model: 'claude-haiku-4-5', features: null });
    expect(parseWhatIf(' claude-haiku-4-5 ', 'classify, extract,classify')).toEqual({ model: 'claude-haiku-4-5', features: ['classify', 'extract'] });
  });

  it('rejects what it cannot do', () => {
    expect(() => parseWhatIf('provider=x', undefined)).toThrow(/unknown key "provider"/);
    expect(() => parseWhatIf('model=', undefined)).toThrow(UsageError);
    expect(() => parseWhatIf('', undefined)).toThrow(/needs a model/);
    expect(() => parseWhatIf('model=a,model=b', undefined)).toThrow(/one model/);
    expect(() => parseWhatIf('model=a', ' , ')).toThrow(/--feature/);
    expect(() => new WhatIfAccumulator(parseWhatIf('model=gpt-9', undefined), table)).toThrow(/no price for model "gpt-9"/);
  });
});

describe('WhatIfAccumulator', () => {
  it('re-prices the selected traffic with the same token counts, per feature and in total', () => {
    const acc = new WhatIfAccumulator(parseWhatIf('model=claude-haiku-4-5', 'classify,extract,typo'), table);
    const records = [
      // classify on sonnet 4.6: 10,000 in + 200 out = (30,000 + 3,000) / 1e6 = 0.033; on haiku (10,000 + 1,000) / 1e6 = 0.011
      priced('claude-sonnet-4-6', 'classify', { inputTokens: 10_000, outputTokens: 200 }),
      // classify already on haiku (dated id): 0.011 both ways
      priced('claude-haiku-4-5-20251001', 'classify', { inputTokens: 10_000, outputTokens: 200 }),
      // extract on opus 4.8 with cache and batch: (1,000×5 + 2,000×6.25 + 3,000×0.5 + 400×25) × 0.5 = 14,500 → 0.0145
      //   on haiku: (1,000×1 + 2,000×1.25 + 3,000×0.1 + 400×5) × 0.5 = 2,900 → 0.0029
      priced('claude-opus-4-8', 'extract', { inputTokens: 1000, outputTokens: 400, cacheReadTokens: 3000, cacheWriteTokens: 2000, batch: true }),
      // extract on a model without a price: left out, counted
      priced('gpt-4o-mini', 'extract', { inputTokens: 1000 }),
      // not selected
      priced('claude-opus-4-8', 'chat', { inputTokens: 1_000_000 }),
    ];
    for (const r of records) acc.add(r);
    const w = buildWhatIf(acc, 'calculate');
    expect(w.model).toBe('claude-haiku-4-5');
    expect(w.resolved_to).toBe('claude-haiku-4-5');
    expect(w.features).toEqual(['classify', 'extract', 'typo']);
    expect(w.by_feature.map((r) => r.feature)).toEqual(['classify', 'extract', 'typo']);
    const [classify, extract, typo] = w.by_feature;
    expect(classify.requests).toBe(2);
    expect(classify.models).toEqual({ 'claude-haiku-4-5-20251001': 1, 'claude-sonnet-4-6': 1 });
    expect(classify.current_cost_usd).toBeCloseTo(0.044, 15);
    expect(classify.what_if_cost_usd).toBeCloseTo(0.022, 15);
    expect(classify.saving_usd).toBeCloseTo(0.022, 15);
    expect(classify.saving_share).toBeCloseTo(0.5, 12);
    expect(extract).toMatchObject({ requests: 1, unpriced_requests: 1 });
    expect(extract.current_cost_usd).toBeCloseTo(0.0145, 15);
    expect(extract.what_if_cost_usd).toBeCloseTo(0.0029, 15);
    expect(extract.saving_share).toBeCloseTo(0.8, 12);
    expect(typo).toEqual({ feature: 'typo', requests: 0, models: {}, current_cost_usd: null, what_if_cost_usd: null, saving_usd: null, saving_share: null, unpriced_requests: 0 });
    expect(w.total.requests).toBe(3);
    expect(w.total.current_cost_usd).toBeCloseTo(0.0585, 15);
    expect(w.total.what_if_cost_usd).toBeCloseTo(0.0249, 15);
    expect(w.total.saving_usd).toBeCloseTo(0.0336, 15);
    expect(w.total.unpriced_requests).toBe(1);
    expect(w.note).toMatch(/different numbers of input and output tokens/);

    const text = renderWhatIfTable(w, paint(false));
    expect(text).toMatch(/What if: features classify, extract, typo on claude-haiku-4-5/);
    expect(text).toMatch(/different numbers of input and output tokens/);
    expect(text).toMatch(/1 selected request without a current price left out/);
  });

  it('a more expensive target is a negative saving; tiers and history of the target apply', () => {
    const t = createPriceTable(builtInPrices(), parsePriceDocument({ models: { cheap: [{ since: '2026-11-20', input: 0.5, output: 1 }] } }, 'f'));
    const acc = new WhatIfAccumulator(parseWhatIf('model=claude-sonnet-4-5', undefined), t);
    // haiku 250,000 in: $0.25 now; on sonnet 4.5 above 200K: 250,000 × 6 = $1.50
    acc.add(priced('claude-haiku-4-5', 'long', { inputTokens: 250_000 }, t));
    const w = buildWhatIf(acc, 'calculate');
    expect(w.total.current_cost_usd).toBeCloseTo(0.25, 15);
    expect(w.total.what_if_cost_usd).toBeCloseTo(1.5, 15);
    expect(w.total.saving_usd).toBeCloseTo(-1.25, 15);
    expect(w.features).toBeNull();

    // a target with no price yet at the record's time: left out of the comparison
    const early = new WhatIfAccumulator(parseWhatIf('cheap', undefined), t);
    early.add(priced('claude-haiku-4-5', 'x', { inputTokens: 1000, timestampMs: Date.parse('2026-11-19T00:00:00Z') }, t));
    early.add(priced('claude-haiku-4-5', 'x', { inputTokens: 1_000_000, timestampMs: Date.parse('2026-11-21T00:00:00Z') }, t));
    const e = buildWhatIf(early, 'calculate');
    expect(e.total).toMatchObject({ requests: 1, unpriced_requests: 1, current_cost_usd: 1, what_if_cost_usd: 0.5, saving_usd: 0.5 });
  });
});
