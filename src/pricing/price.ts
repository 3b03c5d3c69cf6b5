// The cost of one call under Anthropic's usage semantics (input_tokens excludes cached tokens, which are
// priced as cache reads and 5-minute or 1-hour cache writes), and the tally of every assumption it made.
import type { PricedRecord, UsageRecord } from '../types.js';
import {
  BATCH_MULTIPLIER, DEFAULT_WEB_SEARCH_PER_1000, entryAt,
  type CacheTtl, type CostMode, type ModelPrices, type PriceEntry, type PriceFileInfo, type PriceTable, type Rates, type Resolution,
} from './price-table.js';

/** What pricing needs of a record. */
export type PricedFields = Pick<UsageRecord,
  'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens' | 'cacheWrite1hTokens' | 'batch' | 'webSearchRequests'>;

/** A logged model id and what pricing made of it. */
export interface ModelUse {
  resolution: Resolution;
  /** Records with this id that reached pricing. */
  records: number;
  /** Of those, records left without a cost. */
  unpriced: number;
}

/** Counters filled per record while pricing; plain data, so two partial tallies merge. */
export interface PricingTally {
  costMode: CostMode;
  cacheTtl: CacheTtl;
  checked: string | null;
  files: PriceFileInfo[];
  webSearchPer1000: number;
  /** By model id as logged. */
  models: Map<string, ModelUse>;
  /** Records whose cost was calculated from tokens. */
  calculated: number;
  /** Records whose cost is the app's logged cost_usd (--cost-mode logged or auto). */
  loggedCost: number;
  /** --cost-mode logged: records without cost_usd, left unpriced. */
  noLoggedCost: number;
  /** Calculated records with cache writes but no TTL split: priced at the --cache-ttl default. */
  assumedTtlRecords: number;
  assumedTtlTokens: number;
  /** Calculated records priced at a tier's rates (their prompt crossed its threshold). */
  tierRecords: number;
  /** Calculated records sent through the Batch API (half price). */
  batchRecords: number;
  /** Web searches priced, in calculated records. */
  webSearchRequests: number;
  /** Records dated before their model's first effective price: unpriced. */
  beforeFirstPrice: number;
  /** Records without a timestamp of a model whose price changed: priced at the latest entry. */
  undatedAtLatest: number;
}

/** An empty tally for a run priced with `table` (the defaults without one). */
export function pricingTallyFor(table?: PriceTable): PricingTally {
  return {
    costMode: table?.costMode ?? 'calculate', cacheTtl: table?.cacheTtl ?? '5m', checked: table?.checked ?? null,
    files: table?.files ?? [], webSearchPer1000: table?.webSearchPer1000 ?? DEFAULT_WEB_SEARCH_PER_1000, models: new Map(),
    calculated: 0, loggedCost: 0, noLoggedCost: 0, assumedTtlRecords: 0, assumedTtlTokens: 0,
    tierRecords: 0, batchRecords: 0, webSearchRequests: 0, beforeFirstPrice: 0, undatedAtLatest: 0,
  };
}

/** Adds `from` into `into` (same table and options). */
export function mergePricingTally(into: PricingTally, from: PricingTally): PricingTally {
  for (const [model, use] of from.models) {
    const have = into.models.get(model);
    if (have) {
      have.records += use.records;
      have.unpriced += use.unpriced;
    } else {
      into.models.set(model, { ...use });
    }
  }
  into.calculated += from.calculated;
  into.loggedCost += from.loggedCost;
  into.noLoggedCost += from.noLoggedCost;
  into.assumedTtlRecords += from.assumedTtlRecords;
  into.assumedTtlTokens += from.assumedTtlTokens;
  into.tierRecords += from.tierRecords;
  into.batchRecords += from.batchRecords;
  into.webSearchRequests += from.webSearchRequests;
  into.beforeFirstPrice += from.beforeFirstPrice;
  into.undatedAtLatest += from.undatedAtLatest;
  return into;
}

/** The rates for a record's prompt size: a tier's when the prompt (cache tokens included) is above its threshold. */
export function ratesFor(entry: PriceEntry, r: PricedFields): Rates {
  const tiers = entry.tiers;
  if (tiers.length === 0) return entry.rates;
  const prompt = r.inputTokens + r.cacheReadTokens + r.cacheWriteTokens;
  for (let i = 0; i < tiers.length; i++) if (prompt > tiers[i].aboveInputTokens) return tiers[i].rates;
  return entry.rates;
}

