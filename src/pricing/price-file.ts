// Price documents → layers of the price table: llmops's own format (JSON or YAML, USD per 1M tokens,
// optional effective dates, aliases and tiers) and LiteLLM's model_prices_and_context_window.json as is.
import { readFileSync } from 'node:fs';
import { parseYaml } from '../lazy-yaml.js';
import { UsageError } from '../errors.js';

/** USD per 1M tokens. `cacheWrite5m` is the default (5-minute) cache write; `cacheWrite1h` the 1-hour one. */
export interface Rates {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
}

/** Above `aboveInputTokens` prompt tokens (input + cache read + cache write) the whole request is priced at `rates`. */
export interface Tier {
  aboveInputTokens: number;
  rates: Rates;
}

/** Where an entry came from. */
export type PriceSource = 'built-in' | 'file' | 'litellm';

export interface PriceEntry {
  /** Epoch ms (UTC) from which this entry is in force, or null: from the beginning. */
  since: number | null;
  rates: Rates;
  /** Descending by threshold; empty for a model without tiers. */
  tiers: readonly Tier[];
  source: PriceSource;
  /** `built-in` or the file's path. */
  origin: string;
}

export interface LayerModel {
  /** Ascending by `since`, an undated entry first. */
  entries: PriceEntry[];
  aliases: string[];
}

/** One price document: the built-in table or a --prices file. */
export interface PriceLayer {
  origin: string;
  source: PriceSource;
  models: Map<string, LayerModel>;
  /** The date the prices were checked, when the document says. */
  checked: string | null;
  /** Where the prices come from, when the document says. */
  sourceNote: string | null;
  /** USD per 1,000 server-side web searches, when the document sets it. */
  webSearchPer1000: number | null;
  /** LiteLLM entries left out (no per-token input and output price). */
  skipped: number;
}

/** Anthropic's cache multipliers, used when an entry leaves a cache price out. */
export const CACHE_READ_MULTIPLIER = 0.1;
export const CACHE_WRITE_5M_MULTIPLIER = 1.25;
export const CACHE_WRITE_1H_MULTIPLIER = 2;

const ENTRY_KEYS = ['input', 'output', 'cache_read', 'cache_write', 'cache_write_5m', 'cache_write_1h', 'since', 'tiers', 'aliases', 'note'];
const TIER_KEYS = ['above_input_tokens', 'input', 'output', 'cache_read', 'cache_write', 'cache_write_5m', 'cache_write_1h'];
const PRICE_HELP = 'must be a non-negative number (USD per 1M tokens)';

function isPrice(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `2026-03-01` is that day's UTC midnight; a datetime without a zone is read as UTC. */
export function parseSince(value: unknown, where: string): number {
  let ms = Number.NaN;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'string') {
    const text = value.trim();
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) ms = Date.parse(`${text}T00:00:00Z`);
    else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) ms = Date.parse(`${text.replace(' ', 'T')}Z`);
    else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) ms = Date.parse(text.replace(' ', 'T'));
  }
  if (!Number.isFinite(ms)) throw new UsageError(`${where} must be a date (2026-03-01) or an ISO datetime`);
  return ms;
}

function optionalPrice(e: Record<string, unknown>, key: string, where: string): number | undefined {
  const v = e[key];
  if (v === undefined || v === null) return undefined;
  if (!isPrice(v)) throw new UsageError(`${where}.${key} ${PRICE_HELP}`);
  return v;
}

function requiredPrice(e: Record<string, unknown>, key: string, where: string): number {
  const v = e[key];
  if (!isPrice(v)) throw new UsageError(`${where}.${key} ${PRICE_HELP}`);
  return v;
}

function checkKeys(e: Record<string, unknown>, allowed: readonly string[], where: string, what: string): void {
  for (const key of Object.keys(e)) {
    if (!allowed.includes(key)) throw new UsageError(`${where}.${key} is not a known ${what} (${allowed.join(', ')})`);
  }
}

/** The 5-minute cache write, named `cache_write` or `cache_write_5m` (not both). */
function cacheWrite5m(e: Record<string, unknown>, where: string): number | undefined {
  const a = optionalPrice(e, 'cache_write', where);
  const b = optionalPrice(e, 'cache_write_5m', where);
  if (a !== undefined && b !== undefined && a !== b) throw new UsageError(`${where}: cache_write and cache_write_5m are the same price; give one`);
  return a ?? b;
}

/** A derived price without float dust (0.8 × 0.1 = 0.08000000000000002). */
function clean(v: number): number {
  return Number(v.toPrecision(12));
}

/** Rates with Anthropic's multipliers for any cache price left out. */
export function ratesWithDefaults(input: number, output: number, cacheRead?: number, write5m?: number, write1h?: number): Rates {
  return {
    input,
    output,
    cacheRead: cacheRead ?? clean(input * CACHE_READ_MULTIPLIER),
    cacheWrite5m: write5m ?? clean(input * CACHE_WRITE_5M_MULTIPLIER),
    cacheWrite1h: write1h ?? clean(input * CACHE_WRITE_1H_MULTIPLIER),
  };
}

