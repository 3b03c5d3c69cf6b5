import { describe, expect, it } from 'vitest';
import { parseLine } from '../src/ingest/parse-line.js';
import { parseIsoTimestamp, parseTimestampValue } from '../src/ingest/timestamp.js';
import type { ParseResult, UsageRecord } from '../src/types.js';
import { Calendar } from '../src/window/calendar.js';

const utc = new Calendar('UTC');
const ny = new Calendar('America/New_York');
const base = { model: 'claude-sonnet-4-6', input_tokens: 100, output_tokens: 20 };
const line = (obj: object) => JSON.stringify(obj);

function record(result: ParseResult): UsageRecord {
  if (!result.ok) throw new Error(`expected a record, got ${JSON.stringify(result)}`);
  expect(result.records).toHaveLength(1);
  return result.records[0];
}
function reason(result: ParseResult): string {
  if (result.ok || result.blank) throw new Error(`expected malformed, got ${JSON.stringify(result)}`);
  return result.reason;
}

describe('parseLine', () => {
  it('normalises a full wrapper record', () => {
    const r = record(parseLine(line({
      ts: '2026-11-30T14:02:11.123Z', request_id: 'req_1', model: 'claude-sonnet-4-6', input_tokens: 10234,
      output_tokens: 512, cache_read: 8000, cache_write: 10, latency_s: 3.42, stop_reason: 'end_turn', feature: 'summarize',
    }), utc));
    expect(r).toMatchObject({
      requestId: 'req_1', model: 'claude-sonnet-4-6', inputTokens: 10234, outputTokens: 512, cacheReadTokens: 8000,
      cacheWriteTokens: 10, latencyS: 3.42, stopReason: 'end_turn', feature: 'summarize', timestampMs: Date.parse('2026-11-30T14:02:11.123Z'),
    });
  });

  it('fills defaults for optional fields', () => {
    const r = record(parseLine(line(base), utc));
    expect(r).toMatchObject({ requestId: null, cacheReadTokens: 0, cacheWriteTokens: 0, latencyS: null, stopReason: 'unknown', feature: 'unknown', timestampMs: null });
  });

  it('reads the cache aliases and treats null cache counts as 0', () => {
    const r = record(parseLine(line({ ...base, cache_read_input_tokens: 50, cache_creation_input_tokens: 7 }), utc));
    expect([r.cacheReadTokens, r.cacheWriteTokens]).toEqual([50, 7]);
    const n = record(parseLine(line({ ...base, cache_read: null, cache_write: null }), utc));
    expect([n.cacheReadTokens, n.cacheWriteTokens]).toEqual([0, 0]);
  });

  it('keeps the parsed object for --by on other fields', () => {
    expect(record(parseLine(line({ ...base, tenant: 'acme' }), utc)).source.tenant).toBe('acme');
  });

  it('counts blank lines as blank', () => {
    for (const text of ['', '   ', '\t', '\ufeff']) expect(parseLine(text, utc)).toEqual({ ok: false, blank: true });
  });

  it('skips what is not a JSON object', () => {
    expect(reason(parseLine('Traceback (most recent call last):', utc))).toBe('not JSON');
    expect(reason(parseLine('{"model": "claude-sonnet-4-6", "input_tok', utc))).toMatch(/^truncated/);
    for (const text of ['null', '[]', '42', '"text"', 'true']) expect(reason(parseLine(text, utc))).toBe('not a JSON object');
  });

  it('skips records without a model or with bad token counts', () => {
    expect(reason(parseLine(line({ input_tokens: 1, output_tokens: 1 }), utc))).toBe('missing model');
    expect(reason(parseLine(line({ ...base, model: 7 }), utc))).toBe('missing model');
    expect(reason(parseLine(line({ ...base, model: '' }), utc))).toBe('missing model');
    expect(reason(parseLine(line({ ...base, input_tokens: -1 }), utc))).toMatch(/input_tokens/);
    expect(reason(parseLine(line({ ...base, input_tokens: 1.5 }), utc))).toMatch(/input_tokens/);
    expect(reason(parseLine(line({ ...base, output_tokens: '12' }), utc))).toMatch(/output_tokens/);
    expect(reason(parseLine(line({ model: 'm', input_tokens: 1 }), utc))).toBe('missing output_tokens');
    expect(reason(parseLine(line({ ...base, cache_read: -5 }), utc))).toMatch(/cache_read/);
    expect(reason(parseLine(line({ ...base, cache_creation_input_tokens: 'x' }), utc))).toMatch(/cache_creation_input_tokens/);
  });

  it('treats unusable optional values as missing, not malformed', () => {
    const r = record(parseLine(line({ ...base, latency_s: 'slow', stop_reason: 3, feature: null, ts: 'not a time' }), utc));
    expect(r).toMatchObject({ latencyS: null, stopReason: 'unknown', feature: 'unknown', timestampMs: null });
    expect(record(parseLine(line({ ...base, latency_s: -1 }), utc)).latencyS).toBeNull();
  });

  it('takes the first timestamp field present', () => {
    const r = record(parseLine(line({ ...base, created_at: '2026-11-01T00:00:00Z', time: '2026-11-02T00:00:00Z' }), utc));
    expect(r.timestampMs).toBe(Date.parse('2026-11-02T00:00:00Z'));
    for (const field of ['ts', 'timestamp', 'time', '@timestamp', 'created_at']) {
      expect(record(parseLine(line({ ...base, [field]: '2026-11-03T00:00:00Z' }), utc)).timestampMs).toBe(Date.parse('2026-11-03T00:00:00Z'));
    }
  });
});

