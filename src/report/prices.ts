// Pricing in the reports: `inputs.pricing` of every document, the `llmops prices` document and its
// table, and the notes on stderr about prices that were assumed. Pure.
import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { InputTally } from '../analyze.js';
import { LOOSE, type ResolveHow } from '../pricing/model-id.js';
import type { ModelCosts } from '../pricing/model-costs.js';
import type { PricingTally } from '../pricing/price.js';
import {
  BATCH_MULTIPLIER, type CacheTtl, type CostMode, type PriceEntry, type PriceFileInfo, type PriceSource, type PriceTable, type Rates,
} from '../pricing/price-table.js';
import type { Calendar } from '../window/calendar.js';
import type { TimeWindow } from '../window/window.js';
import { inputsJson, windowJson, type InputsJson, type WindowJson } from './contract.js';
import { DASH, formatCount, formatUsd, safeText } from './format.js';
import { HOW_TEXT } from './pricing-notes.js';
import { byValueDesc } from './order.js';

export const PRICES_SCHEMA = 'llmops.prices/v1';

/** A logged id that did not match a table key exactly, and what it was priced as. */
export interface ResolvedIdJson {
  model: string;
  resolved_to: string;
  how: Exclude<ResolveHow, 'exact'>;
  records: number;
}

/** `inputs.pricing`: how the costs of a report were found and what was assumed. */
export interface PricingJson {
  cost_mode: CostMode;
  /** Records whose cost was calculated from tokens and the table. */
  calculated_records: number;
  /** Records whose cost is the app's logged cost_usd (--cost-mode logged or auto). */
  logged_cost_records: number;
  /** --cost-mode logged: records without cost_usd, left unpriced. */
  missing_logged_cost_records: number;
  /** --cache-ttl: the TTL of cache writes a record does not split. */
  cache_ttl_default: CacheTtl;
  /** Calculated records with cache writes but no TTL split, and their cache-write tokens, priced at cache_ttl_default. */
  assumed_ttl_records: number;
  assumed_ttl_tokens: number;
  /** Records priced at a tier's rates (prompt above its threshold). */
  tier_records: number;
  /** Records priced at the Batch API's half price. */
  batch_records: number;
  /** Web searches priced (USD per 1,000: price_table.web_search_per_1000). */
  web_search_requests: number;
  /** Records dated before their model's first effective price: unpriced. */
  before_first_price_records: number;
  /** Records without a timestamp of a model whose price changed over time: priced at its latest entry. */
  undated_at_latest_price_records: number;
  /** Ids that did not match a table key exactly (dated, alias, case, provider form), most records first. */
  resolved: ResolvedIdJson[];
  price_table: { checked: string | null; files: PriceFileInfo[]; web_search_per_1000: number };
}

export function pricingJson(t: PricingTally): PricingJson {
  const resolved: ResolvedIdJson[] = [];
  for (const [model, use] of t.models) {
    const { prices, how } = use.resolution;
    if (prices !== null && how !== null && how !== 'exact') resolved.push({ model, resolved_to: prices.id, how, records: use.records });
  }
  resolved.sort(byValueDesc((r) => r.records, (r) => r.model));
  return {
    cost_mode: t.costMode,
    calculated_records: t.calculated,
    logged_cost_records: t.loggedCost,
    missing_logged_cost_records: t.noLoggedCost,
    cache_ttl_default: t.cacheTtl,
    assumed_ttl_records: t.assumedTtlRecords,
    assumed_ttl_tokens: t.assumedTtlTokens,
    tier_records: t.tierRecords,
    batch_records: t.batchRecords,
    web_search_requests: t.webSearchRequests,
    before_first_price_records: t.beforeFirstPrice,
    undated_at_latest_price_records: t.undatedAtLatest,
    resolved,
    price_table: { checked: t.checked, files: t.files.map((f) => ({ ...f })), web_search_per_1000: t.webSearchPer1000 },
  };
}

export { pricingNotes } from './pricing-notes.js';

