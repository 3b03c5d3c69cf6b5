// A block parser reads a block of lines as if each line were parsed alone (blockLines + parseLine):
// with the fast path, and without it, where the block is decoded once and split as a string. Line
// endings, blank lines, bytes that are not UTF-8 next to a newline, and line numbers must not change.
import { describe, expect, it } from 'vitest';
import { blockLines, createBlockParser } from '../src/engine/parse-block.js';
import { parseLine } from '../src/ingest/parse-line.js';
import { fingerprint } from '../src/ingest/request-ids.js';
import type { UsageRecord } from '../src/types.js';
import { Calendar } from '../src/window/calendar.js';

const wrapper = (id: string, feature: string) =>
  JSON.stringify({ ts: '2026-11-03T10:00:00.000Z', request_id: id, model: 'claude-sonnet-4-6', input_tokens: 1000, output_tokens: 100, latency_s: 1.5, stop_reason: 'end_turn', feature });

/** A block with every kind of line, as bytes; `last`: whether the last line has its newline. */
function block(last: boolean): Uint8Array {
  const parts: Array<string | Buffer> = [
    wrapper('req_1', 'chat') + '\n',
    wrapper('req_2', 'résumé ✓') + '\r\n',
    '\n',
    '   \t\n',
    'not json at all\n',
    // A UTF-8 sequence cut short right before the newline, and a lone continuation byte.
    Buffer.concat([Buffer.from('{"model": "m", "input_tokens": 1, "output_tokens": 2, "feature": "x'), Buffer.from([0xe2, 0x82]), Buffer.from('"}\n')]),
    Buffer.concat([Buffer.from('{"model": "m", "input_tokens": 1, "output_tokens": 2, "feature": "'), Buffer.from([0x80]), Buffer.from('"}\n')]),
    Buffer.concat([Buffer.from('{"model": "m", "input_tokens": 3, "feature": "y'), Buffer.from([0xf0, 0x9f]), Buffer.from('\n')]),
    '2026-11-30 14:02:11,123 INFO llm ' + wrapper('req_3', 'prefixed') + '\n',
    '{"truncated": \n',
    '\r\n',
    wrapper('req_4', 'last') + (last ? '\n' : ''),
  ];
  return new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))));
}

/** What each line gives when parsed alone. */
function alone(bytes: Uint8Array) {
  const calendar = new Calendar('UTC');
  const records: Array<ReturnType<typeof pick>> = [];
  let blank = 0, malformed = 0;
  const examples: number[] = [];
  const lines = blockLines(bytes);
  lines.forEach((text, line) => {
    if (text === '') {
      blank++;
      return;
    }
    const parsed = parseLine(text, calendar);
    if (parsed.ok) {
      for (const r of parsed.records) {
        const id = new Int32Array(2);
        if (r.requestId !== null) fingerprint(r.requestId, id, 0);
        records.push(pick(r, id));
      }
    }
    else if (parsed.blank) blank++;
    else {
      malformed++;
      examples.push(line);
    }
  });
  return { lines: lines.length, blank, malformed, examples, records };
}

/** What a record is read as; the fast path hands its request id on as the fingerprint alone. */
const pick = (r: UsageRecord, id: Int32Array) => ({
  id: [id[0], id[1]], model: r.model, inputTokens: r.inputTokens, outputTokens: r.outputTokens, feature: r.feature, timestampMs: r.timestampMs,
});

describe('createBlockParser', () => {
  for (const fastPath of [false, true]) {
    for (const last of [true, false]) {
      it(`reads a block as its lines one by one (fast path ${fastPath ? 'on' : 'off'}, last line ${last ? 'with' : 'without'} its newline)`, () => {
        const bytes = block(last);
        const expected = alone(bytes);
        const parser = createBlockParser({ tz: 'UTC', fieldMap: null, featureAttr: null, customFields: [], fastPath });
        const records: Array<ReturnType<typeof pick>> = [];
        const result = parser.parse(bytes, (r, id) => records.push(pick(r, id)));
        expect(result.lines).toBe(expected.lines);
        expect(result.blank).toBe(expected.blank);
        expect(result.malformed.reduce((a, b) => a + b, 0)).toBe(expected.malformed);
        expect(result.examples.map((e) => e.line)).toEqual(expected.examples);
        expect(records).toEqual(expected.records);
        // The replacement characters of the bytes that are not UTF-8 are as a line alone decodes them.
        expect(records.filter((r) => r.feature!.includes('\ufffd')).map((r) => r.feature)).toEqual(['x\ufffd', '\ufffd']);
        expect(records.map((r) => r.feature)).toContain('résumé ✓');
      });
    }
  }
});
