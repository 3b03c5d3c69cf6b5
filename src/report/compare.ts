// Builds the `compare --json` document from two saved `baseline --json` outputs, and the metric
// catalogue with its significance tests that week over week and `check --max-increase` share. Pure.
import type { BaselineJson, StatsJson, WindowJson } from './contract.js';
import { BASELINE_SCHEMA } from './contract.js';
import { byValueDesc } from './order.js';
import { UsageError } from '../errors.js';
import {
  CONFIDENCE, NO_TEST, meansDiffer, p95sDiffer, ratesDiffer, type Interval, type Significance, type TestName,
} from '../stats/significance.js';

export const COMPARE_SCHEMA = 'llmops.compare/v1';

/** The metrics compared, in display order; names as in `check --increase-metrics` and CSV. */
export const COMPARED_METRICS = [
  'requests', 'cost_total', 'cost_mean', 'cost_p95', 'latency_mean', 'latency_p95', 'truncation_rate', 'refusal_rate',
] as const;
export type ComparedMetric = (typeof COMPARED_METRICS)[number];

export interface MetricInfo {
  label: string;
  unit: 'count' | 'usd' | 'seconds' | 'rate';
  /** Up is bad for cost, latency and failure rates; requests are neither. */
  upIsBad: boolean;
  value(s: StatsJson): number | null;
  /** Null for counts of every logged call (requests, cost total): they are not samples. */
  test: ((before: StatsJson, after: StatsJson) => Significance) | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The p95 interval a saved STATS carries; null when it has no values or predates the interval keys. */
function interval(d: { p95_ci_low?: number | null; p95_ci_high?: number | null }, n: number): Interval | null {
  if (n === 0 || d.p95_ci_low === undefined || d.p95_ci_high === undefined) return null;
  return { low: num(d.p95_ci_low), high: num(d.p95_ci_high) };
}

/** A distribution of a STATS (cost or latency) and how many values it was computed from. */
type Sample = (s: StatsJson) => { dist: StatsJson['cost_usd'] | StatsJson['latency_s']; n: number };
const costSample: Sample = (s) => ({ dist: s.cost_usd, n: s.priced_requests });
const latencySample: Sample = (s) => ({ dist: s.latency_s, n: s.latency_requests });

/** Welch's t on the means of a distribution. */
function meanTest(sample: Sample) {
  return (b: StatsJson, a: StatsJson): Significance => {
    const before = sample(b), after = sample(a);
    return meansDiffer(
      { mean: before.dist.mean, sd: num(before.dist.sd), n: before.n },
      { mean: after.dist.mean, sd: num(after.dist.sd), n: after.n },
    );
  };
}

/** Non-overlapping 95% intervals of the p95s of a distribution. */
function p95Test(sample: Sample) {
  return (b: StatsJson, a: StatsJson): Significance => {
    const before = sample(b), after = sample(a);
    return p95sDiffer(interval(before.dist, before.n), interval(after.dist, after.n));
  };
}

/** Welch's t on a rate (0/1 values). */
function rateTest(rate: (s: StatsJson) => number | null) {
  return (b: StatsJson, a: StatsJson): Significance => ratesDiffer({ rate: rate(b), n: b.requests }, { rate: rate(a), n: a.requests });
}

export const METRIC_INFO: Record<ComparedMetric, MetricInfo> = {
  requests: { label: 'requests', unit: 'count', upIsBad: false, value: (s) => s.requests, test: null },
  cost_total: { label: 'cost total', unit: 'usd', upIsBad: true, value: (s) => s.cost_usd.total, test: null },
  cost_mean: { label: 'cost mean', unit: 'usd', upIsBad: true, value: (s) => s.cost_usd.mean, test: meanTest(costSample) },
  cost_p95: { label: 'cost p95', unit: 'usd', upIsBad: true, value: (s) => s.cost_usd.p95, test: p95Test(costSample) },
  latency_mean: { label: 'latency mean', unit: 'seconds', upIsBad: true, value: (s) => s.latency_s.mean, test: meanTest(latencySample) },
  latency_p95: { label: 'latency p95', unit: 'seconds', upIsBad: true, value: (s) => s.latency_s.p95, test: p95Test(latencySample) },
  truncation_rate: { label: 'truncation rate', unit: 'rate', upIsBad: true, value: (s) => s.truncation_rate, test: rateTest((s) => s.truncation_rate) },
  refusal_rate: { label: 'refusal rate', unit: 'rate', upIsBad: true, value: (s) => s.refusal_rate, test: rateTest((s) => s.refusal_rate) },
};

/** The significance of a metric's change between two STATS (NO_TEST for requests and cost total). */
export function testMetric(metric: ComparedMetric, before: StatsJson, after: StatsJson): Significance {
  const test = METRIC_INFO[metric].test;
  return test === null ? NO_TEST : test(before, after);
}

export interface DeltaJson {
  before: number | null;
  after: number | null;
  /** after − before; null when either is missing. */
  absolute_change: number | null;
  /** (after − before) / before; null when before is 0 or either is missing. */
  relative_change: number | null;
  /** Whether the test calls the change real at 95%; null when there is no test or too few values. */
  significant: boolean | null;
  test: TestName | null;
  /** Two-sided p-value of the t-test; null for the interval test and untested metrics. */
  p_value: number | null;
}

export interface MetricsJson {
  requests: DeltaJson;
  cost_usd: { total: DeltaJson; mean: DeltaJson; p95: DeltaJson };
  latency_s: { mean: DeltaJson; p95: DeltaJson };
  truncation_rate: DeltaJson;
  refusal_rate: DeltaJson;
}

/** both: in both baselines; new: only after; gone: only before. */
export type FeatureStatus = 'both' | 'new' | 'gone';

export interface CompareSideJson {
  /** The file as named on the command line. */
  source: string;
  window: WindowJson;
  requests: number;
  /** First and last day with records, and the calendar days between them (inclusive); null without timestamps. */
  first_day: string | null;
  last_day: string | null;
  days: number | null;
}

export interface CompareJson {
  schema: typeof COMPARE_SCHEMA;
  before: CompareSideJson;
  after: CompareSideJson;
  /** How changes are judged: two-sided at `level`. */
  tests: { level: number; means: 'welch-t'; rates: 'welch-t'; p95: 'p95-ci' };
  overall: MetricsJson;
  /** By the larger of the two cost totals, descending; features without cost last. */
  by_feature: Array<{ feature: string; status: FeatureStatus } & MetricsJson>;
}

/** A metric's delta, read back from the nested MetricsJson. */
export function deltaOf(m: MetricsJson, metric: ComparedMetric): DeltaJson {
  switch (metric) {
    case 'requests': return m.requests;
    case 'cost_total': return m.cost_usd.total;
    case 'cost_mean': return m.cost_usd.mean;
    case 'cost_p95': return m.cost_usd.p95;
    case 'latency_mean': return m.latency_s.mean;
    case 'latency_p95': return m.latency_s.p95;
    case 'truncation_rate': return m.truncation_rate;
    case 'refusal_rate': return m.refusal_rate;
  }
}

function delta(metric: ComparedMetric, before: StatsJson | null, after: StatsJson | null): DeltaJson {
  const info = METRIC_INFO[metric];
  const b = before === null ? null : info.value(before);
  const a = after === null ? null : info.value(after);
  // A missing side is a group of no records: the test then has nothing to say (significant null).
  const sig = testMetric(metric, before ?? EMPTY_STATS, after ?? EMPTY_STATS);
  return {
    before: b,
    after: a,
    absolute_change: a === null || b === null ? null : a - b,
    relative_change: a === null || b === null || b === 0 ? null : (a - b) / b,
    significant: sig.significant,
    test: sig.test,
    p_value: sig.pValue,
  };
}

/** STATS of no records, standing in for the missing side of a feature that appeared or disappeared. */
const EMPTY_STATS: StatsJson = {
  requests: 0,
  tokens: { input: 0, output: 0, cache_read: 0, cache_write: 0 },
  cost_usd: { total: null, mean: null, p50: null, p95: null, max: null, sd: null, p95_ci_low: null, p95_ci_high: null },
  latency_s: { mean: null, p50: null, p95: null, max: null, sd: null, p95_ci_low: null, p95_ci_high: null },
  stop_reasons: {},
  truncation_rate: null,
  refusal_rate: null,
  priced_requests: 0,
  latency_requests: 0,
};

export function metricsJson(before: StatsJson | null, after: StatsJson | null): MetricsJson {
  const d = (m: ComparedMetric) => delta(m, before, after);
  return {
    requests: d('requests'),
    cost_usd: { total: d('cost_total'), mean: d('cost_mean'), p95: d('cost_p95') },
    latency_s: { mean: d('latency_mean'), p95: d('latency_p95') },
    truncation_rate: d('truncation_rate'),
    refusal_rate: d('refusal_rate'),
  };
}

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

function side(doc: BaselineJson, source: string): CompareSideJson {
  const days = doc.daily.map((d) => d.date).sort();
  const first = days[0] ?? null;
  const last = days[days.length - 1] ?? null;
  return {
    source, window: doc.window, requests: doc.overall.requests,
    first_day: first, last_day: last, days: first === null || last === null ? null : dayNumber(last) - dayNumber(first) + 1,
  };
}

export function buildCompareReport(before: BaselineJson, after: BaselineJson, sources: { before: string; after: string }): CompareJson {
  const beforeByFeature = new Map(before.by_feature.map((f) => [f.feature, f]));
  const afterByFeature = new Map(after.by_feature.map((f) => [f.feature, f]));
  const names = [...new Set([...afterByFeature.keys(), ...beforeByFeature.keys()])];
  const features = names.map((feature) => {
    const b = beforeByFeature.get(feature) ?? null;
    const a = afterByFeature.get(feature) ?? null;
    const status: FeatureStatus = b === null ? 'new' : a === null ? 'gone' : 'both';
    return { feature, status, ...metricsJson(b, a) };
  });
  features.sort(byValueDesc((f) => {
    const t = f.cost_usd.total;
    return t.after === null ? t.before : t.before === null ? t.after : Math.max(t.after, t.before);
  }, (f) => f.feature));
  return {
    schema: COMPARE_SCHEMA,
    before: side(before, sources.before),
    after: side(after, sources.after),
    tests: { level: CONFIDENCE, means: 'welch-t', rates: 'welch-t', p95: 'p95-ci' },
    overall: metricsJson(before.overall, after.overall),
    by_feature: features,
  };
}

// ---- reading a saved baseline back ----

const STATS_NUMBERS = ['requests', 'priced_requests', 'latency_requests'] as const;
const NULLABLE = ['truncation_rate', 'refusal_rate'] as const;

function checkStats(s: unknown, where: string, fail: (msg: string) => never): void {
  if (typeof s !== 'object' || s === null) fail(`${where} is missing or not an object`);
  const o = s as Record<string, unknown>;
  for (const k of STATS_NUMBERS) if (typeof o[k] !== 'number') fail(`${where}.${k} is missing or not a number`);
  for (const k of NULLABLE) if (o[k] !== null && typeof o[k] !== 'number') fail(`${where}.${k} is missing or not a number or null`);
  const dist = (key: string, fields: string[]) => {
    const d = o[key] as Record<string, unknown> | null | undefined;
    if (typeof d !== 'object' || d === null) fail(`${where}.${key} is missing or not an object`);
    for (const f of fields) {
      const v = (d as Record<string, unknown>)[f];
      if (v !== null && typeof v !== 'number') fail(`${where}.${key}.${f} is missing or not a number or null`);
    }
    // Added within v1: absent in baselines saved by older versions (then changes go untested).
    for (const f of ['sd', 'p95_ci_low', 'p95_ci_high']) {
      const v = (d as Record<string, unknown>)[f];
      if (v !== undefined && v !== null && typeof v !== 'number') fail(`${where}.${key}.${f} is not a number or null`);
    }
  };
  dist('cost_usd', ['total', 'mean', 'p95']);
  dist('latency_s', ['mean', 'p95']);
}

/**
 * Parses and checks a saved `baseline --json` output. Another schema or version, or a document
 * missing what compare reads, is a UsageError naming the file and what is wrong.
 */
export function parseSavedBaseline(text: string, name: string): BaselineJson {
  const fail = (msg: string): never => {
    throw new UsageError(`${name}: ${msg}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (err) {
    fail(`not JSON (${(err as Error).message.split('\n')[0]}); expected the output of \`llmops baseline --json\``);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail('not an llmops document (expected the JSON object `llmops baseline --json` prints)');
  const schema = (doc as Record<string, unknown>).schema;
  if (schema === undefined) fail('no "schema" key: not the output of `llmops baseline --json`');
  if (schema !== BASELINE_SCHEMA) {
    const s = String(schema);
    if (s.startsWith('llmops.baseline/')) fail(`schema ${s} is not supported: this llmops reads ${BASELINE_SCHEMA} (save both baselines with the same major version of llmops)`);
    if (s.startsWith('llmops.')) fail(`is a ${s} document, not a saved baseline: expected the output of \`llmops baseline --json\` (${BASELINE_SCHEMA})`);
    fail(`schema ${JSON.stringify(schema)} is not an llmops baseline (${BASELINE_SCHEMA})`);
  }
  const d = doc as Record<string, unknown>;
  checkStats(d.overall, 'overall', fail);
  if (!Array.isArray(d.by_feature)) fail('by_feature is missing or not a list');
  (d.by_feature as unknown[]).forEach((f, i) => {
    checkStats(f, `by_feature[${i}]`, fail);
    if (typeof (f as Record<string, unknown>).feature !== 'string') fail(`by_feature[${i}].feature is missing or not a string`);
  });
  if (!Array.isArray(d.daily)) fail('daily is missing or not a list');
  (d.daily as unknown[]).forEach((day, i) => {
    if (typeof (day as Record<string, unknown> | null)?.date !== 'string') fail(`daily[${i}].date is missing or not a string`);
  });
  const w = d.window as Record<string, unknown> | null | undefined;
  if (typeof w !== 'object' || w === null || typeof w.tz !== 'string') fail('window is missing or has no tz');
  return doc as BaselineJson;
}
