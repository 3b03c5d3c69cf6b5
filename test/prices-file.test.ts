// Price files: llmops's JSON and YAML, LiteLLM's format detected and converted, and errors that name the file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { priceRecord, pricingTallyFor } from '../src/pricing/price.js';
import { isLiteLlmDocument } from '../src/pricing/price-file.js';
import { builtInPrices, createPriceTable, readPriceFile } from '../src/pricing/price-table.js';
import { usageRecord } from './support/records.js';

const FIXTURES = path.resolve('fixtures/prices');
const dir = mkdtempSync(path.join(tmpdir(), 'llmops-prices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};

const rec = usageRecord;

describe('llmops price files', () => {
  it('the JSON and YAML examples are the same table', () => {
    const json = readPriceFile(path.join(FIXTURES, 'example.json'));
    const yaml = readPriceFile(path.join(FIXTURES, 'example.yaml'));
    const strip = (l: typeof json) => [...l.models].map(([id, m]) => [id, m.aliases, m.entries.map((e) => ({ ...e, origin: '' }))]);
    expect(strip(yaml)).toEqual(strip(json));
    expect(json.source).toBe('file');
    expect(json.models.get('in-house-long')!.entries[0].tiers[0]).toEqual({
      aboveInputTokens: 100_000, rates: { input: 2, output: 6, cacheRead: 0.2, cacheWrite5m: 2.5, cacheWrite1h: 4 },
    });
    expect(json.models.get('claude-sonnet-4-6')!.entries[0].since).toBe(Date.parse('2026-11-20T00:00:00Z'));
  });

  it('YAML content in a file without a .yaml name is read too; a .json that is not JSON is an error', () => {
    const f = write('prices.txt', 'models:\n  m:\n    input: 1\n    output: 2\n');
    expect(readPriceFile(f).models.get('m')!.entries[0].rates.output).toBe(2);
    expect(() => readPriceFile(write('bad.json', 'models:\n  m: {}'))).toThrow(/bad\.json is not valid JSON/);
    expect(() => readPriceFile(write('bad.yaml', 'models: [\n'))).toThrow(/bad\.yaml is not valid JSON or YAML/);
    expect(() => readPriceFile(path.join(dir, 'missing.yaml'))).toThrow(/cannot read price file .*missing\.yaml: ENOENT/);
    expect(() => readPriceFile(write('list.yaml', '- 1\n- 2\n'))).toThrow(UsageError);
  });
});

describe('LiteLLM files', () => {
  const layer = readPriceFile(path.join(FIXTURES, 'litellm-sample.json'));

  it('is detected by shape and converted from per-token to per-1M prices', () => {
    expect(layer.source).toBe('litellm');
    expect(isLiteLlmDocument({ models: {} })).toBe(false);
    expect(isLiteLlmDocument({ 'gpt-x': { input_cost_per_token: 1e-6 } })).toBe(true);
    const sonnet = layer.models.get('claude-sonnet-4-5-20250929')!.entries[0];
    expect(sonnet.rates).toEqual({ input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6 });
    // *_above_200k_tokens → a tier; its 1-hour write is not in the file, so it scales with input (6 × 2)
    expect(sonnet.tiers).toEqual([{ aboveInputTokens: 200_000, rates: { input: 6, output: 22.5, cacheRead: 0.6, cacheWrite5m: 7.5, cacheWrite1h: 12 } }]);
    expect(sonnet.source).toBe('litellm');
    // 8e-7 × 1e6 is 0.7999999999999999 in floating point; prices come out clean
    expect(layer.models.get('anthropic/claude-3-5-haiku-20241022')!.entries[0].rates).toEqual({ input: 0.8, output: 4, cacheRead: 0.08, cacheWrite5m: 1, cacheWrite1h: 1.6 });
    // no cache-write price in the file: 1.25× and 2× input
    expect(layer.models.get('gpt-4o-mini')!.entries[0].rates).toEqual({ input: 0.15, output: 0.6, cacheRead: 0.075, cacheWrite5m: 0.1875, cacheWrite1h: 0.3 });
    // sample_spec is documentation; an embedding model without an output price is skipped and counted
    expect(layer.models.has('sample_spec')).toBe(false);
    expect(layer.models.has('text-embedding-3-small')).toBe(false);
    expect(layer.skipped).toBe(1);
  });

  it('merges over the built-in table: its keys match exactly, and provider-prefixed keys are found from plain ids', () => {
    const t = createPriceTable(builtInPrices(), layer);
    expect(t.resolve('gpt-4o-mini')).toMatchObject({ how: 'exact', prices: { id: 'gpt-4o-mini' } });
    expect(t.resolve('claude-sonnet-4-5-20250929')).toMatchObject({ how: 'exact', prices: { id: 'claude-sonnet-4-5-20250929' } });
    // the plain id keeps the built-in entry; the Bedrock id logged as is matches the file's key
    expect(t.resolve('claude-sonnet-4-5').prices!.id).toBe('claude-sonnet-4-5');
    expect(t.resolve('bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0')).toMatchObject({ how: 'exact' });
    expect(t.resolve('us.anthropic.claude-haiku-4-5-20251001-v1:0').prices!.id).toBe('claude-haiku-4-5');
    // the LiteLLM tier applies: 250,000 × 6 + 1,000 × 22.5 = $1.5225
    const tally = pricingTallyFor(t);
    expect(priceRecord(rec('claude-sonnet-4-5-20250929', { inputTokens: 250_000, outputTokens: 1000 }), t, tally)).toBeCloseTo(1.5225, 15);
    // gpt-4o-mini: 1M × 0.15 + 1M × 0.075 cached + 1M × 0.6 = $0.825
    expect(priceRecord(rec('gpt-4o-mini', { inputTokens: 1e6, cacheReadTokens: 1e6, outputTokens: 1e6 }), t, tally)).toBeCloseTo(0.825, 15);
    expect(t.files).toEqual([{ path: path.join(FIXTURES, 'litellm-sample.json'), format: 'litellm', models: 4, skipped: 1 }]);
  });
});
