// Node's built-in modules that only some runs use, required on first use instead of at start-up:
// loading node:zlib and node:worker_threads costs ~1.3-1.4 ms each (measured on Node 20 here), and a
// run over plain files in one thread (the bundled sample, most small logs) needs neither.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

let zlib: typeof import('node:zlib') | null = null;
let workerThreads: typeof import('node:worker_threads') | null = null;

/** node:zlib, for gzip sources. */
export const lazyZlib = (): typeof import('node:zlib') => (zlib ??= load('node:zlib') as typeof import('node:zlib'));

/** node:worker_threads, for parser threads. */
export const lazyWorkerThreads = (): typeof import('node:worker_threads') =>
  (workerThreads ??= load('node:worker_threads') as typeof import('node:worker_threads'));
