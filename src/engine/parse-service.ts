// Where blocks get parsed: in this thread (small inputs, where starting threads costs more than it
// saves) or spread round-robin over parser threads. Results come back as promises; the caller
// consumes them in block order, so line numbers stay exact, and so does "first wins" dedup: in the
// caller's order for records that come back, in the blocks' `seq` order for records that the
// aggregating threads keep and dedup among themselves.
import type { Worker } from 'node:worker_threads';
import { createBlockParser, type BlockResult, type ParseSettings, type RecordSink } from './parse-block.js';
import type { BlockRef, ThreadSettings, ToThread } from './parser-thread.js';
import type { AggregateSettings, ThreadState } from './thread-aggregation.js';
import { TURNS_ABANDONED } from '../ingest/request-ids.js';
import { spawnParserThread, takePrestartedThreads } from './thread-start.js';
import { trace } from '../trace.js';

export interface ParseService {
  /** `slot`: the block's slot in the pool the service was made with, or -1 for bytes of its own. */
  parse(bytes: Uint8Array, slot: number): Promise<BlockResult>;
  close(): Promise<void>;
}

/** Parses in this thread, handing each record to `sink` as it is read (in read order). */
export function localParseService(settings: ParseSettings, sink: RecordSink): ParseService {
  const parser = createBlockParser(settings);
  return {
    parse: async (bytes) => parser.parse(bytes, sink),
    close: async () => undefined,
  };
}

/** Parser threads and the promises of their answers, by message id. */
class ThreadPool {
  private readonly pending = new Map<number, { worker: number; resolve: (m: unknown) => void; reject: (e: Error) => void }>();
  /** Why a thread can answer no more (it exited), by worker. */
  private readonly gone: Array<Error | null>;
  private nextId = 0;
  readonly workers: Worker[];

  constructor(settings: ThreadSettings, threads: number) {
    this.gone = Array.from({ length: threads }, () => null);
    // Threads started early (thread-start.ts) get their settings as their first message.
    const early = takePrestartedThreads(threads);
    if (early.length > 0) trace(`${early.length} parser threads taken over from the early start`);
    this.workers = Array.from({ length: threads }, (_, w) => {
      const worker = early[w] ?? spawnParserThread(settings);
      if (w < early.length) worker.postMessage({ type: 'init', settings } satisfies ToThread);
      worker.on('message', (m: { id: number; error?: string; stack?: string }) => {
        const p = this.pending.get(m.id);
        if (p === undefined) return; // no one asks any more (a run that failed is being closed)
        this.pending.delete(m.id);
        if (m.error === undefined) {
          p.resolve(m);
        } else {
          // The thread's message as the error's (one line); its stack for LLMOPS_DEBUG=1.
          const err = new Error(`parser thread failed: ${m.error}`);
          if (m.stack !== undefined) err.stack = m.stack;
          p.reject(err);
        }
      });
      // A thread that dies (an uncaught error, out of memory) answers nothing more: fail what it owes.
      worker.on('error', (err) => this.fail(w, err));
      worker.on('exit', (code) => this.fail(w, new Error(`parser thread exited (code ${code})`)));
      return worker;
    });
  }

  private fail(w: number, err: Error): void {
    this.gone[w] ??= err;
    for (const [id, p] of this.pending) {
      if (p.worker !== w) continue;
      this.pending.delete(id);
      p.reject(err);
    }
  }

  /** Sends a message to worker `w` (round-robin by id when omitted); resolves with its answer. */
  ask<T>(message: { type: ToThread['type']; id?: number; [field: string]: unknown }, transfer: ArrayBuffer[], w?: number): Promise<T> {
    const id = message.id ?? this.nextId++;
    const worker = w ?? id % this.workers.length;
    const gone = this.gone[worker];
    if (gone !== null) return Promise.reject(gone);
    const answer = new Promise<T>((resolve, reject) => this.pending.set(id, { worker, resolve: resolve as (m: unknown) => void, reject }));
    this.workers[worker].postMessage({ ...message, id }, transfer);
    return answer;
  }

