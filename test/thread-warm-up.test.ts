// The warm-up a parser thread runs on made-up lines (thread-warm-up.ts) must leave nothing behind:
// not an id in the table the threads share, not a turn taken, not a record in what the thread then
// aggregates for real.
import { describe, expect, it } from 'vitest';
import { createBlockParser } from '../src/engine/parse-block.js';
import type { ThreadSettings } from '../src/engine/parser-thread.js';
import { ThreadAggregator, type AggregateSettings } from '../src/engine/thread-aggregation.js';
import { warmUpThread } from '../src/engine/thread-warm-up.js';
import { SharedRequestIds } from '../src/ingest/request-ids.js';
import { builtInPrices } from '../src/pricing/price-table.js';
import { UNBOUNDED } from '../src/window/window.js';

const parse = { tz: 'UTC', fieldMap: null, featureAttr: null, customFields: [], fastPath: true };
const line = (id: string, feature: string) =>
  JSON.stringify({ ts: '2026-11-03T10:00:00Z', request_id: id, model: 'claude-sonnet-4-6', input_tokens: 1000, output_tokens: 100, latency_s: 1.5, stop_reason: 'end_turn', feature });

function aggregateSettings(dedup: SharedRequestIds | null, grouping: AggregateSettings['grouping']): AggregateSettings {
  return { window: UNBOUNDED, grouping, priceLayers: [builtInPrices()], pricing: {}, dedup: dedup?.handle ?? null };
}

describe('warmUpThread', () => {
  const groupings: Array<AggregateSettings['grouping']> = [{ kind: 'feature-days', weeks: null }, { kind: 'groups', dimensions: ['feature', 'model'] }];
  for (const grouping of groupings) {
    it(`leaves the shared ids, the turns and later aggregates untouched (${grouping.kind})`, () => {
      const shared = SharedRequestIds.create(1000);
      shared.prefaultTable();
      const settings: ThreadSettings = { parse, aggregate: aggregateSettings(shared, grouping), slots: [] };
      warmUpThread(settings);
      expect(shared.size).toBe(0);
      expect(shared.isTurn(0)).toBe(true);

      // What the thread then does for real gives what it gives without a warm-up.
      const real = (): unknown => {
        const parser = createBlockParser(parse);
        const aggregator = new ThreadAggregator('UTC', aggregateSettings(null, grouping));
        const { columns } = parser.parse(Buffer.from([line('req_a', 'chat'), line('req_b', 'summarize')].join('\n') + '\n'));
        aggregator.addColumns(columns, null);
        return JSON.parse(JSON.stringify(aggregator.state(0), (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));
      };
      const after = real();
      // Only the two records' features and model: none of the made-up ones (rag_answer, opus, …).
      expect(JSON.stringify(after)).toMatch(/"chat"/);
      expect(JSON.stringify(after)).not.toMatch(/rag_answer|classify|extract|agent_step|opus|haiku|max_tokens|refusal/);
      expect((after as { side: { unpricedRecords: number; outOfWindow: number } }).side).toMatchObject({ unpricedRecords: 0, outOfWindow: 0 });
    });
  }

  it('works without aggregating (records go back to the main thread) and without dedup', () => {
    expect(() => warmUpThread({ parse, aggregate: null, slots: [] })).not.toThrow();
    expect(() => warmUpThread({ parse: { ...parse, fastPath: false, tz: 'America/New_York' }, aggregate: aggregateSettings(null, { kind: 'feature-days', weeks: null }), slots: [] })).not.toThrow();
  });
});