describe('timestamps', () => {
  it('reads ISO 8601 with a zone', () => {
    expect(parseIsoTimestamp('2026-11-30T14:02:11.123Z', utc)).toBe(Date.parse('2026-11-30T14:02:11.123Z'));
    expect(parseIsoTimestamp('2026-11-30T14:02:11+05:30', utc)).toBe(Date.parse('2026-11-30T08:32:11Z'));
    expect(parseIsoTimestamp('2026-11-30T14:02:11-0800', utc)).toBe(Date.parse('2026-11-30T22:02:11Z'));
    expect(parseIsoTimestamp('2026-11-30 14:02:11,5Z', utc)).toBe(Date.parse('2026-11-30T14:02:11.500Z'));
    expect(parseIsoTimestamp('2026-11-30T14:02:11.123456789Z', utc)).toBe(Date.parse('2026-11-30T14:02:11.123Z'));
  });

  it('reads zoneless ISO times in the calendar zone', () => {
    expect(parseIsoTimestamp('2026-11-20T23:30:00', utc)).toBe(Date.parse('2026-11-20T23:30:00Z'));
    expect(parseIsoTimestamp('2026-11-20T23:30:00', ny)).toBe(Date.parse('2026-11-21T04:30:00Z'));
    expect(parseIsoTimestamp('2026-11-20', ny)).toBe(Date.parse('2026-11-20T05:00:00Z'));
  });

  it('rejects impossible dates and other text', () => {
    for (const text of ['2026-02-30T00:00:00Z', '2026-11-31', '2026-11-30T25:00:00Z', 'Nov 30 2026', '', '1732982400']) {
      expect(parseIsoTimestamp(text, utc)).toBeNull();
    }
  });

  it('reads epoch seconds and milliseconds', () => {
    expect(parseTimestampValue(1795000000, utc)).toBe(1795000000 * 1000);
    expect(parseTimestampValue(1795000000.25, utc)).toBe(1795000000250);
    expect(parseTimestampValue(1795000000123, utc)).toBe(1795000000123);
    expect(parseTimestampValue(-5, utc)).toBeNull();
    expect(parseTimestampValue(true, utc)).toBeNull();
  });
});

describe('the canonical timestamp fast path', () => {
  it('agrees with Date.parse on random instants across centuries, leap days and month ends', () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const specials = ['2024-02-29T23:59:59.999Z', '2000-02-29T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '2026-12-31T23:59:59.999Z', '1969-12-31T23:59:59.999Z'];
    const samples = [...specials, ...Array.from({ length: 2000 }, () => new Date(Math.floor(rand() * 8e12) - 1e12).toISOString())];
    for (const iso of samples) expect(parseIsoTimestamp(iso, utc)).toBe(Date.parse(iso));
  });

  it('falls back to the general rules for anything not canonical', () => {
    expect(parseIsoTimestamp('2025-02-29T00:00:00.000Z', utc)).toBeNull();
    expect(parseIsoTimestamp('2026-11-30T24:00:00.000Z', utc)).toBe(Date.parse('2026-12-01T00:00:00Z'));
    expect(parseIsoTimestamp('2026-11-3OT14:02:11.123Z', utc)).toBeNull();
    expect(parseIsoTimestamp('2O26-11-20T10:00:00.000Z', utc)).toBeNull();
    expect(parseIsoTimestamp('-026-11-20T10:00:00.000Z', utc)).toBeNull();
  });
});

describe('price-relevant fields', () => {
  it('reads the cache-write TTL split, batch, web searches and a logged cost', () => {
    const r = record(parseLine(line({ ...base, cache_write_5m: 100, cache_write_1h: 40, service_tier: 'batch', web_search_requests: 2, cost_usd: 0.5 }), utc));
    expect(r).toMatchObject({ cacheWriteTokens: 140, cacheWrite1hTokens: 40, batch: true, webSearchRequests: 2, loggedCostUsd: 0.5 });
    const total = record(parseLine(line({ ...base, cache_write: 200, cache_write_1h: 50 }), utc));
    expect([total.cacheWriteTokens, total.cacheWrite1hTokens]).toEqual([200, 50]);
    const plain = record(parseLine(line({ ...base, cache_write: 200, batch: true }), utc));
    expect(plain).toMatchObject({ cacheWrite1hTokens: null, batch: true, webSearchRequests: 0, loggedCostUsd: null });
    expect(reason(parseLine(line({ ...base, cache_write: 10, cache_write_1h: 50 }), utc))).toMatch(/cache_write_1h/);
  });
});

describe('safeText', () => {
  it('neutralises terminal controls and bidi overrides from log strings', async () => {
    const { safeText } = await import('../src/report/format.js');
    expect(safeText('summarize')).toBe('summarize');
    expect(safeText('\u001b[31mred\u001b[0m')).toBe('\\x1b[31mred\\x1b[0m');
    expect(safeText('a\rb\nc\u0007')).toBe('a\\x0db\\x0ac\\x07');
    expect(safeText('x\u202ey')).toBe('x\\u202ey');
    expect(safeText('日本 é')).toBe('日本 é');
  });
});

describe('number formats for people', () => {
  it('groups digits like en-US Intl without loading Intl', async () => {
    const { formatCount, formatUsd } = await import('../src/report/format.js');
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    for (const v of [0, 7, 999, 1000, 12345, 999999, 123456.4, 999999.5, -5, -1234]) expect(formatCount(v)).toBe(intl.format(v));
    for (const v of [100, 1234.5, 1234.567, 999999.994, 12345678.9, -250.5]) {
      expect(formatUsd(v)).toBe(`$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
    }
  });
});
