// Reading: damaged lines, the edge fixtures against the independent Python checker's counts,
// gzip, stdin, empty input, dedup, and how paths resolve.
import { spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, EDGE, ROOT, SAMPLE, assertBuilt, pinnedEnv, runAsync, type RunResult, expectDeepClose, jsonl, lines, tempDir, type TempDir, runJsonAsync } from './helpers.js';

/**
 * The `file:line: reason` lines of stderr. Every other stderr line must be an `llmops:` message
 * (warnings and summaries), so nothing unexpected slips through.
 */
function skippedLines(stderr: string): string[] {
  const all = lines(stderr);
  const located = all.filter((l) => !l.startsWith('llmops:'));
  for (const l of located) expect(l).toMatch(/^.+:\d+: \S/);
  return located;
}

const REC = { model: 'claude-haiku-4-5', input_tokens: 1000, output_tokens: 100, feature: 'chat', stop_reason: 'end_turn', ts: '2026-11-20T10:00:00Z' };
const line = (extra: object) => JSON.stringify({ ...REC, ...extra });

describe.concurrent('damaged input in a folder', () => {
  let tmp: TempDir;
  beforeAll(async () => {
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

  it('counts every line exactly and exits 0', async () => {
    const r = await runAsync(['baseline', 'logs', '--json'], { cwd: tmp.dir });
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
    expect(doc.inputs.skipped_examples).toMatchObject([
      { at: path.join('logs', 'a.jsonl:6'), reason: expect.any(String) },
      { at: path.join('logs', 'a.jsonl:7'), reason: expect.stringMatching(/model/) },
      { at: path.join('logs', 'a.jsonl:8'), reason: expect.any(String) },
    ]);
  });

  it('lists each skipped line on stderr as file:line: reason', async () => {
    const r = await runAsync(['baseline', 'logs'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    const err = skippedLines(r.stderr);
    expect(err).toHaveLength(3);
    expect(err[0]).toMatch(/^logs\/a\.jsonl:6: \S/);
    expect(err[1]).toMatch(/^logs\/a\.jsonl:7: .*model/);
    expect(err[2]).toMatch(/^logs\/a\.jsonl:8: \S/);
    expect(r.stdout).toMatch(/^Data: 2 files; 10 lines = 5 records \+ 2 blank \+ 3 malformed; 1 duplicate dropped; 0 out of window/m);
  });

  it('-q keeps stderr empty but the counts are unchanged', async () => {
    const r = await runAsync(['baseline', 'logs', '-q', '--json'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).inputs.skipped.malformed).toBe(3);
  });

  it('names the file as the user wrote it (absolute path in, absolute path out)', async () => {
    const abs = path.join(tmp.dir, 'logs', 'a.jsonl');
    const r = await runAsync(['baseline', abs]);
    expect(skippedLines(r.stderr)[0]).toBe(`${abs}:6: not JSON`);
  });

  it('lists at most 20 skipped lines, then says how many more', async () => {
    const many = tmp.write('many/m.jsonl', Array.from({ length: 25 }, (_, i) => `junk ${i}\n`).join('') + `${line({ request_id: 'ok' })}\n`);
    const r = await runAsync(['baseline', many]);
    expect(r.code).toBe(0);
    const err = skippedLines(r.stderr);
    expect(err).toHaveLength(20);
    expect(err[19]).toMatch(/m\.jsonl:20: /);
    // Beyond the 20 listed lines, a summary says how many there were in all.
    expect(lines(r.stderr).filter((l) => l.startsWith('llmops:')).join('\n')).toMatch(/\b25\b/);
    const doc = await runJsonAsync(['baseline', many, '-q']);
    expect(doc.inputs.skipped_examples).toHaveLength(20);
    expect(doc.inputs.skipped.malformed).toBe(25);
  });
});

describe.concurrent('fixtures/edge against edge-expected-counts.json', () => {
  const expected: Record<string, { lines: number; records: number; blank: number; malformed: number; duplicate: number }> =
    JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'edge-expected-counts.json'), 'utf8'));

  // One process per file, all started together; each file is still its own test.
  const results = new Map<string, RunResult>();
  beforeAll(async () => {
    const names = Object.keys(expected);
    const rs = await Promise.all(names.map((name) => runAsync(['baseline', path.join(EDGE, name), '--json', '-q'])));
    names.forEach((name, i) => results.set(name, rs[i]));
  });

  it.each(Object.keys(expected))('%s alone', (name) => {
    const r = results.get(name)!;
    expect(r.code, r.stderr).toBe(0);
    const i = JSON.parse(r.stdout).inputs;
    const e = expected[name];
    expect({ lines: i.lines, records: i.records, blank: i.skipped.blank, malformed: i.skipped.malformed, duplicate: i.skipped.duplicate })
      .toEqual({ lines: e.lines, records: e.records, blank: e.blank, malformed: e.malformed, duplicate: e.duplicate });
    expect(i.files).toBe(1);
  });

  it('the whole folder: hidden file skipped, totals are the sum of the visible files', async () => {
    const visible = Object.keys(expected).filter((n) => !n.startsWith('.'));
    const sum = (k: 'lines' | 'records' | 'blank' | 'malformed' | 'duplicate') => visible.reduce((a, n) => a + expected[n][k], 0);
    const doc = await runJsonAsync(['baseline', EDGE, '-q']);
    expect(doc.inputs.files).toBe(visible.length);
    expect(doc.inputs.files).toBe(24);
    expect([doc.inputs.lines, doc.inputs.records, doc.inputs.skipped.blank, doc.inputs.skipped.malformed, doc.inputs.skipped.duplicate])
      .toEqual([sum('lines'), sum('records'), sum('blank'), sum('malformed'), sum('duplicate')]);
    expect([doc.inputs.lines, doc.inputs.records, doc.inputs.skipped.blank, doc.inputs.skipped.malformed, doc.inputs.skipped.duplicate])
      .toEqual([105, 85, 4, 16, 2]); // fixtures/edge.md
    expect(doc.overall.requests).toBe(85 - 2);
    expect(doc.inputs.skipped_examples.every((e: any) => !e.at.includes('.hidden'))).toBe(true);
  });

  it('fixture semantics: duplicates, cache aliases, dated and unknown models, defaults', async () => {
    const dup = await runJsonAsync(['baseline', path.join(EDGE, 'duplicates.jsonl')]);
    expect([dup.overall.requests, dup.overall.tokens.input, dup.overall.tokens.output]).toEqual([3, 7360, 644]);
    expect(dup.overall.stop_reasons).toEqual({ end_turn: 3 });

    const cache = await runJsonAsync(['baseline', path.join(EDGE, 'cache-aliases.jsonl')]);
    expect([cache.overall.tokens.cache_read, cache.overall.tokens.cache_write]).toEqual([29083, 4332]);

    const dated = await runJsonAsync(['baseline', path.join(EDGE, 'dated-model.jsonl')]);
    expect(dated.inputs.unpriced).toMatchObject({ records: 0, models: [] });
    expect(dated.overall.priced_requests).toBe(4);

    const unknown = await runAsync(['baseline', path.join(EDGE, 'unknown-model.jsonl'), '--json']);
    const u = JSON.parse(unknown.stdout);
    expect(u.inputs.unpriced).toMatchObject({ records: 2, models: ['gpt-4o-mini'] });
    expect(u.overall.priced_requests).toBe(2);
    expect(u.overall.requests).toBe(4);
    expect(lines(unknown.stderr).filter((l) => l.includes('gpt-4o-mini'))).toHaveLength(1);

    const defaults = await runJsonAsync(['baseline', path.join(EDGE, 'defaults.jsonl')]);
    expect(defaults.overall.latency_s).toMatchObject({ mean: null, p50: null, p95: null, max: null });
    expect(defaults.overall.latency_requests).toBe(0);
    expect(defaults.by_feature.map((f: any) => f.feature)).toEqual(['unknown']);
    expect(defaults.overall.stop_reasons).toEqual({ unknown: 3 });
    expect(defaults.inputs.no_timestamp).toBe(3);

    const aliases = await runJsonAsync(['baseline', path.join(EDGE, 'timestamp-aliases.jsonl')]);
    expect(aliases.inputs.no_timestamp).toBe(0);
    expect(aliases.daily.map((d: any) => [d.date, d.requests])).toEqual([['2026-11-20', 4]]);
  });
});

describe.concurrent('gzip and stdin give the same numbers as the plain file', () => {
  let tmp: TempDir;
  const plainPath = path.join(SAMPLE, 'llm-calls-2026-11-18.jsonl'); // has the unpriced gpt-4o-mini records
  let plain: Buffer;
  let reference: any;
  beforeAll(async () => {
    tmp = tempDir();
    plain = readFileSync(plainPath);
    reference = await runJsonAsync(['baseline', plainPath, '-q']);
  });
  afterAll(() => tmp.cleanup());

  const same = (doc: any) => {
    const { skipped_examples: _a, ...inputs } = doc.inputs;
    const { skipped_examples: _b, ...want } = reference.inputs;
    expect(inputs).toEqual(want);
    expectDeepClose({ ...doc, inputs: null }, { ...reference, inputs: null });
  };

  it('a .jsonl.gz file', async () => {
    same(await runJsonAsync(['baseline', tmp.write('day.jsonl.gz', gzipSync(plain)), '-q']));
  });

  it('a gzip file without a .gz suffix', async () => {
    same(await runJsonAsync(['baseline', tmp.write('day.log', gzipSync(plain)), '-q']));
  });

  it('stdin as "-"', async () => {
    same(await runJsonAsync(['baseline', '-', '-q'], { input: plain }));
  });

  it('stdin with no path when stdin is piped', async () => {
    same(await runJsonAsync(['baseline', '-q'], { input: plain }));
  });

  it('gzip on stdin, with and without "-"', async () => {
    same(await runJsonAsync(['baseline', '-', '-q'], { input: gzipSync(plain) }));
    same(await runJsonAsync(['baseline', '-q'], { input: gzipSync(plain) }));
  });

  it('a named pipe, as `<(zcat day.jsonl.gz)` gives, plain and gzipped', async () => {
    for (const [name, bytes] of [['plain.fifo', plain], ['gzip.fifo', gzipSync(plain)]] as const) {
      const fifo = path.join(tmp.dir, name);
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      // The writer blocks until the CLI opens the pipe for reading.
      const writer = new Promise<void>((resolve, reject) => {
        const w = createWriteStream(fifo);
        w.on('error', reject);
        w.end(bytes, () => resolve());
      });
      const [doc] = await Promise.all([runJsonAsync(['baseline', fifo, '-q']), writer]);
      same(doc);
    }
  });

  it('cost reads stdin the same way', async () => {
    const file = await runJsonAsync(['cost', plainPath, '--by', 'feature,model', '-q']);
    const stdin = await runJsonAsync(['cost', '--by', 'feature,model', '-q'], { input: gzipSync(plain) });
    expectDeepClose(stdin.rows, file.rows);
  });

  it('skipped lines on stdin are reported as <stdin>:line', async () => {
    const r = await runAsync(['baseline', '-'], { input: `${line({ request_id: 's1' })}\nnot json\n` });
    expect(r.code).toBe(0);
    expect(skippedLines(r.stderr)).toEqual(['<stdin>:2: not JSON']);
  });

  it('a gzip file cut short: the lines before the cut are read and a read error is reported, exit 0', async () => {
    const gz = gzipSync(plain);
    const cut = tmp.write('cut.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    const r = await runAsync(['baseline', cut, '--json']);
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

describe.concurrent('empty input', () => {
  let tmp: TempDir;
  let empty: string;
  beforeAll(async () => {
    tmp = tempDir();
    empty = tmp.write('empty.jsonl', '');
  });
  afterAll(() => tmp.cleanup());

  it('an empty file: exit 0, the full JSON shape with zero counts and nulls', async () => {
    const r = await runAsync(['baseline', empty, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    const nullDist = { mean: null, p50: null, p95: null, max: null };
    expect(doc).toMatchObject({
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

  it('an empty file: the table renders with placeholders', async () => {
    const r = await runAsync(['baseline', empty]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Week over week');
    expect(r.stdout).toMatch(/^Data: 1 file; 0 lines = 0 records/m);
  });

  it('an empty file with cost: no rows, null total', async () => {
    const doc = await runJsonAsync(['cost', empty, '--by', 'feature,day']);
    expect(doc.rows).toEqual([]);
    expect(doc.overall.requests).toBe(0);
    expect(doc.overall.cost_usd.total).toBeNull();
    expect((await runAsync(['cost', empty])).code).toBe(0);
  });

  it('an empty pipe on stdin is empty input, not an error', async () => {
    const r = await runAsync(['baseline', '--json'], { input: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).inputs.lines).toBe(0);
  });
});

describe.concurrent('--no-dedup', () => {
  it('keeps records whose request_id was already seen', async () => {
    const f = path.join(EDGE, 'duplicates.jsonl');
    const dedup = await runJsonAsync(['baseline', f]);
    const kept = await runJsonAsync(['baseline', f, '--no-dedup']);
    expect([dedup.overall.requests, dedup.inputs.skipped.duplicate]).toEqual([3, 2]);
    expect([kept.overall.requests, kept.inputs.skipped.duplicate]).toEqual([5, 0]);
    expect(kept.inputs.records).toBe(5);
    expect(kept.overall.stop_reasons.max_tokens).toBe(1);
    expect(kept.overall.tokens.output).toBeGreaterThan(dedup.overall.tokens.output);
  });

  it('applies across files too', async () => {
    const tmp = tempDir();
    try {
      tmp.write('d/1.jsonl', `${line({ request_id: 'x' })}\n`);
      tmp.write('d/2.jsonl', `${line({ request_id: 'x' })}\n${line({ request_id: 'y' })}\n`);
      expect((await runJsonAsync(['cost', path.join(tmp.dir, 'd')])).overall.requests).toBe(2);
      expect((await runJsonAsync(['cost', path.join(tmp.dir, 'd'), '--no-dedup'])).overall.requests).toBe(3);
    } finally {
      tmp.cleanup();
    }
  });
});

describe.concurrent('paths', () => {
  let tmp: TempDir;
  beforeAll(async () => {
    tmp = tempDir();
    tmp.write('logs/app.jsonl', `${line({ request_id: 'l1' })}\n`);
    tmp.write('logs/nested/deeper/app.log.1', `${line({ request_id: 'l2' })}\n`);
    tmp.write('logs/.hidden/skip.jsonl', `${line({ request_id: 'h1' })}\n`);
    tmp.write('logs/.skip.jsonl', `${line({ request_id: 'h2' })}\n`);
  });
  afterAll(() => tmp.cleanup());

  it('a folder is read recursively, whatever the file names, hidden entries skipped', async () => {
    const doc = await runJsonAsync(['baseline', 'logs'], { cwd: tmp.dir });
    expect([doc.inputs.files, doc.overall.requests]).toEqual([2, 2]);
  });

  it('a file named twice (a folder and a file inside it) is read once', async () => {
    const doc = await runJsonAsync(['baseline', 'logs', 'logs/app.jsonl', './logs/app.jsonl'], { cwd: tmp.dir });
    expect([doc.inputs.files, doc.inputs.lines, doc.inputs.skipped.duplicate]).toEqual([2, 2, 0]);
  });

  it('a hidden file passed by name is read', async () => {
    expect((await runJsonAsync(['baseline', 'logs/.skip.jsonl'], { cwd: tmp.dir })).overall.requests).toBe(1);
  });

  it('a quoted glob is expanded by llmops', async () => {
    const doc = await runJsonAsync(['baseline', 'logs/**/*.jsonl'], { cwd: tmp.dir });
    expect([doc.inputs.files, doc.overall.requests]).toEqual([1, 1]);
    const edge = await runJsonAsync(['baseline', `${path.relative(ROOT, EDGE)}/*.jsonl`, '-q']);
    expect(edge.inputs.files).toBe(22);
  });

  it('no path with stdin redirected from a file reads the file (not logs/)', async () => {
    const fd = openSync(path.join(EDGE, 'bom.jsonl'), 'r');
    try {
      const r = spawnSync(process.execPath, [BIN, 'baseline', '--json'], { cwd: tmp.dir, env: pinnedEnv(), stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).inputs).toMatchObject({ files: 1, lines: 4, records: 4 });
    } finally {
      closeSync(fd);
    }
  });

  it('no path with piped stdin reads stdin even where a logs/ folder is', async () => {
    const doc = await runJsonAsync(['baseline'], { cwd: tmp.dir, input: readFileSync(path.join(EDGE, 'bom.jsonl')) });
    expect(doc.inputs.lines).toBe(4);
  });

  it('no path, stdin not a pipe, a logs/ folder in cwd: reads it', async () => {
    const r = await runAsync(['baseline', '--json'], { cwd: tmp.dir, stdin: 'ignore' });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).overall.requests).toBe(2);
  });
});

describe.concurrent('larger inputs: chunk boundaries and the request_id table', () => {
  let tmp: TempDir;
  let folder: any;
  beforeAll(async () => {
    tmp = tempDir();
    folder = await runJsonAsync(['baseline', SAMPLE, '-q']);
  });
  afterAll(() => tmp.cleanup());

  it('the whole sample as one 2 MB file (LF, CRLF with a BOM, gzip, stdin) equals the folder', async () => {
    const names = readdirSync(SAMPLE).filter((n) => n.endsWith('.jsonl')).sort();
    const all = Buffer.concat(names.map((n) => readFileSync(path.join(SAMPLE, n))));
    expect(all.length).toBeGreaterThan(2 * 1024 * 1024); // more than one 1 MiB read block
    const crlf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(all.toString('utf8').replace(/\n/g, '\r\n'))]);
    const variants: Array<[string, any]> = [
      ['lf', await runJsonAsync(['baseline', tmp.write('all.jsonl', all), '-q'])],
      ['crlf+bom', await runJsonAsync(['baseline', tmp.write('crlf.jsonl', crlf), '-q'])],
      ['gzip', await runJsonAsync(['baseline', tmp.write('all.jsonl.gz', gzipSync(crlf)), '-q'])],
      ['stdin', await runJsonAsync(['baseline', '-q'], { input: crlf })],
    ];
    for (const [name, doc] of variants) {
      expect({ ...doc.inputs, files: 21 }, name).toEqual(folder.inputs);
      expectDeepClose(doc.overall, folder.overall, `${name}.overall`);
      expectDeepClose(doc.daily, folder.daily, `${name}.daily`);
    }
  });

  it('dedup stays exact past 65,536 distinct request_ids', async () => {
    const n = 70_000;
    const recs: string[] = [];
    for (let i = 0; i < n; i++) recs.push(JSON.stringify({ request_id: `req_${i}`, model: 'claude-haiku-4-5', input_tokens: 1, output_tokens: 1 }));
    for (let i = 0; i < n; i += 70) recs.push(JSON.stringify({ request_id: `req_${i}`, model: 'claude-haiku-4-5', input_tokens: 1, output_tokens: 1 }));
    const f = tmp.write('many-ids.jsonl', recs.join('\n') + '\n');
    const doc = await runJsonAsync(['cost', f]);
    expect(doc.inputs.records).toBe(n + 1000);
    expect(doc.inputs.skipped.duplicate).toBe(1000);
    expect(doc.overall.requests).toBe(n);
  });
});

describe.concurrent('record fields', () => {
  let tmp: TempDir;
  beforeAll(async () => {
    tmp = tempDir();
  });
  afterAll(() => tmp.cleanup());

  it('an unparseable timestamp makes a record undated, even in the usual 24-character shape', async () => {
    const f = tmp.write('bad-ts.jsonl', jsonl([
      { ...REC, request_id: 'ok', ts: '2026-11-20T10:00:00.000Z' },
      { ...REC, request_id: 'o-for-zero', ts: '2O26-11-20T10:00:00.000Z' }, // letter O in the year
      { ...REC, request_id: 'minus', ts: '-026-11-20T10:00:00.000Z' },
      { ...REC, request_id: 'month', ts: '2026-1x-20T10:00:00.000Z' },
      { ...REC, request_id: 'words', ts: 'yesterday at noon' },
    ]));
    const doc = await runJsonAsync(['baseline', f]);
    expect(doc.overall.requests).toBe(5);
    expect(doc.inputs.no_timestamp).toBe(4);
    expect(doc.daily.map((d: any) => [d.date, d.requests])).toEqual([['2026-11-20', 1]]);
    const cost = await runJsonAsync(['cost', f, '--by', 'day,hour']);
    expect(cost.rows.map((r: any) => [r.day, r.hour, r.requests]).sort()).toEqual([
      ['2026-11-20', '2026-11-20T10', 1],
      ['unknown', 'unknown', 4],
    ]);
  });

  it('the usual 24-character shape and other ISO shapes of the same instant agree', async () => {
    const f = tmp.write('shapes.jsonl', jsonl([
      { ...REC, request_id: 's1', ts: '2026-11-20T23:59:59.999Z' },
      { ...REC, request_id: 's2', ts: '2026-11-20T23:59:59.999+00:00' },
      { ...REC, request_id: 's3', ts: '2026-11-21T05:29:59.999+05:30' },
      { ...REC, request_id: 's4', ts: 1795219199.999 },
      { ...REC, request_id: 's5', ts: 1795219199999 },
      { ...REC, request_id: 's6', ts: '2026-11-21T00:00:00.000Z' },
    ]));
    const doc = await runJsonAsync(['baseline', f]);
    expect(doc.daily.map((d: any) => [d.date, d.requests])).toEqual([['2026-11-20', 5], ['2026-11-21', 1]]);
    const cut = await runJsonAsync(['baseline', f, '--until', '2026-11-20T23:59:59.999Z']);
    expect(cut.overall.requests).toBe(0);
  });

  it('model_context_window_exceeded counts as truncation, refusal as refusal', async () => {
    const f = tmp.write('stops.jsonl', jsonl([
      { ...REC, request_id: 'a', stop_reason: 'max_tokens' },
      { ...REC, request_id: 'b', stop_reason: 'model_context_window_exceeded' },
      { ...REC, request_id: 'c', stop_reason: 'refusal' },
      { ...REC, request_id: 'd', stop_reason: 'end_turn' },
      { ...REC, request_id: 'e', stop_reason: 'end_turn' },
    ]));
    const doc = await runJsonAsync(['baseline', f]);
    expect(doc.rates).toMatchObject({ truncation: 2 / 5, refusal: 1 / 5 });
    expect(doc.overall.truncation_rate).toBe(2 / 5);
    expect(doc.stop_reasons.map((s: any) => [s.stop_reason, s.count, s.share])).toEqual([
      ['end_turn', 2, 0.4], ['max_tokens', 1, 0.2], ['model_context_window_exceeded', 1, 0.2], ['refusal', 1, 0.2],
    ]);
  });

  it('cache counts: aliases, null as 0, and the cost they add', async () => {
    const f = tmp.write('cache.jsonl', jsonl([
      // sonnet: 1M cache read at $0.30 + 1M cache write at $3.75
      { ...REC, request_id: 'c1', model: 'claude-sonnet-4-6', input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 1_000_000, cache_creation_input_tokens: 1_000_000 },
      { ...REC, request_id: 'c2', model: 'claude-sonnet-4-6', input_tokens: 0, output_tokens: 0, cache_read: null, cache_write: null },
    ]));
    const doc = await runJsonAsync(['baseline', f]);
    expect(doc.inputs.skipped.malformed).toBe(0);
    expect(doc.overall.tokens).toMatchObject({ input: 0, output: 0, cache_read: 1_000_000, cache_write: 1_000_000 });
    expect(doc.overall.cost_usd.total).toBeCloseTo(4.05, 12);
  });

  it('control characters and bidi overrides from the logs are escaped in tables and warnings, kept in JSON', async () => {
    const f = tmp.write('ctl.jsonl', jsonl([
      { ...REC, request_id: 'x1', feature: 'evil\u001b[31mred\u001b[0m', stop_reason: 'stop\u0007' },
      { ...REC, request_id: 'x2', feature: 'rtl\u202eabc', model: 'bad\u001b]0;title\u0007model', tenant: 't\u009bx' },
    ]));
    const base = await runAsync(['baseline', f]);
    expect(base.code).toBe(0);
    expect(base.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(base.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(base.stdout).toContain('evil\\x1b[31mred\\x1b[0m');
    expect(base.stdout).toContain('rtl\\u202eabc');
    expect(base.stderr).toContain('bad\\x1b]0;title\\x07model');
    const cost = await runAsync(['cost', f, '--by', 'tenant,model,stop_reason', '-q']);
    expect(cost.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(cost.stdout).toContain('t\\x9bx');
    const doc = await runJsonAsync(['cost', f, '--by', 'feature', '-q']);
    expect(doc.rows.map((r: any) => r.feature).sort()).toEqual(['evil\u001b[31mred\u001b[0m', 'rtl\u202eabc']);
  });

  it('a record with an empty model or a fractional token count is malformed', async () => {
    const f = tmp.write('strict.jsonl', [
      JSON.stringify({ ...REC, model: '' }),
      JSON.stringify({ ...REC, input_tokens: 1.5 }),
      JSON.stringify({ ...REC, output_tokens: -1 }),
      JSON.stringify({ ...REC, cache_read: '5' }),
      JSON.stringify({ ...REC, input_tokens: true }),
      JSON.stringify({ ...REC }),
    ].join('\n') + '\n');
    const doc = await runJsonAsync(['baseline', f, '-q']);
    expect([doc.inputs.lines, doc.inputs.records, doc.inputs.skipped.malformed]).toEqual([6, 1, 5]);
    expect(doc.inputs.skipped_examples.map((e: any) => e.at.split(':').pop())).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe.concurrent('--format', () => {
  it('--format json is --json; --format table is the default', async () => {
    const f = path.join(EDGE, 'bom.jsonl');
    expect((await runAsync(['baseline', f, '--format', 'json'])).stdout).toBe((await runAsync(['baseline', f, '--json'])).stdout);
    expect((await runAsync(['cost', f, '--format', 'table'])).stdout).toBe((await runAsync(['cost', f])).stdout);
  });

  it('an unknown format is a usage error', async () => {
    const r = await runAsync(['cost', path.join(EDGE, 'bom.jsonl'), '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/xml/);
  });
});