// ---- the `llmops prices` document ----

export interface RatesJson {
  input: number;
  output: number;
  cache_read: number;
  cache_write_5m: number;
  cache_write_1h: number;
}

export interface PriceEntryJson extends RatesJson {
  /** In force from (UTC), or null: from the beginning. */
  since: string | null;
  tiers: Array<{ above_input_tokens: number } & RatesJson>;
  source: PriceSource;
  /** `built-in` or the price file's path. */
  origin: string;
}

export interface PriceModelJson {
  model: string;
  aliases: string[];
  /** Oldest first. */
  entries: PriceEntryJson[];
}

export interface LoggedModelJson {
  model: string;
  requests: number;
  /** The table entry it was priced with, or null when unpriced. */
  resolved_to: string | null;
  how: ResolveHow | null;
  priced_requests: number;
  unpriced_requests: number;
  cost_usd: number | null;
}

export interface PricesJson {
  schema: typeof PRICES_SCHEMA;
  table: {
    unit: 'USD per 1M tokens';
    checked: string | null;
    source: string | null;
    files: PriceFileInfo[];
    web_search_per_1000: number;
    batch_multiplier: number;
    cost_mode: CostMode;
    cache_ttl_default: CacheTtl;
  };
  /** Table order: built-in first, then models the files add. */
  models: PriceModelJson[];
  /** With paths: every model id found in the logs, most requests first; null without paths. */
  logs: { window: WindowJson; inputs: InputsJson; models: LoggedModelJson[] } | null;
}

function ratesJson(r: Rates): RatesJson {
  return { input: r.input, output: r.output, cache_read: r.cacheRead, cache_write_5m: r.cacheWrite5m, cache_write_1h: r.cacheWrite1h };
}

