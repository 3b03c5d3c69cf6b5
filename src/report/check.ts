// Builds the `check --json` document: every rule evaluated on every scope it covers, worst first.
// Pure: the measurements come from the run's baseline document, its per-feature daily costs, and
// any saved baselines named with --against.
import type { BaselineJson, ChangeJson, InputsJson, StatsJson, TestedChangeJson, WindowJson, WowJson } from './contract.js';
import { buildCompareReport, deltaOf, type ComparedMetric } from './compare.js';
import type { TestName } from '../stats/significance.js';
import { ruleDef, type IncreaseMetric, type RuleId, type RuleSpec, type Unit } from '../config/rules.js';

export const CHECK_SCHEMA = 'llmops.check/v1';

export type CheckStatus = 'pass' | 'fail' | 'no_data';

export interface CheckComparisonJson {
  /** "week_over_week", or the saved baseline file the run is compared against. */
  against: string;
  before: number | null;
  after: number | null;
  significant: boolean | null;
  test: TestName | null;
  p_value: number | null;
  /** Whether the rule fires only on significant increases (false with --no-significance). */
  require_significance: boolean;
}

export interface CheckResultJson {
  rule: RuleId;
  /** What was measured: cost_p95, daily_cost, or the watched metric of a max-increase rule. */
  metric: string;
  /** usd, seconds, rate (a share), ratio (a relative change). */
  unit: Unit;
  /** feature null: all records together; date: the day measured (max-daily-cost: the worst day). */
  scope: { feature: string | null; date: string | null };
  /** The measurement; null when there was nothing to measure (status no_data). */
  value: number | null;
  limit: number;
  passed: boolean;
  status: CheckStatus;
  source: 'flag' | 'config';
  /** max-increase only. */
  comparison: CheckComparisonJson | null;
  /** max-daily-cost only: days over the limit, of days with a cost. */
  days: { over: number; total: number } | null;
  /** Why a check passed despite exceeding, or had no data. */
  note: string | null;
}

export interface CheckJson {
  schema: typeof CHECK_SCHEMA;
  /** True when no check failed (checks without data do not fail). */
  passed: boolean;
  summary: { checks: number; passed: number; failed: number; no_data: number };
  window: WindowJson;
  inputs: InputsJson;
  /** The two weeks a week-over-week max-increase compares, or null when none does or there are no timestamps. */
  week_over_week: { current: { since: string; until: string }; previous: { since: string; until: string } } | null;
  /** Failures first, each group by how far over its limit (value / limit), largest first. */
  checks: CheckResultJson[];
}

/** A day's priced cost, null when no record of the day was priced. */
export interface DayCost {
  date: string;
  cost: number | null;
}

export interface CheckInputs {
  baseline: BaselineJson;
  /** Per feature, the cost of each day with records. */
  dailyByFeature: ReadonlyMap<string, readonly DayCost[]>;
  /** Saved baselines by the path their rules name them with (already read and validated). */
  saved: ReadonlyMap<string, BaselineJson>;
}

/** The value of a level rule's metric in a STATS. */
function levelValue(metric: string, s: StatsJson): number | null {
  switch (metric) {
    case 'cost_mean': return s.cost_usd.mean;
    case 'cost_p95': return s.cost_usd.p95;
    case 'cost_total': return s.cost_usd.total;
    case 'latency_mean': return s.latency_s.mean;
    case 'latency_p95': return s.latency_s.p95;
    case 'truncation_rate': return s.truncation_rate;
    case 'refusal_rate': return s.refusal_rate;
    default: throw new Error(`not a level metric: ${metric}`);
  }
}

function result(spec: RuleSpec, metric: string, scope: CheckResultJson['scope'], value: number | null, fields: Partial<CheckResultJson> = {}): CheckResultJson {
  const def = ruleDef(spec.rule);
  const status: CheckStatus = fields.status ?? (value === null ? 'no_data' : value <= spec.limit ? 'pass' : 'fail');
  return {
    rule: spec.rule, metric, unit: def.unit, scope, value, limit: spec.limit,
    passed: status !== 'fail', status, source: spec.source,
    comparison: null, days: null, note: null, ...fields,
  };
}

function noRecordsNote(feature: string): string {
  return `no records for feature ${feature}`;
}

