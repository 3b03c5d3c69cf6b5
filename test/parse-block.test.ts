// A block parser reads a block of lines as if each line were parsed alone (blockLines + parseLine):
// with the fast path, and without it, where the block is decoded once and split as a string. Line
// endings, blank lines, bytes that are not UTF-8 next to a newline, and line numbers must not change.
import { describe, expect, it } from 'vitest';
import { blockLines, createBlockParser } from '../src/engine/parse-block.js';
import { parseLine } from '../src/ingest/parse-line.js';
import { fingerprint } from '../src/ingest/request-ids.js';
import { SKIP_KINDS, type UsageRecord } from '../src/types.js';
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
    '\r\r\n',
    'a lone \r inside a line\n',
    // A raw CR inside a string is not JSON: the line is skipped, however the block is split.
    '{"model": "m", "input_tokens": 1, "output_tokens": 2, "feature": "a\rb"}\n',
    // A BOM mid-block is text, not a marker (only a source's first bytes are checked for one).
    '\ufeff' + wrapper('req_5', 'after a BOM') + '\n',
    Buffer.from([0x7b, 0x00, 0x7d, 0x0a]),
    wrapper('req_4', 'last') + (last ? '\n' : '\r'),
  ];
  return new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))));
}

/** What each line gives when parsed alone. */
function alone(bytes: Uint8Array) {
  const calendar = new Calendar('UTC');
  const records: Array<ReturnType<typeof pick>> = [];
  let blank = 0;
  const malformed: string[] = [];
  const examples: Array<{ line: number; kind: string; reason: string }> = [];
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
      malformed.push(parsed.kind);
      examples.push({ line, kind: parsed.kind, reason: parsed.reason });
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
        // Skipped lines counted by kind (in SKIP_KINDS order), and the examples whole.
        expect(result.malformed).toEqual(SKIP_KINDS.map((k) => expected.malformed.filter((m) => m === k).length));
        expect(result.examples).toEqual(expected.examples);
        expect(records).toEqual(expected.records);
        // The replacement characters of the bytes that are not UTF-8 are as a line alone decodes them.
        expect(records.filter((r) => r.feature!.includes('\ufffd')).map((r) => r.feature)).toEqual(['x\ufffd', '\ufffd']);
        expect(records.map((r) => r.feature)).toContain('résumé ✓');
        expect(records.map((r) => r.feature)).toContain('after a BOM');
      });
    }
  }

  it('gives the same columns when they start with room for one row and grow, block after block', () => {
    for (const fastPath of [false, true]) {
      const settings = { tz: 'UTC', fieldMap: null, featureAttr: null, customFields: [], fastPath };
      const small = createBlockParser(settings, 1);
      const usual = createBlockParser(settings);
      for (const last of [true, false, true]) {
        const bytes = block(last);
        const grown = small.parse(bytes).columns;
        const expected = usual.parse(bytes).columns;
        expect(grown.count).toBeGreaterThan(4); // 1 -> 2 -> 4 -> 8 rows
        expect({ ...grown, ids: [...grown.ids], numbers: [...grown.numbers], refs: [...grown.refs], flags: [...grown.flags] })
          .toEqual({ ...expected, ids: [...expected.ids], numbers: [...expected.numbers], refs: [...expected.refs], flags: [...expected.flags] });
        small.recycle(grown); // reused with the room it grew to, as a thread's columns are
        usual.recycle(expected);
      }
    }
  });

  it('reads an empty block as no lines', () => {
    for (const fastPath of [false, true]) {
      const parser = createBlockParser({ tz: 'UTC', fieldMap: null, featureAttr: null, customFields: [], fastPath });
      const result = parser.parse(new Uint8Array(0), () => expect.unreachable());
      expect([result.lines, result.blank, result.malformed.reduce((a, b) => a + b, 0)]).toEqual([0, 0, 0]);
    }
  });
});