  async close(): Promise<void> {
    for (let w = 0; w < this.gone.length; w++) this.gone[w] ??= new Error('parser threads closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** A block as a message: its slot, or its own bytes (transferred, not copied). */
function blockMessage(bytes: Uint8Array, slot: number): { block: BlockRef; transfer: ArrayBuffer[] } {
  return slot === -1
    ? { block: { bytes }, transfer: [bytes.buffer as ArrayBuffer] }
    : { block: { bytes: null, slot, length: bytes.byteLength }, transfer: [] };
}

export function threadParseService(settings: ParseSettings, threads: number, slots: SharedArrayBuffer[]): ParseService {
  const pool = new ThreadPool({ parse: settings, aggregate: null, slots }, threads);
  return {
    parse(bytes: Uint8Array, slot: number): Promise<BlockResult> {
      const { block, transfer } = blockMessage(bytes, slot);
      return pool.ask<{ result: BlockResult }>({ type: 'parse', seq: -1, block }, transfer).then((m) => m.result);
    },
    close: () => pool.close(),
  };
}

/** A parsed block whose records stay in their thread, to be deduplicated and aggregated there. */
export interface ParsedBlock {
  result: BlockResult;
  records: number;
  /** Records by shape, indexed like SHAPES. */
  shapes: number[];
}

export interface AggregatingService {
  /** Blocks must be given in read order: that order is the order of dedup. */
  parse(bytes: Uint8Array, slot: number): Promise<ParsedBlock>;
  /** Every thread's state, once every block is parsed. */
  finish(): Promise<ThreadState[]>;
  close(): Promise<void>;
}

export function threadAggregatingService(settings: ParseSettings, aggregate: AggregateSettings, threads: number, slots: SharedArrayBuffer[]): AggregatingService {
  const pool = new ThreadPool({ parse: settings, aggregate, slots }, threads);
  /** The next block's place in read order: its turn for dedup (every number from 0 must be given out). */
  let seq = 0;
  return {
    parse(bytes: Uint8Array, slot: number): Promise<ParsedBlock> {
      const { block, transfer } = blockMessage(bytes, slot);
      return pool.ask<ParsedBlock>({ type: 'parse', seq: seq++, block }, transfer);
    },
    async finish(): Promise<ThreadState[]> {
      // Ids for these come after every block's, so they never meet a pending parse.
      const asks = pool.workers.map((_, w) => pool.ask<{ state: ThreadState }>({ type: 'finish', id: 2 ** 40 + w }, [], w));
      const answers = await Promise.allSettled(asks);
      const failed = answers.flatMap((a) => (a.status === 'rejected' ? [a.reason as Error] : []));
      // One thread's failure stops the others' turns: report the cause, not the threads it stopped.
      if (failed.length > 0) throw failed.find((e) => !String(e?.message).includes(TURNS_ABANDONED)) ?? failed[0];
      return answers.map((a) => (a as PromiseFulfilledResult<{ state: ThreadState }>).value.state);
    },
    close: () => pool.close(),
  };
}

/** Inputs smaller than this take the general path (JSON.parse) only: the byte-level fast path
 *  saves ~0.4 µs a line once the JIT has compiled it, which costs ~20 ms first; below ~25k lines
 *  that does not pay off (measured on the bundled sample and cuts of the 1M set). */
export const FAST_PATH_MIN_BYTES = 8 * 2 ** 20;

/**
 * Whether to use the fast path: with parser threads, for input of unknown size (stdin, pipes), and
 * from FAST_PATH_MIN_BYTES. LLMOPS_FAST_PATH=0 or 1 decides instead (both paths give the same
 * records; tests run both).
 */
export function useFastPath(inputBytes: number, unknownSize: boolean, threads: number, env: NodeJS.ProcessEnv = process.env): boolean {
  const forced = env.LLMOPS_FAST_PATH;
  if (forced === '0' || forced === '1') return forced === '1';
  return threads > 0 || unknownSize || inputBytes >= FAST_PATH_MIN_BYTES;
}

