#!/usr/bin/env node
// Benchmark harness for llmops: times `llmops baseline DIR --json` against the Node floor
// (split + JSON.parse only) and DuckDB with 2 threads, on the same data, in the same run.
//
//   npm run bench -- [options] [DIR]
//   node scripts/bench.mjs --help
//
// Only Node built-ins are used, so this runs before `npm install`. The measuring tools live in the
// shared bench folder (default ../shared/bench next to the repo, override with LLMOPS_SHARED_BENCH);
// nothing is ever written there. See docs/performance.md.

import { spawnSync, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = path.resolve(process.env.LLMOPS_SHARED_BENCH || path.resolve(repoRoot, '..', 'shared', 'bench'));
const llmopsBin = path.resolve(process.env.LLMOPS_BIN || path.join(repoRoot, 'bin', 'llmops.cjs'));
const timeBin = process.env.LLMOPS_BENCH_TIME ?? '/usr/bin/time';
const docPath = path.join(repoRoot, 'docs', 'performance.md');

const USAGE = `usage: npm run bench -- [options] [DIR]
       node scripts/bench.mjs [options] [DIR]

Times llmops against the Node floor and DuckDB (2 threads), interleaved, on the same data.
Without DIR, seeded data is generated into bench-data/<records>-seed<seed>/ (reused if present).

options:
  --records N       records to generate (default 1000000)
  --days D          days covered by generated data (default 28)
  --seed S          generator seed (default 1)
  --malformed RATE  extra broken lines per valid line, passed to the generator (default 0)
  --runs R          timed runs per tool (default 5)
  --warmup W        untimed warm-up rounds before timing (default 1)
  --no-floor        skip the Node floor (raw-split.mjs --mode parse)
  --no-duckdb       skip DuckDB
  --peer-dir DIR    folder where @duckdb/node-api is installed (default ../bench-peer next to the repo)
  --check           compare llmops's JSON with python3 reference.py (numpy) to 1e-6 relative
  --write           append the results to docs/performance.md
  -h, --help        this text

environment:
  LLMOPS_BIN           CLI entry to time (default bin/llmops.cjs)
  LLMOPS_SHARED_BENCH  folder of the shared bench tools (default ../shared/bench)
  LLMOPS_BENCH_TIME    GNU time binary (default /usr/bin/time; empty = wall time only)`;

// ---------------------------------------------------------------- small helpers

function die(msg) {
  process.stderr.write(`bench: ${msg}\n`);
  process.exit(1);
}
const log = (msg = '') => process.stdout.write(msg + '\n');

function intOpt(name, value, min) {
  if (!/^\d+$/.test(String(value))) die(`--${name} must be an integer, got "${value}"`);
  const n = parseInt(value, 10);
  if (n < min) die(`--${name} must be >= ${min}, got ${n}`);
  return n;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function tail(file, n = 12) {
  try {
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    return lines.slice(-n).map((l) => '    ' + l).join('\n');
  } catch {
    return '';
  }
}

const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmtBytes = (b) => (b >= 1e9 ? `${(b / 1e9).toFixed(2)} GB` : `${(b / 1e6).toFixed(1)} MB`);

function isExecutable(p) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- options

let opts;
try {
  opts = parseArgs({
    allowPositionals: true,
    options: {
      records: { type: 'string', default: '1000000' },
      days: { type: 'string', default: '28' },
      seed: { type: 'string', default: '1' },
      runs: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      malformed: { type: 'string', default: '0' },
      'no-duckdb': { type: 'boolean', default: false },
      'no-floor': { type: 'boolean', default: false },
      'peer-dir': { type: 'string' },
      check: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (e) {
  die(`${e.message}\n${USAGE}`);
}
if (opts.values.help) {
  log(USAGE);
  process.exit(0);
}
if (opts.positionals.length > 1) die(`expected at most one data folder, got: ${opts.positionals.join(' ')}`);

const o = opts.values;
const cfg = {
  records: intOpt('records', o.records, 1),
  days: intOpt('days', o.days, 1),
  seed: intOpt('seed', o.seed, 0),
  runs: intOpt('runs', o.runs, 1),
  warmup: intOpt('warmup', o.warmup, 0),
  malformed: Number(o.malformed),
  floor: !o['no-floor'],
  duckdb: !o['no-duckdb'],
  peerDir: path.resolve(o['peer-dir'] || path.resolve(repoRoot, '..', 'bench-peer')),
  check: o.check,
  write: o.write,
  dir: opts.positionals[0] ? path.resolve(opts.positionals[0]) : null,
};
if (!(cfg.malformed >= 0 && cfg.malformed < 1)) die(`--malformed must be in [0, 1), got "${o.malformed}"`);

// ---------------------------------------------------------------- preconditions

if (!fs.existsSync(llmopsBin)) {
  die(`${path.relative(repoRoot, llmopsBin) || llmopsBin} not found (${llmopsBin}); the CLI must exist before it can be timed (or set LLMOPS_BIN)`);
}
const tool = (name) => path.join(sharedDir, name);
for (const f of ['gen-logs.mjs', 'raw-split.mjs', 'duckdb-job.mjs', 'cpu-probe.mjs', 'reference.py']) {
  if (!fs.existsSync(tool(f))) die(`shared bench tool ${tool(f)} not found (set LLMOPS_SHARED_BENCH to the shared/bench folder)`);
}

const notes = [];
let duckdbNote = null;
if (cfg.duckdb) {
  try {
    createRequire(path.join(cfg.peerDir, 'noop.js')).resolve('@duckdb/node-api');
  } catch {
    cfg.duckdb = false;
    duckdbNote = `DuckDB skipped: @duckdb/node-api is not resolvable from ${cfg.peerDir} ` +
      `(set it up once: mkdir -p ${cfg.peerDir} && cd ${cfg.peerDir} && npm init -y && npm install @duckdb/node-api, or pass --peer-dir)`;
  }
} else {
  duckdbNote = 'DuckDB skipped (--no-duckdb)';
}

const useGnuTime = !!timeBin && isExecutable(timeBin);
if (!useGnuTime) notes.push(`GNU time not available (${timeBin || 'disabled'}): wall time only, peak RSS n/a`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'llmops-bench-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

// ---------------------------------------------------------------- data

// Counts lines and non-blank lines (any byte other than space, \t, \r, \v, \f) of the *.jsonl files.
function countLines(files) {
  let lines = 0, nonBlank = 0, bytes = 0;
  const buf = Buffer.allocUnsafe(1 << 20);
  for (const f of files) {
    const fd = fs.openSync(f, 'r');
    let seen = false, open = false, n;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) {
      bytes += n;
      let pos = 0;
      while (pos < n) {
        let nl = buf.indexOf(10, pos);
        if (nl === -1 || nl >= n) nl = -1;
        const end = nl === -1 ? n : nl;
        if (end > pos) open = true;
        for (let i = pos; !seen && i < end; i++) {
          const c = buf[i];
          if (c !== 32 && c !== 9 && c !== 13 && c !== 11 && c !== 12) seen = true;
        }
        if (nl === -1) break;
        lines++;
        if (seen) nonBlank++;
        seen = false;
        open = false;
        pos = nl + 1;
      }
    }
    if (open) {
      lines++;
      if (seen) nonBlank++;
    }
    fs.closeSync(fd);
  }
  return { lines, nonBlank, bytes };
}

function jsonlFiles(dir) {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(dir, f));
}

function prepareData() {
  if (cfg.dir) {
    if (!fs.existsSync(cfg.dir) || !fs.statSync(cfg.dir).isDirectory()) die(`data folder ${cfg.dir} not found`);
    const files = jsonlFiles(cfg.dir);
    if (!files.length) die(`no *.jsonl files in ${cfg.dir} (DuckDB and the floor read *.jsonl only)`);
    const others = fs.readdirSync(cfg.dir).filter((f) => !f.endsWith('.jsonl'));
    if (others.length) notes.push(`${others.length} non-*.jsonl entries in the data folder are ignored by the floor and DuckDB`);
    log(`counting lines in ${cfg.dir} ...`);
    const c = countLines(files);
    return { dir: cfg.dir, files: files.length, bytes: c.bytes, lines: c.lines, records: c.nonBlank,
      recordsFrom: 'non-blank lines', description: `${cfg.dir}` };
  }

  let name = `${cfg.records}-seed${cfg.seed}`;
  if (cfg.days !== 28) name += `-days${cfg.days}`;
  if (cfg.malformed > 0) name += `-malformed${cfg.malformed}`;
  const base = path.join(repoRoot, 'bench-data');
  const dir = path.join(base, name);
  const metaFile = path.join(base, `${name}.json`); // beside the folder, so no tool ever reads it
  const genArgs = ['--records', String(cfg.records), '--days', String(cfg.days), '--seed', String(cfg.seed)];
  if (cfg.malformed > 0) genArgs.push('--malformed', String(cfg.malformed));
  const describe = (m) => `gen-logs.mjs ${genArgs.join(' ')} -> bench-data/${name}/ ` +
    `(${m.files} files, ${fmtBytes(m.bytes)}, ${fmtInt(m.lines)} lines, ${fmtInt(m.records)} valid records` +
    `${m.malformed_lines ? `, ${fmtInt(m.malformed_lines)} malformed lines` : ''})`;

  if (fs.existsSync(dir)) {
    let meta = null;
    try { meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')); } catch { /* no summary */ }
    if (meta && Number.isFinite(meta.records)) {
      log(`reusing bench-data/${name}/`);
      return { dir, files: meta.files, bytes: meta.bytes, lines: meta.lines, records: meta.records,
        recordsFrom: "generator's count", description: describe(meta) };
    }
    log(`reusing bench-data/${name}/ (no generator summary: counting lines)`);
    const c = countLines(jsonlFiles(dir));
    return { dir, files: jsonlFiles(dir).length, bytes: c.bytes, lines: c.lines, records: c.nonBlank,
      recordsFrom: 'non-blank lines', description: `bench-data/${name}/ (${fmtBytes(c.bytes)}, ${fmtInt(c.lines)} lines)` };
  }

  fs.mkdirSync(base, { recursive: true });
  const partial = path.join(base, `.${name}.partial-${process.pid}`);
  log(`generating bench-data/${name}/ (node gen-logs.mjs ${genArgs.join(' ')}) ...`);
  const r = spawnSync(process.execPath, [tool('gen-logs.mjs'), ...genArgs, '--out', partial],
    { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    fs.rmSync(partial, { recursive: true, force: true });
    die(`gen-logs.mjs failed (exit ${r.status ?? r.signal}): ${(r.stderr || '').trim().split('\n').pop()}`);
  }
  let meta;
  try {
    meta = JSON.parse(r.stderr.trim().split('\n').pop());
  } catch {
    fs.rmSync(partial, { recursive: true, force: true });
    die(`could not read gen-logs.mjs's summary line: ${r.stderr.trim()}`);
  }
  fs.renameSync(partial, dir);
  meta.out = dir;
  fs.writeFileSync(metaFile, JSON.stringify(meta, null, 1) + '\n');
  return { dir, files: meta.files, bytes: meta.bytes, lines: meta.lines, records: meta.records,
    recordsFrom: "generator's count", description: describe(meta) };
}

// ---------------------------------------------------------------- running tools

// Runs one child, returns { wall (s, from hrtime), rss (MB or null), timeWall (GNU time's %e), out (file) }.
function runOnce(t, label) {
  const outFile = path.join(tmp, `${t.key}.out`);
  const errFile = path.join(tmp, `${t.key}.err`);
  const timeFile = path.join(tmp, `${t.key}.time`);
  const outFd = fs.openSync(outFile, 'w');
  const errFd = fs.openSync(errFile, 'w');
  const [cmd, args] = useGnuTime
    ? [timeBin, ['-o', timeFile, '-f', '%e %M', process.execPath, ...t.args]]
    : [process.execPath, t.args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: t.cwd, stdio: ['ignore', outFd, errFd], env: process.env });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.closeSync(outFd);
  fs.closeSync(errFd);
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
    return { error: `${t.name} failed in ${label} (${why}): ${t.display}\n${tail(errFile)}` };
  }
  let rss = null, timeWall = null;
  if (useGnuTime) {
    const last = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop() || '';
    const m = /^([\d.]+) (\d+)$/.exec(last.trim());
    if (m) {
      timeWall = Number(m[1]);
      rss = Number(m[2]) / 1024;
    }
  }
  return { wall, rss, timeWall, out: outFile };
}

function readJson(file) {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return undefined; }
}

// What each tool saw, for a sanity line; also rejects output that cannot be the job's result.
function inspectOutput(t, file) {
  const j = readJson(file);
  if (t.key === 'llmops') {
    if (!j || !Array.isArray(j.by_feature)) return { error: `llmops's stdout is not the expected JSON (no by_feature array): ${file}` };
    return { seen: `llmops ${fmtInt(j.by_feature.reduce((s, f) => s + (Number(f.requests) || 0), 0))} records` };
  }
  if (t.key === 'floor') return { seen: j ? `floor ${fmtInt(j.lines)} lines (${fmtInt(j.bad)} not parsed as records)` : 'floor ?' };
  if (t.key === 'duckdb2') return { seen: j ? `DuckDB ${fmtInt(j.records)} records` : 'DuckDB ?' };
  return {};
}

// ---------------------------------------------------------------- cpu probe

function cpuProbe() {
  log('cpu-probe ...');
  const r = spawnSync(process.execPath, [tool('cpu-probe.mjs')], { encoding: 'utf8', cwd: repoRoot });
  const j = r.status === 0 ? (() => { try { return JSON.parse(r.stdout.trim().split('\n').pop()); } catch { return null; } })() : null;
  if (!j) return { text: `cpu-probe failed (exit ${r.status ?? r.signal})`, speedup: null };
  const text = `speedup ${j.speedup.toFixed(2)} with ${j.threads} threads ` +
    `(single ${j.single_ms} ms, parallel ${j.parallel_ms.join('/')} ms; 2.00 = two full cores, 1.00 = one)`;
  return { text, speedup: j.speedup };
}

// ---------------------------------------------------------------- check vs reference.py

function checkAgainstReference(dataDir, llmopsJsonFile) {
  log(`check: python3 reference.py ${dataDir} ...`);
  const r = spawnSync('python3', [tool('reference.py'), dataDir], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr || '').trim().split('\n').pop();
    return { ok: false, lines: [`check: reference.py failed: ${why}`], summary: 'check failed: reference.py did not run' };
  }
  const ref = JSON.parse(r.stdout);
  const got = readJson(llmopsJsonFile);
  const mismatches = [];
  let compared = 0;
  const close = (a, b) => {
    if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) return false;
    return Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) <= 1e-12;
  };
  const cmp = (what, expected, actual) => {
    compared++;
    if (!close(expected, actual)) mismatches.push(`${what}: reference ${expected}, llmops ${actual === undefined ? 'missing' : JSON.stringify(actual)}`);
  };
  const byName = (arr, key) => new Map((Array.isArray(arr) ? arr : []).map((x) => [x && x[key], x]));

  const feats = byName(got?.by_feature, 'feature');
  let total = 0;
  for (const [name, e] of Object.entries(ref.features)) {
    const f = feats.get(name);
    if (!f) { mismatches.push(`feature ${name}: missing in llmops`); continue; }
    cmp(`feature ${name} count`, e.count, f.requests);
    cmp(`feature ${name} cost mean`, e.cost_mean, f.cost_usd?.mean);
    cmp(`feature ${name} cost p95`, e.cost_p95, f.cost_usd?.p95);
    cmp(`feature ${name} latency mean`, e.latency_mean, f.latency_s?.mean);
    cmp(`feature ${name} latency p95`, e.latency_p95, f.latency_s?.p95);
  }
  for (const name of feats.keys()) if (!(name in ref.features)) mismatches.push(`feature ${name}: in llmops, not in reference`);
  for (const f of feats.values()) total += Number(f?.requests) || 0;
  cmp('total records (sum of by_feature requests)', ref.records, total);

  const days = byName(got?.daily, 'date');
  const dayKeys = [['input_tokens', 'input_tokens'], ['output_tokens', 'output_tokens'],
    ['cache_read', 'cache_read_tokens'], ['cache_write', 'cache_write_tokens'], ['cost', 'cost_usd']];
  for (const [date, e] of Object.entries(ref.days)) {
    const d = days.get(date);
    if (!d) { mismatches.push(`day ${date}: missing in llmops`); continue; }
    for (const [rk, lk] of dayKeys) cmp(`day ${date} ${lk}`, e[rk], d[lk]);
  }
  for (const date of days.keys()) if (!(date in ref.days)) mismatches.push(`day ${date}: in llmops, not in reference`);

  const stops = byName(got?.stop_reasons, 'stop_reason');
  for (const [reason, n] of Object.entries(ref.stop_reasons)) cmp(`stop_reason ${reason} count`, n, stops.get(reason)?.count);
  for (const reason of stops.keys()) if (!(reason in ref.stop_reasons)) mismatches.push(`stop_reason ${reason}: in llmops, not in reference`);

  const lines = mismatches.length
    ? [`check: ${mismatches.length} mismatch(es) against reference.py (of ${compared} values, 1e-6 relative):`, ...mismatches.map((m) => '  ' + m)]
    : [`check: OK, ${compared} values match reference.py to 1e-6 relative (${fmtInt(ref.records)} records, ${fmtInt(ref.bad_lines)} bad lines in the reference)`];
  const summary = mismatches.length ? `check vs reference.py: ${mismatches.length} mismatch(es) of ${compared} values` : `check vs reference.py: OK (${compared} values, 1e-6 relative)`;
  return { ok: mismatches.length === 0, lines, summary };
}

// ---------------------------------------------------------------- main

const data = prepareData();

const tools = [
  { key: 'llmops', name: 'llmops', cwd: repoRoot, args: [llmopsBin, 'baseline', data.dir, '--json'] },
];
if (cfg.floor) tools.push({ key: 'floor', name: 'Node floor (split + JSON.parse)', cwd: repoRoot, args: [tool('raw-split.mjs'), '--mode', 'parse', data.dir] });
if (cfg.duckdb) tools.push({ key: 'duckdb2', name: 'DuckDB, 2 threads', cwd: cfg.peerDir, args: [tool('duckdb-job.mjs'), '--threads', '2', data.dir] });
for (const t of tools) {
  t.display = `node ${t.args.map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' ')}` + (t.cwd !== repoRoot ? `  (cwd ${t.cwd})` : '');
  t.samples = [];
}

const probe = cpuProbe();
log(`cpu-probe: ${probe.text}`);
if (probe.speedup !== null && probe.speedup < 1.5 && cfg.duckdb) notes.push(`cpu-probe speedup ${probe.speedup.toFixed(2)}: the host is not giving two full cores, which handicaps DuckDB's 2 threads`);

log(`data: ${data.description}`);
if (process.env.LLMOPS_BIN) log(`note: timing LLMOPS_BIN=${llmopsBin}, not the repo's bin/llmops.cjs`);
log(`tools:`);
for (const t of tools) log(`  ${t.key.padEnd(7)} ${t.display}`);
if (duckdbNote) log(`  ${duckdbNote}`);

// Drops a peer that fails (with a note); a failing llmops ends the bench.
function handleFailure(t, res) {
  if (t.key === 'llmops') {
    const hint = !process.env.LLMOPS_BIN && !fs.existsSync(path.join(repoRoot, 'dist')) ? '\nbench: dist/ is missing: run npm run build first' : '';
    die(`${res.error}${hint}`);
  }
  process.stderr.write(`bench: ${res.error}\n`);
  notes.push(`${t.name} dropped: it failed (see above)`);
  if (t.key === 'duckdb2') duckdbNote = 'DuckDB dropped: it failed during the run';
  tools.splice(tools.indexOf(t), 1);
}

const seen = [];
for (let w = 0; w < cfg.warmup; w++) {
  log(`warm-up ${w + 1}/${cfg.warmup} ...`);
  for (const t of [...tools]) {
    const res = runOnce(t, 'warm-up');
    if (res.error) { handleFailure(t, res); continue; }
    const ins = inspectOutput(t, res.out);
    if (ins.error) die(ins.error);
    if (w === 0 && ins.seen) seen.push(ins.seen);
  }
}
if (seen.length) log(`seen: ${seen.join('; ')}`);

// Round-robin: every run times each tool once; the starting tool rotates so drift hits all alike.
for (let r = 0; r < cfg.runs; r++) {
  const order = tools.map((_, i) => tools[(i + r) % tools.length]);
  const parts = [];
  for (const t of order) {
    if (!tools.includes(t)) continue;
    const res = runOnce(t, `run ${r + 1}`);
    if (res.error) { handleFailure(t, res); continue; }
    if (t.key === 'llmops') {
      const ins = inspectOutput(t, res.out);
      if (ins.error) die(ins.error);
    }
    t.samples.push(res);
    t.lastOut = res.out;
    parts.push(`${t.key} ${res.wall.toFixed(3)}s`);
  }
  log(`run ${r + 1}/${cfg.runs}: ${parts.join(', ')}`);
}

// ---------------------------------------------------------------- report

const byKey = Object.fromEntries(tools.map((t) => [t.key, t]));
for (const t of tools) {
  const walls = t.samples.map((s) => s.wall);
  const rss = t.samples.map((s) => s.rss).filter((x) => x !== null);
  t.med = median(walls);
  t.min = Math.min(...walls);
  t.max = Math.max(...walls);
  t.rss = rss.length ? median(rss) : null;
}
const ratio = (t, ref) => (ref ? (t.med / ref.med).toFixed(2) : 'n/a');
const header = ['tool', 'median wall s', 'min s', 'max s', 'records/s', 'median peak RSS MB', 'vs floor', 'vs DuckDB 2t'];
const align = ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'];
const rows = tools.map((t) => [
  t.name,
  t.med.toFixed(3),
  t.min.toFixed(3),
  t.max.toFixed(3),
  fmtInt(data.records / t.med),
  t.rss === null ? 'n/a' : t.rss.toFixed(0),
  ratio(t, byKey.floor),
  ratio(t, byKey.duckdb2),
]);
const widths = header.map((h, i) => Math.max(h.length, 3, ...rows.map((r) => r[i].length)));
const cell = (s, i) => (align[i] === 'l' ? s.padEnd(widths[i]) : s.padStart(widths[i]));
const table = [
  `| ${header.map(cell).join(' | ')} |`,
  `| ${widths.map((w, i) => (align[i] === 'l' ? ':' + '-'.repeat(w - 1) : '-'.repeat(w - 1) + ':')).join(' | ')} |`,
  ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
].join('\n');

const L = byKey.llmops;
const headline = `llmops/floor = ${byKey.floor ? (L.med / byKey.floor.med).toFixed(2) + 'x' : 'n/a'}, ` +
  `llmops/duckdb2 = ${byKey.duckdb2 ? (L.med / byKey.duckdb2.med).toFixed(2) + 'x' : 'n/a'}`;
const rawTimes = tools.map((t) => `${t.key}: ${t.samples.map((s) => s.wall.toFixed(3)).join(' ')}`);

log();
log(`${cfg.runs} run(s) per tool, interleaved; records/s uses ${fmtInt(data.records)} records (${data.recordsFrom}); ` +
  `wall = elapsed around the child${useGnuTime ? ', peak RSS = GNU time %M' : ''}`);
log(table);
log();
log(headline);
if (duckdbNote) log(`note: ${duckdbNote}`);
for (const n of notes) log(`note: ${n}`);

let check = null;
if (cfg.check) {
  log();
  check = checkAgainstReference(data.dir, L.lastOut);
  for (const line of check.lines) log(line);
}

if (cfg.write) {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (dirty) commit += ' + uncommitted changes';
  } catch { commit = 'no commit yet'; }
  const cpus = os.cpus();
  const section = [
    '',
    `### ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
    `- Node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} x ${cpus[0]?.model?.trim() || 'unknown CPU'}; llmops at ${commit}`,
    ...(process.env.LLMOPS_BIN ? [`- **timed CLI overridden by LLMOPS_BIN: ${llmopsBin}** (not the repo's bin/llmops.cjs)`] : []),
    `- cpu-probe: ${probe.text}`,
    `- data: ${data.description}`,
    `- ${cfg.runs} timed run(s) per tool after ${cfg.warmup} warm-up round(s), interleaved; records/s from ${fmtInt(data.records)} records (${data.recordsFrom})`,
    ...(duckdbNote ? [`- ${duckdbNote}`] : []),
    ...notes.map((n) => `- ${n}`),
    ...(check ? [`- ${check.summary}`] : []),
    '',
    table,
    '',
    `**${headline}**`,
    '',
    `Wall times (s), in run order: ${rawTimes.join('; ')}`,
    '',
  ].join('\n');
  if (!fs.existsSync(docPath)) {
    fs.mkdirSync(path.dirname(docPath), { recursive: true });
    fs.writeFileSync(docPath, '# Performance\n\n## Results\n');
  }
  const prev = fs.readFileSync(docPath, 'utf8');
  fs.appendFileSync(docPath, (prev.endsWith('\n') ? '' : '\n') + section);
  log();
  log(`appended results to ${path.relative(repoRoot, docPath)}`);
}

if (check && !check.ok) process.exit(1);