/** The STATS of each scope a per-feature rule covers. */
function featureScopes(spec: RuleSpec, doc: BaselineJson): Array<{ feature: string; stats: StatsJson | null }> {
  const byName = new Map(doc.by_feature.map((f) => [f.feature, f as StatsJson]));
  if (spec.features === null) return doc.by_feature.map((f) => ({ feature: f.feature, stats: f }));
  return spec.features.map((feature) => ({ feature, stats: byName.get(feature) ?? null }));
}

function evaluateLevel(spec: RuleSpec, doc: BaselineJson): CheckResultJson[] {
  const metric = ruleDef(spec.rule).metric;
  if (ruleDef(spec.rule).scope === 'all' && spec.features === null) {
    return [result(spec, metric, { feature: null, date: null }, levelValue(metric, doc.overall), doc.overall.requests === 0 ? { note: 'no records' } : {})];
  }
  return featureScopes(spec, doc).map(({ feature, stats }) =>
    stats === null
      ? result(spec, metric, { feature, date: null }, null, { note: noRecordsNote(feature) })
      : result(spec, metric, { feature, date: null }, levelValue(metric, stats)));
}

function evaluateDaily(spec: RuleSpec, inputs: CheckInputs): CheckResultJson[] {
  const scopes: Array<{ feature: string | null; days: readonly DayCost[] | undefined }> = spec.features === null
    ? [{ feature: null, days: inputs.baseline.daily.map((d) => ({ date: d.date, cost: d.cost_usd })) }]
    : spec.features.map((feature) => ({ feature, days: inputs.dailyByFeature.get(feature) }));
  return scopes.map(({ feature, days }) => {
    const costed = (days ?? []).filter((d): d is { date: string; cost: number } => d.cost !== null);
    if (costed.length === 0) {
      const note = days === undefined && feature !== null ? noRecordsNote(feature) : 'no priced records with a timestamp';
      return result(spec, 'daily_cost', { feature, date: null }, null, { note });
    }
    let worst = costed[0];
    for (const d of costed) if (d.cost > worst.cost) worst = d;
    const over = costed.filter((d) => d.cost > spec.limit).length;
    return result(spec, 'daily_cost', { feature, date: worst.date }, worst.cost, { days: { over, total: costed.length } });
  });
}

/** One metric's before and after with its test, however the comparison was made. */
interface Observation {
  before: number | null;
  after: number | null;
  significant: boolean | null;
  test: TestName | null;
  pValue: number | null;
}

function wowChange(w: WowJson, metric: IncreaseMetric): ChangeJson | TestedChangeJson {
  switch (metric) {
    case 'requests': return w.requests;
    case 'cost_total': return w.cost_usd.total;
    case 'cost_mean': return w.cost_usd.mean;
    case 'cost_p95': return w.cost_usd.p95;
    case 'latency_mean': return w.latency_s.mean;
    case 'latency_p95': return w.latency_s.p95;
    case 'truncation_rate': return w.truncation_rate;
    case 'refusal_rate': return w.refusal_rate;
  }
}

function fromWow(w: WowJson, metric: IncreaseMetric): Observation {
  const c = wowChange(w, metric);
  const t = 'test' in c ? c : null;
  return { before: c.previous, after: c.current, significant: t?.significant ?? null, test: t?.test ?? null, pValue: t?.p_value ?? null };
}

