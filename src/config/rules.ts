// The rules `llmops check` knows, one name each (the flag is --<name>, the config key is <name>),
// and the parsing of their limits: dollars, seconds, rates and relative increases.

export type Unit = 'usd' | 'seconds' | 'rate' | 'ratio';

/** The metrics a --max-increase rule can watch; the names are the columns of `compare --format csv`. */
export const INCREASE_METRICS = [
  'requests', 'cost_total', 'cost_mean', 'cost_p95', 'latency_mean', 'latency_p95', 'truncation_rate', 'refusal_rate',
] as const;
export type IncreaseMetric = (typeof INCREASE_METRICS)[number];

/** Per-request metrics with a significance test: what --max-increase watches unless told otherwise. */
export const DEFAULT_INCREASE_METRICS: readonly IncreaseMetric[] = [
  'cost_mean', 'cost_p95', 'latency_mean', 'latency_p95', 'truncation_rate', 'refusal_rate',
];

/**
 * `feature`: checked for every feature (or each feature named); `all`: checked over all records
 * together (or for each feature named).
 */
export type RuleScope = 'feature' | 'all';

export interface RuleDef {
  id: string;
  /** What is measured (for --max-increase: one check per watched metric). */
  metric: string;
  unit: Unit;
  scope: RuleScope;
  /** Argument name and help text for the flag. */
  arg: string;
  help: string;
}

export const RULES = [
  { id: 'max-cost-mean', metric: 'cost_mean', unit: 'usd', scope: 'feature', arg: 'usd', help: "every feature's mean cost per request at most this many US dollars" },
  { id: 'max-cost-p95', metric: 'cost_p95', unit: 'usd', scope: 'feature', arg: 'usd', help: "every feature's p95 cost per request at most this many US dollars (0.05 or $0.05)" },
  { id: 'max-cost-total', metric: 'cost_total', unit: 'usd', scope: 'all', arg: 'usd', help: 'total cost of the records checked at most this many US dollars' },
  { id: 'max-daily-cost', metric: 'daily_cost', unit: 'usd', scope: 'all', arg: 'usd', help: 'cost of every calendar day (in --tz) at most this many US dollars' },
  { id: 'max-latency-mean', metric: 'latency_mean', unit: 'seconds', scope: 'feature', arg: 'duration', help: "every feature's mean latency at most this long (8s, 500ms, 1.5m; a bare number is seconds)" },
  { id: 'max-latency-p95', metric: 'latency_p95', unit: 'seconds', scope: 'feature', arg: 'duration', help: "every feature's p95 latency at most this long (8s, 500ms, 1.5m; a bare number is seconds)" },
  { id: 'max-truncation-rate', metric: 'truncation_rate', unit: 'rate', scope: 'feature', arg: 'rate', help: "every feature's share of answers cut off (max_tokens, model_context_window_exceeded) at most this (2% or 0.02)" },
  { id: 'max-refusal-rate', metric: 'refusal_rate', unit: 'rate', scope: 'feature', arg: 'rate', help: "every feature's share of refusals at most this (0.5% or 0.005)" },
  { id: 'max-increase', metric: 'increase', unit: 'ratio', scope: 'feature', arg: 'pct', help: 'no significant increase above this (10% or 0.1) week over week, or against --against FILE, in any watched metric of any feature' },
] as const satisfies readonly RuleDef[];

export type RuleId = (typeof RULES)[number]['id'];
export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

export function ruleDef(id: RuleId): RuleDef {
  return RULES.find((r) => r.id === id)!;
}

/** One rule as given: by a flag or by an entry of the config file's `checks`. */
export interface RuleSpec {
  rule: RuleId;
  limit: number;
  /** null: every feature (per-feature rules) or all records together (`all` rules). */
  features: string[] | null;
  source: 'flag' | 'config';
  /** --max-increase only. */
  metrics: IncreaseMetric[];
  /** --max-increase only: a saved `baseline --json` file to compare against, or null for week over week. */
  against: string | null;
  /** --max-increase only: fire only on changes a test calls significant. */
  requireSignificance: boolean;
}

/** A limit that does not parse; the message says what was expected. */
export class LimitError extends Error {}

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

