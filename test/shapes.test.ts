import { describe, expect, it } from 'vitest';
import { applyFieldMap, parseFieldMap, valueAt } from '../src/ingest/field-map.js';
import { replaceNonFinite, scanJsonObject } from '../src/ingest/json-scan.js';
import { parseLine } from '../src/ingest/parse-line.js';
import { prefixTimestamp } from '../src/ingest/prefix.js';
import { UsageError } from '../src/errors.js';
import { Calendar } from '../src/window/calendar.js';

const utc = new Calendar('UTC');
const rec = { model: 'claude-haiku-4-5', input_tokens: 10, output_tokens: 2 };

describe('scanJsonObject', () => {
  it('finds where the first object ends, ignoring braces in strings', () => {
    const text = '{"a":"}{\\"","b":{"c":[1,{}]}} trailing';
    expect(scanJsonObject(text, 0)).toEqual({ end: text.indexOf(' trailing'), truncated: false, nonFinite: false });
  });
  it('tells a cut-off object from garbage', () => {
    expect(scanJsonObject('{"a": {"b": 1', 0).truncated).toBe(true);
    expect(scanJsonObject('{"a": "unterminated', 0).truncated).toBe(true);
    expect(scanJsonObject('{"a": 1}}', 0).end).toBe(8);
  });
  it('spots NaN and Infinity outside strings only', () => {
    expect(scanJsonObject('{"a": NaN}', 0).nonFinite).toBe(true);
    expect(scanJsonObject('{"a": "NaN"}', 0).nonFinite).toBe(false);
    expect(replaceNonFinite('{"a": NaN, "b": -Infinity, "c": Infinity, "d": "NaN Infinity"}'))
      .toBe('{"a": null, "b": null, "c": null, "d": "NaN Infinity"}');
  });
  it('stays linear on hostile input', () => {
    const deep = '{"a":' + '['.repeat(200_000) + '"' + '\\\\'.repeat(100_000);
    const t = performance.now();
    expect(scanJsonObject(deep, 0).truncated).toBe(true);
    expect(parseLine(deep, utc)).toMatchObject({ ok: false, kind: 'truncated' });
    expect(performance.now() - t).toBeLessThan(2000);
  });
});

describe('prefixes', () => {
  it('reads the timestamp a logging prefix starts with', () => {
    expect(prefixTimestamp('2026-11-30 14:02:11,123 INFO llm ', utc)).toBe(Date.parse('2026-11-30T14:02:11.123Z'));
    expect(prefixTimestamp('[2026-11-30T14:02:11.5+01:00] ', utc)).toBe(Date.parse('2026-11-30T13:02:11.500Z'));
    expect(prefixTimestamp('<134>1 2026-11-30T14:02:11.003Z host app 1 - - ', utc)).toBe(Date.parse('2026-11-30T14:02:11.003Z'));
    expect(prefixTimestamp('INFO:llm:', utc)).toBeNull();
    expect(prefixTimestamp('Nov 30 14:02:11 host app[1]: ', utc)).toBeNull();
  });
  it('reads zoneless prefix times in --tz', () => {
    expect(prefixTimestamp('2026-11-30 14:02:11,123 INFO ', new Calendar('Europe/Berlin'))).toBe(Date.parse('2026-11-30T13:02:11.123Z'));
  });
  it('uses the prefix time only when the record has none', () => {
    const withTs = parseLine(`2026-11-30 14:02:11,123 INFO llm ${JSON.stringify({ ...rec, ts: '2026-11-01T00:00:00Z' })}`, utc);
    expect(withTs.ok && withTs.records[0].timestampMs).toBe(Date.parse('2026-11-01T00:00:00Z'));
    const without = parseLine(`2026-11-30 14:02:11,123 INFO llm ${JSON.stringify(rec)}`, utc);
    expect(without.ok && without.records[0].timestampMs).toBe(Date.parse('2026-11-30T14:02:11.123Z'));
  });
});

