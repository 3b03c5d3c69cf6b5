// One block of whole lines → counts of blank and skipped lines, the first skipped examples, and
// the records as columns. Runs in a parser thread or, for small inputs, in the main thread: the
// same code either way, so both give the same answers.
import { parseFieldMap } from '../ingest/field-map.js';
import { parseLine, type ParseOptions } from '../ingest/parse-line.js';
import { SKIP_KINDS, type SkipKind, type UsageRecord } from '../types.js';
import { Calendar } from '../window/calendar.js';
import { RecordColumnsBuilder, type RecordColumns } from './record-columns.js';

/** What a parser needs to know, as plain data (it crosses to worker threads). */
export interface ParseSettings {
  tz: string;
  fieldMap: ReadonlyArray<readonly [string, string]> | null;
  featureAttr: string | null;
  /** `--by` fields beyond the built-in dimensions: their string values travel with each record. */
  customFields: string[];
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
  parse(bytes: Uint8Array, sink?: (record: UsageRecord) => void): BlockResult;
}

/** The result's columns when records went to a sink instead. */
const NO_COLUMNS: RecordColumns = new RecordColumnsBuilder([]).finish();

const KIND_INDEX = new Map(SKIP_KINDS.map((k, i) => [k, i]));
/** Per block; the main thread keeps the first 20 over the whole run. */
const EXAMPLES_PER_BLOCK = 20;

/** The lines of a block of whole lines: split on LF, a CR before it dropped. Only a source's last
 *  line may lack its newline, so an empty piece after the final LF is no line. Splitting large blocks
 *  by hand is ~0.3 s per 1M lines cheaper than node:readline (../shared/bench/README.md). */
export function blockLines(bytes: Uint8Array): string[] {
  const lines = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
  }
  return lines;
}

export function createBlockParser(settings: ParseSettings): BlockParser {
  const calendar = new Calendar(settings.tz);
  const options: ParseOptions = {
    fieldMap: settings.fieldMap === null ? null : parseFieldMap(Object.fromEntries(settings.fieldMap)),
    featureAttr: settings.featureAttr,
  };
  return {
    parse(bytes: Uint8Array, sink?: (record: UsageRecord) => void): BlockResult {
      const lines = blockLines(bytes);
      const builder = sink === undefined ? new RecordColumnsBuilder(settings.customFields, lines.length) : null;
      const push = sink ?? ((r: UsageRecord) => builder!.push(r));
      const malformed = SKIP_KINDS.map(() => 0);
      const examples: SkippedExample[] = [];
      let blank = 0;
      let extraRecords = 0;
      for (let i = 0; i < lines.length; i++) {
        const parsed = parseLine(lines[i], calendar, options);
        if (parsed.ok) {
          extraRecords += parsed.records.length - 1;
          for (const r of parsed.records) push(r);
        } else if (parsed.blank) {
          blank++;
        } else {
          malformed[KIND_INDEX.get(parsed.kind)!]++;
          if (examples.length < EXAMPLES_PER_BLOCK) examples.push({ line: i, kind: parsed.kind, reason: parsed.reason });
        }
      }
      return { lines: lines.length, blank, malformed, extraRecords, examples, columns: builder === null ? NO_COLUMNS : builder.finish() };
    },
  };
}
