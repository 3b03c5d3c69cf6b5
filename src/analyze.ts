// The pipeline on one screen: read blocks of lines → parse and normalise (in parser threads for big
// inputs) → dedup → window → price → aggregate. Parsed blocks are consumed in read order, so
// "first wins" dedup and line numbers are exact however the parsing was spread.
// Every line read lands in exactly one counter: lines = records − extra_records + blank + malformed
// (extra_records is 0 unless a line holds several records), and records = duplicate +
// out_of_window + the records aggregated.
import { BlockPool } from './engine/block-pool.js';
import { estimatedLogBytes, readBlocks } from './engine/blocks.js';
import type { BlockResult, ParseSettings } from './engine/parse-block.js';
import {
  localParseService, threadAggregatingService, threadParseService, useFastPath, type AggregatingService, type ParsedBlock,
} from './engine/parse-service.js';
import { PARALLEL_MIN_BYTES, parserThreads, threadsLater } from './engine/thread-count.js';
import { takePrestartedThreads } from './engine/thread-start.js';
import { emptyRow, hasRequestId, readRecord, SHAPES } from './engine/record-columns.js';
import { FeatureDayBuckets } from './stats/feature-days.js';
import { warmUpSelection } from './stats/sorted-runs.js';
import { GroupedAccumulators } from './stats/groups.js';
import type { Grouping } from './engine/thread-aggregation.js';
import type { FieldMap } from './ingest/field-map.js';
import { MAX_LINE_BYTES } from './ingest/decompress.js';
import { RequestIdSet, SharedRequestIds } from './ingest/request-ids.js';
import { sizeOnDisk, sourceName, type Source } from './ingest/sources.js';
import { mergePricingTally, modelUse, priceInto, pricingTallyFor, type PricingTally } from './pricing/price.js';
import type { PriceTable } from './pricing/price-table.js';
import { SKIP_KINDS, type PricedRecord, type SkipKind, type UsageRecord } from './types.js';
import type { Calendar } from './window/calendar.js';
import { inWindow, type TimeWindow } from './window/window.js';
import { trace } from './trace.js';

/** Where priced records go: a report's grouping of accumulators. */
export interface Aggregator {
  add(record: PricedRecord): void;
}

export interface SkippedLine {
  at: string;
  kind: SkipKind;
  reason: string;
}

/** How many skipped-line examples are kept for stderr and the JSON. */
export const MAX_SKIPPED_EXAMPLES = 20;

export interface InputTally {
  files: number;
  lines: number;
  /** Records read, before dedup and the window: one per line, except that a line holding several
   *  (an OTLP export with many spans) adds its extra ones to `extraRecords` too. */
  records: number;
  extraRecords: number;
  blank: number;
  malformed: number;
  malformedByKind: Record<SkipKind, number>;
  /** Records by the log shape they were read from. */
  shapes: Record<UsageRecord['shape'], number>;
  duplicate: number;
  outOfWindow: number;
  /** Among the records used. */
  noTimestamp: number;
  unpricedRecords: number;
  unpricedModels: Set<string>;
  /** What pricing assumed and how it resolved each model id (cost mode, cache TTLs, loose ids, …). */
  pricing: PricingTally;
  skippedExamples: SkippedLine[];
  /** Sources that failed while being read (unreadable file, corrupt gzip): `name: reason`. */
  sourceErrors: string[];
}

export interface AnalyzeOptions {
  calendar: Calendar;
  window: TimeWindow;
  prices: PriceTable;
  dedup: boolean;
  fieldMap?: FieldMap | null;
  featureAttr?: string | null;
  /** `--by` fields beyond the built-in dimensions (their values travel with each record). */
  customFields?: string[];
  /** Parser threads; 0 parses in this thread. Default: decided from the input's size. */
  threads?: number;
  /** Told how far reading has got, for a progress bar: bytes of input done (of `total`) and records read. */
  onProgress?: (progress: { done: number; total: number; records: number }) => void;
}