function evaluateIncrease(spec: RuleSpec, inputs: CheckInputs): CheckResultJson[] {
  const doc = inputs.baseline;
  const against = spec.against ?? 'week_over_week';
  // Per feature: the observations of each metric, or a reason there are none.
  let lookup: (feature: string) => { obs: (m: IncreaseMetric) => Observation } | { missing: string };
  let features: string[];
  if (spec.against !== null) {
    const saved = inputs.saved.get(spec.against);
    if (saved === undefined) throw new Error(`saved baseline not loaded: ${spec.against}`);
    const cmp = buildCompareReport(saved, doc, { before: spec.against, after: 'this run' });
    const byName = new Map(cmp.by_feature.map((f) => [f.feature, f]));
    features = spec.features ?? doc.by_feature.map((f) => f.feature);
    lookup = (feature) => {
      const f = byName.get(feature);
      if (f === undefined) return { missing: noRecordsNote(feature) };
      if (f.status === 'new') return { missing: `feature ${feature} is not in ${spec.against}` };
      if (f.status === 'gone') return { missing: noRecordsNote(feature) };
      return {
        obs: (m) => {
          const d = deltaOf(f, m as ComparedMetric);
          return { before: d.before, after: d.after, significant: d.significant, test: d.test, pValue: d.p_value };
        },
      };
    };
  } else {
    const w = doc.week_over_week;
    const byName = new Map((w?.by_feature ?? []).map((f) => [f.feature, f]));
    features = spec.features ?? (w?.by_feature ?? []).map((f) => f.feature);
    lookup = (feature) => {
      if (w === null) return { missing: 'no timestamps: no weeks to compare' };
      const f = byName.get(feature);
      if (f === undefined) return { missing: `no records for feature ${feature} in the last two weeks` };
      if (f.requests.previous === 0) return { missing: 'no records in the previous week' };
      if (f.requests.current === 0) return { missing: 'no records in the current week' };
      return { obs: (m) => fromWow(f, m) };
    };
  }

  const out: CheckResultJson[] = [];
  for (const feature of features) {
    const found = lookup(feature);
    for (const metric of spec.metrics) {
      const scope = { feature, date: null };
      if ('missing' in found) {
        out.push(result(spec, metric, scope, null, { note: found.missing }));
        continue;
      }
      const o = found.obs(metric);
      const comparison: CheckComparisonJson = {
        against, before: o.before, after: o.after, significant: o.significant, test: o.test, p_value: o.pValue,
        require_significance: spec.requireSignificance,
      };
      if (o.before === null || o.after === null) {
        out.push(result(spec, metric, scope, null, { comparison, note: `no ${o.before === null ? 'earlier' : 'current'} value` }));
        continue;
      }
      const fromZero = o.before === 0;
      const value = fromZero ? null : (o.after - o.before) / o.before;
      const exceeded = fromZero ? o.after > 0 : (value as number) > spec.limit;
      let fires = exceeded;
      let note: string | null = fromZero ? (o.after > 0 ? 'up from 0' : 'zero before and after') : null;
      if (exceeded && spec.requireSignificance && o.test !== null) {
        if (o.significant !== true) {
          fires = false;
          const why = o.significant === null ? 'too few values to test' : 'not significant';
          note = `above the limit but ${why}: treated as noise`;
        }
      } else if (exceeded && o.test === null) {
        note = `${note ? `${note}; ` : ''}a total of every logged call, not a sample: no test applies`;
      }
      out.push(result(spec, metric, scope, value, { status: fires ? 'fail' : 'pass', comparison, note }));
    }
  }
  return out;
}

export function evaluateRule(spec: RuleSpec, inputs: CheckInputs): CheckResultJson[] {
  switch (spec.rule) {
    case 'max-daily-cost': return evaluateDaily(spec, inputs);
    case 'max-increase': return evaluateIncrease(spec, inputs);
    default: return evaluateLevel(spec, inputs.baseline);
  }
}

/** How far over the limit: value / limit, with a zero limit exceeded infinitely; increases from 0 likewise. */
function severity(c: CheckResultJson): number {
  if (c.value === null) return c.status === 'fail' ? Infinity : -Infinity;
  if (c.limit === 0) return c.value > 0 ? Infinity : 0;
  return c.value / c.limit;
}

const STATUS_ORDER: Record<CheckStatus, number> = { fail: 0, pass: 1, no_data: 2 };

export function byWorstFirst(a: CheckResultJson, b: CheckResultJson): number {
  if (a.status !== b.status) return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
  const sa = severity(a), sb = severity(b);
  if (sa !== sb) return sa > sb ? -1 : 1;
  const key = (c: CheckResultJson) => `${c.rule}\u0000${c.scope.feature ?? ''}\u0000${c.metric}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

export function buildCheckReport(rules: readonly RuleSpec[], inputs: CheckInputs): CheckJson {
  const checks = rules.flatMap((r) => evaluateRule(r, inputs)).sort(byWorstFirst);
  const failed = checks.filter((c) => c.status === 'fail').length;
  const noData = checks.filter((c) => c.status === 'no_data').length;
  const w = inputs.baseline.week_over_week;
  const usesWeeks = rules.some((r) => r.rule === 'max-increase' && r.against === null);
  return {
    schema: CHECK_SCHEMA,
    passed: failed === 0,
    summary: { checks: checks.length, passed: checks.length - failed - noData, failed, no_data: noData },
    window: inputs.baseline.window,
    inputs: inputs.baseline.inputs,
    week_over_week: usesWeeks && w !== null ? { current: w.current, previous: w.previous } : null,
    checks,
  };
}
