#!/usr/bin/env node
// Builds dist/ from src/: two bundles, the CLI and the parser thread. One file to load instead of ~70
// modules and their dependencies' saves ~25 ms of every start (llmops --help: 0.09 s → 0.07 s).
// Type checking is tsc's job (npm run typecheck); esbuild only strips types and bundles.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
rmSync(path.join(root, 'dist'), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', 'parser-thread': 'src/engine/parser-thread.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // yaml loads on first use only; chart.js is read as text into the HTML report, never executed here.
  external: ['yaml', 'chart.js'],
  // Bundled CommonJS dependencies (commander, cli-table3, …) call require() for Node's own modules.
  banner: { js: "import { createRequire as __llmopsRequire } from 'node:module'; const require = __llmopsRequire(import.meta.url);" },
  logLevel: 'warning',
});
