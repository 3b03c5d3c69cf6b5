// The first code of every llmops thread, small on purpose (~1 ms to load). bin/llmops.cjs runs it
// in the main thread, and parser threads start with it. It starts parser threads early when the
// command line names big logs (engine/thread-start.ts), and runs the big bundles (dist/cli.cjs,
// dist/parser-thread.cjs) compiled with the V8 code caches `npm run build` makes by running them
// (scripts/build.mjs): a function found in a cache is not parsed and compiled again, ~15-25 ms of
// the CLI's start and ~5 ms of each thread's. Without a cache, or with one this Node version
// rejects, a bundle compiles as usual.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { PARSER_THREAD_ARG, THREAD_FINISHED } from './engine/thread-start.js';

export { prestartParserThreads } from './engine/thread-start.js';

const dist = path.dirname(fileURLToPath(import.meta.url));

export interface RunningBundle {
  exports: Record<string, unknown>;
  /** Writes the code cache of what has run so far (the build's way of making it). */
  writeCache(): void;
}

/** Runs dist/`name`.cjs, compiled with dist/`name`.cache when there is one. */
export function runBundle(name: string): RunningBundle {
  const file = path.join(dist, `${name}.cjs`);
  const cacheFile = path.join(dist, `${name}.cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dist);
  return { exports: module.exports, writeCache: () => writeFileSync(cacheFile, script.createCachedData()) };
}

// A parser thread (thread-start.ts starts them with this file and PARSER_THREAD_ARG). The argument
// alone is not enough: given on the command line it must stay an option the CLI refuses.
const isParserThread = (): boolean =>
  process.argv.includes(PARSER_THREAD_ARG) && !(createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads')).isMainThread;
if (isParserThread()) {
  const thread = runBundle('parser-thread');
  // The build runs the sample through one thread to make its cache (scripts/build.mjs).
  if (process.env.LLMOPS_WRITE_THREAD_CACHE === '1') (globalThis as Record<symbol, unknown>)[THREAD_FINISHED] = thread.writeCache;
}
