// One log line → the records it holds, or why it holds none. Pure; never throws.
// The common case (a line that is one flat wrapper object) takes one JSON.parse and a few property
// reads; prefixes, formatter envelopes, whole API responses and OTLP spans take the general path.
import type { ParseResult, SkipKind, UsageRecord } from '../types.js';
import type { Calendar } from '../window/calendar.js';
import { applyFieldMap, type FieldMap } from './field-map.js';
import { replaceNonFinite, scanJsonObject } from './json-scan.js';
import { prefixTimestamp } from './prefix.js';
import { ENVELOPE_TIME_FIELDS, envelopeMessage, fromOtlp, fromResponse, isObject, isOtlp, type Shape } from './shapes.js';
import { parseTimestampValue, recordTimestamp } from './timestamp.js';

export interface ParseOptions {
  /** `--map field=path` mappings, applied to the record object before it is read. */
  fieldMap: FieldMap | null;
  /** `--feature-attr`: the span or resource attribute that names the feature in OTLP spans. */
  featureAttr: string | null;
}

export const DEFAULT_PARSE_OPTIONS: ParseOptions = { fieldMap: null, featureAttr: null };

const BLANK: ParseResult = { ok: false, blank: true };
/** How deep formatter envelopes may nest (docker's `log` holding a python-json-logger line, say). */
const MAX_ENVELOPE_DEPTH = 2;

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10 && c !== 11 && c !== 12 && c !== 0xfeff) return false;
  }
  return true;
}

