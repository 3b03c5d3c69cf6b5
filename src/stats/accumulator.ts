// Mergeable statistics over priced records: counts and sums as they come, cost and latency
// values kept for exact percentiles (as sorted runs: sorted-runs.ts). Buckets (feature × day) roll
// up into any report by merging.
import type { PricedRecord } from '../types.js';
import { quantileAt, quantileRanks } from './quantile.js';
import { quantileRankInterval } from './significance.js';
import { runsLength, squaredDeviations, valuesAtRanksOfRuns, type SortedRun } from './sorted-runs.js';
import { ValueList } from './value-list.js';

/** stop_reason values that mean the answer was cut off (Anthropic's, then OpenAI's finish_reason
 *  and Responses API incomplete reason). */
export const TRUNCATION_REASONS: ReadonlySet<string> = new Set(['max_tokens', 'model_context_window_exceeded', 'length', 'max_output_tokens']);
/** stop_reason values that mean the model declined (Anthropic's, then OpenAI's content filter). */
export const REFUSAL_REASONS: ReadonlySet<string> = new Set(['refusal', 'content_filter']);

/** An accumulator as plain data, to cross between threads. */
export interface AccumulatorData {
  /** Its counts and sums (Accumulator.sums). */
  sums: number[];
  /** Sorted runs of the values, moved (not copied) between threads. */
  costs: SortedRun[];
  latencies: SortedRun[];
  stopReasons: Array<[string, number]>;
}

/** stop_reason names by small number (in this thread), so accumulators count them in arrays
 *  instead of a Map lookup per record. */
const stopReasonNames: string[] = [];
const stopReasonIds = new Map<string, number>();

/** The number of a stop_reason name (the same for the same name, in this thread). */
export function stopReasonId(name: string): number {
  let id = stopReasonIds.get(name);
  if (id === undefined) {
    id = stopReasonNames.length;
    stopReasonNames.push(name);
    stopReasonIds.set(name, id);
  }
  return id;
}

/** Counts by stop reason id → by name, zero counts left out. */
function stopReasonsByName(counts: readonly number[]): Map<string, number> {
  const out = new Map<string, number>();
  for (let id = 0; id < counts.length; id++) if (counts[id] > 0) out.set(stopReasonNames[id], counts[id]);
  return out;
}

/** Positions of the counts and sums in an accumulator's `sums`. */
const REQUESTS = 0, INPUT = 1, OUTPUT = 2, CACHE_READ = 3, CACHE_WRITE = 4, COST = 5, LATENCY = 6;

/** Where addWithStop puts the values it appends (see there). */
const PASSED = new Float64Array(2);

export class Accumulator {
  /** Counts and sums in one typed array: adding to a field that starts as a small integer and turns
   *  into a double (a sum of costs, tokens past 2^31) changes the object's hidden class, which sent
   *  the optimised adding code back to the interpreter to be compiled again (seen with --trace-deopt). */
  private readonly sums = new Float64Array(7);
  readonly costs = new ValueList();
  readonly latencies = new ValueList();
  /** Requests by stop reason, indexed by stopReasonId. */
  private readonly stopCounts: number[] = [];

  get requests(): number {
    return this.sums[REQUESTS];
  }
  get inputTokens(): number {
    return this.sums[INPUT];
  }
  get outputTokens(): number {
    return this.sums[OUTPUT];
  }
  get cacheReadTokens(): number {
    return this.sums[CACHE_READ];
  }
  get cacheWriteTokens(): number {
    return this.sums[CACHE_WRITE];
  }
  get costTotal(): number {
    return this.sums[COST];
  }
  get latencyTotal(): number {
    return this.sums[LATENCY];
  }

  /** Requests by stop reason, by name (zero counts left out). */
  get stopReasons(): Map<string, number> {
    return stopReasonsByName(this.stopCounts);
  }

  private countStops(id: number, n: number): void {
    const counts = this.stopCounts;
    while (counts.length <= id) counts.push(0);
    counts[id] += n;
  }

  add(record: PricedRecord): void {
    this.addWithStop(record, stopReasonId(record.stopReason));
  }

  /** add, with the record's stop reason already numbered (stopReasonId). */
  addWithStop(record: PricedRecord, stopId: number): void {
    const sums = this.sums;
    sums[REQUESTS]++;
    sums[INPUT] += record.inputTokens;
    sums[OUTPUT] += record.outputTokens;
    sums[CACHE_READ] += record.cacheReadTokens;
    sums[CACHE_WRITE] += record.cacheWriteTokens;
    const cost = record.costUsd, latency = record.latencyS;
    // The values reach the lists through a typed array, not as arguments: a double passed to a call
    // the optimiser does not inline (it often does not here: addColumns has spent its budget) is
    // boxed, an allocation per value.
    if (cost !== null) {
      sums[COST] += cost;
      PASSED[0] = cost;
      this.costs.pushFrom(PASSED, 0);
    }
    if (latency !== null) {
      sums[LATENCY] += latency;
      PASSED[1] = latency;
      this.latencies.pushFrom(PASSED, 1);
    }
    this.countStops(stopId, 1);
  }

  /** The state as plain data with its values in sorted typed arrays (sorted here, in the thread
   *  that aggregated them), to move to another thread; the accumulator gives its values up: it is
   *  done once aggregation is. */
  toData(): AccumulatorData {
    return { sums: [...this.sums], costs: this.costs.takeRuns(), latencies: this.latencies.takeRuns(), stopReasons: [...this.stopReasons] };
  }

