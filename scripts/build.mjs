#!/usr/bin/env node
// Builds dist/ from src/: two CommonJS bundles, the CLI and the parser thread, and a V8 code cache for the
// CLI. One file to load instead of ~70 modules and their dependencies' saves ~25 ms of every start;
// the code cache (bytecode of the functions a baseline run and --help use, made here by running
// them once) saves another ~15-25 ms: bin/llmops.cjs compiles the bundle with it (docs/performance.md).
// Type checking is tsc's job (npm run typecheck); esbuild only strips types and bundles.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
rmSync(path.join(root, 'dist'), { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  // yaml loads on first use only; chart.js is read as text into the HTML report, never executed here.
  external: ['yaml', 'chart.js'],
  logLevel: 'warning',
};

// commander requires node:child_process when it loads, for subcommands that are programs of their
// own, which llmops has none of; child_process brings net, dgram and more with it (~2 ms of every
// start, measured). In the CLI bundle commander gets it on first use instead.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${path.sep}commander${path.sep}`) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

// The CLI as CommonJS, so bin/llmops.cjs can compile it with a code cache (vm.Script), which ES
// modules cannot use on Node 20. import.meta.url becomes the bundle's own file URL.
await build({
  ...common,
  plugins: [lazyChildProcess],
  entryPoints: { cli: 'src/cli.ts' },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { 'import.meta.url': '__llmopsFileUrl' },
  banner: { js: "const __llmopsFileUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The first code of every thread (src/boot.ts): bin/llmops.cjs runs it before it loads the CLI, and
// parser threads start with it, so it must stay small.
await build({
  ...common,
  entryPoints: { boot: 'src/boot.ts' },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { 'import.meta.url': '__llmopsFileUrl' },
  banner: { js: "const __llmopsFileUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The parser thread as CommonJS too: a worker that starts an ES module loads Node's ES module loader
// first, ~4 ms of each thread's start (measured: first answer at ~27 ms against ~23).
await build({
  ...common,
  entryPoints: { 'parser-thread': 'src/engine/parser-thread.ts' },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { 'import.meta.url': '__llmopsFileUrl' },
  banner: { js: "const __llmopsFileUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The code caches: run what users run first, and a cached bundle's functions need no compiling.
// The CLI's: the sample in this thread (bin/llmops.cjs writes it). The parser thread's: the sample
// through one thread (src/boot.ts writes it when that thread is done). A cache V8 rejects later
// (another Node version) is ignored; the bundle then compiles as usual.
const sample = path.join(root, 'fixtures', 'sample');
if (existsSync(sample)) {
  const runs = [
    { what: 'CLI', env: { LLMOPS_WRITE_CODE_CACHE: '1', LLMOPS_WRITE_THREAD_CACHE: '0', LLMOPS_THREADS: '0' } },
    { what: 'parser thread', env: { LLMOPS_WRITE_CODE_CACHE: '0', LLMOPS_WRITE_THREAD_CACHE: '1', LLMOPS_THREADS: '1' } },
  ];
  for (const { what, env } of runs) {
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'llmops.cjs'), 'baseline', sample, '-q', '--now', '2026-12-01T00:00:00Z'], {
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0) console.warn(`build: the ${what} code cache was not made (llmops still works, a little slower to start)`);
  }
}