export function skip(kind: SkipKind, reason: string): ParseResult {
  return { ok: false, blank: false, kind, reason };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** An optional token count: absent or null is 0; anything but a non-negative integer is an error. */
function optionalCount(obj: Record<string, unknown>, field: string, alias: string): number | string {
  let value = obj[field];
  let name = field;
  if (value === undefined || value === null) {
    value = obj[alias];
    name = alias;
  }
  if (value === undefined || value === null) return 0;
  return isCount(value) ? value : `${name} is not a non-negative integer`;
}

function label(value: unknown): string {
  return typeof value === 'string' && value.length > 0 ? value : 'unknown';
}

type Fallback = (() => number | null) | null;

/** JSON.parse of the object starting at `start`; on failure, the object cut at its closing brace
 *  (text after it is ignored) and Python's NaN/Infinity read as missing values. */
function parseObjectAt(text: string, start: number): { value: unknown } | { kind: SkipKind; reason: string } {
  if (start === 0) {
    try {
      return { value: JSON.parse(text) };
    } catch {
      // fall through to the careful path
    }
  }
  const scan = scanJsonObject(text, start);
  if (scan.end === -1) return scan.truncated ? { kind: 'truncated', reason: 'truncated JSON (the line ends inside the object)' } : { kind: 'not_json', reason: 'not JSON' };
  let body = text.slice(start, scan.end);
  if (scan.nonFinite) body = replaceNonFinite(body);
  try {
    return { value: JSON.parse(body) };
  } catch {
    return { kind: 'not_json', reason: 'not JSON' };
  }
}

export function parseLine(text: string, calendar: Calendar, options: ParseOptions = DEFAULT_PARSE_OPTIONS): ParseResult {
  if (isBlank(text)) return BLANK;
  return parseText(text, calendar, options, null, 0);
}

function parseText(text: string, calendar: Calendar, options: ParseOptions, fallback: Fallback, depth: number): ParseResult {
  let start = 0;
  while (start < text.length && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
  if (text.charCodeAt(start) !== 123 /* { */) {
    const brace = text.indexOf('{', start);
    if (brace === -1) {
      const t = text.trim();
      return skip('not_json', t === 'null' || t.startsWith('[') || t.startsWith('"') || /^-?\d/.test(t) || t === 'true' || t === 'false' ? 'not a JSON object' : 'not JSON');
    }
    const prefix = text.slice(0, brace);
    const outer = fallback;
    fallback = () => prefixTimestamp(prefix, calendar) ?? (outer ? outer() : null);
    start = brace;
  }
  const parsed = parseObjectAt(text, start);
  if (!('value' in parsed)) return skip(parsed.kind, parsed.reason);
  if (!isObject(parsed.value)) return skip('not_json', 'not a JSON object');
  return fromObject(parsed.value, calendar, options, fallback, depth);
}

function fromObject(raw: Record<string, unknown>, calendar: Calendar, options: ParseOptions, fallback: Fallback, depth: number): ParseResult {
  const obj = options.fieldMap === null ? raw : applyFieldMap(raw, options.fieldMap);
  if (obj.input_tokens !== undefined || obj.output_tokens !== undefined) {
    return single(normalise(obj, calendar, obj, withAsctime(obj, calendar, fallback), 'wrapper'));
  }
  if (isOtlp(obj)) return fromSpans(fromOtlp(obj, options.featureAttr), calendar);
  const response = fromResponse(obj);
  if (response !== null) return single(normalise(response.flat, calendar, obj, withAsctime(obj, calendar, fallback), response.shape));
  if (depth < MAX_ENVELOPE_DEPTH) {
    const message = envelopeMessage(obj);
    if (message !== null) return parseText(message, calendar, options, envelopeFallback(obj, calendar, fallback), depth + 1);
  }
  return skip('no_usage_fields', 'no usage fields (not an LLM call record)');
}

function single(result: UsageRecord | ParseResult): ParseResult {
  return 'ok' in result ? result : { ok: true, records: [result] };
}

function fromSpans(flats: Record<string, unknown>[], calendar: Calendar): ParseResult {
  if (flats.length === 0) return skip('no_usage_fields', 'OTLP spans without gen_ai usage attributes');
  const records: UsageRecord[] = [];
  let firstError: ParseResult | null = null;
  for (const flat of flats) {
    const r = normalise(flat, calendar, flat, null, 'otlp_span');
    if ('ok' in r) firstError ??= r;
    else records.push(r);
  }
  return records.length > 0 ? { ok: true, records } : firstError!;
}

/** python-json-logger with the record's fields merged into the envelope: its asctime is the time. */
function withAsctime(obj: Record<string, unknown>, calendar: Calendar, fallback: Fallback): Fallback {
  if (obj.asctime === undefined) return fallback;
  return () => parseTimestampValue(obj.asctime, calendar) ?? (fallback ? fallback() : null);
}

function envelopeFallback(obj: Record<string, unknown>, calendar: Calendar, fallback: Fallback): Fallback {
  return () => {
    for (const field of ENVELOPE_TIME_FIELDS) {
      const v = obj[field];
      if (v !== undefined && v !== null) {
        const ms = parseTimestampValue(v, calendar);
        if (ms !== null) return ms;
      }
    }
    return fallback ? fallback() : null;
  };
}

/**
 * The wrapper's field names (and their aliases) → a UsageRecord, or why the object is not one.
 * `source` is the object `--by` reads other fields from.
 */
export function normalise(
  obj: Record<string, unknown>,
  calendar: Calendar,
  source: Record<string, unknown> = obj,
  fallback: Fallback = null,
  shape: Shape = 'wrapper',
): UsageRecord | ParseResult {
  const model = obj.model;
  if (typeof model !== 'string' || model.length === 0) return skip('invalid_value', 'missing model');
  const inputTokens = obj.input_tokens;
  if (!isCount(inputTokens)) {
    return skip('invalid_value', inputTokens === undefined ? 'missing input_tokens' : 'input_tokens is not a non-negative integer');
  }
  const outputTokens = obj.output_tokens;
  if (!isCount(outputTokens)) {
    return skip('invalid_value', outputTokens === undefined ? 'missing output_tokens' : 'output_tokens is not a non-negative integer');
  }
  const cacheRead = optionalCount(obj, 'cache_read', 'cache_read_input_tokens');
  if (typeof cacheRead === 'string') return skip('invalid_value', cacheRead);
  const cacheWrite5m = optionalCount(obj, 'cache_write_5m', 'cache_write_5m');
  if (typeof cacheWrite5m === 'string') return skip('invalid_value', cacheWrite5m);
  const cacheWrite1h = optionalCount(obj, 'cache_write_1h', 'cache_write_1h');
  if (typeof cacheWrite1h === 'string') return skip('invalid_value', cacheWrite1h);
  const hasTtlSplit = obj.cache_write_1h != null || obj.cache_write_5m != null;
  let cacheWrite = optionalCount(obj, 'cache_write', 'cache_creation_input_tokens');
  if (typeof cacheWrite === 'string') return skip('invalid_value', cacheWrite);
  // A TTL split without a total gives the total; with one, the 1-hour part is what the split says.
  if (hasTtlSplit && obj.cache_write == null && obj.cache_creation_input_tokens == null) cacheWrite = cacheWrite5m + cacheWrite1h;
  if (cacheWrite1h > cacheWrite) return skip('invalid_value', 'cache_write_1h is larger than cache_write');

  const latency = obj.latency_s;
  const requestId = obj.request_id;
  let timestampMs = recordTimestamp(obj, calendar);
  if (timestampMs === null && fallback !== null) timestampMs = fallback();
  return {
    requestId: typeof requestId === 'string' && requestId.length > 0 ? requestId
      : typeof requestId === 'number' ? String(requestId) : null,
    model,
    inputTokens,
    outputTokens,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    cacheWrite1hTokens: hasTtlSplit ? cacheWrite1h : null,
    batch: obj.service_tier === 'batch' || obj.batch === true,
    webSearchRequests: isCount(obj.web_search_requests) ? obj.web_search_requests : 0,
    loggedCostUsd: typeof obj.cost_usd === 'number' && Number.isFinite(obj.cost_usd) && obj.cost_usd >= 0 ? obj.cost_usd : null,
    latencyS: typeof latency === 'number' && Number.isFinite(latency) && latency >= 0 ? latency : null,
    stopReason: label(obj.stop_reason),
    feature: label(obj.feature),
    timestampMs,
    shape,
    source,
  };
}
