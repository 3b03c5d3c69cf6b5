#!/usr/bin/env node
// Starts the CLI bundle (dist/cli.cjs), compiled with the V8 code cache made at build time when
// there is one: ~15-25 ms less start-up on every run (scripts/build.mjs). Without a cache, or with
// one this Node version rejects, the bundle compiles as usual.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const bundle = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
const cacheFile = fileURLToPath(new URL('../dist/cli.cache', import.meta.url));

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
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, fileURLToPath(new URL('../dist/', import.meta.url)));
  return { cli: module.exports, script };
}

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
