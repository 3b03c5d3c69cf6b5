// The effective price table: the built-in JSON with --prices layers merged over it, the pricing
// options of the run (cost mode, default cache TTL), and the resolution of a logged model id to its prices.
import { LOOSE, normalizeModelId, withoutDate, type ResolveHow } from './model-id.js';
import { parsePriceDocument, readPriceFile, type PriceEntry, type PriceLayer, type PriceSource } from './price-file.js';
// The built-in table is data: data/prices.json, bundled into the build (no file to find at run time).
import builtInDocument from '../../data/prices.json' with { type: 'json' };

export { parsePriceDocument, readPriceFile };
export type { PriceEntry, PriceLayer, PriceSource, Rates, Tier } from './price-file.js';
export type { ResolveHow } from './model-id.js';
export { LOOSE };

/** calculate: from tokens and the table; logged: the app's own `cost_usd` only; auto: logged when present, else calculated. */
export const COST_MODES = ['calculate', 'logged', 'auto'] as const;
export type CostMode = (typeof COST_MODES)[number];

/** The TTL of cache writes whose log does not split them by TTL. */
export const CACHE_TTLS = ['5m', '1h'] as const;
export type CacheTtl = (typeof CACHE_TTLS)[number];

export interface PricingOptions {
  costMode: CostMode;
  cacheTtl: CacheTtl;
}

/** Anthropic's server-side web search: $10 per 1,000 searches, unless a price file says otherwise. */
export const DEFAULT_WEB_SEARCH_PER_1000 = 10;
/** The Batch API halves every token price, cache tokens included. */
export const BATCH_MULTIPLIER = 0.5;

/** A model's prices over time, as merged from every layer. */
export interface ModelPrices {
  id: string;
  /** Ascending by since, an undated entry first. */
  entries: readonly PriceEntry[];
  /** The entry when there is only one and it has no date: the per-record fast path. */
  only: PriceEntry | null;
  aliases: readonly string[];
}

export interface Resolution {
  /** Null when the model is not priced. */
  prices: ModelPrices | null;
  /** How the id matched, or null when it did not. */
  how: ResolveHow | null;
}

/** A --prices file as the reports name it. */
export interface PriceFileInfo {
  path: string;
  format: 'llmops' | 'litellm';
  models: number;
  skipped: number;
}

const UNPRICED: Resolution = { prices: null, how: null };

export function builtInPrices(): PriceLayer {
  return parsePriceDocument(builtInDocument, 'built-in', 'built-in');
}

/**
 * Layers a model's history: the upper layer's entries replace the lower's from the upper's first date on
 * (all of them, when the upper has an undated entry); before that date the lower layer's prices stay.
 */
function layerEntries(lower: readonly PriceEntry[], upper: readonly PriceEntry[]): PriceEntry[] {
  const from = upper[0].since ?? -Infinity;
  return [...lower.filter((e) => (e.since ?? -Infinity) < from), ...upper];
}

export class PriceTable {
  /** By canonical id, in the order first seen (built-in first). */
  readonly models = new Map<string, ModelPrices>();
  readonly checked: string | null;
  readonly sourceNote: string | null;
  readonly files: PriceFileInfo[];
  readonly webSearchPer1000: number;
  readonly costMode: CostMode;
  readonly cacheTtl: CacheTtl;
  private readonly aliases = new Map<string, string>();
  /** normalizeModelId(key) → key, for ids logged in another provider's form. */
  private readonly normalized = new Map<string, string>();
  private readonly cache = new Map<string, Resolution>();

  constructor(readonly layers: readonly PriceLayer[], options: Partial<PricingOptions> = {}) {
    this.costMode = options.costMode ?? 'calculate';
    this.cacheTtl = options.cacheTtl ?? '5m';
    const merged = new Map<string, { entries: PriceEntry[]; aliases: Set<string> }>();
    let webSearch: number | null = null;
    for (const layer of layers) {
      for (const [id, m] of layer.models) {
        const have = merged.get(id);
        if (have) {
          have.entries = layerEntries(have.entries, m.entries);
          for (const a of m.aliases) have.aliases.add(a);
        } else {
          merged.set(id, { entries: [...m.entries], aliases: new Set(m.aliases) });
        }
      }
      if (layer.webSearchPer1000 !== null) webSearch = layer.webSearchPer1000;
    }
    for (const [id, m] of merged) {
      const entries = m.entries;
      this.models.set(id, {
        id,
        entries,
        only: entries.length === 1 && entries[0].since === null ? entries[0] : null,
        aliases: [...m.aliases].sort(),
      });
      for (const a of m.aliases) this.aliases.set(a, id);
    }
    for (const id of this.models.keys()) {
      const n = normalizeModelId(id);
      // A key that is already in neutral form wins; otherwise the later layer's key.
      if (this.normalized.get(n) !== n) this.normalized.set(n, id);
    }
    const builtIn = layers.find((l) => l.source === 'built-in');
    this.checked = builtIn?.checked ?? null;
    this.sourceNote = builtIn?.sourceNote ?? null;
    this.files = layers.filter((l) => l.source !== 'built-in').map((l) => ({
      path: l.origin, format: l.source === 'litellm' ? 'litellm' : 'llmops', models: l.models.size, skipped: l.skipped,
    }));
    this.webSearchPer1000 = webSearch ?? DEFAULT_WEB_SEARCH_PER_1000;
  }

  /** A key or a declared alias, exactly. */
  private lookup(id: string): { prices: ModelPrices; alias: boolean } | null {
    const prices = this.models.get(id);
    if (prices) return { prices, alias: false };
    const target = this.aliases.get(id);
    return target === undefined ? null : { prices: this.models.get(target)!, alias: true };
  }

  /**
   * Exact id (or a declared alias); then without a -YYYYMMDD suffix; then case-insensitively; then without
   * provider forms (anthropic/…, Bedrock, Vertex, dotted versions). Once per distinct id.
   */
  resolve(model: string): Resolution {
    let r = this.cache.get(model);
    if (r === undefined) {
      r = this.resolveUncached(model);
      this.cache.set(model, r);
    }
    return r;
  }

  private resolveUncached(model: string): Resolution {
    const exact = this.lookup(model);
    if (exact) return { prices: exact.prices, how: exact.alias ? 'alias' : 'exact' };
    const base = withoutDate(model);
    const dated = base === null ? null : this.lookup(base);
    if (dated) return { prices: dated.prices, how: 'date_suffix' };
    const lower = model.toLowerCase();
    if (lower !== model) {
      const lowerBase = withoutDate(lower);
      const found = this.lookup(lower) ?? (lowerBase === null ? null : this.lookup(lowerBase));
      if (found) return { prices: found.prices, how: 'case' };
    }
    const neutral = normalizeModelId(model);
    const key = this.normalized.get(neutral);
    const found = this.lookup(neutral) ?? (key === undefined ? null : this.lookup(key));
    if (found) return { prices: found.prices, how: 'provider_form' };
    return UNPRICED;
  }
}

/** A table from layers (later layers override earlier ones), with the default pricing options. */
export function createPriceTable(...layers: PriceLayer[]): PriceTable {
  return new PriceTable(layers);
}

/** The entry in force at `timestampMs`: the latest one when the record has no timestamp; null before the first. */
export function entryAt(prices: ModelPrices, timestampMs: number | null): PriceEntry | null {
  const entries = prices.entries;
  if (timestampMs === null) return entries[entries.length - 1];
  for (let i = entries.length - 1; i >= 0; i--) {
    const since = entries[i].since;
    if (since === null || since <= timestampMs) return entries[i];
  }
  return null;
}
