// The byte-level fast path against the general path (JSON.parse + normalise), which is the
// definition: wherever the fast path accepts a line, the record must be the one the general path
// makes of it, field for field (0 and -0 told apart, the request id by its fingerprint). Checked on
// every fixture line and on many thousands of mutated lines; the fast path may decline any line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { emptyRow } from '../src/engine/record-columns.js';
import { parseLine } from '../src/ingest/parse-line.js';
import { fingerprint, fingerprintAscii } from '../src/ingest/request-ids.js';
import { ScannedRecord, toUsageRecord } from '../src/ingest/scanned-record.js';
import { canonicalUtcBytes, parseIsoTimestamp } from '../src/ingest/timestamp.js';
import { WrapperScanner } from '../src/ingest/wrapper-scan.js';
import type { UsageRecord } from '../src/types.js';
import { Calendar } from '../src/window/calendar.js';

const calendars = [new Calendar('UTC'), new Calendar('America/New_York')];

type Fields = Omit<UsageRecord, 'source' | 'requestId'> & { id: [number, number] };

function generalRecord(text: string, calendar: Calendar): Fields | 'declined' | 'skipped' {
  const parsed = parseLine(text, calendar);
  if (!parsed.ok) return 'skipped';
  if (parsed.records.length !== 1) return 'declined';
  const { source: _s, requestId, ...fields } = parsed.records[0];
  const id = new Int32Array(2);
  if (requestId !== null) fingerprint(requestId, id, 0);
  return { ...fields, id: [id[0], id[1]] };
}

/** A line after the one read, in the same block: the scanner must stop at the newline between. */
const NEXT_LINE = '{"model":"claude-opus-4-8","input_tokens":1,"output_tokens":1}';

/** The fast path's record of a line, read alone and read from a block where another line follows
 *  it (the scanner finds the line's end itself there): both must agree. */
function fastRecord(scanner: WrapperScanner, line: string): Fields | null {
  const readFrom = (text: string, length: number): Fields | null => {
    const b = Buffer.from(text, 'utf8');
    const row = emptyRow();
    const scanned = new ScannedRecord();
    scanner.startBlock(b);
    if (!scanner.read(b, 0, b.length, scanned)) return null;
    expect(scanner.lineEnd, line).toBe(length);
    toUsageRecord(scanned, row);
    const { source: _s, requestId: _r, costUsd: _c, ...fields } = row;
    return { ...fields, id: [scanned.id[0], scanned.id[1]] };
  };
  const length = Buffer.byteLength(line);
  const alone = readFrom(line, length);
  const inBlock = readFrom(`${line}\n${NEXT_LINE}\n`, length);
  expect(inBlock, line).toEqual(alone);
  return alone;
}

/** Checks one line (what a block holds up to its first newline); returns whether the fast path accepted it. */
function agree(scanners: WrapperScanner[], textIn: string): boolean {
  const text = textIn.split('\n')[0];
  let accepted = false;
  calendars.forEach((calendar, k) => {
    const fast = fastRecord(scanners[k], text);
    if (fast === null) return;
    accepted = true;
    const general = generalRecord(text, calendar);
    if (general === 'skipped' || general === 'declined') throw new Error(`fast path accepted a line the general path ${general}: ${text}`);
    expect(fast, text).toEqual(general);
    for (const key of Object.keys(fast) as Array<keyof Fields>) {
      if (typeof fast[key] === 'number') expect(Object.is(fast[key], general[key]), `${key} in ${text}`).toBe(true);
    }
  });
  return accepted;
}

function fixtureLines(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(jsonl|log|\d|gz)$/.test(name) || name.includes('.log')) {
        let bytes = readFileSync(p);
        if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
        for (const line of bytes.toString('utf8').split('\n')) out.push(line.endsWith('\r') ? line.slice(0, -1) : line);
      }
    }
  };
  walk(path.join(__dirname, '..', 'fixtures'));
  return out;
}