/** What is waiting to be consumed, in read order. */
type InFlight =
  | { kind: 'block'; source: number; size: number; slot: number; result: Promise<BlockResult | ParsedBlock> }
  | { kind: 'oversized'; source: number }
  | { kind: 'end'; source: number; error: unknown };

export function emptyTally(prices?: PriceTable): InputTally {
  return {
    files: 0, lines: 0, records: 0, extraRecords: 0, blank: 0, malformed: 0, duplicate: 0, outOfWindow: 0,
    malformedByKind: Object.fromEntries(SKIP_KINDS.map((k) => [k, 0])) as Record<SkipKind, number>,
    shapes: { wrapper: 0, anthropic_response: 0, openai: 0, otlp_span: 0 },
    noTimestamp: 0, unpricedRecords: 0, unpricedModels: new Set(), skippedExamples: [], sourceErrors: [],
    pricing: pricingTallyFor(prices),
  };
}

function describeReadError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'Z_BUF_ERROR' || e.code === 'Z_DATA_ERROR') return `gzip data is truncated or corrupt (${e.message})`;
  return e.code ? `${e.code}: ${e.message}` : String(e?.message ?? err);
}

export async function analyze(sources: readonly Source[], options: AnalyzeOptions, aggregator: Aggregator): Promise<InputTally> {
  const { window, prices } = options;
  const sizes = sources.map(sizeOnDisk);
  const totalBytes = sizes.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0);
  const threads = options.threads ?? parserThreads(estimatedLogBytes(sources, sizes));
  const settings: ParseSettings = {
    tz: options.calendar.tz,
    fieldMap: options.fieldMap ? options.fieldMap.map(({ field, path }) => [field, path.join('.')] as const) : null,
    featureAttr: options.featureAttr ?? null,
    customFields: options.customFields ?? [],
    fastPath: useFastPath(totalBytes, sizes.some((b) => Number.isNaN(b)), threads),
  };
  const tally = emptyTally(prices);
  // Sized for ~300 bytes a record (a wrapper line is ~230-300), so the table seldom grows while reading.
  const expectedIds = Math.min(totalBytes / 300, 1 << 24);
  const seenIds = options.dedup ? new RequestIdSet(expectedIds) : null;

  /** One record; `ids[at]`, `ids[at + 1]` is its request-id fingerprint, or ids is null without one. */
  const use = (record: PricedRecord, ids: Int32Array | null, at: number): void => {
    tally.records++;
    tally.shapes[record.shape]++;
    if (seenIds !== null && ids !== null && !seenIds.addFingerprint(ids[at], ids[at + 1])) {
      tally.duplicate++;
      return;
    }
    if (!inWindow(window, record.timestampMs)) {
      tally.outOfWindow++;
      return;
    }
    if (record.timestampMs === null) tally.noTimestamp++;
    if (!priceInto(record, modelUse(record.model, prices, tally.pricing), prices, tally.pricing)) {
      tally.unpricedRecords++;
      tally.unpricedModels.add(record.model);
    }
    aggregator.add(record);
  };

  // In this thread records go straight to `use`. From parser threads they come back as columns, or,
  // for baseline's feature × day buckets and cost's --by groups, stay there: the threads dedup them
  // against a request-id set they share, taking turns in read order, and aggregate them.
  const inFlight: InFlight[] = [];
  // Input of unknown size (stdin, a pipe) starts in this thread and moves to parser threads once it
  // has turned out big: the blocks read so far are all consumed by then, so the order of dedup holds.
  let later = options.threads === undefined && threads === 0 && sizes.some((b) => Number.isNaN(b)) ? threadsLater() : 0;
  // Threads started early for this run (thread-start.ts) but not wanted after all are stopped.
  if (threads === 0 && later === 0) takePrestartedThreads(0);
  const slotsFor = (n: number): number => Math.max(1, n * 3) + 2;
  let maxInFlight = Math.max(1, threads * 3);
  // Enough slots for every block in flight and the one being read; past that, blocks get their own buffer.
  const blocks = new BlockPool(slotsFor(Math.max(threads, later)));
  // Baseline's feature × day buckets and cost's --by groups are aggregated in the threads themselves.
  const grouping: Grouping | null = aggregator instanceof FeatureDayBuckets ? { kind: 'feature-days', weeks: aggregator.weeks }
    : aggregator instanceof GroupedAccumulators ? { kind: 'groups', dimensions: aggregator.dimensions.map((d) => d.name) }
    : null;
  type Service = { parse(bytes: Uint8Array, slot: number): Promise<BlockResult | ParsedBlock>; close(): Promise<void> };
  let aggregating: AggregatingService | null = null;
  /** A shared id table still to be written, its turns held back; `blocksOut`: blocks handed out
   *  since the threads started. */
  let heldIds: SharedRequestIds | null = null;
  let blocksOut = 0;
  let threadsStarted = 0;
  const openTurns = (): void => {
    heldIds?.prefaultTable();
    heldIds = null;
  };
  const services: Service[] = [];
  const startThreads = (n: number): Service => {
    // Ids read in this thread before (stdin that turned out big) start the shared set.
    const sharedIds = grouping !== null && seenIds !== null ? SharedRequestIds.create(expectedIds, seenIds) : null;
    aggregating = grouping !== null
      ? threadAggregatingService(settings, { window, grouping, priceLayers: prices.layers, pricing: { cacheTtl: prices.cacheTtl, costMode: prices.costMode }, dedup: sharedIds?.handle ?? null }, n, blocks.slots)
      : null;
    // The table is written once the first blocks are out (openTurns), while the threads parse them;
    // until then no thread rules.
    sharedIds?.holdTurns();
    heldIds = sharedIds;
    threadsStarted = n;
    maxInFlight = Math.max(1, n * 3);
    trace(`${n} parser threads started`);
    const started: Service = aggregating ?? threadParseService(settings, n, blocks.slots);
    services.push(started);
    return started;
  };
  let closing: Promise<void> | null = null;
  /** Closes every service, once; a close that fails has nothing left to lose (the answers are in). */
  const closeServices = (): Promise<void> =>
    (closing ??= Promise.all(services.map((s) => s.close())).then(() => undefined, () => undefined));
  let service: Service;
  if (threads > 0) {
    service = startThreads(threads);
    // This thread mostly waits from now on: compile the report's selection code meanwhile.
    if (grouping !== null) setImmediate(warmUpSelection);
  } else {
    service = localParseService(settings, (record, id) => use(record as PricedRecord, id[1] === 0 ? null : id, 0));
    services.push(service);
  }
  let bytesRead = 0;
  const row = emptyRow();
  const linesRead = sources.map(() => 0);
  // Progress in bytes on disk: finished sources count whole; the current one by bytes parsed
  // (for a gzip source that runs ahead of its size on disk, so it is capped).
  let finishedBytes = 0;
  let currentBytes = 0;
  const report = (source: number) =>
    options.onProgress?.({ done: finishedBytes + Math.min(currentBytes, sizes[source] || 0), total: totalBytes, records: tally.records });
  const note = (source: number, line: number, kind: SkipKind, reason: string) => {
    if (tally.skippedExamples.length < MAX_SKIPPED_EXAMPLES) tally.skippedExamples.push({ at: `${sourceName(sources[source])}:${line}`, kind, reason });
  };

  const consume = async (item: InFlight): Promise<void> => {
    if (item.kind === 'block') {
      const answer = await item.result;
      blocks.release(item.slot); // parsed: the slot may take the next block
      const r = 'records' in answer ? answer.result : answer;
      const base = linesRead[item.source];
      tally.lines += r.lines;
      tally.blank += r.blank;
      for (let k = 0; k < SKIP_KINDS.length; k++) {
        tally.malformed += r.malformed[k];
        tally.malformedByKind[SKIP_KINDS[k]] += r.malformed[k];
      }
      for (const e of r.examples) note(item.source, base + e.line + 1, e.kind, e.reason);
      tally.extraRecords += r.extraRecords;
      linesRead[item.source] += r.lines;
      if ('records' in answer) {
        // Deduplicated and aggregated in its thread; only the counts come here.
        tally.records += answer.records;
        SHAPES.forEach((shape, k) => (tally.shapes[shape] += answer.shapes[k]));
      } else {
        const columns = r.columns;
        for (let i = 0; i < columns.count; i++) {
          readRecord(columns, i, row);
          use(row, hasRequestId(columns, i) ? columns.ids : null, i * 2);
        }
      }
      currentBytes += item.size;
      report(item.source);
    } else if (item.kind === 'oversized') {
      tally.lines++;
      tally.malformed++;
      tally.malformedByKind.too_long++;
      linesRead[item.source]++;
      note(item.source, linesRead[item.source], 'too_long', `line longer than ${MAX_LINE_BYTES / 2 ** 20} MiB`);
    } else {
      // A source that failed part-way still counts as read when it yielded lines; they stay counted.
      if (item.error === null || linesRead[item.source] > 0) tally.files++;
      if (item.error !== null) tally.sourceErrors.push(`${sourceName(sources[item.source])}: ${describeReadError(item.error)}`);
      finishedBytes += sizes[item.source] || 0;
      currentBytes = 0;
      report(item.source);
    }
  };

  try {
    for await (const event of readBlocks(sources, sizes, {}, blocks)) {
      if (event.kind === 'block') {
        bytesRead += event.bytes.byteLength;
        if (later > 0 && bytesRead >= PARALLEL_MIN_BYTES) {
          // Big after all: the rest goes to parser threads once what this thread parsed is consumed.
          while (inFlight.length > 0) await consume(inFlight.shift()!);
          service = startThreads(later);
          later = 0;
        }
        // Size and slot are taken before the buffer is handed to a parser thread, which may detach it.
        const slot = blocks.slotOf(event.bytes);
        const result = service.parse(event.bytes, slot);
        // Consumed in order later; should it fail before then (a parser thread gone), the failure is
        // taken up by the block consumed first, not reported as unhandled by Node meanwhile.
        result.catch(() => undefined);
        inFlight.push({ kind: 'block', source: event.source, size: event.bytes.byteLength, slot, result });
        // Every thread has its first block: write the id table while they parse.
        if (heldIds !== null && ++blocksOut >= threadsStarted) openTurns();
      } else {
        inFlight.push(event);
      }
      while (inFlight.length > maxInFlight) await consume(inFlight.shift()!);
    }
    openTurns();
    while (inFlight.length > 0) await consume(inFlight.shift()!);
    const threaded = aggregating as AggregatingService | null;
    if (threaded !== null) {
      const states = await threaded.finish();
      // Everything is handed over: the threads wind down (~7 ms at 1M records) while this one
      // merges and builds the report, instead of before.
      void closeServices();
      for (const state of states) {
        const a = state.aggregate;
        if (a.kind === 'feature-days') (aggregator as FeatureDayBuckets).absorb(a.data);
        else (aggregator as GroupedAccumulators).absorb(a.data);
        const side = state.side;
        tally.duplicate += side.duplicate;
        tally.outOfWindow += side.outOfWindow;
        tally.noTimestamp += side.noTimestamp;
        tally.unpricedRecords += side.unpricedRecords;
        for (const m of side.unpricedModels) tally.unpricedModels.add(m);
        mergePricingTally(tally.pricing, side.pricing);
      }
    }
  } catch (err) {
    await closeServices();
    throw err;
  }
  void closeServices();
  return tally;
}