/**
 * USD for one call at `rates`, into `out.costUsd`: cache writes split by TTL when the record says, else all
 * at the default TTL; batch halves the token price (cache included); web searches are added at their own
 * price. Written, not returned: see priceInto.
 */
export function costAt(out: { costUsd: number | null }, r: PricedFields, rates: Rates, default1h: boolean, webSearchPer1000: number): void {
  const w1h = r.cacheWrite1hTokens;
  const write = w1h === null
    ? r.cacheWriteTokens * (default1h ? rates.cacheWrite1h : rates.cacheWrite5m)
    : (r.cacheWriteTokens - w1h) * rates.cacheWrite5m + w1h * rates.cacheWrite1h;
  let cost = (r.inputTokens * rates.input + write + r.cacheReadTokens * rates.cacheRead + r.outputTokens * rates.output) / 1e6;
  if (r.batch) cost *= BATCH_MULTIPLIER;
  if (r.webSearchRequests > 0) cost += (r.webSearchRequests * webSearchPer1000) / 1000;
  out.costUsd = cost;
}

/** Where costOn has costAt put its answer. */
const whatIfCost: { costUsd: number | null } = { costUsd: NaN };

/** The calculated cost of a record on a model's prices (what-if); null when no entry is in force at its time. */
export function costOn(r: PricedFields & Pick<UsageRecord, 'timestampMs'>, prices: ModelPrices, table: PriceTable): number | null {
  const entry = prices.only ?? entryAt(prices, r.timestampMs);
  if (entry === null) return null;
  costAt(whatIfCost, r, ratesFor(entry, r), table.cacheTtl === '1h', table.webSearchPer1000);
  return whatIfCost.costUsd;
}

/** What pricing made of a logged model id, kept in the tally (resolved once per distinct id). */
export function modelUse(model: string, table: PriceTable, tally: PricingTally): ModelUse {
  let use = tally.models.get(model);
  if (use === undefined) {
    use = { resolution: table.resolve(model), records: 0, unpriced: 0 };
    tally.models.set(model, use);
  }
  return use;
}

/**
 * USD for one record, or null when it has no price; per the table's cost mode. Resolves its model id once
 * per distinct id (the tally keeps the resolution) and counts every assumption made.
 */
export function priceRecord(record: UsageRecord, table: PriceTable, tally: PricingTally): number | null {
  const priced: PricedRecord = { ...record, costUsd: null };
  priceInto(priced, modelUse(record.model, table, tally), table, tally);
  return priced.costUsd;
}

/**
 * Prices a record in place, its model already resolved (`use`: from modelUse): costUsd becomes its USD,
 * or null when it has none (then false). The cost is written, not returned (here and in costAt): a
 * double returned from a call the optimiser does not inline is boxed, an allocation per record on the
 * parser threads' hot path (and costUsd stays a field of doubles while every record has a price).
 */
export function priceInto(record: PricedRecord, use: ModelUse, table: PriceTable, tally: PricingTally): boolean {
  use.records++;
  if (table.costMode !== 'calculate') {
    const logged = record.loggedCostUsd;
    if (logged !== null) {
      tally.loggedCost++;
      record.costUsd = logged;
      return true;
    }
    if (table.costMode === 'logged') {
      tally.noLoggedCost++;
      return unpriced(record, use);
    }
  }
  const prices = use.resolution.prices;
  if (prices === null) return unpriced(record, use);
  let entry = prices.only;
  if (entry === null) {
    entry = entryAt(prices, record.timestampMs);
    if (entry === null) {
      tally.beforeFirstPrice++;
      return unpriced(record, use);
    }
    if (record.timestampMs === null && prices.entries.length > 1) tally.undatedAtLatest++;
  }
  tally.calculated++;
  if (record.cacheWrite1hTokens === null && record.cacheWriteTokens > 0) {
    tally.assumedTtlRecords++;
    tally.assumedTtlTokens += record.cacheWriteTokens;
  }
  if (record.batch) tally.batchRecords++;
  tally.webSearchRequests += record.webSearchRequests;
  const rates = ratesFor(entry, record);
  if (rates !== entry.rates) tally.tierRecords++;
  costAt(record, record, rates, table.cacheTtl === '1h', table.webSearchPer1000);
  return true;
}

function unpriced(record: PricedRecord, use: ModelUse): false {
  use.unpriced++;
  record.costUsd = null;
  return false;
}