/** A tier's cache prices, when left out, scale with its input price the way the base prices do. */
function scaledCache(base: Rates, tierInput: number, base5m: (r: Rates) => number, multiplier: number): number {
  return clean(base.input > 0 ? base5m(base) * (tierInput / base.input) : tierInput * multiplier);
}

function parseTier(t: unknown, base: Rates, where: string): Tier {
  if (!isObject(t)) throw new UsageError(`${where} must be an object`);
  checkKeys(t, TIER_KEYS, where, 'tier key');
  const above = t.above_input_tokens;
  if (typeof above !== 'number' || !Number.isInteger(above) || above < 0) {
    throw new UsageError(`${where}.above_input_tokens must be a non-negative integer (prompt tokens, cache tokens included)`);
  }
  const input = requiredPrice(t, 'input', where);
  return {
    aboveInputTokens: above,
    rates: {
      input,
      output: requiredPrice(t, 'output', where),
      cacheRead: optionalPrice(t, 'cache_read', where) ?? scaledCache(base, input, (r) => r.cacheRead, CACHE_READ_MULTIPLIER),
      cacheWrite5m: cacheWrite5m(t, where) ?? scaledCache(base, input, (r) => r.cacheWrite5m, CACHE_WRITE_5M_MULTIPLIER),
      cacheWrite1h: optionalPrice(t, 'cache_write_1h', where) ?? scaledCache(base, input, (r) => r.cacheWrite1h, CACHE_WRITE_1H_MULTIPLIER),
    },
  };
}

function sortTiers(tiers: Tier[], where: string): Tier[] {
  tiers.sort((a, b) => b.aboveInputTokens - a.aboveInputTokens);
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i].aboveInputTokens === tiers[i - 1].aboveInputTokens) throw new UsageError(`${where}: two tiers above ${tiers[i].aboveInputTokens} tokens`);
  }
  return tiers;
}

function parseEntry(e: unknown, where: string, source: PriceSource, origin: string): { entry: PriceEntry; aliases: string[] } {
  if (!isObject(e)) throw new UsageError(`${where} must be an object`);
  checkKeys(e, ENTRY_KEYS, where, 'price');
  const rates = ratesWithDefaults(
    requiredPrice(e, 'input', where),
    requiredPrice(e, 'output', where),
    optionalPrice(e, 'cache_read', where),
    cacheWrite5m(e, where),
    optionalPrice(e, 'cache_write_1h', where),
  );
  let tiers: Tier[] = [];
  if (e.tiers !== undefined && e.tiers !== null) {
    if (!Array.isArray(e.tiers)) throw new UsageError(`${where}.tiers must be a list of {above_input_tokens, input, output, …}`);
    tiers = sortTiers(e.tiers.map((t, i) => parseTier(t, rates, `${where}.tiers[${i}]`)), where);
  }
  let aliases: string[] = [];
  if (e.aliases !== undefined && e.aliases !== null) {
    if (!Array.isArray(e.aliases) || !e.aliases.every((a) => typeof a === 'string' && a.length > 0)) {
      throw new UsageError(`${where}.aliases must be a list of model ids`);
    }
    aliases = e.aliases as string[];
  }
  const since = e.since === undefined || e.since === null ? null : parseSince(e.since, `${where}.since`);
  return { entry: { since, rates, tiers, source, origin }, aliases };
}

/** Ascending by since (undated first); at most one entry per date. */
export function sortEntries(entries: PriceEntry[], where: string): PriceEntry[] {
  entries.sort((a, b) => (a.since ?? -Infinity) - (b.since ?? -Infinity));
  for (let i = 1; i < entries.length; i++) {
    if (entries[i].since === entries[i - 1].since) {
      throw new UsageError(`${where}: two entries in force from the same ${entries[i].since === null ? 'beginning (no since)' : 'date'}`);
    }
  }
  return entries;
}

function emptyLayer(origin: string, source: PriceSource): PriceLayer {
  return { origin, source, models: new Map(), checked: null, sourceNote: null, webSearchPer1000: null, skipped: 0 };
}

/**
 * llmops's format: `{"models": {"id": ENTRY | [ENTRY, …]}}` with ENTRY =
 * `{input, output, cache_read?, cache_write?, cache_write_1h?, since?, tiers?, aliases?}`, USD per 1M tokens.
 */
export function parsePriceDocument(doc: unknown, origin: string, source: PriceSource = 'file'): PriceLayer {
  const models = isObject(doc) ? doc.models : undefined;
  if (!isObject(models)) {
    throw new UsageError(`${origin}: expected an object with a "models" map of model id to prices (or a LiteLLM model_prices_and_context_window.json)`);
  }
  const d = doc as Record<string, unknown>;
  const layer = emptyLayer(origin, source);
  if (typeof d.checked === 'string') layer.checked = d.checked;
  if (typeof d.source === 'string') layer.sourceNote = d.source;
  if (d.web_search_per_1000 !== undefined) {
    if (!isPrice(d.web_search_per_1000)) throw new UsageError(`${origin}: web_search_per_1000 must be a non-negative number (USD per 1,000 searches)`);
    layer.webSearchPer1000 = d.web_search_per_1000;
  }
  for (const [id, value] of Object.entries(models)) {
    const where = `${origin}: models.${id}`;
    if (id.length === 0) throw new UsageError(`${origin}: a model id is empty`);
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) throw new UsageError(`${where} is an empty list`);
    const parsed = list.map((e, i) => parseEntry(e, Array.isArray(value) ? `${where}[${i}]` : where, source, origin));
    layer.models.set(id, {
      entries: sortEntries(parsed.map((p) => p.entry), where),
      aliases: [...new Set(parsed.flatMap((p) => p.aliases))],
    });
  }
  return layer;
}

