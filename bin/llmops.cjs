#!/usr/bin/env node
// Starts llmops: dist/boot.cjs starts parser threads early when the command line names big logs,
// then runs the CLI bundle (dist/cli.cjs) with its V8 code cache (src/boot.ts). CommonJS, like the
// bundles: an ES module entry makes Node load its ES module loader first (~10 internal modules,
// ~5 ms of --help).
'use strict';
const path = require('node:path');

let cli;
try {
  const boot = require(path.join(__dirname, '..', 'dist', 'boot.cjs'));
  boot.prestartParserThreads(process.argv.slice(2));
  cli = boot.runBundle('cli');
} catch (err) {
  process.stderr.write(`llmops: cannot start: ${err && err.message ? err.message : err} (was it built? run npm install)\n`);
  process.exitCode = 2;
}
if (cli) {
  const done = cli.exports.main();
  // The build runs the sample once with this set to make the code cache (scripts/build.mjs).
  if (process.env.LLMOPS_WRITE_CODE_CACHE === '1') done.then(() => cli.writeCache());
}