  /** Adds a state made by toData (in another thread); its value arrays are taken over, not copied. */
  absorb(d: AccumulatorData): this {
    for (let k = 0; k < this.sums.length; k++) this.sums[k] += d.sums[k];
    for (const run of d.costs) this.costs.adoptRun(run);
    for (const run of d.latencies) this.latencies.adoptRun(run);
    for (const [reason, n] of d.stopReasons) this.countStops(stopReasonId(reason), n);
    return this;
  }

  /** Adds its requests by stop reason into `counts` (indexed by stopReasonId). */
  addStopCountsTo(counts: number[]): void {
    const mine = this.stopCounts;
    while (counts.length < mine.length) counts.push(0);
    for (let id = 0; id < mine.length; id++) counts[id] += mine[id];
  }
}

export interface Distribution {
  mean: number | null;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/** Final statistics of a group of records; a statistic with no values is null. */
export interface Stats {
  requests: number;
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number };
  /** Priced records only; `total` is null when no record of the group was priced. */
  cost: Distribution & { total: number | null; priced: number };
  latency: Distribution & { count: number };
  /** Count descending, then name, so output is deterministic. */
  stopReasons: Array<[reason: string, count: number]>;
  truncationRate: number | null;
  refusalRate: number | null;
  /** What the significance tests need to compare two groups later, from saved statistics alone. */
  spread: { cost: Spread; latency: Spread };
}

/** Sample standard deviation (n − 1; null below 2 values) and the p95's 95% confidence interval
 *  from order statistics (a null bound is unbounded; both null with no values). */
export interface Spread {
  sd: number | null;
  p95Low: number | null;
  p95High: number | null;
}

/** Distribution and spread of the values in sorted `runs`; `total` is their sum (as added up while reading). */
function distribution(runs: readonly SortedRun[], total: number): { dist: Distribution & { count: number }; spread: Spread } {
  const n = runsLength(runs);
  const mean = n === 0 ? null : total / n;
  const sd = n >= 2 ? Math.sqrt(squaredDeviations(runs, mean as number) / (n - 1)) : null;
  // Every rank wanted (quantiles, their neighbours, the p95's interval), found together.
  const ranks = quantileRankInterval(n, 0.95);
  const wanted = [...quantileRanks(n, 0.5), ...quantileRanks(n, 0.95), n - 1];
  if (ranks.lower !== null) wanted.push(ranks.lower);
  if (ranks.upper !== null) wanted.push(ranks.upper);
  const at = valuesAtRanksOfRuns(runs, wanted);
  const [p50, p95, max] = [0.5, 0.95, 1].map((q) => quantileAt(at, n, q));
  const p95Low = ranks.lower === null ? null : at.get(ranks.lower)!;
  const p95High = ranks.upper === null ? null : at.get(ranks.upper)!;
  return { dist: { count: n, mean, p50, p95, max }, spread: { sd, p95Low, p95High } };
}

/** The counts and sums of several accumulators together (what needs no values). */
export interface Totals {
  requests: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  costTotal: number;
  priced: number;
  latencyTotal: number;
  stopReasons: Map<string, number>;
  /** Requests whose stop reason means truncation, and refusal. */
  truncated: number;
  refused: number;
}

export function totals(parts: readonly Accumulator[]): Totals {
  const t: Totals = {
    requests: 0, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, costTotal: 0, priced: 0, latencyTotal: 0,
    stopReasons: new Map(), truncated: 0, refused: 0,
  };
  const stops: number[] = [];
  for (const p of parts) {
    t.requests += p.requests;
    t.input += p.inputTokens;
    t.output += p.outputTokens;
    t.cacheRead += p.cacheReadTokens;
    t.cacheWrite += p.cacheWriteTokens;
    t.costTotal += p.costTotal;
    t.priced += p.costs.length;
    t.latencyTotal += p.latencyTotal;
    p.addStopCountsTo(stops);
  }
  t.stopReasons = stopReasonsByName(stops);
  for (const reason of TRUNCATION_REASONS) t.truncated += t.stopReasons.get(reason) ?? 0;
  for (const reason of REFUSAL_REASONS) t.refused += t.stopReasons.get(reason) ?? 0;
  return t;
}

/** The cost values of several accumulators, as sorted runs. */
export function costRuns(parts: readonly Accumulator[]): SortedRun[] {
  return parts.flatMap((p) => p.costs.runs());
}

/** The latency values of several accumulators, as sorted runs. */
export function latencyRuns(parts: readonly Accumulator[]): SortedRun[] {
  return parts.flatMap((p) => p.latencies.runs());
}

/** Statistics of the union of several accumulators, without merging them into a new one. */
export function summarize(parts: readonly Accumulator[]): Stats {
  const { requests, input, output, cacheRead, cacheWrite, costTotal, latencyTotal, stopReasons: stop, truncated, refused } = totals(parts);
  const costStats = distribution(costRuns(parts), costTotal);
  const { count: priced, ...cost } = costStats.dist;
  const latencies = distribution(latencyRuns(parts), latencyTotal);
  const latency = latencies.dist;
  return {
    requests,
    tokens: { input, output, cacheRead, cacheWrite },
    cost: { ...cost, total: priced === 0 ? null : costTotal, priced },
    latency,
    stopReasons: [...stop].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    truncationRate: requests === 0 ? null : truncated / requests,
    refusalRate: requests === 0 ? null : refused / requests,
    spread: { cost: costStats.spread, latency: latencies.spread },
  };
}