function numberText(raw: unknown): string {
  if (typeof raw === 'number') return String(raw);
  if (typeof raw === 'string') return raw.trim();
  throw new LimitError(`expected a number or a string, got ${raw === null ? 'null' : Array.isArray(raw) ? 'a list' : typeof raw}`);
}

function nonNegative(v: number, what: string): number {
  if (!Number.isFinite(v) || v < 0) throw new LimitError(`expected ${what}`);
  return v;
}

function parseUsd(raw: unknown): number {
  const text = numberText(raw).replace(/^\$\s*/, '').replace(/,/g, '');
  if (!NUMBER.test(text)) throw new LimitError(`${JSON.stringify(raw)} is not an amount in US dollars (0.05, $150)`);
  return nonNegative(Number(text), 'a non-negative amount in US dollars');
}

function parseSeconds(raw: unknown): number {
  const m = /^((?:\d+(?:\.\d*)?|\.\d+))\s*(ms|s|m|min)?$/.exec(numberText(raw));
  if (!m) throw new LimitError(`${JSON.stringify(raw)} is not a duration (8s, 8, 500ms, 1.5m)`);
  const v = Number(m[1]);
  return nonNegative(m[2] === 'ms' ? v / 1000 : m[2] === 'm' || m[2] === 'min' ? v * 60 : v, 'a non-negative duration');
}

/** A share: 2% or 0.02. A bare number above 1 is almost surely a percentage without its sign. */
function parseRate(raw: unknown): number {
  const text = numberText(raw);
  const pct = /^(.*?)\s*%$/.exec(text);
  if (pct) {
    if (!NUMBER.test(pct[1])) throw new LimitError(`${JSON.stringify(raw)} is not a percentage (2%)`);
    const v = Number(pct[1]) / 100;
    if (v > 1) throw new LimitError(`${JSON.stringify(raw)}: a rate is at most 100%`);
    return v;
  }
  if (!NUMBER.test(text)) throw new LimitError(`${JSON.stringify(raw)} is not a rate (2% or 0.02)`);
  const v = Number(text);
  if (v > 1) throw new LimitError(`${JSON.stringify(raw)}: a bare number is a share from 0 to 1; did you mean ${text}%?`);
  return v;
}

/** A relative increase: 10%, 150% or 0.1. A bare number above 1 must be written as a percentage. */
function parseIncrease(raw: unknown): number {
  const text = numberText(raw);
  const pct = /^\+?(.*?)\s*%$/.exec(text);
  if (pct) {
    if (!NUMBER.test(pct[1])) throw new LimitError(`${JSON.stringify(raw)} is not a percentage (10%)`);
    return Number(pct[1]) / 100;
  }
  if (!NUMBER.test(text)) throw new LimitError(`${JSON.stringify(raw)} is not a relative increase (10% or 0.1)`);
  const v = Number(text);
  if (v > 1) throw new LimitError(`${JSON.stringify(raw)}: a bare number is a fraction (0.1 = 10%); write ${text}% if that is meant`);
  return v;
}

export function parseLimit(unit: Unit, raw: unknown): number {
  switch (unit) {
    case 'usd': return parseUsd(raw);
    case 'seconds': return parseSeconds(raw);
    case 'rate': return parseRate(raw);
    case 'ratio': return parseIncrease(raw);
  }
}

/** Feature names from repeated or comma-separated values. */
export function parseFeatureList(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) for (const name of v.split(',')) if (name.trim() && !out.includes(name.trim())) out.push(name.trim());
  return out;
}

/** `cost_mean,latency_p95` (dashes allowed) → metric names; unknown names throw a LimitError. */
export function parseIncreaseMetrics(values: readonly string[], suggest: (name: string) => string): IncreaseMetric[] {
  const out: IncreaseMetric[] = [];
  for (const v of values) {
    for (const raw of v.split(',')) {
      const name = raw.trim().replace(/-/g, '_');
      if (!name) continue;
      if (!(INCREASE_METRICS as readonly string[]).includes(name)) {
        throw new LimitError(`unknown metric ${JSON.stringify(raw.trim())}${suggest(name)}; known: ${INCREASE_METRICS.join(', ')}`);
      }
      if (!out.includes(name as IncreaseMetric)) out.push(name as IncreaseMetric);
    }
  }
  if (out.length === 0) throw new LimitError(`no metric given; known: ${INCREASE_METRICS.join(', ')}`);
  return out;
}