/** LiteLLM's file: model keys at the top level, per-token prices; `sample_spec` documents the format. */
export function isLiteLlmDocument(doc: unknown): doc is Record<string, unknown> {
  if (!isObject(doc) || 'models' in doc) return false;
  if ('sample_spec' in doc) return true;
  for (const v of Object.values(doc)) {
    if (isObject(v) && ('input_cost_per_token' in v || 'litellm_provider' in v)) return true;
  }
  return false;
}

/** Per-token USD → per-1M USD, without the float dust (8e-7 × 1e6 = 0.7999999999999999). */
function perMillion(v: unknown): number | undefined {
  return isPrice(v) ? clean(v * 1e6) : undefined;
}

const LITELLM_TIER = /^input_cost_per_token_above_(\d+)k_tokens$/;

/**
 * LiteLLM → llmops: `input_cost_per_token` etc. × 1e6; `cache_creation_input_token_cost_above_1hr` is the 1-hour
 * write; `*_above_200k_tokens` keys make a tier above 200,000 prompt tokens. Keys are kept as they are
 * (`anthropic/claude-…`, `bedrock/…`); the model-id resolution finds them from either side.
 */
export function convertLiteLlm(doc: Record<string, unknown>, origin: string): PriceLayer {
  const layer = emptyLayer(origin, 'litellm');
  for (const [id, value] of Object.entries(doc)) {
    if (id === 'sample_spec' || id.length === 0) continue;
    if (!isObject(value)) {
      layer.skipped++;
      continue;
    }
    const input = perMillion(value.input_cost_per_token);
    const output = perMillion(value.output_cost_per_token);
    if (input === undefined || output === undefined) {
      layer.skipped++;
      continue;
    }
    const rates = ratesWithDefaults(
      input, output,
      perMillion(value.cache_read_input_token_cost),
      perMillion(value.cache_creation_input_token_cost),
      perMillion(value.cache_creation_input_token_cost_above_1hr),
    );
    const tiers: Tier[] = [];
    for (const key of Object.keys(value)) {
      const m = LITELLM_TIER.exec(key);
      const tierInput = m ? perMillion(value[key]) : undefined;
      if (!m || tierInput === undefined) continue;
      const k = `above_${m[1]}k_tokens`;
      const scale = (base: number) => clean(input > 0 ? base * (tierInput / input) : base);
      tiers.push({
        aboveInputTokens: Number(m[1]) * 1000,
        rates: {
          input: tierInput,
          output: perMillion(value[`output_cost_per_token_${k}`]) ?? output,
          cacheRead: perMillion(value[`cache_read_input_token_cost_${k}`]) ?? scale(rates.cacheRead),
          cacheWrite5m: perMillion(value[`cache_creation_input_token_cost_${k}`]) ?? scale(rates.cacheWrite5m),
          cacheWrite1h: perMillion(value[`cache_creation_input_token_cost_above_1hr_${k}`]) ?? scale(rates.cacheWrite1h),
        },
      });
    }
    layer.models.set(id, {
      entries: [{ since: null, rates, tiers: sortTiers(tiers, `${origin}: ${id}`), source: 'litellm', origin }],
      aliases: [],
    });
  }
  return layer;
}

/** A price document already parsed from JSON or YAML: llmops's format or LiteLLM's, told apart by shape. */
export function priceLayerFrom(doc: unknown, origin: string): PriceLayer {
  return isLiteLlmDocument(doc) ? convertLiteLlm(doc, origin) : parsePriceDocument(doc, origin, 'file');
}

/** Reads a --prices file (JSON or YAML, llmops or LiteLLM format); any problem is a usage error naming it. */
export function readPriceFile(path: string): PriceLayer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read price file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const yamlName = /\.ya?ml$/i.test(path);
  let doc: unknown;
  if (yamlName) {
    doc = parseYamlText(text, path);
  } else {
    try {
      doc = JSON.parse(text);
    } catch (err) {
      if (/\.json$/i.test(path)) throw new UsageError(`price file ${path} is not valid JSON: ${(err as Error).message}`);
      doc = parseYamlText(text, path);
    }
  }
  return priceLayerFrom(doc, path);
}

function parseYamlText(text: string, path: string): unknown {
  try {
    return parseYaml(text);
  } catch (err) {
    const first = String((err as Error).message).split('\n')[0];
    throw new UsageError(`price file ${path} is not valid JSON or YAML: ${first}`);
  }
}
