// The nouns that flow between pipeline stages: read → normalise → price → aggregate → render.

/** One LLM call as the wrapper logged it, normalised to llmops's field names. */
export interface UsageRecord {
  requestId: string | null;
  /** The model id as logged (a dated id stays dated here; pricing resolves it). */
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** How many of cacheWriteTokens were written with the 1-hour TTL, or null when the log does not say
   *  (then all are priced at the --cache-ttl default). */
  cacheWrite1hTokens: number | null;
  /** Sent through the Batch API (`service_tier: "batch"` or `batch: true`). */
  batch: boolean;
  /** Server-side web searches the call made. */
  webSearchRequests: number;
  /** The cost the app logged itself (`cost_usd`), or null. */
  loggedCostUsd: number | null;
  /** Seconds, or null when the record carries no usable latency. */
  latencyS: number | null;
  stopReason: string;
  feature: string;
  /** Epoch milliseconds, or null when the record has no usable timestamp. */
  timestampMs: number | null;
  /** Which log shape the record was read from (flat wrapper line, API response, OTLP span, …). */
  shape: 'wrapper' | 'anthropic_response' | 'openai' | 'otlp_span';
  /** The parsed log object, kept so `--by` can group on any other top-level string field. */
  source: Record<string, unknown>;
}

/** A record with its price: USD, or null when its model is not in the price table. */
export interface PricedRecord extends UsageRecord {
  costUsd: number | null;
}

/** Why a non-blank line yielded no record, by kind: another library's output (not_json,
 *  no_usage_fields) or a broken LLM record (invalid_value, truncated, too_long). */
export const SKIP_KINDS = ['not_json', 'no_usage_fields', 'invalid_value', 'truncated', 'too_long'] as const;
export type SkipKind = (typeof SKIP_KINDS)[number];

/** A line holds one record, several (an OTLP export), none (blank), or is skipped with a reason. */
export type ParseResult =
  | { ok: true; records: UsageRecord[] }
  | { ok: false; blank: true }
  | { ok: false; blank: false; kind: SkipKind; reason: string };

/** Where a line came from, for `file:line: reason` messages. */
export interface LineLocation {
  file: string;
  line: number;
}
