// The price table as data: built-in JSON, optionally overridden by a --prices file, and the
// resolution of a logged model id (possibly dated) to its entry.
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** USD per 1M tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export interface PriceTable {
  /** The entry for a logged model id, or null when the model is not priced. */
  resolve(model: string): ModelPrice | null;
  readonly models: ReadonlyMap<string, ModelPrice>;
}

/** Anthropic's cache multipliers, used only when a --prices entry leaves cache prices out. */
const DEFAULT_CACHE_READ_MULTIPLIER = 0.1;
const DEFAULT_CACHE_WRITE_MULTIPLIER = 1.25;

const DATED_SUFFIX = /-\d{8}$/;
const BUILT_IN_URL = new URL('../../data/prices.json', import.meta.url);

function isPrice(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/** Parses a price document `{"models": {"id": {"input", "output", "cache_read"?, "cache_write"?}}}`. */
export function parsePriceDocument(doc: unknown, origin: string): Map<string, ModelPrice> {
  const models = (doc as { models?: unknown } | null)?.models;
  if (typeof models !== 'object' || models === null || Array.isArray(models)) {
    throw new UsageError(`${origin}: expected an object with a "models" map of model id to prices`);
  }
  const out = new Map<string, ModelPrice>();
  for (const [id, entry] of Object.entries(models as Record<string, unknown>)) {
    const e = entry as Record<string, unknown> | null;
    if (typeof e !== 'object' || e === null) throw new UsageError(`${origin}: models.${id} must be an object`);
    for (const key of Object.keys(e)) {
      if (!['input', 'output', 'cache_read', 'cache_write'].includes(key)) {
        throw new UsageError(`${origin}: models.${id}.${key} is not a known price (input, output, cache_read, cache_write)`);
      }
    }
    for (const key of ['input', 'output'] as const) {
      if (!isPrice(e[key])) throw new UsageError(`${origin}: models.${id}.${key} must be a non-negative number (USD per 1M tokens)`);
    }
    for (const key of ['cache_read', 'cache_write'] as const) {
      if (e[key] !== undefined && !isPrice(e[key])) {
        throw new UsageError(`${origin}: models.${id}.${key} must be a non-negative number (USD per 1M tokens)`);
      }
    }
    const input = e.input as number;
    out.set(id, {
      input,
      output: e.output as number,
      cacheRead: (e.cache_read as number | undefined) ?? input * DEFAULT_CACHE_READ_MULTIPLIER,
      cacheWrite: (e.cache_write as number | undefined) ?? input * DEFAULT_CACHE_WRITE_MULTIPLIER,
    });
  }
  return out;
}

export function builtInPrices(): Map<string, ModelPrice> {
  return parsePriceDocument(JSON.parse(readFileSync(BUILT_IN_URL, 'utf8')), 'built-in price table');
}

/** Reads a --prices file; a missing or invalid file is a usage error. */
export function readPriceFile(path: string): Map<string, ModelPrice> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read price file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`price file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parsePriceDocument(doc, path);
}

/** A table from entries; later maps override earlier ones. Ids match exactly, then without a -YYYYMMDD suffix. */
export function createPriceTable(...layers: ReadonlyMap<string, ModelPrice>[]): PriceTable {
  const models = new Map<string, ModelPrice>();
  for (const layer of layers) for (const [id, price] of layer) models.set(id, price);
  const cache = new Map<string, ModelPrice | null>();
  return {
    models,
    resolve(model: string): ModelPrice | null {
      let price = cache.get(model);
      if (price === undefined) {
        price = models.get(model) ?? (DATED_SUFFIX.test(model) ? models.get(model.replace(DATED_SUFFIX, '')) : undefined) ?? null;
        cache.set(model, price);
      }
      return price;
    },
  };
}