export function formatSince(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function entryJson(e: PriceEntry): PriceEntryJson {
  return {
    since: e.since === null ? null : formatSince(e.since),
    ...ratesJson(e.rates),
    tiers: e.tiers.map((t) => ({ above_input_tokens: t.aboveInputTokens, ...ratesJson(t.rates) })),
    source: e.source,
    origin: e.origin,
  };
}

export function buildPricesReport(
  table: PriceTable,
  logs: { tally: InputTally; costs: ModelCosts; calendar: Calendar; window: TimeWindow } | null,
): PricesJson {
  const models = [...table.models.values()].map((m) => ({ model: m.id, aliases: [...m.aliases], entries: m.entries.map(entryJson) }));
  let logsJson: PricesJson['logs'] = null;
  if (logs !== null) {
    const rows: LoggedModelJson[] = [...logs.tally.pricing.models].map(([model, use]) => {
      const c = logs.costs.byModel.get(model);
      return {
        model,
        requests: use.records,
        resolved_to: use.resolution.prices?.id ?? null,
        how: use.resolution.how,
        priced_requests: c?.priced ?? 0,
        unpriced_requests: use.records - (c?.priced ?? 0),
        cost_usd: c === undefined ? null : c.cost,
      };
    });
    rows.sort(byValueDesc((r) => r.requests, (r) => r.model));
    logsJson = { window: windowJson(logs.window, logs.calendar), inputs: inputsJson(logs.tally), models: rows };
  }
  return {
    schema: PRICES_SCHEMA,
    table: {
      unit: 'USD per 1M tokens',
      checked: table.checked,
      source: table.sourceNote,
      files: table.files.map((f) => ({ ...f })),
      web_search_per_1000: table.webSearchPer1000,
      batch_multiplier: BATCH_MULTIPLIER,
      cost_mode: table.costMode,
      cache_ttl_default: table.cacheTtl,
    },
    models,
    logs: logsJson,
  };
}

/** $3, $0.30, $22.50, $0.025: a per-1M price with at least cents and no float dust. */
export function formatRate(v: number): string {
  if (Number.isInteger(v)) return `$${v}`;
  const text = String(Number(v.toPrecision(10)));
  const decimals = text.includes('.') ? text.split('.')[1].length : 0;
  return `$${v.toFixed(Math.min(Math.max(2, decimals), 6))}`;
}

function tokensShort(n: number): string {
  return n % 1000 === 0 ? `${n / 1000}K` : formatCount(n);
}

function sinceText(since: string | null): string {
  if (since === null) return DASH;
  return since.endsWith('T00:00:00Z') ? since.slice(0, 10) : since;
}

function table(head: string[], p: ChalkInstance, left: number[]): Table.Table {
  return new Table({
    head: head.map((h) => p.bold(h)),
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
    colAligns: head.map((_, i) => (left.includes(i) ? 'left' : 'right')),
  });
}

function sourceText(e: PriceEntryJson): string {
  return e.source === 'built-in' ? 'built-in' : `${e.source === 'litellm' ? 'LiteLLM' : 'file'} ${safeText(e.origin)}`;
}

export function renderPricesTable(doc: PricesJson, p: ChalkInstance): string {
  const out: string[] = [];
  const t = doc.table;
  const files = t.files.map((f) => `${safeText(f.path)} (${f.format === 'litellm' ? 'LiteLLM' : 'llmops'}, ${formatCount(f.models)} models${f.skipped ? `, ${formatCount(f.skipped)} skipped` : ''})`);
  out.push(`${p.bold('llmops prices')}: built-in table checked ${t.checked ?? 'unknown'}${files.length ? `; files: ${files.join(', ')}` : ''}`);
  out.push(`cost mode ${t.cost_mode}; cache writes without a TTL split priced as ${t.cache_ttl_default}; batch ×${t.batch_multiplier} (cache included); web search $${t.web_search_per_1000} per 1,000`);
  if (doc.logs === null) {
    out.push('');
    out.push(p.bold.underline('Prices (USD per 1M tokens)'));
    const tab = table(['model', 'since', 'input', 'output', 'cache read', 'write 5m', 'write 1h', 'tier', 'source'], p, [0, 1, 7, 8]);
    for (const m of doc.models) {
      m.entries.forEach((e, i) => {
        const name = i > 0 ? '' : safeText(m.model) + (m.aliases.length ? p.dim(` (also ${m.aliases.map(safeText).join(', ')})`) : '');
        const tiers = e.tiers.map((x) => `>${tokensShort(x.above_input_tokens)}: ${formatRate(x.input)} / ${formatRate(x.output)}`).join('; ') || DASH;
        tab.push([name, sinceText(e.since), formatRate(e.input), formatRate(e.output), formatRate(e.cache_read),
          formatRate(e.cache_write_5m), formatRate(e.cache_write_1h), tiers, sourceText(e)]);
      });
    }
    out.push(tab.toString());
    out.push(p.dim('A tier prices the whole request at its rates when input + cache read + cache write tokens are above its threshold.'));
  } else {
    out.push('');
    out.push(p.bold.underline('Model ids in the logs'));
    const tab = table(['model', 'requests', 'priced as', 'how', 'cost'], p, [0, 2, 3]);
    for (const m of doc.logs.models) {
      const unpriced = m.unpriced_requests > 0;
      const as = m.resolved_to === null ? p.yellow('unpriced') : safeText(m.resolved_to);
      const how = m.how === null ? DASH : HOW_TEXT[m.how] + (unpriced ? p.yellow(` (${formatCount(m.unpriced_requests)} unpriced)`) : '');
      tab.push([safeText(m.model), formatCount(m.requests), as, how, formatUsd(m.cost_usd)]);
    }
    out.push(tab.toString());
    const unpriced = doc.logs.models.filter((m) => m.resolved_to === null);
    out.push(unpriced.length === 0
      ? `${formatCount(doc.logs.models.length)} model id${doc.logs.models.length === 1 ? '' : 's'}, all priced`
      : `${formatCount(doc.logs.models.length)} model ids, ${unpriced.length} unpriced: ${unpriced.map((m) => safeText(m.model)).join(', ')} (add them with --prices FILE)`);
  }
  return out.join('\n') + '\n';
}
