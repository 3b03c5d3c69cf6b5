// How many parser threads a run uses: none for small inputs, up to two for big ones. Its own
// module (no pipeline imports), so the early start of threads (thread-start.ts) can use the same rule.
import { availableParallelism } from 'node:os';

/** Inputs smaller than this are parsed in the main thread: threads lose on small inputs (their
 *  start and JIT warm-up, ~40 ms each, and the messages). Measured with the fast path, baseline,
 *  medians of 5: 30 MB 317 ms in one thread vs 381 ms with two; 60 MB 479 vs 474; 100 MB 601 vs 564;
 *  281 MB 1.36 s vs 0.92 s. */
export const PARALLEL_MIN_BYTES = 64 * 2 ** 20;

/** Parser threads to move to when input of unknown size (stdin, a pipe) turns out big: as for a big
 *  file, unless LLMOPS_THREADS decides (then it was decided at the start). */
export function threadsLater(env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.LLMOPS_THREADS;
  if (forced !== undefined && forced !== '' && /^\d+$/.test(forced)) return 0;
  return parserThreads(Infinity, env);
}

/**
 * How many parser threads to use: none below PARALLEL_MIN_BYTES (or with one core), else up to two.
 * LLMOPS_THREADS=N overrides (0 = in this thread), for measurement and tests.
 */
export function parserThreads(inputBytes: number, env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.LLMOPS_THREADS;
  if (forced !== undefined && forced !== '' && /^\d+$/.test(forced)) return Math.min(Number(forced), 8);
  const cores = availableParallelism();
  if (cores < 2 || inputBytes < PARALLEL_MIN_BYTES) return 0;
  return Math.min(cores, 2);
}
