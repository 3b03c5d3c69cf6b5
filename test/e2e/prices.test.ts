// Pricing through the built CLI: every rule on hand-computed records, --prices files (JSON, YAML, LiteLLM),
// --cache-ttl, --cost-mode, and `llmops prices` with and without logs.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose, expectUsageError, jsonl, lines, ROOT, run, runJson, tempDir, type TempDir } from './helpers.js';

const PRICES = path.join(ROOT, 'fixtures', 'prices');

let tmp: TempDir;
let data: string;
let history: string;

// One record per feature, so `cost --by feature` gives each record's cost.
const RECORDS = [
  // sonnet 4.5 (dated id) with a prompt of 190,000 + 10,001 cache read = 200,001 > 200K: all at the tier's rates
  //   190,000 × 6 + 10,001 × 0.6 + 2,000 × 22.5 = 1,191,000.6 → $1.1910006
  { f: 'tier_above', model: 'claude-sonnet-4-5-20250929', input_tokens: 190_000, cache_read: 10_001, output_tokens: 2_000 },
  // exactly 200,000: base prices, 190,000 × 3 + 10,000 × 0.3 + 2,000 × 15 = 603,000 → $0.603
  { f: 'tier_at', model: 'claude-sonnet-4-5-20250929', input_tokens: 190_000, cache_read: 10_000, output_tokens: 2_000 },
  // sonnet 4.6 has no tier: 300,000 × 3 = $0.90
  { f: 'no_tier', model: 'claude-sonnet-4-6', input_tokens: 300_000, output_tokens: 0 },
  // opus 4.8 writes split by TTL: 6,000 × 6.25 + 4,000 × 10 = 77,500 → $0.0775
  { f: 'ttl_split', model: 'claude-opus-4-8', input_tokens: 0, output_tokens: 0, cache_write_5m: 6_000, cache_write_1h: 4_000 },
  // no split: --cache-ttl decides; 5m: 10,000 × 6.25 = $0.0625, 1h: 10,000 × 10 = $0.10
  { f: 'ttl_total', model: 'claude-opus-4-8', input_tokens: 0, output_tokens: 0, cache_write: 10_000 },
  // batch with cache: (1M × 1 + 100k × 5 + 1M × 0.1 + 1M × 1.25) × 0.5 = $1.425
  { f: 'batch', model: 'claude-haiku-4-5', service_tier: 'batch', input_tokens: 1_000_000, output_tokens: 100_000, cache_read: 1_000_000, cache_write: 1_000_000 },
  // provider forms and case: $1, $3, $5
  { f: 'bedrock', model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', input_tokens: 1_000_000, output_tokens: 0 },
  { f: 'prefixed', model: 'anthropic/claude-sonnet-4.6', input_tokens: 1_000_000, output_tokens: 0 },
  { f: 'case', model: 'Claude-Opus-4-8', input_tokens: 1_000_000, output_tokens: 0 },
  { f: 'vertex', model: 'claude-opus-4-1@20250805', input_tokens: 100_000, output_tokens: 0 },
  // web search: 1,000 × 1 / 1e6 + 2 × $0.01 = $0.021
  { f: 'search', model: 'claude-haiku-4-5', input_tokens: 1_000, output_tokens: 0, web_search_requests: 2 },
  // a logged cost: calculated $1, logged $0.5
  { f: 'logged', model: 'claude-haiku-4-5', input_tokens: 1_000_000, output_tokens: 0, cost_usd: 0.5 },
  // unknown model: unpriced, never $0
  { f: 'unknown', model: 'claude-opus-9', input_tokens: 1_000_000, output_tokens: 0 },
].map(({ f, ...r }, i) => ({ ts: '2026-11-21T12:00:00Z', request_id: `r${i}`, feature: f, ...r }));

const COST_5M: Record<string, number | null> = {
  tier_above: 1.1910006, tier_at: 0.603, no_tier: 0.9, ttl_split: 0.0775, ttl_total: 0.0625, batch: 1.425,
  bedrock: 1, prefixed: 3, case: 5, vertex: 1.5, search: 0.021, logged: 1, unknown: null,
};

function byFeature(doc: any): Record<string, number | null> {
  return Object.fromEntries(doc.rows.map((r: any) => [r.feature, r.cost_usd.total]));
}

function expectCosts(doc: any, expected: Record<string, number | null>): void {
  const got = byFeature(doc);
  expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
  for (const [f, c] of Object.entries(expected)) expectClose(got[f], c, f, 1e-12);
}

beforeAll(() => {
  tmp = tempDir();
  data = tmp.write('calls.jsonl', jsonl(RECORDS));
  history = tmp.write('history.jsonl', jsonl([
    { ts: '2026-11-19T23:00:00Z', feature: 'before', model: 'claude-sonnet-4-6', input_tokens: 1_000_000, output_tokens: 0 },
    { ts: '2026-11-20T01:00:00Z', feature: 'after', model: 'claude-sonnet-4-6-20260301', input_tokens: 1_000_000, output_tokens: 0 },
    { ts: '2026-11-25T01:00:00Z', feature: 'ft', model: 'ft:my-fine-tune:2026', input_tokens: 1_000_000, output_tokens: 1_000_000 },
    // 100,000 + 1 cache write > 100K: in-house-long's tier, 100,000 × 2 + 1 × 2.5 + 1,000 × 6 = 206,002.5 → $0.2060025
    { ts: '2026-11-25T02:00:00Z', feature: 'long', model: 'in-house-long', input_tokens: 100_000, cache_write: 1, output_tokens: 1_000 },
  ]));
});
afterAll(() => tmp.cleanup());

describe('cost: each pricing rule, hand-computed', () => {
  it('tiers, cache TTLs, batch, provider forms, web search; unknown models unpriced', () => {
    const r = run(['cost', data, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expectCosts(doc, COST_5M);
    expect(doc.inputs.unpriced).toEqual({ records: 1, models: ['claude-opus-9'] });
    const p = doc.inputs.pricing;
    expect(p).toMatchObject({
      cost_mode: 'calculate', calculated_records: 12, logged_cost_records: 0, missing_logged_cost_records: 0,
      cache_ttl_default: '5m', assumed_ttl_records: 2, assumed_ttl_tokens: 1_010_000,
      tier_records: 1, batch_records: 1, web_search_requests: 2, before_first_price_records: 0,
      price_table: { checked: '2026-12-04', files: [], web_search_per_1000: 10 },
    });
    expect(p.resolved).toEqual([
      { model: 'claude-sonnet-4-5-20250929', resolved_to: 'claude-sonnet-4-5', how: 'date_suffix', records: 2 },
      { model: 'Claude-Opus-4-8', resolved_to: 'claude-opus-4-8', how: 'case', records: 1 },
      { model: 'anthropic/claude-sonnet-4.6', resolved_to: 'claude-sonnet-4-6', how: 'provider_form', records: 1 },
      { model: 'claude-opus-4-1@20250805', resolved_to: 'claude-opus-4-1', how: 'provider_form', records: 1 },
      { model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', resolved_to: 'claude-haiku-4-5', how: 'provider_form', records: 1 },
    ]);
    // Loose resolutions are named on stderr with what they were priced as; a date suffix is not worth a note.
    const notes = lines(r.stderr).filter((l) => l.includes('note:'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('us.anthropic.claude-haiku-4-5-20251001-v1:0 as claude-haiku-4-5 (provider form, 1)');
    expect(notes[0]).toContain('Claude-Opus-4-8 as claude-opus-4-8 (ignoring case, 1)');
    expect(notes[0]).not.toContain('20250929 as');
    expect(lines(run(['cost', data, '-q']).stderr)).toEqual([]);
  });

  it('the same costs and pricing counts when records are parsed in parser threads', () => {
    const local = runJson(['cost', data, '-q']);
    const threaded = runJson(['cost', data, '-q'], { env: { LLMOPS_THREADS: '2' } });
    expectCosts(threaded, COST_5M);
    expect(threaded.inputs.pricing).toEqual(local.inputs.pricing);
  });

  it('--cache-ttl 1h prices writes without a split as 1-hour writes; split records keep their split', () => {
    // ttl_total: 10,000 × 10 = $0.10; batch: (1M + 500k + 100k + 1M × 2) × 0.5 = $1.80
    expectCosts(runJson(['cost', data, '--cache-ttl', '1h', '-q']), { ...COST_5M, ttl_total: 0.1, batch: 1.8 });
    expect(runJson(['cost', data, '--cache-ttl', '1h', '-q']).inputs.pricing.cache_ttl_default).toBe('1h');
  });

  it('--cost-mode auto uses the logged cost where there is one; logged leaves the rest unpriced', () => {
    const auto = runJson(['cost', data, '--cost-mode', 'auto', '-q']);
    expectCosts(auto, { ...COST_5M, logged: 0.5 });
    expect(auto.inputs.pricing).toMatchObject({ cost_mode: 'auto', logged_cost_records: 1, calculated_records: 11 });
    const r = run(['cost', data, '--cost-mode', 'logged', '--json']);
    expect(r.code).toBe(0);
    const logged = JSON.parse(r.stdout);
    expect(byFeature(logged).logged).toBe(0.5);
    expect(logged.overall.priced_requests).toBe(1);
    expect(logged.inputs.pricing).toMatchObject({ cost_mode: 'logged', logged_cost_records: 1, missing_logged_cost_records: 12 });
    expect(r.stderr).toMatch(/--cost-mode logged: 12 records without cost_usd left unpriced/);
  });

  it('the raw API usage object: cache_creation split, server_tool_use web searches, service_tier batch', () => {
    const f = tmp.write('raw.jsonl', jsonl([{
      ts: '2026-11-21T12:00:00Z', feature: 'raw', model: 'claude-opus-4-8', id: 'msg_01', stop_reason: 'end_turn',
      usage: {
        input_tokens: 1_000, output_tokens: 100, cache_read_input_tokens: 0, cache_creation_input_tokens: 10_000,
        cache_creation: { ephemeral_5m_input_tokens: 6_000, ephemeral_1h_input_tokens: 4_000 },
        server_tool_use: { web_search_requests: 1 }, service_tier: 'batch',
      },
    }]));
    // (1,000 × 5 + 6,000 × 6.25 + 4,000 × 10 + 100 × 25) × 0.5 / 1e6 + $0.01 = 0.0425 + 0.01 = $0.0525
    const doc = runJson(['cost', f, '-q']);
    expectClose(doc.overall.cost_usd.total, 0.0525, 'raw usage', 1e-12);
    expect(doc.inputs.pricing).toMatchObject({ assumed_ttl_records: 0, batch_records: 1, web_search_requests: 1 });
  });
});

describe('--prices files', () => {
  it('an effective date inside the window: each record priced with the entry in force at its timestamp (YAML)', () => {
    const doc = runJson(['cost', history, '--prices', path.join(PRICES, 'example.yaml'), '-q']);
    // before 2026-11-20: built-in $3; after: the file's $2.50; the fine-tune by its alias: 2 + 8 = $10
    expectCosts(doc, { before: 3, after: 2.5, ft: 10, long: 0.2060025 });
    expect(doc.inputs.pricing.tier_records).toBe(1);
    expect(doc.inputs.pricing.price_table.files).toEqual([{ path: path.join(PRICES, 'example.yaml'), format: 'llmops', models: 3, skipped: 0 }]);
    expect(doc.inputs.unpriced.records).toBe(0);
  });

  it('the same file as JSON gives the same costs; --prices repeats, later files win', () => {
    expectCosts(runJson(['cost', history, '--prices', path.join(PRICES, 'example.json'), '-q']), { before: 3, after: 2.5, ft: 10, long: 0.2060025 });
    const over = tmp.write('over.json', JSON.stringify({ models: { 'my-fine-tune': { input: 1, output: 1 } } }));
    const doc = runJson(['cost', history, '--prices', path.join(PRICES, 'example.json'), '--prices', over, '-q']);
    expectClose(byFeature(doc).ft, 2, 'fine-tune overridden by the later file');
    expect(doc.inputs.pricing.price_table.files.map((f: any) => f.path)).toEqual([path.join(PRICES, 'example.json'), over]);
  });

  it('a LiteLLM file as is: detected, converted, merged over the built-in table', () => {
    const f = tmp.write('mixed.jsonl', jsonl([
      // gpt-4o-mini from the LiteLLM file: 1M × 0.15 + 1M × 0.6 = $0.75
      { feature: 'openai', model: 'gpt-4o-mini', input_tokens: 1_000_000, output_tokens: 1_000_000 },
      // the file's Bedrock key, logged as is: 1M × 1.1 = $1.10 (the sample's price, not the built-in $1)
      { feature: 'bedrock', model: 'bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0', input_tokens: 1_000_000, output_tokens: 0 },
      // the file's tier: 250,000 × 6 = $1.50
      { feature: 'tier', model: 'claude-sonnet-4-5-20250929', input_tokens: 250_000, output_tokens: 0 },
      // built-in still there: $5
      { feature: 'opus', model: 'claude-opus-4-8', input_tokens: 1_000_000, output_tokens: 0 },
    ]));
    const doc = runJson(['cost', f, '--prices', path.join(PRICES, 'litellm-sample.json')]);
    expectCosts(doc, { openai: 0.75, bedrock: 1.1, tier: 1.5, opus: 5 });
    expect(doc.inputs.pricing.price_table.files[0]).toMatchObject({ format: 'litellm', models: 4, skipped: 1 });
  });

  it('bad values are usage errors naming the file and key', () => {
    const bad = tmp.write('bad.yaml', 'models:\n  m:\n    input: 1\n    output: 2\n    since: soon\n');
    expectUsageError(run(['cost', data, '--prices', bad]), /bad\.yaml: models\.m\.since/);
    expectUsageError(run(['cost', data, '--cache-ttl', '2h']), /2h/);
    expectUsageError(run(['cost', data, '--cost-mode', 'guess']), /guess/);
  });
});

describe('llmops prices', () => {
  it('lists the effective table with the source of each entry and the date it was checked', () => {
    const doc = runJson(['prices']);
    expect(doc.schema).toBe('llmops.prices/v1');
    expect(doc.table).toMatchObject({ checked: '2026-12-04', files: [], web_search_per_1000: 10, batch_multiplier: 0.5, cost_mode: 'calculate', cache_ttl_default: '5m' });
    expect(doc.logs).toBeNull();
    const opus = doc.models.find((m: any) => m.model === 'claude-opus-4-8');
    expect(opus.entries).toEqual([{ since: null, input: 5, output: 25, cache_read: 0.5, cache_write_5m: 6.25, cache_write_1h: 10, tiers: [], source: 'built-in', origin: 'built-in' }]);
    const sonnet45 = doc.models.find((m: any) => m.model === 'claude-sonnet-4-5');
    expect(sonnet45.entries[0].tiers).toEqual([{ above_input_tokens: 200_000, input: 6, output: 22.5, cache_read: 0.6, cache_write_5m: 7.5, cache_write_1h: 12 }]);

    const text = run(['prices']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('checked 2026-12-04');
    expect(text.stdout).toMatch(/claude-sonnet-4-5 .*\$3 .*\$15 .*\$0\.30 .*\$3\.75 .*\$6 .*>200K: \$6 \/ \$22\.50 .*built-in/);
    expect(text.stdout).toMatch(/claude-3-haiku .*\$0\.25 .*\$1\.25 .*\$0\.03 .*\$0\.30 .*\$0\.50/);
  });

  it('with files: each entry says where it came from; a dated entry follows the built-in one', () => {
    const doc = runJson(['prices', '--prices', path.join(PRICES, 'example.yaml'), '--prices', path.join(PRICES, 'litellm-sample.json')]);
    const sonnet = doc.models.find((m: any) => m.model === 'claude-sonnet-4-6');
    expect(sonnet.entries.map((e: any) => [e.since, e.input, e.source])).toEqual([[null, 3, 'built-in'], ['2026-11-20T00:00:00Z', 2.5, 'file']]);
    expect(doc.models.find((m: any) => m.model === 'my-fine-tune')).toMatchObject({ aliases: ['ft:my-fine-tune:2026'], entries: [{ source: 'file' }] });
    expect(doc.models.find((m: any) => m.model === 'gpt-4o-mini').entries[0]).toMatchObject({ source: 'litellm', input: 0.15 });
    expect(doc.table.files.map((f: any) => f.format)).toEqual(['llmops', 'litellm']);
    const text = run(['prices', '--prices', path.join(PRICES, 'example.yaml')]).stdout;
    expect(text).toMatch(/2026-11-20 .*\$2\.50 .*\$12\.50 .*file .*example\.yaml/);
  });

  it('with paths: every model id in the logs, what it resolved to, its requests, and which are unpriced', () => {
    const r = run(['prices', data, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const ids = Object.fromEntries(doc.logs.models.map((m: any) => [m.model, m]));
    expect(ids['claude-sonnet-4-5-20250929']).toMatchObject({ requests: 2, resolved_to: 'claude-sonnet-4-5', how: 'date_suffix', priced_requests: 2, unpriced_requests: 0 });
    expectClose(ids['claude-sonnet-4-5-20250929'].cost_usd, 1.1910006 + 0.603, 'sonnet 4.5 cost');
    expect(ids['us.anthropic.claude-haiku-4-5-20251001-v1:0']).toMatchObject({ resolved_to: 'claude-haiku-4-5', how: 'provider_form' });
    expect(ids['claude-opus-9']).toEqual({ model: 'claude-opus-9', requests: 1, resolved_to: null, how: null, priced_requests: 0, unpriced_requests: 1, cost_usd: null });
    expect(doc.logs.models[0].model).toBe('claude-haiku-4-5'); // most requests first (3)
    expect(doc.logs.inputs.records).toBe(RECORDS.length);

    const text = run(['prices', data]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/claude-opus-9 .* 1 .* unpriced/);
    expect(text.stdout).toMatch(/us\.anthropic\.claude-haiku-4-5-20251001-v1:0 .* claude-haiku-4-5 .* provider form/);
    expect(text.stdout).toMatch(/1 unpriced: claude-opus-9/);
    expect(text.stderr).toMatch(/no price for claude-opus-9/);
  });

  it('--strict fails a run with unpriced models; other formats are usage errors', () => {
    expect(run(['prices', data, '--strict', '-q']).code).toBe(1);
    expectUsageError(run(['prices', '--format', 'html']), /prices prints a table or JSON/);
  });
});
