// A parser thread. Without aggregate settings: blocks of lines in, record columns out. With them
// (baseline, check): blocks in, request-id fingerprints out; the records wait here for the main
// thread's verdict on duplicates, then are aggregated here; the accumulators go to the main thread at
// the end. Blocks arrive as slots of the shared block pool (block-pool.ts) or as bytes of their own.
import { parentPort, workerData } from 'node:worker_threads';
import { createBlockParser, type ParseSettings } from './parse-block.js';
import { emptyRow, readRecord, shapeCounts, type RecordColumns } from './record-columns.js';
import { stateTransfer, ThreadAggregator, type AggregateSettings } from './thread-aggregation.js';

export interface ThreadSettings {
  parse: ParseSettings;
  aggregate: AggregateSettings | null;
  /** The block pool's slots (block-pool.ts), shared once so blocks cross as slot numbers. */
  slots: SharedArrayBuffer[];
}

/** A block to parse: `length` bytes of a pool slot, or bytes of its own (transferred). */
export type BlockRef = { bytes: null; slot: number; length: number } | { bytes: Uint8Array };

export type ToThread =
  | { type: 'parse'; id: number; block: BlockRef }
  | { type: 'verdict'; id: number; duplicate: Uint8Array | null }
  | { type: 'finish'; id: number };

const settings = workerData as ThreadSettings;
const parser = createBlockParser(settings.parse);
const slots = settings.slots.map((s) => new Uint8Array(s));
const bytesOf = (block: BlockRef): Uint8Array => (block.bytes !== null ? block.bytes : slots[block.slot].subarray(0, block.length));
const aggregator = settings.aggregate === null ? null : new ThreadAggregator(settings.parse.tz, settings.aggregate);
/** Records of parsed blocks, waiting for the verdict on duplicates: as columns, not objects, so
 *  nothing the garbage collector must trace survives between messages. */
const waiting = new Map<number, RecordColumns>();
const row = emptyRow();

function handle(message: ToThread): void {
  if (message.type === 'parse' && aggregator === null) {
    // Copied, not transferred: for arrays this small (tens of KB) a copy measured cheaper here than
    // a transfer (~0.9 ms a block for transferring four buffers, docs/performance.md).
    const result = parser.parse(bytesOf(message.block));
    parentPort!.postMessage({ id: message.id, result });
    parser.recycle(result.columns);
  } else if (message.type === 'parse') {
    const { columns, ...counts } = parser.parse(bytesOf(message.block));
    waiting.set(message.id, columns);
    // The fingerprints go to the main thread (copied: cheaper than a transfer); the rest waits here.
    parentPort!.postMessage({ id: message.id, result: { ...counts, columns: null }, ids: columns.ids, shapes: shapeCounts(columns) });
  } else if (message.type === 'verdict') {
    const columns = waiting.get(message.id)!;
    waiting.delete(message.id);
    const dup = message.duplicate;
    for (let i = 0; i < columns.count; i++) {
      if (dup !== null && dup[i] !== 0) continue;
      readRecord(columns, i, row);
      aggregator!.add(row);
    }
    parser.recycle(columns);
  } else {
    const state = aggregator!.state();
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
