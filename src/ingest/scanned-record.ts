// A record as the fast path reads it: its numbers in one Float64Array, in the layout of the record
// columns (engine/record-columns.ts), so it becomes a row of them without an object per record or
// a boxed number per field.
import type { UsageRecord } from '../types.js';

/** Numeric fields, in their order within a row (NaN = missing). */
export const TS = 0, LATENCY = 1, INPUT = 2, OUTPUT = 3, CACHE_READ = 4, CACHE_WRITE = 5, CACHE_WRITE_1H = 6, WEB_SEARCH = 7, LOGGED_COST = 8;
export const NUMBERS = 9;

/** A string read from bytes once and kept (byte-strings.ts); `gen` and `ref` remember its index
 *  in the string table of the columns being filled, so it is looked up once per block, not per record. */
export interface KnownString {
  readonly text: string;
  gen: number;
  ref: number;
}

export const knownString = (text: string): KnownString => ({ text, gen: -1, ref: 0 });

/** The label of a missing or empty feature or stop_reason. */
export const UNKNOWN: KnownString = knownString('unknown');

export class ScannedRecord {
  readonly numbers = new Float64Array(NUMBERS);
  /** The request-id fingerprint; id[1] = 0 when there is none. */
  readonly id = new Int32Array(2);
  model: KnownString = UNKNOWN;
  feature: KnownString = UNKNOWN;
  stopReason: KnownString = UNKNOWN;
  batch = false;
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** The numeric fields of the row at `at` of `num` (the layout above) into `out`; NaN becomes null. */
export function readNumbers(num: Float64Array, at: number, out: UsageRecord): void {
  // A double and null stored apart, not as one `number | null` value: that one would be boxed.
  const ts = num[at + TS], latency = num[at + LATENCY];
  if (ts === ts) out.timestampMs = ts;
  else out.timestampMs = null;
  if (latency === latency) out.latencyS = latency;
  else out.latencyS = null;
  out.inputTokens = num[at + INPUT];
  out.outputTokens = num[at + OUTPUT];
  out.cacheReadTokens = num[at + CACHE_READ];
  out.cacheWriteTokens = num[at + CACHE_WRITE];
  out.cacheWrite1hTokens = orNull(num[at + CACHE_WRITE_1H]);
  out.webSearchRequests = num[at + WEB_SEARCH];
  out.loggedCostUsd = orNull(num[at + LOGGED_COST]);
}

/** The record as a UsageRecord, into `out` (for a consumer in the same thread). */
export function toUsageRecord(r: ScannedRecord, out: UsageRecord): void {
  readNumbers(r.numbers, 0, out);
  out.requestId = null;
  out.model = r.model.text;
  out.batch = r.batch;
  out.stopReason = r.stopReason.text;
  out.feature = r.feature.text;
  out.shape = 'wrapper';
}
