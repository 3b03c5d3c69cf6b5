// A parser thread. Without aggregate settings: blocks of lines in, record columns out. With them
// (baseline, check, cost --by): blocks in, counts out; the records are deduplicated here against the
// request-id set the threads share (in read order, by taking turns: request-ids.ts) and aggregated
// here; the accumulators go to the main thread at the end. Blocks arrive as slots of the shared
// block pool (block-pool.ts) or as bytes of their own.
import { parentPort, workerData } from 'node:worker_threads';
import { SharedRequestIds } from '../ingest/request-ids.js';
import { createBlockParser, type ParseSettings } from './parse-block.js';
import type { RecordColumns } from './record-columns.js';
import { stateTransfer, ThreadAggregator, type AggregateSettings } from './thread-aggregation.js';

export interface ThreadSettings {
  parse: ParseSettings;
  aggregate: AggregateSettings | null;
  /** The block pool's slots (block-pool.ts), shared once so blocks cross as slot numbers. */
  slots: SharedArrayBuffer[];
}

/** A block to parse: `length` bytes of a pool slot, or bytes of its own (transferred). */
export type BlockRef = { bytes: null; slot: number; length: number } | { bytes: Uint8Array };

/** With aggregate settings, `id` is also the block's place in read order (its turn for dedup). */
export type ToThread =
  | { type: 'parse'; id: number; block: BlockRef }
  | { type: 'finish'; id: number };

const settings = workerData as ThreadSettings;
const parser = createBlockParser(settings.parse);
const slots = settings.slots.map((s) => new Uint8Array(s));
const bytesOf = (block: BlockRef): Uint8Array => (block.bytes !== null ? block.bytes : slots[block.slot].subarray(0, block.length));
const aggregator = settings.aggregate === null ? null : new ThreadAggregator(settings.parse.tz, settings.aggregate);
const seenIds = settings.aggregate?.dedup ? SharedRequestIds.attach(settings.aggregate.dedup) : null;
/** Parsed blocks waiting for their turn to be deduplicated, in read order: as columns, not objects,
 *  so nothing the garbage collector must trace survives between messages. */
const waiting: Array<{ seq: number; columns: RecordColumns }> = [];
let duplicate = new Uint8Array(0);
let duplicates = 0;
/** Whether a wake-up is armed for when the turn moves on. */
let armed = false;

/** Dedups and aggregates the waiting blocks whose turn has come; arms a wake-up for the rest. */
function advance(): void {
  while (waiting.length > 0 && (seenIds === null || seenIds.isTurn(waiting[0].seq))) {
    const { seq, columns } = waiting.shift()!;
    let dup: Uint8Array | null = null;
    if (seenIds !== null) {
      if (duplicate.length < columns.count) duplicate = new Uint8Array(columns.count * 2);
      const n = seenIds.rule(columns.ids, columns.count, seq, duplicate);
      duplicates += n;
      if (n > 0) dup = duplicate;
    }
    aggregator!.addColumns(columns, dup);
    parser.recycle(columns);
  }
  if (waiting.length > 0 && !armed) {
    const moved = seenIds!.turnMoved(waiting[0].seq);
    if (moved === null) return advance();
    armed = true;
    void moved.then(() => {
      armed = false;
      advance();
    });
  }
}

function handle(message: ToThread): void {
  if (message.type === 'parse' && aggregator === null) {
    // Copied, not transferred: for arrays this small (tens of KB) a copy measured cheaper here than
    // a transfer (~0.9 ms a block for transferring four buffers, docs/performance.md).
    const result = parser.parse(bytesOf(message.block));
    parentPort!.postMessage({ id: message.id, result });
    parser.recycle(result.columns);
  } else if (message.type === 'parse') {
    const { columns, ...counts } = parser.parse(bytesOf(message.block));
    // The counts go to the main thread at once (its slot is free again); the records stay here.
    parentPort!.postMessage({ id: message.id, result: { ...counts, columns: null }, records: columns.count, shapes: columns.shapes });
    waiting.push({ seq: message.id, columns });
    advance();
  } else {
    // Every block has been handed out: the other threads' turns come without this one's help.
    while (waiting.length > 0) {
      seenIds!.waitForTurn(waiting[0].seq);
      advance();
    }
    const state = aggregator!.state(duplicates);
    parentPort!.postMessage({ id: message.id, state }, stateTransfer(state));
  }
}

parentPort!.on('message', (message: ToThread) => {
  try {
    handle(message);
  } catch (err) {
    parentPort!.postMessage({ id: message.id, error: String((err as Error)?.stack ?? err) });
  }
});
