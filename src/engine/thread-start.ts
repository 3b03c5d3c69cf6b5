// Starting parser threads, and starting them early. A worker thread takes ~40 ms to boot here
// (Node's own start for the thread, before our script runs); the pipeline alone would start them
// only once it knows its input, ~20 ms after the process began to run our code. So bin/llmops.cjs
// calls prestartParserThreads first thing (from dist/boot.cjs, ~1 ms to load): when the command
// line names logs big enough for threads, they boot while the CLI loads and parses its flags. The
// pipeline takes them over (takePrestartedThreads); their settings come in their first message
// instead of as workerData. A guess that turns out wrong only costs time: unused threads are
// stopped, missing ones started as before.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { lazyWorkerThreads } from '../lazy-builtins.js';
import { PARALLEL_MIN_BYTES, parserThreads } from './thread-count.js';

/** A parser's garbage is short-lived (one block's strings and objects): a small young generation
 *  keeps each thread's memory near its working set instead of letting it grow to V8's default. */
const YOUNG_GENERATION_MB = 4;

/** The commands that read logs through the pipeline (and its threads). */
const READING_COMMANDS = new Set(['baseline', 'cost', 'check']);
/** Flags after which nothing is read. */
const NO_READ_FLAGS = new Set(['-h', '--help', '-V', '--version']);
/** Files looked at before the guess gives up (a folder of many small files is not worth the stats). */
const MAX_FILES_LOOKED_AT = 2000;
/** As in blocks.ts's estimate, by name here (the real decision reads the magic bytes). */
const GZIP_RATIO = 5;

/** Where the prestarted threads wait: on globalThis, because bin/llmops.cjs starts them from one
 *  bundle (dist/boot.cjs) and the pipeline takes them in another (dist/cli.cjs). */
const PRESTARTED = Symbol.for('llmops.prestartedParserThreads');
/** A prestarted thread, and whether it has ended (failed at start, say) while it waited. */
type Waiting = { worker: Worker; ended: boolean };
type Holder = { [PRESTARTED]?: Waiting[] };

/** The argument a parser thread is started with: dist/boot.cjs then runs the parser thread's bundle. */
export const PARSER_THREAD_ARG = '--llmops-parser-thread';
/** Where a parser thread finds what to call once it has done its work (boot.ts sets it when the
 *  build makes the thread's code cache). */
export const THREAD_FINISHED = Symbol.for('llmops.parserThreadFinished');

/** A parser thread: dist/boot.cjs (beside the bundle this code is in) running dist/parser-thread.cjs.
 *  Without workerData it waits for an `init` message with its settings. */
export function spawnParserThread(workerData: unknown): Worker {
  const { Worker } = lazyWorkerThreads();
  return new Worker(new URL('./boot.cjs', import.meta.url), {
    workerData,
    argv: [PARSER_THREAD_ARG],
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
}

/**
 * How many parser threads the pipeline will likely want for these arguments (process.argv after
 * the script), told from the command and the sizes of the paths named, the way parserThreads
 * decides for the resolved sources. 0 when it cannot tell cheaply (globs, stdin, deep folders of
 * many files): the pipeline then decides and starts them as before.
 */
export function guessParserThreads(args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  if (args.length === 0 || !READING_COMMANDS.has(args[0]) || args.some((a) => NO_READ_FLAGS.has(a))) return 0;
  // LLMOPS_THREADS=N decides for the pipeline whatever the input: the same here.
  if (/^\d+$/.test(env.LLMOPS_THREADS ?? '')) return parserThreads(0, env);
  let bytes = 0;
  let looked = 0;
  const add = (file: string, size: number): void => {
    bytes += file.endsWith('.gz') ? size * GZIP_RATIO : size;
    looked++;
  };
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (bytes >= PARALLEL_MIN_BYTES || looked >= MAX_FILES_LOOKED_AT) return;
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) add(full, statSync(full).size);
    }
  };
  // Flag values (`--since 7d`, `--prices p.json`) are looked at too: they are seldom paths to
  // anything big, and a wrong guess costs only time.
  for (const arg of args.slice(1)) {
    if (arg.startsWith('-') || bytes >= PARALLEL_MIN_BYTES || looked >= MAX_FILES_LOOKED_AT) continue;
    try {
      const st = statSync(arg);
      if (st.isFile()) add(arg, st.size);
      else if (st.isDirectory()) walk(arg);
    } catch {
      // not a path: the CLI says so if it matters
    }
  }
  return bytes < PARALLEL_MIN_BYTES ? 0 : parserThreads(bytes, env);
}

/** Starts the threads the arguments will likely want (none when it cannot tell). They do not keep
 *  the process alive until the pipeline takes them over. */
export function prestartParserThreads(args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  let n: number;
  try {
    n = guessParserThreads(args, env);
  } catch {
    return 0; // a folder that cannot be listed, say: the CLI reports it
  }
  if (n === 0) return 0;
  const waiting = Array.from({ length: n }, (): Waiting => {
    const entry: Waiting = { worker: spawnParserThread(null), ended: false };
    // Until the pipeline takes it, a thread that fails or ends is only noted (an 'error' with no
    // listener would crash the process): the pipeline then starts another in its place.
    entry.worker.on('error', () => (entry.ended = true));
    entry.worker.on('exit', () => (entry.ended = true));
    entry.worker.unref();
    return entry;
  });
  (globalThis as Holder)[PRESTARTED] = waiting;
  return n;
}

/** Takes up to `n` prestarted threads that are still running (kept alive from now on; the caller
 *  listens to them from now on); the rest are stopped. */
export function takePrestartedThreads(n: number): Worker[] {
  const holder = globalThis as Holder;
  const waiting = holder[PRESTARTED] ?? [];
  delete holder[PRESTARTED];
  const taken: Worker[] = [];
  for (const { worker, ended } of waiting) {
    if (ended) continue;
    if (taken.length < n) {
      worker.ref();
      taken.push(worker);
    } else {
      void worker.terminate();
    }
  }
  return taken;
}
