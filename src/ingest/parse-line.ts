// One log line → one normalised UsageRecord, or the reason it yields none. Pure; never throws.
import type { ParseResult, UsageRecord } from '../types.js';
import type { Calendar } from '../window/calendar.js';
import { recordTimestamp } from './timestamp.js';

const BLANK: ParseResult = { ok: false, blank: true };

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10 && c !== 11 && c !== 12 && c !== 0xfeff) return false;
  }
  return true;
}

function malformed(reason: string): ParseResult {
  return { ok: false, blank: false, reason };
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

export function parseLine(text: string, calendar: Calendar): ParseResult {
  if (isBlank(text)) return BLANK;
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    return malformed('not JSON');
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return malformed('not a JSON object');
  return normalise(obj as Record<string, unknown>, calendar);
}

/** The wrapper's field names (and their aliases) → a UsageRecord, or why the object is not one. */
export function normalise(obj: Record<string, unknown>, calendar: Calendar): ParseResult {
  const model = obj.model;
  if (typeof model !== 'string' || model.length === 0) return malformed('missing model');
  const inputTokens = obj.input_tokens;
  if (!isCount(inputTokens)) {
    return malformed(inputTokens === undefined ? 'missing input_tokens' : 'input_tokens is not a non-negative integer');
  }
  const outputTokens = obj.output_tokens;
  if (!isCount(outputTokens)) {
    return malformed(outputTokens === undefined ? 'missing output_tokens' : 'output_tokens is not a non-negative integer');
  }
  const cacheRead = optionalCount(obj, 'cache_read', 'cache_read_input_tokens');
  if (typeof cacheRead === 'string') return malformed(cacheRead);
  const cacheWrite5m = optionalCount(obj, 'cache_write_5m', 'cache_write_5m');
  if (typeof cacheWrite5m === 'string') return malformed(cacheWrite5m);
  const cacheWrite1h = optionalCount(obj, 'cache_write_1h', 'cache_write_1h');
  if (typeof cacheWrite1h === 'string') return malformed(cacheWrite1h);
  const hasTtlSplit = obj.cache_write_1h != null || obj.cache_write_5m != null;
  let cacheWrite = optionalCount(obj, 'cache_write', 'cache_creation_input_tokens');
  if (typeof cacheWrite === 'string') return malformed(cacheWrite);
  // A TTL split without a total gives the total; with one, the 1-hour part is what the split says.
  if (hasTtlSplit && obj.cache_write == null && obj.cache_creation_input_tokens == null) cacheWrite = cacheWrite5m + cacheWrite1h;
  if (cacheWrite1h > cacheWrite) return malformed('cache_write_1h is larger than cache_write');

  const latency = obj.latency_s;
  const requestId = obj.request_id;
  const record: UsageRecord = {
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
    timestampMs: recordTimestamp(obj, calendar),
    source: obj,
  };
  return { ok: true, record };
}
