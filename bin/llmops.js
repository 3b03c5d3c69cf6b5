#!/usr/bin/env node
import('../dist/cli.js').then(
  (cli) => cli.main(),
  (err) => {
    process.stderr.write(`llmops: cannot start: ${err && err.message ? err.message : err} (was it built? run npm install)\n`);
    process.exitCode = 2;
  },
);
