// Parsed records as a few typed arrays and one string table: what a parser produces for a block,
// read back into one reusable record by whoever aggregates it (the parser thread itself, or the
// main thread for reports the threads do not aggregate).
import { fieldLabel } from '../stats/dimensions.js';
import type { UsageRecord } from '../types.js';

import {
  CACHE_READ, CACHE_WRITE, CACHE_WRITE_1H, INPUT, LATENCY, LOGGED_COST, NUMBERS, OUTPUT, TS, WEB_SEARCH,
  readNumbers, type KnownString, type ScannedRecord,
} from '../ingest/scanned-record.js';
/** String fields, in their order within a record's row of `refs`; custom fields follow. */
const MODEL = 0, FEATURE = 1, STOP = 2;
const FIXED_REFS = 3;

export const SHAPES: ReadonlyArray<UsageRecord['shape']> = ['wrapper', 'anthropic_response', 'openai', 'otlp_span'];
const SHAPE_CODE = new Map(SHAPES.map((s, i) => [s, i]));
const WRAPPER = SHAPE_CODE.get('wrapper')!;
const BATCH_FLAG = 8;
/** Index 0 of the string table: a custom field the record does not have. */
const ABSENT = 0;

export interface RecordColumns {
  count: number;
  /** Request-id fingerprints, two int32 per record; the second is 0 when the record has no id. */
  ids: Int32Array;
  numbers: Float64Array;
  refs: Uint32Array;
  flags: Uint8Array;
  strings: string[];
  /** The `--by` fields beyond the built-in ones, whose values are carried as strings. */
  customFields: string[];
  /** Records by shape, indexed like SHAPES. */
  shapes: number[];
}

let nextGeneration = 0;

export class RecordColumnsBuilder {
  private count = 0;
  private capacity: number;
  private ids: Int32Array;
  private numbers: Float64Array;
  private refs: Uint32Array;
  private flags: Uint8Array;
  private readonly strings: string[] = [''];
  private readonly stringIds = new Map<string, number>();
  private readonly refWidth: number;
  private readonly shapes = SHAPES.map(() => 0);

  /** `expected`: how many records are likely (a block's line count), so the arrays rarely grow. */
  constructor(private readonly customFields: string[], expected = 256) {
    this.refWidth = FIXED_REFS + customFields.length;
    this.capacity = Math.max(1, expected);
    this.ids = new Int32Array(this.capacity * 2);
    this.numbers = new Float64Array(this.capacity * NUMBERS);
    this.refs = new Uint32Array(this.capacity * this.refWidth);
    this.flags = new Uint8Array(this.capacity);
  }

  /** Empties the builder to fill it again (its arrays are kept: no allocation per block). The
   *  columns it finished before must no longer be in use. */
  reset(): void {
    this.count = 0;
    this.shapes.fill(0);
    this.strings.length = 1;
    this.stringIds.clear();
    this.generation = nextGeneration++;
  }

  /** This filling of the builder, as KnownString.gen: a known string's cached ref is valid for it. */
  private generation = nextGeneration++;

  private ref(s: KnownString): number {
    if (s.gen !== this.generation) {
      s.gen = this.generation;
      s.ref = this.intern(s.text);
    }
    return s.ref;
  }

  /** Appends a record read by the fast path: its numbers are already a row. */
  pushScanned(r: ScannedRecord): void {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.ids[i * 2] = r.id[0];
    this.ids[i * 2 + 1] = r.id[1];
    const n = i * NUMBERS;
    const from = r.numbers, to = this.numbers;
    for (let k = 0; k < NUMBERS; k++) to[n + k] = from[k];
    const f = i * this.refWidth;
    this.refs[f + MODEL] = this.ref(r.model);
    this.refs[f + FEATURE] = this.ref(r.feature);
    this.refs[f + STOP] = this.ref(r.stopReason);
    for (let c = 0; c < this.customFields.length; c++) this.refs[f + FIXED_REFS + c] = ABSENT; // none on the fast path
    this.flags[i] = WRAPPER | (r.batch ? BATCH_FLAG : 0);
    this.shapes[WRAPPER]++;
  }

