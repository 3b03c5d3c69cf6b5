// One block of whole lines → counts of blank and skipped lines, the first skipped examples, and
// the records as columns. Runs in a parser thread or, for small inputs, in the main thread: the
// same code either way, so both give the same answers.
import { parseFieldMap } from '../ingest/field-map.js';
import { parseLine, type ParseOptions } from '../ingest/parse-line.js';
import { fingerprint } from '../ingest/request-ids.js';
import { ScannedRecord, toUsageRecord } from '../ingest/scanned-record.js';
import { WrapperScanner } from '../ingest/wrapper-scan.js';
import { SKIP_KINDS, type SkipKind, type UsageRecord } from '../types.js';
import { Calendar } from '../window/calendar.js';
import { emptyRow, RecordColumnsBuilder, type RecordColumns } from './record-columns.js';

/** What a parser needs to know, as plain data (it crosses to worker threads). */
export interface ParseSettings {
  tz: string;
  fieldMap: ReadonlyArray<readonly [string, string]> | null;
  featureAttr: string | null;
  /** `--by` fields beyond the built-in dimensions: their string values travel with each record. */
  customFields: string[];
  /** Whether flat wrapper lines take the byte-level fast path (wrapper-scan.ts). */
  fastPath: boolean;
}

export interface SkippedExample {
  /** 0-based line offset within the block. */
  line: number;
  kind: SkipKind;
  reason: string;
}

export interface BlockResult {
  lines: number;
  blank: number;
  /** Indexed like SKIP_KINDS. */
  malformed: number[];
  extraRecords: number;
  examples: SkippedExample[];
  columns: RecordColumns;
}

/** A parser bound to its settings: the calendar and field map are built once per thread. */
export interface BlockParser {
  /** With a sink, records go straight to it (same thread: no columns to build and read back);
   *  without one, they come back as columns in the result. */
  parse(bytes: Uint8Array, sink?: RecordSink): BlockResult;
  /** Gives back a result's columns once they are no longer used: their arrays hold the next block's
   *  records (allocating them per block fragmented the threads' malloc arenas by ~15 MB). */
  recycle(columns: RecordColumns): void;
}

/** The result's columns when records went to a sink instead. */
const NO_COLUMNS: RecordColumns = new RecordColumnsBuilder([]).finish();

const KIND_INDEX = new Map(SKIP_KINDS.map((k, i) => [k, i]));
/** Per block; the main thread keeps the first 20 over the whole run. */
const EXAMPLES_PER_BLOCK = 20;
const LF = 0x0a, CR = 0x0d, OPEN_BRACE = 0x7b;

/** Where the line starting at `s` ends: its newline, or the block's end for a last line without one. */
function lineBreak(b: Buffer, s: number): number {
  const nl = b.indexOf(LF, s);
  return nl === -1 ? b.length : nl;
}

/** The end of a line's content: a CR before its newline is dropped. */
function contentEnd(b: Uint8Array, s: number, nl: number): number {
  return nl > s && b[nl - 1] === CR ? nl - 1 : nl;
}

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The lines of a block of whole lines, as text: split on LF, a CR before it dropped. Only a source's
 *  last line may lack its newline, so an empty piece after the final LF is no line. The parser splits
 *  the same way on the bytes (large blocks, by hand: ~0.3 s per 1M lines cheaper than node:readline). */
export function blockLines(bytes: Uint8Array): string[] {
  const b = asBuffer(bytes);
  const lines: string[] = [];
  for (let s = 0; s < b.length;) {
    const nl = lineBreak(b, s);
    lines.push(b.toString('utf8', s, contentEnd(b, s, nl)));
    s = nl + 1;
  }
  return lines;
}

/** Where a parsed record goes in the same thread; `id` is its request-id fingerprint (id[1] = 0: none).
 *  Both are reused for the next record: a sink must not keep them. */
export type RecordSink = (record: UsageRecord, id: Int32Array) => void;

/** `firstRows`: the rows a block's new columns start with, instead of one per 256 bytes of it (at
 *  least 64). The thread warm-up starts them tiny, so that they grow, as a real block's do now and
 *  then (a branch the compiled code has no feedback for otherwise: a deopt at that block). */
