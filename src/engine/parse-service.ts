// Where blocks get parsed: in this thread (small inputs, where starting threads costs more than it
// saves) or spread round-robin over parser threads. Results come back as promises; the caller
// consumes them in block order, so "first wins" dedup and line numbers stay exact.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { UsageRecord } from '../types.js';
import { createBlockParser, type BlockResult, type ParseSettings } from './parse-block.js';

export interface ParseService {
  parse(bytes: Uint8Array): Promise<BlockResult>;
  close(): Promise<void>;
}

/** Parses in this thread, handing each record to `sink` as it is read (in read order). */
export function localParseService(settings: ParseSettings, sink: (record: UsageRecord) => void): ParseService {
  const parser = createBlockParser(settings);
  return {
    parse: async (bytes) => parser.parse(bytes, sink),
    close: async () => undefined,
  };
}

interface Pending {
  resolve: (r: BlockResult) => void;
  reject: (e: Error) => void;
}

const YOUNG_GENERATION_MB = 8;

export function threadParseService(settings: ParseSettings, threads: number): ParseService {
  const pending = new Map<number, Pending>();
  let nextId = 0;
  const workers = Array.from({ length: threads }, () => {
    // A parser's garbage is short-lived (one block's strings and objects): a small young generation
    // keeps each thread's memory near its working set instead of letting it grow to V8's default.
    const worker = new Worker(new URL('./parser-thread.js', import.meta.url), {
      workerData: settings,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    worker.on('message', (m: { id: number; result?: BlockResult; error?: string }) => {
      const p = pending.get(m.id)!;
      pending.delete(m.id);
      if (m.result) p.resolve(m.result);
      else p.reject(new Error(`parser thread failed: ${m.error}`));
    });
    worker.on('error', (err) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    return worker;
  });
  return {
    parse(bytes: Uint8Array): Promise<BlockResult> {
      const id = nextId++;
      return new Promise<BlockResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        workers[id % workers.length].postMessage({ id, bytes }, [bytes.buffer as ArrayBuffer]);
      });
    },
    async close(): Promise<void> {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Inputs smaller than this are parsed in the main thread: threads lose on small inputs. */
export const PARALLEL_MIN_BYTES = 24 * 2 ** 20;

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