  private intern(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  private grow(): void {
    this.capacity *= 2;
    const grown = <T extends Int32Array | Float64Array | Uint32Array | Uint8Array>(a: T, width: number): T => {
      const b = new (a.constructor as new (n: number) => T)(this.capacity * width);
      b.set(a);
      return b;
    };
    this.ids = grown(this.ids, 2);
    this.numbers = grown(this.numbers, NUMBERS);
    this.refs = grown(this.refs, this.refWidth);
    this.flags = grown(this.flags, 1);
  }

  /** Appends a record; `id` holds its request-id fingerprint (id[1] = 0: none). */
  push(r: UsageRecord, id: Int32Array): void {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.ids[i * 2] = id[0];
    this.ids[i * 2 + 1] = id[1];
    const n = i * NUMBERS;
    const num = this.numbers;
    num[n + TS] = r.timestampMs ?? NaN;
    num[n + LATENCY] = r.latencyS ?? NaN;
    num[n + INPUT] = r.inputTokens;
    num[n + OUTPUT] = r.outputTokens;
    num[n + CACHE_READ] = r.cacheReadTokens;
    num[n + CACHE_WRITE] = r.cacheWriteTokens;
    num[n + CACHE_WRITE_1H] = r.cacheWrite1hTokens ?? NaN;
    num[n + WEB_SEARCH] = r.webSearchRequests;
    num[n + LOGGED_COST] = r.loggedCostUsd ?? NaN;
    const f = i * this.refWidth;
    this.refs[f + MODEL] = this.intern(r.model);
    this.refs[f + FEATURE] = this.intern(r.feature);
    this.refs[f + STOP] = this.intern(r.stopReason);
    for (let c = 0; c < this.customFields.length; c++) {
      const name = this.customFields[c];
      const label = fieldLabel(Object.hasOwn(r.source, name) ? r.source[name] : undefined);
      this.refs[f + FIXED_REFS + c] = label === null ? ABSENT : this.intern(label);
    }
    const shape = SHAPE_CODE.get(r.shape)!;
    this.flags[i] = shape | (r.batch ? BATCH_FLAG : 0);
    this.shapes[shape]++;
  }

  /** The columns, as views of the first `count` rows (valid until the builder is reset). */
  finish(): RecordColumns {
    const n = this.count;
    return {
      count: n,
      ids: this.ids.subarray(0, n * 2),
      numbers: this.numbers.subarray(0, n * NUMBERS),
      refs: this.refs.subarray(0, n * this.refWidth),
      flags: this.flags.subarray(0, n),
      strings: this.strings,
      customFields: this.customFields,
      shapes: this.shapes.slice(),
    };
  }
}

/** Fills `row` (reused for every record: consumers must not keep it) with record i of the columns. */
export function readRecord(c: RecordColumns, i: number, row: UsageRecord): void {
  readNumbers(c.numbers, i * NUMBERS, row);
  const width = FIXED_REFS + c.customFields.length;
  const f = i * width;
  row.model = c.strings[c.refs[f + MODEL]];
  row.feature = c.strings[c.refs[f + FEATURE]];
  row.stopReason = c.strings[c.refs[f + STOP]];
  if (c.customFields.length > 0) {
    const source: Record<string, unknown> = {};
    for (let k = 0; k < c.customFields.length; k++) {
      const ref = c.refs[f + FIXED_REFS + k];
      if (ref !== ABSENT) Object.defineProperty(source, c.customFields[k], { value: c.strings[ref], enumerable: true });
    }
    row.source = source;
  }
  const flags = c.flags[i];
  row.shape = SHAPES[flags & 7];
  row.batch = (flags & BATCH_FLAG) !== 0;
  row.requestId = null; // ids travel as fingerprints (`ids`): see hasRequestId
}

/** The string-table index of record i's model, feature and stop reason (readRecord gives the strings). */
export const modelRef = (c: RecordColumns, i: number): number => c.refs[i * (FIXED_REFS + c.customFields.length) + MODEL];
export const featureRef = (c: RecordColumns, i: number): number => c.refs[i * (FIXED_REFS + c.customFields.length) + FEATURE];
export const stopRef = (c: RecordColumns, i: number): number => c.refs[i * (FIXED_REFS + c.customFields.length) + STOP];

export function hasRequestId(c: RecordColumns, i: number): boolean {
  return c.ids[i * 2 + 1] !== 0;
}

/** A row for readRecord to fill. Its timestamp, latency and cost start as doubles (NaN; every one is
 *  written before it is read): V8 then keeps them as fields of doubles, written in place, where a
 *  field that has held null boxes every double stored in it (an allocation per field per record on
 *  the parser threads' hot path). A record without one turns that field into a general one, once. */
export function emptyRow(): UsageRecord & { costUsd: number | null } {
  return {
    requestId: null, model: '', inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0,
    cacheWrite1hTokens: null, batch: false, webSearchRequests: 0, loggedCostUsd: null, latencyS: NaN,
    stopReason: '', feature: '', timestampMs: NaN, shape: 'wrapper', source: {}, costUsd: NaN,
  };
}