export function createBlockParser(settings: ParseSettings, firstRows?: number): BlockParser {
  const calendar = new Calendar(settings.tz);
  const options: ParseOptions = {
    fieldMap: settings.fieldMap === null ? null : parseFieldMap(Object.fromEntries(settings.fieldMap)),
    featureAttr: settings.featureAttr,
  };
  // The byte-level fast path reads flat wrapper lines; with --map or extra --by fields every line
  // takes the general path, which is the one that knows those rules.
  const scanner = settings.fastPath && options.fieldMap === null && settings.customFields.length === 0 ? new WrapperScanner(calendar) : null;
  const row = emptyRow();
  const id = new Int32Array(2);
  const scanned = new ScannedRecord();
  const spare: RecordColumnsBuilder[] = [];
  const builderOf = new WeakMap<RecordColumns, RecordColumnsBuilder>();
  return {
    recycle(columns: RecordColumns): void {
      const builder = builderOf.get(columns);
      if (builder === undefined) return;
      builderOf.delete(columns);
      builder.reset();
      spare.push(builder);
    },
    parse(bytes: Uint8Array, sink?: RecordSink): BlockResult {
      const b = asBuffer(bytes);
      const builder = sink !== undefined ? null : spare.pop() ?? new RecordColumnsBuilder(settings.customFields, firstRows ?? Math.max(64, b.length >> 8));
      const push: RecordSink = sink ?? ((r, fp) => builder!.push(r, fp));
      const malformed = SKIP_KINDS.map(() => 0);
      const examples: SkippedExample[] = [];
      let blank = 0;
      let extraRecords = 0;
      let lines = 0;
      /** A line the fast path did not read (or there is none): parsed as text. */
      const parseText = (text: string, line: number): void => {
        const parsed = parseLine(text, calendar, options);
        if (parsed.ok) {
          extraRecords += parsed.records.length - 1;
          for (const r of parsed.records) {
            if (r.requestId === null) id[0] = id[1] = 0;
            else fingerprint(r.requestId, id, 0);
            push(r, id);
          }
        } else if (parsed.blank) {
          blank++;
        } else {
          malformed[KIND_INDEX.get(parsed.kind)!]++;
          if (examples.length < EXAMPLES_PER_BLOCK) examples.push({ line, kind: parsed.kind, reason: parsed.reason });
        }
      };
      if (scanner === null) {
        // Every line is read as text: the block is decoded once and split as a string, ~0.2 µs a
        // line against ~0.6 µs for a Buffer search and decode per line (cold, on the sample). LF
        // is never part of a UTF-8 sequence, so each line decodes as it would alone.
        const text = b.toString('utf8');
        for (let s = 0; s < text.length;) {
          const line = lines++;
          let nl = text.indexOf('\n', s);
          if (nl === -1) nl = text.length;
          const e = nl > s && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
          if (e === s) blank++;
          else parseText(text.slice(s, e), line);
          s = nl + 1;
        }
      } else {
        scanner.startBlock(b);
        for (let s = 0; s < b.length;) {
          const line = lines++;
          // The fast path finds where its line ends as it reads it (a newline ends every line), so
          // only other lines are searched for their newline (Buffer.indexOf: ~30 ns a line, measured).
          if (b[s] === OPEN_BRACE && scanner.read(b, s, b.length, scanned)) {
            if (builder !== null) {
              builder.pushScanned(scanned);
            } else {
              toUsageRecord(scanned, row);
              sink!(row, scanned.id);
            }
            s = scanner.lineEnd + 1;
            continue;
          }
          const nl = lineBreak(b, s);
          const e = contentEnd(b, s, nl);
          if (e === s) blank++;
          else parseText(b.toString('utf8', s, e), line);
          s = nl + 1;
        }
      }
      if (builder === null) return { lines, blank, malformed, extraRecords, examples, columns: NO_COLUMNS };
      const columns = builder.finish();
      builderOf.set(columns, builder);
      return { lines, blank, malformed, extraRecords, examples, columns };
    },
  };
}
