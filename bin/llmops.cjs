#!/usr/bin/env node
// Starts the CLI bundle (dist/cli.cjs), compiled with the V8 code cache made at build time when
// there is one: ~15-25 ms less start-up on every run (scripts/build.mjs). Without a cache, or with
// one this Node version rejects, the bundle compiles as usual. CommonJS, like the bundle: an ES
// module entry makes Node load its ES module loader first (~10 internal modules, ~5 ms of --help).
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire, Module } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const dist = path.join(__dirname, '..', 'dist');
const bundle = path.join(dist, 'cli.cjs');
const cacheFile = path.join(dist, 'cli.cache');

/** Parser threads for big inputs start booting now, while the CLI loads (src/engine/thread-start.ts). */
function prestart() {
  try {
    require(path.join(dist, 'prestart.cjs')).prestartParserThreads(process.argv.slice(2));
  } catch {
    // Only a head start: the pipeline starts the threads itself.
  }
}

function load() {
  const source = readFileSync(bundle, 'utf8');
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: bundle,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dist);
  return { cli: module.exports, script };
}

prestart();
let started;
try {
  started = load();
} catch (err) {
  process.stderr.write(`llmops: cannot start: ${err && err.message ? err.message : err} (was it built? run npm install)\n`);
  process.exitCode = 2;
}
if (started) {
  const done = started.cli.main();
  if (process.env.LLMOPS_WRITE_CODE_CACHE === '1') {
    done.then(() => writeFileSync(cacheFile, started.script.createCachedData()));
  }
}
