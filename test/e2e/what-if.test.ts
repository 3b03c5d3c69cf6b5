// `cost --what-if model=… [--feature …]` through the built CLI, hand-computed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose, expectUsageError, jsonl, run, runJson, SAMPLE, tempDir, type TempDir } from './helpers.js';

let tmp: TempDir;
let data: string;

beforeAll(() => {
  tmp = tempDir();
  data = tmp.write('calls.jsonl', jsonl([
    // classify on sonnet 4.6: 10,000 × 3 + 200 × 15 = 33,000 → $0.033; on haiku 10,000 + 1,000 → $0.011
    { request_id: 'a', feature: 'classify', model: 'claude-sonnet-4-6', input_tokens: 10_000, output_tokens: 200 },
    { request_id: 'b', feature: 'classify', model: 'claude-sonnet-4-6', input_tokens: 10_000, output_tokens: 200 },
    // extract on opus 4.8, 1-hour cache writes: 1,000 × 5 + 2,000 × 10 + 400 × 25 = 35,000 → $0.035
    //   on haiku: 1,000 × 1 + 2,000 × 2 + 400 × 5 = 7,000 → $0.007
    { request_id: 'c', feature: 'extract', model: 'claude-opus-4-8', input_tokens: 1_000, output_tokens: 400, cache_write_1h: 2_000 },
    // chat: not selected by --feature
    { request_id: 'd', feature: 'chat', model: 'claude-opus-4-8', input_tokens: 1_000_000, output_tokens: 0 },
    // extract on an unpriced model: left out of the comparison, counted
    { request_id: 'e', feature: 'extract', model: 'gpt-4o-mini', input_tokens: 1_000, output_tokens: 0 },
  ]));
});
afterAll(() => tmp.cleanup());

describe('cost --what-if', () => {
  it('re-prices the selected features on the target model: current, what-if and saving per feature and in total', () => {
    const doc = runJson(['cost', data, '--what-if', 'model=claude-haiku-4-5', '--feature', 'classify,extract', '-q']);
    const w = doc.what_if;
    expect(w).toMatchObject({ model: 'claude-haiku-4-5', resolved_to: 'claude-haiku-4-5', features: ['classify', 'extract'], current_cost_basis: 'calculate' });
    expect(w.note).toMatch(/different numbers of input and output tokens/);
    const [classify, extract] = w.by_feature; // current cost descending
    expect(extract).toMatchObject({ feature: 'extract', requests: 1, models: { 'claude-opus-4-8': 1 }, unpriced_requests: 1 });
    expectClose(extract.current_cost_usd, 0.035, 'extract current');
    expectClose(extract.what_if_cost_usd, 0.007, 'extract what-if');
    expectClose(extract.saving_usd, 0.028, 'extract saving');
    expectClose(extract.saving_share, 0.8, 'extract saving share');
    expect(classify).toMatchObject({ feature: 'classify', requests: 2, models: { 'claude-sonnet-4-6': 2 }, unpriced_requests: 0 });
    expectClose(classify.current_cost_usd, 0.066, 'classify current');
    expectClose(classify.what_if_cost_usd, 0.022, 'classify what-if');
    expectClose(classify.saving_share, 2 / 3, 'classify saving share');
    expect(w.total).toMatchObject({ requests: 3, unpriced_requests: 1, models: { 'claude-sonnet-4-6': 2, 'claude-opus-4-8': 1 } });
    expectClose(w.total.current_cost_usd, 0.101, 'total current');
    expectClose(w.total.what_if_cost_usd, 0.029, 'total what-if');
    expectClose(w.total.saving_usd, 0.072, 'total saving');
    // the report itself still covers all traffic
    expect(doc.overall.requests).toBe(5);
  });

  it('without --feature: all traffic; the table says plainly that token counts differ between models', () => {
    const r = run(['cost', data, '--what-if', 'claude-haiku-4-5', '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/What if: all features on claude-haiku-4-5/);
    expect(r.stdout).toMatch(/chat .* 1 .* claude-opus-4-8 .* \$5\.00 .* \$1\.00 .* \$4\.00 .* 80\.0%/);
    expect(r.stdout).toMatch(/total .* 4 /);
    expect(r.stdout).toMatch(/different numbers of input and output tokens/);
    const doc = runJson(['cost', data, '--what-if', 'model=anthropic/claude-haiku-4.5', '-q']);
    expect(doc.what_if).toMatchObject({ model: 'anthropic/claude-haiku-4.5', resolved_to: 'claude-haiku-4-5', features: null });
    expectClose(doc.what_if.total.what_if_cost_usd, 1.029, 'all traffic on haiku');
  });

  it('what_if is null without --what-if, so the document keeps its shape', () => {
    expect(runJson(['cost', data, '-q']).what_if).toBeNull();
  });

  it('the sample: moving classify and extract from sonnet to haiku saves most of their cost', () => {
    const doc = runJson(['cost', SAMPLE, '--what-if', 'model=claude-haiku-4-5', '--feature', 'classify,extract', '-q']);
    const w = doc.what_if;
    expect(w.total.requests + w.total.unpriced_requests).toBe(
      doc.rows.filter((r: any) => r.feature === 'classify' || r.feature === 'extract').reduce((s: number, r: any) => s + r.requests, 0));
    expect(w.total.saving_usd).toBeGreaterThan(0);
    expect(w.total.what_if_cost_usd).toBeLessThan(w.total.current_cost_usd);
  });

  it('usage errors: an unpriced target, an unknown key, --feature without --what-if', () => {
    expectUsageError(run(['cost', data, '--what-if', 'model=claude-opus-9']), /no price for model "claude-opus-9"/);
    expectUsageError(run(['cost', data, '--what-if', 'region=eu']), /unknown key "region"/);
    expectUsageError(run(['cost', data, '--feature', 'classify']), /--feature selects the traffic of --what-if/);
  });
});