describe('--map', () => {
  it('parses field=path pairs and rejects bad ones', () => {
    expect(parseFieldMap(['feature=metadata.endpoint'])).toEqual([{ field: 'feature', path: ['metadata', 'endpoint'] }]);
    expect(parseFieldMap({ request_id: 'trace_id' })).toEqual([{ field: 'request_id', path: ['trace_id'] }]);
    for (const bad of ['feature', '=x', 'feature=', 'a b=c']) expect(() => parseFieldMap([bad])).toThrow(UsageError);
  });
  it('reads own properties only, so __proto__ and constructor are just names', () => {
    const obj = JSON.parse('{"__proto__": {"x": "own"}, "m": {"constructor": "c"}}');
    expect(valueAt(obj, ['__proto__', 'x'])).toBe('own');
    expect(valueAt(obj, ['m', 'constructor'])).toBe('c');
    expect(valueAt({}, ['constructor'])).toBeUndefined();
    const mapped = applyFieldMap({ a: { b: 'v' } }, parseFieldMap(['__proto__=a.b']));
    expect(Object.getPrototypeOf(mapped)).toBe(Object.prototype);
    expect(Object.hasOwn(mapped, '__proto__')).toBe(true);
  });
  it('maps nested fields onto the record', () => {
    const r = parseLine(JSON.stringify({ llm: { m: 'claude-opus-4-8', i: 5, o: 1 }, meta: { f: 'search' } }), utc,
      { fieldMap: parseFieldMap(['model=llm.m', 'input_tokens=llm.i', 'output_tokens=llm.o', 'feature=meta.f']), featureAttr: null });
    expect(r.ok && r.records[0]).toMatchObject({ model: 'claude-opus-4-8', inputTokens: 5, outputTokens: 1, feature: 'search' });
  });
});

describe('shapes', () => {
  it('reads OpenAI usage with cached tokens inside the prompt count', () => {
    const r = parseLine(JSON.stringify({ model: 'gpt-4o', choices: [{ finish_reason: 'length' }],
      usage: { prompt_tokens: 1000, completion_tokens: 50, prompt_tokens_details: { cached_tokens: 600 } } }), utc);
    expect(r.ok && r.records[0]).toMatchObject({ inputTokens: 400, cacheReadTokens: 600, outputTokens: 50, stopReason: 'length', shape: 'openai' });
  });
  it('reads a whole Anthropic response with the cache TTL split', () => {
    const r = parseLine(JSON.stringify({ id: 'msg_1', model: 'claude-sonnet-4-6', stop_reason: 'end_turn',
      usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 30,
        cache_creation: { ephemeral_5m_input_tokens: 10, ephemeral_1h_input_tokens: 20 }, server_tool_use: { web_search_requests: 3 } } }), utc);
    expect(r.ok && r.records[0]).toMatchObject({ requestId: 'msg_1', inputTokens: 10, cacheReadTokens: 100, cacheWriteTokens: 30,
      cacheWrite1hTokens: 20, webSearchRequests: 3, shape: 'anthropic_response' });
  });
  it('says why other JSON is not a record', () => {
    expect(parseLine('{"level": "info", "msg": "server started"}', utc)).toMatchObject({ ok: false, kind: 'no_usage_fields' });
    expect(parseLine('{"resourceSpans": []}', utc)).toMatchObject({ ok: false, kind: 'no_usage_fields' });
  });
  it('keeps grouping keys such as __proto__ as plain strings', () => {
    const r = parseLine(JSON.stringify({ ...rec, feature: '__proto__', stop_reason: 'constructor' }), utc);
    expect(r.ok && r.records[0]).toMatchObject({ feature: '__proto__', stopReason: 'constructor' });
  });
  it('reads a line with Python NaN and Infinity, the values counting as missing', () => {
    const r = parseLine('{"model": "claude-haiku-4-5", "input_tokens": 1, "output_tokens": 1, "latency_s": NaN, "x": Infinity}', utc);
    expect(r.ok && r.records[0].latencyS).toBeNull();
  });
});
