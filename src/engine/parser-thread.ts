// A parser thread. Without aggregate settings: blocks of lines in, record columns out. With them
// (baseline, check, cost --by): blocks in, counts out; the records are deduplicated here against the
// request-id set the threads share (in read order, by taking turns: request-ids.ts) and aggregated
// here; the accumulators go to the main thread at the end. Blocks arrive as slots of the shared
// block pool (block-pool.ts) or as bytes of their own.
import { parentPort, workerData } from 'node:worker_threads';
import { SharedRequestIds } from '../ingest/request-ids.js';
import { createBlockParser, type BlockParser, type ParseSettings } from './parse-block.js';
import type { RecordColumns } from './record-columns.js';
import { stateTransfer, ThreadAggregator, type AggregateSettings, type ThreadState } from './thread-aggregation.js';
import { THREAD_FINISHED } from './thread-start.js';
import { warmUpThread } from './thread-warm-up.js';

export interface ThreadSettings {
  parse: ParseSettings;
  aggregate: AggregateSettings | null;
  /** The block pool's slots (block-pool.ts), shared once so blocks cross as slot numbers. */
  slots: SharedArrayBuffer[];
}

/** A block to parse: `length` bytes of a pool slot, or bytes of its own (transferred). */
export type BlockRef = { bytes: null; slot: number; length: number } | { bytes: Uint8Array };

/** `seq`: with aggregate settings, the block's place in read order, counting from 0 (its turn for dedup).
 *  `init` comes first to a thread started before its settings were known (thread-start.ts). */
export type ToThread =
  | { type: 'init'; settings: ThreadSettings }
  | { type: 'parse'; id: number; seq: number; block: BlockRef }
  | { type: 'finish'; id: number };

/** With aggregate settings: dedups and aggregates parsed blocks here, in read order. */
class BlockAggregation {
  private readonly aggregator: ThreadAggregator;
  private readonly parser: BlockParser;
  private readonly seenIds: SharedRequestIds | null;
  /** Parsed blocks waiting for their turn to be deduplicated, in read order: as columns, not
   *  objects, so nothing the garbage collector must trace survives between messages. */
  private readonly waiting: Array<{ seq: number; columns: RecordColumns }> = [];
  private duplicate = new Uint8Array(0);
  private duplicates = 0;
  /** Whether a wake-up is armed for when the turn moves on. */
  private armed = false;
  /** The first error met while ruling or aggregating, reported with the answer to `finish` (the
   *  blocks' own answers have gone out by then). */
  private failure: unknown = null;

  constructor(tz: string, aggregate: AggregateSettings, parser: BlockParser) {
    this.parser = parser;
    this.aggregator = new ThreadAggregator(tz, aggregate);
    this.seenIds = aggregate.dedup === null ? null : SharedRequestIds.attach(aggregate.dedup);
  }

  /** A parsed block, to be deduplicated and aggregated in its turn. */
  add(seq: number, columns: RecordColumns): void {
    this.waiting.push({ seq, columns });
    this.advance();
  }

  /** Every block has been handed out: waits for the other threads' turns (they come without this
   *  one's help), finishes the waiting blocks and gives the state, or throws the failure met. */
  finish(): ThreadState {
    while (this.waiting.length > 0 && this.failure === null) {
      this.guard(() => this.seenIds!.waitForTurn(this.waiting[0].seq));
      this.advance();
    }
    if (this.failure !== null) throw this.failure;
    return this.aggregator.state(this.duplicates);
  }

  /** Dedups and aggregates the waiting blocks whose turn has come; arms a wake-up for the rest. */
  private advance(): void {
    this.guard(() => {
      const ids = this.seenIds;
      while (this.waiting.length > 0 && (ids === null || ids.isTurn(this.waiting[0].seq))) {
        const { seq, columns } = this.waiting.shift()!;
        let dup: Uint8Array | null = null;
        if (ids !== null) {
          if (this.duplicate.length < columns.count) this.duplicate = new Uint8Array(columns.count * 2);
          const n = ids.rule(columns.ids, columns.count, seq, this.duplicate);
          this.duplicates += n;
          if (n > 0) dup = this.duplicate;
        }
        this.aggregator.addColumns(columns, dup);
        this.parser.recycle(columns);
      }
      if (this.waiting.length > 0 && !this.armed) {
        const moved = ids!.turnMoved(this.waiting[0].seq);
        if (moved === null) return this.advance();
        this.armed = true;
        void moved.then(() => {
          this.armed = false;
          this.advance();
        });
      }
    });
  }

  /** Runs `work`; an error is kept for `finish`, and the turns are stopped so that no other thread
   *  waits for this one for ever. */
  private guard(work: () => void): void {
    if (this.failure !== null) return;
    try {
      work();
    } catch (err) {
      this.failure = err;
      this.seenIds?.abandon();
    }
  }
}

/** What a thread works with, made from its settings. */
interface Thread {
  parser: BlockParser;
  bytesOf(block: BlockRef): Uint8Array;
  aggregation: BlockAggregation | null;
}

function startThread(settings: ThreadSettings): Thread {
  warmUpThread(settings);
  const parser = createBlockParser(settings.parse);
  const slots = settings.slots.map((s) => new Uint8Array(s));
  return {
    parser,
    bytesOf: (block) => (block.bytes !== null ? block.bytes : slots[block.slot].subarray(0, block.length)),
    aggregation: settings.aggregate === null ? null : new BlockAggregation(settings.parse.tz, settings.aggregate, parser),
  };
}

let thread: Thread | null = workerData === null ? null : startThread(workerData as ThreadSettings);

function handle(message: Exclude<ToThread, { type: 'init' }>): void {
  if (thread === null) throw new Error('no settings were given to this thread');
  const { parser, bytesOf, aggregation } = thread;
  if (aggregation === null) {
    if (message.type !== 'parse') return;
    // Copied, not transferred: for arrays this small (tens of KB) a copy measured cheaper here than
    // a transfer (~0.9 ms a block for transferring four buffers, docs/performance.md).
    const result = parser.parse(bytesOf(message.block));
    parentPort!.postMessage({ id: message.id, result });
    parser.recycle(result.columns);
  } else if (message.type === 'parse') {
    const { columns, ...counts } = parser.parse(bytesOf(message.block));
    // The counts go to the main thread at once (its slot is free again); the records stay here.
    parentPort!.postMessage({ id: message.id, result: { ...counts, columns: null }, records: columns.count, shapes: columns.shapes });
    aggregation.add(message.seq, columns);
  } else {
    const state = aggregation.finish();
    (globalThis as Record<symbol, (() => void) | undefined>)[THREAD_FINISHED]?.();
    parentPort!.postMessage({ id: message.id, state }, stateTransfer(state));
  }
}

/** An error as a message to the main thread: its text, and its stack apart (for LLMOPS_DEBUG=1). */
function failure(err: unknown): { error: string; stack: string | undefined } {
  const e = err as Error;
  return { error: String(e?.message ?? err), stack: typeof e?.stack === 'string' ? e.stack : undefined };
}

/** Why the settings of an `init` could not be used: every later message is answered with it. */
let initFailure: ReturnType<typeof failure> | null = null;

parentPort!.on('message', (message: ToThread) => {
  if (message.type === 'init') {
    try {
      thread = startThread(message.settings);
    } catch (err) {
      initFailure = failure(err);
    }
    return;
  }
  if (initFailure !== null) {
    parentPort!.postMessage({ id: message.id, ...initFailure });
    return;
  }
  try {
    handle(message);
  } catch (err) {
    parentPort!.postMessage({ id: message.id, ...failure(err) });
  }
});
