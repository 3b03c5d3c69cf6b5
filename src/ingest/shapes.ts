// Adapters from the shapes real apps log to the wrapper's flat shape (model, input_tokens, …):
// a whole Anthropic response, OpenAI chat/Responses usage, and OpenTelemetry GenAI spans.
// Each returns flat objects that the one normaliser then validates, so every shape obeys the same rules.

type Obj = Record<string, unknown>;

export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Which shape a record was read from, for `inputs.formats`. */
export type Shape = 'wrapper' | 'anthropic_response' | 'openai' | 'otlp_span';

/** Wrapper-level fields that stay as logged when a response is nested inside the record. */
const OUTER_FIELDS = ['ts', 'timestamp', 'time', '@timestamp', 'created_at', 'request_id', 'latency_s', 'feature', 'service_tier', 'batch', 'cost_usd'];

function withOuter(flat: Obj, outer: Obj): Obj {
  for (const key of OUTER_FIELDS) if (outer[key] !== undefined && outer[key] !== null) flat[key] = outer[key];
  return flat;
}

/**
 * A record that logs the API response (or nests it under `response`): Anthropic's `usage` with
 * input_tokens excluding cache, or OpenAI's, whose prompt / input counts include cached tokens.
 */
export function fromResponse(obj: Obj): { flat: Obj; shape: Shape } | null {
  let base = obj;
  let usage = obj.usage;
  if (!isObject(usage) && isObject(obj.response) && isObject(obj.response.usage)) {
    base = obj.response;
    usage = base.usage;
  }
  if (isObject(usage)) {
    if (usage.prompt_tokens !== undefined || usage.completion_tokens !== undefined || isObject(usage.input_tokens_details)) {
      return { flat: withOuter(openAi(base, usage), obj), shape: 'openai' };
    }
    if (usage.input_tokens !== undefined || usage.output_tokens !== undefined) {
      return { flat: withOuter(anthropic(base, usage), obj), shape: 'anthropic_response' };
    }
    return null;
  }
  // A flat record with OpenAI's names.
  if (obj.prompt_tokens !== undefined || obj.completion_tokens !== undefined) {
    return { flat: withOuter(openAi(obj, obj), obj), shape: 'openai' };
  }
  return null;
}

function anthropic(base: Obj, usage: Obj): Obj {
  const flat: Obj = {
    model: base.model,
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cache_read: usage.cache_read_input_tokens,
    cache_write: usage.cache_creation_input_tokens,
    stop_reason: base.stop_reason,
    request_id: base.id,
  };
  const split = usage.cache_creation;
  if (isObject(split)) {
    flat.cache_write_5m = split.ephemeral_5m_input_tokens;
    flat.cache_write_1h = split.ephemeral_1h_input_tokens;
  }
  const tools = usage.server_tool_use;
  if (isObject(tools)) flat.web_search_requests = tools.web_search_requests;
  if (usage.service_tier !== undefined) flat.service_tier = usage.service_tier;
  return flat;
}

function openAi(base: Obj, usage: Obj): Obj {
  const details = isObject(usage.prompt_tokens_details) ? usage.prompt_tokens_details
    : isObject(usage.input_tokens_details) ? usage.input_tokens_details : null;
  const cached = details ? details.cached_tokens : usage.cached_tokens;
  const prompt = usage.prompt_tokens ?? usage.input_tokens;
  const cachedCount = num(cached) ?? 0;
  const promptCount = num(prompt);
  // OpenAI counts cached tokens inside the prompt: the uncached input is the difference.
  const input = promptCount !== undefined && Number.isInteger(cachedCount) && cachedCount >= 0 && cachedCount <= promptCount
    ? promptCount - cachedCount : prompt;
  const choices = Array.isArray(base.choices) ? base.choices : null;
  const finish = choices && isObject(choices[0]) ? choices[0].finish_reason : base.finish_reason;
  const incomplete = isObject(base.incomplete_details) ? base.incomplete_details.reason : undefined;
  return {
    model: base.model,
    input_tokens: input,
    output_tokens: usage.completion_tokens ?? usage.output_tokens,
    cache_read: cached === undefined ? 0 : cached,
    cache_write: 0,
    stop_reason: finish ?? incomplete ?? base.status,
    request_id: base.id,
    ...(num(base.created) !== undefined ? { created_at: base.created } : {}),
  };
}

