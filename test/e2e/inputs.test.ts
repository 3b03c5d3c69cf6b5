// Reading: damaged lines, the edge fixtures against the independent Python checker's counts,
// gzip, stdin, empty input, dedup, and how paths resolve.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDGE, ROOT, SAMPLE, assertBuilt, expectDeepClose, jsonl, lines, run, runJson, tempDir, type TempDir } from './helpers.js';

const REC = { model: 'claude-haiku-4-5', input_tokens: 1000, output_tokens: 100, feature: 'chat', stop_reason: 'end_turn', ts: '2026-11-20T10:00:00Z' };
const line = (extra: object) => JSON.stringify({ ...REC, ...extra });

describe('damaged input in a folder', () => {
  let tmp: TempDir;
  beforeAll(() => {
    assertBuilt();
    tmp = tempDir();
    // a.jsonl: BOM, CRLF endings, blank lines, garbage, a record without model, a truncated last line.
    const a = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(
        `${line({ request_id: 'a1' })}\r\n` + //  1 record (after the BOM)
        `${line({ request_id: 'a2' })}\r\n` + //  2 record
        '\r\n' + //                                3 blank
        '   \t \n' + //                            4 blank
        `${line({ request_id: 'dup' })}\n` + //    5 record (first of the duplicate pair)
        'WARN retrying request\n' + //             6 malformed: not JSON
        `${JSON.stringify({ request_id: 'nm', input_tokens: 5, output_tokens: 1 })}\n` + // 7 malformed: no model
        line({ request_id: 'a3' }).slice(0, 40), // 8 malformed: truncated, no final newline
      ),
    ]);
    tmp.write('logs/a.jsonl', a);
    // b.jsonl: the duplicate request_id again (dropped), then one more record.
    tmp.write('logs/b.jsonl', `${line({ request_id: 'dup', output_tokens: 999 })}\n${line({ request_id: 'b1' })}\n`);
  });
  afterAll(() => tmp.cleanup());

  it('counts every line exactly and exits 0', () => {
    const r = run(['baseline', 'logs', '--json'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.inputs).toMatchObject({
      files: 2,
      lines: 10,
      records: 5,
      skipped: { blank: 2, malformed: 3, duplicate: 1, out_of_window: 0 },
      no_timestamp: 0,
      read_errors: [],
    });
    expect(doc.inputs.lines).toBe(doc.inputs.records + doc.inputs.skipped.blank + doc.inputs.skipped.malformed);
    expect(doc.overall.requests).toBe(4);
    // First wins: the duplicate in b.jsonl (999 output tokens) is not counted.
    expect(doc.overall.tokens.output).toBe(400);
    expect(doc.inputs.skipped_examples).toEqual([
      { at: path.join('logs', 'a.jsonl:6'), reason: expect.any(String) },
      { at: path.join('logs', 'a.jsonl:7'), reason: expect.stringMatching(/model/) },
      { at: path.join('logs', 'a.jsonl:8'), reason: expect.any(String) },
    ]);
  });

  it('lists each skipped line on stderr as file:line: reason', () => {
    const r = run(['baseline', 'logs'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    const err = lines(r.stderr);
    expect(err).toHaveLength(3);
    expect(err[0]).toMatch(/^logs\/a\.jsonl:6: \S/);
    expect(err[1]).toMatch(/^logs\/a\.jsonl:7: .*model/);
    expect(err[2]).toMatch(/^logs\/a\.jsonl:8: \S/);
    expect(r.stdout).toMatch(/^Data: 2 files; 10 lines = 5 records \+ 2 blank \+ 3 malformed; 1 duplicate dropped; 0 out of window/m);
  });

  it('-q keeps stderr empty but the counts are unchanged', () => {
    const r = run(['baseline', 'logs', '-q', '--json'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).inputs.skipped.malformed).toBe(3);
  });

  it('names the file as the user wrote it (absolute path in, absolute path out)', () => {
    const abs = path.join(tmp.dir, 'logs', 'a.jsonl');
    const r = run(['baseline', abs]);
    expect(lines(r.stderr)[0]).toBe(`${abs}:6: not JSON`);
  });

  it('lists at most 20 skipped lines, then says how many more', () => {
    const many = tmp.write('many/m.jsonl', Array.from({ length: 25 }, (_, i) => `junk ${i}\n`).join('') + `${line({ request_id: 'ok' })}\n`);
    const r = run(['baseline', many]);
    expect(r.code).toBe(0);
    const err = lines(r.stderr);
    expect(err).toHaveLength(21);
    expect(err[19]).toMatch(/m\.jsonl:20: /);
    expect(err[20]).toMatch(/5 more malformed lines not shown \(25 in all\)/);
    const doc = runJson(['baseline', many, '-q']);
    expect(doc.inputs.skipped_examples).toHaveLength(20);
    expect(doc.inputs.skipped.malformed).toBe(25);
  });
});

describe('fixtures/edge against edge-expected-counts.json', () => {
  const expected: Record<string, { lines: number; records: number; blank: number; malformed: number; duplicate: number }> =
    JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'edge-expected-counts.json'), 'utf8'));

  it.each(Object.keys(expected))('%s alone', (name) => {
    const r = run(['baseline', path.join(EDGE, name), '--json', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const i = JSON.parse(r.stdout).inputs;
    const e = expected[name];
    expect({ lines: i.lines, records: i.records, blank: i.skipped.blank, malformed: i.skipped.malformed, duplicate: i.skipped.duplicate })
      .toEqual({ lines: e.lines, records: e.records, blank: e.blank, malformed: e.malformed, duplicate: e.duplicate });
    expect(i.files).toBe(1);
  });

  it('the whole folder: hidden file skipped, totals are the sum of the visible files', () => {
    const visible = Object.keys(expected).filter((n) => !n.startsWith('.'));
    const sum = (k: 'lines' | 'records' | 'blank' | 'malformed' | 'duplicate') => visible.reduce((a, n) => a + expected[n][k], 0);
    const doc = runJson(['baseline', EDGE, '-q']);
    expect(doc.inputs.files).toBe(visible.length);
    expect(doc.inputs.files).toBe(24);
    expect([doc.inputs.lines, doc.inputs.records, doc.inputs.skipped.blank, doc.inputs.skipped.malformed, doc.inputs.skipped.duplicate])
      .toEqual([sum('lines'), sum('records'), sum('blank'), sum('malformed'), sum('duplicate')]);
    expect([doc.inputs.lines, doc.inputs.records, doc.inputs.skipped.blank, doc.inputs.skipped.malformed, doc.inputs.skipped.duplicate])
      .toEqual([105, 85, 4, 16, 2]); // fixtures/edge.md
    expect(doc.overall.requests).toBe(85 - 2);
    expect(doc.inputs.skipped_examples.every((e: any) => !e.at.includes('.hidden'))).toBe(true);
  });

  it('fixture semantics: duplicates, cache aliases, dated and unknown models, defaults', () => {
    const dup = runJson(['baseline', path.join(EDGE, 'duplicates.jsonl')]);
    expect([dup.overall.requests, dup.overall.tokens.input, dup.overall.tokens.output]).toEqual([3, 7360, 644]);
    expect(dup.overall.stop_reasons).toEqual({ end_turn: 3 });

    const cache = runJson(['baseline', path.join(EDGE, 'cache-aliases.jsonl')]);
    expect([cache.overall.tokens.cache_read, cache.overall.tokens.cache_write]).toEqual([29083, 4332]);

    const dated = runJson(['baseline', path.join(EDGE, 'dated-model.jsonl')]);
    expect(dated.inputs.unpriced).toEqual({ records: 0, models: [] });
    expect(dated.overall.priced_requests).toBe(4);

    const unknown = run(['baseline', path.join(EDGE, 'unknown-model.jsonl'), '--json']);
    const u = JSON.parse(unknown.stdout);
    expect(u.inputs.unpriced).toEqual({ records: 2, models: ['gpt-4o-mini'] });
    expect(u.overall.priced_requests).toBe(2);
    expect(u.overall.requests).toBe(4);
    expect(lines(unknown.stderr).filter((l) => l.includes('gpt-4o-mini'))).toHaveLength(1);

    const defaults = runJson(['baseline', path.join(EDGE, 'defaults.jsonl')]);
    expect(defaults.overall.latency_s).toEqual({ mean: null, p50: null, p95: null, max: null });
    expect(defaults.overall.latency_requests).toBe(0);
    expect(defaults.by_feature.map((f: any) => f.feature)).toEqual(['unknown']);
    expect(defaults.overall.stop_reasons).toEqual({ unknown: 3 });
    expect(defaults.inputs.no_timestamp).toBe(3);

    const aliases = runJson(['baseline', path.join(EDGE, 'timestamp-aliases.jsonl')]);
    expect(aliases.inputs.no_timestamp).toBe(0);
    expect(aliases.daily.map((d: any) => [d.date, d.requests])).toEqual([['2026-11-20', 4]]);
  });
});

