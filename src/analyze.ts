// The pipeline on one screen: read → parse and normalise → dedup → window → price → aggregate.
// Every line read lands in exactly one counter: lines = records + blank + malformed, and
// records = duplicate + out_of_window + the records aggregated.
import { readLines } from './ingest/lines.js';
import { parseLine } from './ingest/parse-line.js';
import { RequestIdSet } from './ingest/request-ids.js';
import { sourceName, type Source } from './ingest/sources.js';
import { costOf } from './pricing/price.js';
import type { PriceTable } from './pricing/price-table.js';
import type { PricedRecord } from './types.js';
import type { Calendar } from './window/calendar.js';
import { inWindow, type TimeWindow } from './window/window.js';

/** Where priced records go: a report's grouping of accumulators. */
export interface Aggregator {
  add(record: PricedRecord): void;
}

export interface SkippedLine {
  at: string;
  reason: string;
}

/** How many skipped-line examples are kept for stderr and the JSON. */
export const MAX_SKIPPED_EXAMPLES = 20;

export interface InputTally {
  files: number;
  lines: number;
  /** Lines that yielded a record, before dedup and the window. */
  records: number;
  blank: number;
  malformed: number;
  duplicate: number;
  outOfWindow: number;
  /** Among the records used. */
  noTimestamp: number;
  unpricedRecords: number;
  unpricedModels: Set<string>;
  skippedExamples: SkippedLine[];
  /** Sources that failed while being read (unreadable file, corrupt gzip): `name: reason`. */
  sourceErrors: string[];
}

export interface AnalyzeOptions {
  calendar: Calendar;
  window: TimeWindow;
  prices: PriceTable;
  dedup: boolean;
}

export function emptyTally(): InputTally {
  return {
    files: 0, lines: 0, records: 0, blank: 0, malformed: 0, duplicate: 0, outOfWindow: 0,
    noTimestamp: 0, unpricedRecords: 0, unpricedModels: new Set(), skippedExamples: [], sourceErrors: [],
  };
}

function describeReadError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'Z_BUF_ERROR' || e.code === 'Z_DATA_ERROR') return `gzip data is truncated or corrupt (${e.message})`;
  return e.code ? `${e.code}: ${e.message}` : String(e?.message ?? err);
}

export async function analyze(sources: readonly Source[], options: AnalyzeOptions, aggregator: Aggregator): Promise<InputTally> {
  const { calendar, window, prices } = options;
  const tally = emptyTally();
  const seenIds = options.dedup ? new RequestIdSet() : null;

  for (const source of sources) {
    const name = sourceName(source);
    let linesBefore = tally.lines;
    try {
      for await (const batch of readLines(source)) {
        for (let i = 0; i < batch.lines.length; i++) {
          tally.lines++;
          const parsed = parseLine(batch.lines[i], calendar);
          if (!parsed.ok) {
            if (parsed.blank) {
              tally.blank++;
            } else {
              tally.malformed++;
              if (tally.skippedExamples.length < MAX_SKIPPED_EXAMPLES) {
                tally.skippedExamples.push({ at: `${name}:${batch.firstLine + i}`, reason: parsed.reason });
              }
            }
            continue;
          }
          tally.records++;
          const record = parsed.record as PricedRecord;
          if (seenIds !== null && record.requestId !== null && !seenIds.add(record.requestId)) {
            tally.duplicate++;
            continue;
          }
          if (!inWindow(window, record.timestampMs)) {
            tally.outOfWindow++;
            continue;
          }
          if (record.timestampMs === null) tally.noTimestamp++;
          const price = prices.resolve(record.model);
          if (price === null) {
            record.costUsd = null;
            tally.unpricedRecords++;
            tally.unpricedModels.add(record.model);
          } else {
            record.costUsd = costOf(record, price);
          }
          aggregator.add(record);
        }
      }
      tally.files++;
    } catch (err) {
      // A file that yielded lines before failing still counts as read; its lines stay counted.
      if (tally.lines > linesBefore) tally.files++;
      tally.sourceErrors.push(`${name}: ${describeReadError(err)}`);
    }
    linesBefore = tally.lines;
  }
  return tally;
}