// ---- OpenTelemetry GenAI spans (OTLP JSON file exporter) ----

/** An OTLP AnyValue → a JS value (64-bit ints arrive as strings). */
function anyValue(v: unknown): unknown {
  if (!isObject(v)) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return typeof v.intValue === 'string' ? Number(v.intValue) : v.intValue;
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (isObject(v.arrayValue) && Array.isArray(v.arrayValue.values)) return v.arrayValue.values.map(anyValue);
  return undefined;
}

function attributes(list: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!Array.isArray(list)) return out;
  for (const kv of list) if (isObject(kv) && typeof kv.key === 'string') out.set(kv.key, anyValue(kv.value));
  return out;
}

const nanosToMs = (v: unknown): number | undefined => {
  const n = typeof v === 'string' ? Number(v) : num(v);
  return n === undefined || !Number.isFinite(n) ? undefined : n / 1e6;
};

export function isOtlp(obj: Obj): boolean {
  return Array.isArray(obj.resourceSpans);
}

/** Flat records of the GenAI spans in one OTLP export object; spans without GenAI usage are not records. */
export function fromOtlp(obj: Obj, featureAttr: string | null): Obj[] {
  const out: Obj[] = [];
  for (const rs of obj.resourceSpans as unknown[]) {
    if (!isObject(rs)) continue;
    const resource = attributes(isObject(rs.resource) ? rs.resource.attributes : undefined);
    const scopes = Array.isArray(rs.scopeSpans) ? rs.scopeSpans : Array.isArray(rs.instrumentationLibrarySpans) ? rs.instrumentationLibrarySpans : [];
    for (const ss of scopes) {
      if (!isObject(ss) || !Array.isArray(ss.spans)) continue;
      for (const span of ss.spans) {
        if (!isObject(span)) continue;
        const a = attributes(span.attributes);
        const input = a.get('gen_ai.usage.input_tokens') ?? a.get('gen_ai.usage.prompt_tokens');
        const output = a.get('gen_ai.usage.output_tokens') ?? a.get('gen_ai.usage.completion_tokens');
        if (input === undefined && output === undefined) continue;
        const cacheRead = a.get('gen_ai.usage.cache_read.input_tokens');
        const cacheWrite = a.get('gen_ai.usage.cache_creation.input_tokens');
        const cached = (num(cacheRead) ?? 0) + (num(cacheWrite) ?? 0);
        const start = nanosToMs(span.startTimeUnixNano);
        const end = nanosToMs(span.endTimeUnixNano);
        const reasons = a.get('gen_ai.response.finish_reasons');
        const feature = featureAttr === null ? undefined : a.get(featureAttr) ?? resource.get(featureAttr);
        // gen_ai.usage.input_tokens includes cached tokens: the uncached input is what remains.
        const uncached = typeof input === 'number' && cached <= input ? input - cached : input;
        out.push({
          model: a.get('gen_ai.response.model') ?? a.get('gen_ai.request.model'),
          input_tokens: uncached,
          output_tokens: output,
          cache_read: cacheRead,
          cache_write: cacheWrite,
          stop_reason: Array.isArray(reasons) ? reasons[0] : reasons,
          request_id: a.get('gen_ai.response.id'),
          feature: typeof feature === 'string' ? feature : undefined,
          ts: start,
          latency_s: start !== undefined && end !== undefined && end >= start ? (end - start) / 1000 : undefined,
        });
      }
    }
  }
  return out;
}

// ---- JSON formatter envelopes ----

/** Fields a JSON formatter puts the logged message in (python-json-logger, structlog, pino; docker's `log`). */
const MESSAGE_FIELDS = ['message', 'msg', 'event', 'log'] as const;
/** Fields of the envelope that supply the time when the inner record has none. */
export const ENVELOPE_TIME_FIELDS = ['asctime', 'timestamp', 'time', '@timestamp'] as const;

/** The message string of a formatter envelope when it holds a JSON object, else null. */
export function envelopeMessage(obj: Obj): string | null {
  for (const key of MESSAGE_FIELDS) {
    const v = obj[key];
    if (typeof v === 'string' && v.includes('{')) return v;
  }
  return null;
}
