// Every log shape llmops reads, against expectations computed by scripts/gen-format-fixtures.py
// from the simulated calls (Python's logging module wrote the files; nothing here parses them twice).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.js';
import { parseFieldMap } from '../src/ingest/field-map.js';
import { resolveSources } from '../src/ingest/sources.js';
import { builtInPrices, createPriceTable } from '../src/pricing/price-table.js';
import { buildBaselineReport } from '../src/report/baseline.js';
import { FeatureDayBuckets } from '../src/stats/feature-days.js';
import { Calendar } from '../src/window/calendar.js';
import { UNBOUNDED } from '../src/window/window.js';

interface Expected {
  lines: number; records: number; blank: number; malformed: number; extra_records: number; no_timestamp: number;
  by_reason: Record<string, number>; cost_total: number; input_tokens: number; cache_read: number; output_tokens: number;
  dates: string[]; note: string;
}
const expected: Record<string, Expected> = JSON.parse(readFileSync('fixtures/formats-expected.json', 'utf8'));

const CUSTOM_MAP = ['model=llm.model_name', 'input_tokens=llm.in', 'output_tokens=llm.out', 'cache_read=llm.cached',
  'cache_write=llm.written', 'feature=metadata.endpoint', 'request_id=trace_id', 'stop_reason=finish', 'latency_s=secs'];

async function run(name: string) {
  const calendar = new Calendar('UTC');
  const buckets = new FeatureDayBuckets(calendar, null);
  const tally = await analyze(await resolveSources([`fixtures/formats/${name}`]), {
    calendar, window: UNBOUNDED, prices: createPriceTable(builtInPrices()), dedup: true,
    fieldMap: name === 'custom-names.jsonl' ? parseFieldMap(CUSTOM_MAP) : null,
    featureAttr: name === 'otlp-genai-spans.jsonl' ? 'app.feature' : null,
  }, buckets);
  return buildBaselineReport(tally, buckets, { calendar, window: UNBOUNDED, slottedWeeks: null });
}

describe('log shapes (fixtures/formats)', () => {
  for (const [name, want] of Object.entries(expected)) {
    it(`${name}: every line accounted for, every record priced as simulated`, async () => {
      const doc = await run(name);
      const i = doc.inputs;
      expect({ lines: i.lines, records: i.records, blank: i.skipped.blank, malformed: i.skipped.malformed, extra: i.extra_records })
        .toEqual({ lines: want.lines, records: want.records, blank: want.blank, malformed: want.malformed, extra: want.extra_records });
      expect(i.lines).toBe(i.records - i.extra_records + i.skipped.blank + i.skipped.malformed);
      for (const [kind, n] of Object.entries(want.by_reason)) expect(i.skipped.by_reason[kind as keyof typeof i.skipped.by_reason]).toBe(n);
      expect(i.no_timestamp).toBe(want.no_timestamp);
      expect(doc.overall.requests).toBe(want.records);
      expect(doc.overall.tokens.input).toBe(want.input_tokens);
      expect(doc.overall.tokens.cache_read).toBe(want.cache_read);
      expect(doc.overall.tokens.output).toBe(want.output_tokens);
      expect(doc.overall.cost_usd.total).toBeCloseTo(want.cost_total, 9);
      expect(doc.daily.map((d) => d.date)).toEqual(want.dates);
    });
  }

  it('reads OTLP spans with latency from the span and the feature from --feature-attr', async () => {
    const doc = await run('otlp-genai-spans.jsonl');
    expect(doc.inputs.formats.otlp_span).toBe(9);
    expect(doc.overall.latency_requests).toBe(9);
    expect(doc.by_feature.map((f) => f.feature).sort()).toEqual(['chat', 'summarize']);
  });

  it('names the shapes it recognised', async () => {
    expect((await run('openai-usage.jsonl')).inputs.formats.openai).toBe(4);
    expect((await run('anthropic-response.jsonl')).inputs.formats.anthropic_response).toBe(4);
    expect((await run('docker-json-file.log')).inputs.formats.wrapper).toBe(4);
  });
});
