// Mergeable statistics over priced records: counts and sums as they come, cost and latency
// values kept for exact percentiles. Buckets (feature × day) roll up into any report by merging.
import type { PricedRecord } from '../types.js';
import { quantilesInPlace } from './quantile.js';
import { ValueList, concatValues } from './value-list.js';

/** stop_reason values that mean the answer was cut off. */
export const TRUNCATION_REASONS: ReadonlySet<string> = new Set(['max_tokens', 'model_context_window_exceeded']);
export const REFUSAL_REASON = 'refusal';

export class Accumulator {
  requests = 0;
  inputTokens = 0;
  outputTokens = 0;
  cacheReadTokens = 0;
  cacheWriteTokens = 0;
  costTotal = 0;
  readonly costs = new ValueList();
  latencyTotal = 0;
  readonly latencies = new ValueList();
  readonly stopReasons = new Map<string, number>();

  add(record: PricedRecord): void {
    this.requests++;
    this.inputTokens += record.inputTokens;
    this.outputTokens += record.outputTokens;
    this.cacheReadTokens += record.cacheReadTokens;
    this.cacheWriteTokens += record.cacheWriteTokens;
    if (record.costUsd !== null) {
      this.costTotal += record.costUsd;
      this.costs.push(record.costUsd);
    }
    if (record.latencyS !== null) {
      this.latencyTotal += record.latencyS;
      this.latencies.push(record.latencyS);
    }
    this.stopReasons.set(record.stopReason, (this.stopReasons.get(record.stopReason) ?? 0) + 1);
  }

  merge(other: Accumulator): this {
    this.requests += other.requests;
    this.inputTokens += other.inputTokens;
    this.outputTokens += other.outputTokens;
    this.cacheReadTokens += other.cacheReadTokens;
    this.cacheWriteTokens += other.cacheWriteTokens;
    this.costTotal += other.costTotal;
    this.costs.append(other.costs);
    this.latencyTotal += other.latencyTotal;
    this.latencies.append(other.latencies);
    for (const [reason, n] of other.stopReasons) this.stopReasons.set(reason, (this.stopReasons.get(reason) ?? 0) + n);
    return this;
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
}

function distribution(lists: ValueList[], total: number): Distribution & { count: number } {
  const values = concatValues(lists);
  const n = values.length;
  const [p50, p95, max] = quantilesInPlace(values, [0.5, 0.95, 1]);
  return { count: n, mean: n === 0 ? null : total / n, p50, p95, max };
}

/** Statistics of the union of several accumulators, without merging them into a new one. */
export function summarize(parts: readonly Accumulator[]): Stats {
  let requests = 0, input = 0, output = 0, cacheRead = 0, cacheWrite = 0, costTotal = 0, latencyTotal = 0;
  const stop = new Map<string, number>();
  for (const p of parts) {
    requests += p.requests;
    input += p.inputTokens;
    output += p.outputTokens;
    cacheRead += p.cacheReadTokens;
    cacheWrite += p.cacheWriteTokens;
    costTotal += p.costTotal;
    latencyTotal += p.latencyTotal;
    for (const [reason, n] of p.stopReasons) stop.set(reason, (stop.get(reason) ?? 0) + n);
  }
  const { count: priced, ...cost } = distribution(parts.map((p) => p.costs), costTotal);
  const latency = distribution(parts.map((p) => p.latencies), latencyTotal);
  let truncated = 0;
  for (const reason of TRUNCATION_REASONS) truncated += stop.get(reason) ?? 0;
  const refused = stop.get(REFUSAL_REASON) ?? 0;
  return {
    requests,
    tokens: { input, output, cacheRead, cacheWrite },
    cost: { ...cost, total: priced === 0 ? null : costTotal, priced },
    latency,
    stopReasons: [...stop].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    truncationRate: requests === 0 ? null : truncated / requests,
    refusalRate: requests === 0 ? null : refused / requests,
  };
}