describe('gzip and stdin give the same numbers as the plain file', () => {
  let tmp: TempDir;
  const plainPath = path.join(SAMPLE, 'llm-calls-2026-11-18.jsonl'); // has the unpriced gpt-4o-mini records
  let plain: Buffer;
  let reference: any;
  beforeAll(() => {
    tmp = tempDir();
    plain = readFileSync(plainPath);
    reference = runJson(['baseline', plainPath, '-q']);
  });
  afterAll(() => tmp.cleanup());

  const same = (doc: any) => {
    const { skipped_examples: _a, ...inputs } = doc.inputs;
    const { skipped_examples: _b, ...want } = reference.inputs;
    expect(inputs).toEqual(want);
    expectDeepClose({ ...doc, inputs: null }, { ...reference, inputs: null });
  };

  it('a .jsonl.gz file', () => {
    same(runJson(['baseline', tmp.write('day.jsonl.gz', gzipSync(plain)), '-q']));
  });

  it('a gzip file without a .gz suffix', () => {
    same(runJson(['baseline', tmp.write('day.log', gzipSync(plain)), '-q']));
  });

  it('stdin as "-"', () => {
    same(runJson(['baseline', '-', '-q'], { input: plain }));
  });

  it('stdin with no path when stdin is piped', () => {
    same(runJson(['baseline', '-q'], { input: plain }));
  });

  it('gzip on stdin, with and without "-"', () => {
    same(runJson(['baseline', '-', '-q'], { input: gzipSync(plain) }));
    same(runJson(['baseline', '-q'], { input: gzipSync(plain) }));
  });

  it('cost reads stdin the same way', () => {
    const file = runJson(['cost', plainPath, '--by', 'feature,model', '-q']);
    const stdin = runJson(['cost', '--by', 'feature,model', '-q'], { input: gzipSync(plain) });
    expectDeepClose(stdin.rows, file.rows);
  });

  it('skipped lines on stdin are reported as <stdin>:line', () => {
    const r = run(['baseline', '-'], { input: `${line({ request_id: 's1' })}\nnot json\n` });
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual(['<stdin>:2: not JSON']);
  });

  it('a gzip file cut short: the lines before the cut are read and a read error is reported, exit 0', () => {
    const gz = gzipSync(plain);
    const cut = tmp.write('cut.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    const r = run(['baseline', cut, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.inputs.read_errors).toHaveLength(1);
    expect(doc.inputs.read_errors[0]).toMatch(/cut\.gz: .*gzip/);
    expect(doc.inputs.lines).toBeGreaterThan(0);
    expect(doc.inputs.lines).toBeLessThan(reference.inputs.lines);
    expect(doc.inputs.lines).toBe(doc.inputs.records + doc.inputs.skipped.blank + doc.inputs.skipped.malformed);
    expect(r.stderr).toMatch(/warning: .*cut\.gz/);
  });
});

describe('empty input', () => {
  let tmp: TempDir;
  let empty: string;
  beforeAll(() => {
    tmp = tempDir();
    empty = tmp.write('empty.jsonl', '');
  });
  afterAll(() => tmp.cleanup());

  it('an empty file: exit 0, the full JSON shape with zero counts and nulls', () => {
    const r = run(['baseline', empty, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    const nullDist = { mean: null, p50: null, p95: null, max: null };
    expect(doc).toEqual({
      schema: 'llmops.baseline/v1',
      window: { since: null, until: null, tz: 'UTC' },
      inputs: {
        files: 1, lines: 0, records: 0,
        skipped: { blank: 0, malformed: 0, duplicate: 0, out_of_window: 0 },
        no_timestamp: 0,
        unpriced: { records: 0, models: [] },
        skipped_examples: [],
        read_errors: [],
      },
      overall: {
        requests: 0,
        tokens: { input: 0, output: 0, cache_read: 0, cache_write: 0 },
        cost_usd: { total: null, ...nullDist },
        latency_s: nullDist,
        stop_reasons: {},
        truncation_rate: null,
        refusal_rate: null,
        priced_requests: 0,
        latency_requests: 0,
      },
      by_feature: [],
      daily: [],
      stop_reasons: [],
      rates: { truncation: null, refusal: null },
      week_over_week: null,
    });
  });

  it('an empty file: the table renders with placeholders', () => {
    const r = run(['baseline', empty]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Week over week');
    expect(r.stdout).toMatch(/^Data: 1 file; 0 lines = 0 records/m);
  });

  it('an empty file with cost: no rows, null total', () => {
    const doc = runJson(['cost', empty, '--by', 'feature,day']);
    expect(doc.rows).toEqual([]);
    expect(doc.overall.requests).toBe(0);
    expect(doc.overall.cost_usd.total).toBeNull();
    expect(run(['cost', empty]).code).toBe(0);
  });

  it('an empty pipe on stdin is empty input, not an error', () => {
    const r = run(['baseline', '--json'], { input: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).inputs.lines).toBe(0);
  });
});

describe('--no-dedup', () => {
  it('keeps records whose request_id was already seen', () => {
    const f = path.join(EDGE, 'duplicates.jsonl');
    const dedup = runJson(['baseline', f]);
    const kept = runJson(['baseline', f, '--no-dedup']);
    expect([dedup.overall.requests, dedup.inputs.skipped.duplicate]).toEqual([3, 2]);
    expect([kept.overall.requests, kept.inputs.skipped.duplicate]).toEqual([5, 0]);
    expect(kept.inputs.records).toBe(5);
    expect(kept.overall.stop_reasons.max_tokens).toBe(1);
    expect(kept.overall.tokens.output).toBeGreaterThan(dedup.overall.tokens.output);
  });

  it('applies across files too', () => {
    const tmp = tempDir();
    try {
      tmp.write('d/1.jsonl', `${line({ request_id: 'x' })}\n`);
      tmp.write('d/2.jsonl', `${line({ request_id: 'x' })}\n${line({ request_id: 'y' })}\n`);
      expect(runJson(['cost', path.join(tmp.dir, 'd')]).overall.requests).toBe(2);
      expect(runJson(['cost', path.join(tmp.dir, 'd'), '--no-dedup']).overall.requests).toBe(3);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('paths', () => {
  let tmp: TempDir;
  beforeAll(() => {
    tmp = tempDir();
    tmp.write('logs/app.jsonl', `${line({ request_id: 'l1' })}\n`);
    tmp.write('logs/nested/deeper/app.log.1', `${line({ request_id: 'l2' })}\n`);
    tmp.write('logs/.hidden/skip.jsonl', `${line({ request_id: 'h1' })}\n`);
    tmp.write('logs/.skip.jsonl', `${line({ request_id: 'h2' })}\n`);
  });
  afterAll(() => tmp.cleanup());

  it('a folder is read recursively, whatever the file names, hidden entries skipped', () => {
    const doc = runJson(['baseline', 'logs'], { cwd: tmp.dir });
    expect([doc.inputs.files, doc.overall.requests]).toEqual([2, 2]);
  });

  it('a file named twice (a folder and a file inside it) is read once', () => {
    const doc = runJson(['baseline', 'logs', 'logs/app.jsonl', './logs/app.jsonl'], { cwd: tmp.dir });
    expect([doc.inputs.files, doc.inputs.lines, doc.inputs.skipped.duplicate]).toEqual([2, 2, 0]);
  });

  it('a hidden file passed by name is read', () => {
    expect(runJson(['baseline', 'logs/.skip.jsonl'], { cwd: tmp.dir }).overall.requests).toBe(1);
  });

  it('a quoted glob is expanded by llmops', () => {
    const doc = runJson(['baseline', 'logs/**/*.jsonl'], { cwd: tmp.dir });
    expect([doc.inputs.files, doc.overall.requests]).toEqual([1, 1]);
    const edge = runJson(['baseline', `${path.relative(ROOT, EDGE)}/*.jsonl`, '-q']);
    expect(edge.inputs.files).toBe(22);
  });

  it('no path, stdin not a pipe, a logs/ folder in cwd: reads it', () => {
    const r = run(['baseline', '--json'], { cwd: tmp.dir, stdin: 'ignore' });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).overall.requests).toBe(2);
  });
});