/** A small seeded generator, so a failure names a line that can be reproduced. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALUES = [
  '0', '-0', '1', '12.0', '3.42', '0.1', '1e3', '1E-7', '-5', '-0.5', '1.', '.5', '01', '-', '1e', '123456789012345678901',
  '9007199254740993', '0.30000000000000004', '2.5e+2', '1e400', '"x"', '""', '"claude-sonnet-4-6"', '"é"', '"a\\"b"',
  '"\\u0041"', '"\\x"', '"tab\there"', 'null', 'true', 'false', 'nul', 'tru', '{}', '[]', '{"a":[1,{"b":null}]}',
  '[1,2', '{"a":}', '"2026-11-30T14:02:11.123Z"', '"2026-11-30T14:02:11Z"', '"2026-11-30 14:02:11"', '"2026-11-30T14:02:11.123+02:00"',
  '"2026-02-30T14:02:11.123Z"', '"2026-11-30T24:00:00.000Z"', '1764511331', '1764511331123', '"batch"', 'NaN',
];
const KEYS = [
  'model', 'input_tokens', 'output_tokens', 'cache_read', 'cache_write', 'latency_s', 'request_id', 'stop_reason', 'feature',
  'cost_usd', 'service_tier', 'batch', 'web_search_requests', 'ts', 'timestamp', 'time', '@timestamp', 'created_at',
  'cache_read_input_tokens', 'cache_creation_input_tokens', 'cache_write_5m', 'cache_write_1h', 'asctime', 'user_id',
  'usage', 'message', 'mod\\u0065l', '__proto__',
];

function mutate(line: string, r: () => number): string {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const obj = line.trim();
  switch (Math.floor(r() * 8)) {
    case 0: { // replace one value
      const m = [...obj.matchAll(/"([^"\\]+)":/g)];
      if (m.length === 0) return obj;
      const key = pick(m);
      const start = key.index! + key[0].length;
      const rest = obj.slice(start);
      const end = rest.search(/,"|}$/);
      return obj.slice(0, start) + pick(VALUES) + (end === -1 ? '}' : rest.slice(end));
    }
    case 1: // add a key (maybe a repeat)
      return obj.replace(/}$/, `,"${pick(KEYS)}":${pick(VALUES)}}`);
    case 2: { // delete a byte
      const i = Math.floor(r() * obj.length);
      return obj.slice(0, i) + obj.slice(i + 1);
    }
    case 3: { // insert a special character
      const i = Math.floor(r() * obj.length);
      return obj.slice(0, i) + pick([' ', '\t', '\r', '"', '\\', ',', ':', '{', '}', '\u0001', 'é', '\u2028', '0']) + obj.slice(i);
    }
    case 4: // whitespace around the structure
      return obj.replace(/([,:{}])/g, (c) => (r() < 0.3 ? pick([' ', '\t', '  ']) + c + pick(['', ' ']) : c));
    case 5: // cut the line
      return obj.slice(0, Math.floor(r() * obj.length));
    case 6: // trailing text
      return obj + pick([' ', '\t', ' x', '}', ',', '\r']);
    default: // remove a field
      return obj.replace(/,?"[^"]+":("[^"]*"|[^,}]*)/, '');
  }
}

describe('WrapperScanner: the fast path agrees with the general path', () => {
  const scanners = calendars.map((c) => new WrapperScanner(c));

  it('on every fixture line', () => {
    const lines = fixtureLines();
    let accepted = 0;
    for (const line of lines) if (agree(scanners, line)) accepted++;
    expect(lines.length).toBeGreaterThan(8_000);
    // Nearly all fixture lines are flat wrapper records: the fast path must take most of them.
    expect(accepted).toBeGreaterThan(lines.length * 0.8);
  });

  it('on mutated lines (values, keys, bytes, whitespace, cuts)', () => {
    const r = rng(2026);
    const seeds = fixtureLines().filter((l) => l.startsWith('{"') && l.includes('input_tokens')).slice(0, 400);
    let accepted = 0;
    let total = 0;
    for (let round = 0; round < 80; round++) {
      for (const seed of seeds) {
        let line = seed;
        const steps = 1 + Math.floor(r() * 3);
        for (let s = 0; s < steps; s++) line = mutate(line, r);
        total++;
        if (agree(scanners, line)) accepted++;
      }
    }
    // Many mutations keep the line valid, so the comparison is not vacuous.
    expect(accepted).toBeGreaterThan(total * 0.1);
    expect(accepted).toBeLessThan(total);
  });

  it('declines what it leaves to the general path', () => {
    const base = '"model":"claude-haiku-4-5","input_tokens":10,"output_tokens":2';
    for (const text of [
      `{${base},"cache_read_input_tokens":5}`, `{${base},"cache_write_1h":5}`, `{${base},"asctime":"2026-11-30 14:02:11,123"}`,
      `{${base},"model":"x"}`, `{"mod\\u0065l":"x",${base}}`, `{${base},"feature":"a\\nb"}`, ` {${base}}`, `{${base}} x`,
      `{${base},"input_tokens":1.5}`, `{"model":"a","output_tokens":1}`, `{${base},"cache_read":-1}`, `{${base},"x":1e}`,
    ]) {
      expect(fastRecord(scanners[0], text), text).toBeNull();
      agree(scanners, text);
    }
  });

  it('does not take a key for the one the line before had where it differs from it in one byte', () => {
    // Keys are matched against the line before's at the same place, eight bytes at a time (four
    // under eight bytes); every byte of every known key is changed once, on the line after it.
    const fields = ['model', 'input_tokens', 'output_tokens', 'cache_read', 'cache_write', 'latency_s', 'request_id', 'stop_reason',
      'feature', 'cost_usd', 'service_tier', 'batch', 'web_search_requests', 'ts', 'timestamp', 'time', '@timestamp', 'created_at',
      'cache_read_input_tokens', 'cache_creation_input_tokens', 'a', 'ab', 'abc'];
    const value = (key: string): string => (key === 'model' || key === 'service_tier' ? '"batch"' : key === 'batch' ? 'true' : key.endsWith('_at') || key.includes('time') || key === 'ts' ? '"2026-11-30T14:02:11.123Z"' : '7');
    const base: Record<string, string> = { model: '"claude-haiku-4-5"', input_tokens: '3', output_tokens: '2', feature: '"f"' };
    let accepted = 0;
    let declined = 0;
    for (const key of fields) {
      const rest = Object.entries(base).filter(([k]) => k !== key).map(([k, v]) => `"${k}":${v}`).join(',');
      const line = (k: string) => `{"${k}":${value(key)},${rest}}`;
      for (let at = 0; at < key.length; at++) {
        const changed = key.slice(0, at) + (key[at] === 'X' ? 'Y' : 'X') + key.slice(at + 1);
        expect(agree(scanners, line(key)), line(key)).toBe(!key.startsWith('cache_') || !key.endsWith('input_tokens')); // the layout learnt
        if (agree(scanners, line(changed))) accepted++; // must be read as the key it is
        else declined++;
      }
    }
    // Without its model or a token count a line is skipped (the fast path must decline it); with
    // an unknown key instead of another field it is read.
    expect(accepted).toBeGreaterThan(100);
    expect(declined).toBeGreaterThan(20);
  });

  it('reads timestamps as the general path does when consecutive lines share a date (the day is kept)', () => {
    const stamps = [
      '2026-11-30T14:02:11.123Z', '2026-11-30T23:59:59.999Z', '2026-11-30T24:00:00.000Z', '2026-11-30T14:60:00.000Z',
      '2026-11-30T14:02:11.12xZ', '2026-12-01T00:00:00.000Z', '2026-11-30T00:00:00.000Z', '2026-02-29T10:00:00.000Z',
      '2026-02-29T11:00:00.000Z', '2024-02-29T11:00:00.000Z', '2024-02-29T11:00:00.000+', '2024-02-29 11:00:00.000Z',
      '2024-02-29T11:00:00.000Z', '2026-11-30T14:02:11Z', '2026-11-30T14:02:11.123Z',
    ];
    let accepted = 0;
    for (const ts of stamps) {
      if (agree(scanners, `{"ts":"${ts}","model":"claude-haiku-4-5","input_tokens":1,"output_tokens":1}`)) accepted++;
    }
    expect(accepted).toBe(stamps.length); // a timestamp the general path rejects is a null timestamp, not a skip
  });

  it('reads lines of more keys than it remembers from the line before, and keys of every length', () => {
    const extra = (n: number, tag: string) => Array.from({ length: n }, (_, k) => `"${tag}${'k'.repeat(k % 40)}${k}":${k}`).join(',');
    const line = (n: number, tag: string) => `{${extra(n, tag)}${n > 0 ? ',' : ''}"model":"claude-haiku-4-5","input_tokens":${n},"output_tokens":1,"latency_s":${n / 8}}`;
    let accepted = 0;
    for (const n of [0, 1, 62, 63, 64, 65, 80, 64, 63]) {
      for (const tag of ['x', 'x', 'y']) if (agree(scanners, line(n, tag))) accepted++;
    }
    expect(accepted).toBe(27);
  });

  it('reads the time of day as the general path does, every field at and past its range, every digit replaced', () => {
    const line = (ts: string) => `{"ts":"${ts}","model":"claude-haiku-4-5","input_tokens":1,"output_tokens":1}`;
    const pad = (v: number, n = 2) => String(v).padStart(n, '0');
    const stamps: string[] = [];
    for (const h of [0, 9, 10, 19, 20, 23, 24, 29, 30]) {
      for (const m of [0, 9, 50, 59, 60]) for (const sec of [0, 59, 60]) stamps.push(`2026-11-30T${pad(h)}:${pad(m)}:${pad(sec)}.${pad((h * 37 + m) % 1000, 3)}Z`);
    }
    const base = '2026-11-30T14:02:11.123Z';
    for (const at of [11, 12, 14, 15, 17, 18, 20, 21, 22]) {
      for (const c of ['/', ':', 'a', ' ', '0', '9']) stamps.push(base.slice(0, at) + c + base.slice(at + 1));
    }
    let accepted = 0;
    for (const ts of stamps) if (agree(scanners, line(ts))) accepted++;
    expect(accepted).toBe(stamps.length); // a time the general path rejects is no timestamp, not a skip
  });

  it('reads numbers as JSON.parse does, digit for digit', () => {
    const r = rng(7);
    for (let i = 0; i < 20_000; i++) {
      const intDigits = Math.floor(r() * 8);
      const fracDigits = Math.floor(r() * 12);
      let text = intDigits === 0 ? '0' : String(1 + Math.floor(r() * 9)) + Array.from({ length: intDigits - 1 }, () => Math.floor(r() * 10)).join('');
      if (fracDigits > 0) text += '.' + Array.from({ length: fracDigits }, () => Math.floor(r() * 10)).join('');
      if (r() < 0.1) text += `e${Math.floor(r() * 40) - 20}`;
      const line = `{"model":"m","input_tokens":1,"output_tokens":1,"latency_s":${text}}`;
      const fast = fastRecord(scanners[0], line);
      expect(fast?.latencyS, text).toBe(JSON.parse(text));
    }
  });
});

describe('byte-level helpers', () => {
  it('fingerprintAscii equals fingerprint of the decoded string', () => {
    const lengths = Array.from({ length: 40 }, (_, n) => 'req_011CUaazg7GJUNqojeQv4cU2abcdefghijklmn'.slice(0, n));
    for (const id of [...lengths, 'req_011CUaazg7GJUNqojeQv4cU2', 'x'.repeat(300), '0123456789-_.:/']) {
      const a = new Int32Array(2), b = new Int32Array(2);
      fingerprint(id, a, 0);
      const bytes = Buffer.from(`"${id}"`);
      fingerprintAscii(new DataView(bytes.buffer, bytes.byteOffset, bytes.length), 1, bytes.length - 1, b, 0);
      expect([...b]).toEqual([...a]);
    }
  });

  it('canonicalUtcBytes reads the canonical shape as parseIsoTimestamp does and declines the rest', () => {
    const utc = calendars[0];
    for (const ts of ['2026-11-30T14:02:11.123Z', '2024-02-29T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '2026-12-31T00:00:00.000Z']) {
      const b = Buffer.from(ts);
      expect(canonicalUtcBytes(b, 0, b.length)).toBe(parseIsoTimestamp(ts, utc));
      expect(canonicalUtcBytes(b, 0, b.length)).toBe(Date.parse(ts));
    }
    for (const ts of ['2026-11-30T14:02:11Z', '2026-02-29T14:02:11.123Z', '2026-11-30T24:00:00.000Z', '2026-11-30T14:02:11.123+', '2026-1a-30T14:02:11.123Z']) {
      const b = Buffer.from(ts);
      expect(canonicalUtcBytes(b, 0, b.length), ts).toBeUndefined();
    }
  });
});
