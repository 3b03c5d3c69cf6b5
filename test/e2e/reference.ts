// An independent, deliberately naive computation of what llmops should report, straight from the
// raw files: fs + JSON.parse + plain arrays. It shares no code with src/ on purpose.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** USD per 1M tokens: input, output; cache read = 0.1 × input, cache write = 1.25 × input. */
const BASE_PRICES: Record<string, { input: number; output: number }> = {
  'claude-opus-4-8': { input: 5, output: 25 },
  'claude-sonnet-4-6': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
};

export function refCost(r: RawRecord): number | null {
  const base = BASE_PRICES[r.model] ?? BASE_PRICES[r.model.replace(/-\d{8}$/, '')];
  if (!base) return null;
  const cacheRead = base.input * 0.1;
  const cacheWrite = base.input * 1.25;
  return (r.input_tokens * base.input + r.output_tokens * base.output + (r.cache_read ?? 0) * cacheRead + (r.cache_write ?? 0) * cacheWrite) / 1e6;
}

export interface RawRecord {
  ts: string;
  request_id: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cache_read?: number;
  cache_write?: number;
  latency_s?: number;
  stop_reason?: string;
  feature?: string;
  [k: string]: unknown;
}

/** numpy.percentile's default (linear): h = (n−1)q on sorted values. */
export function percentile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  if (lo + 1 >= s.length) return s[lo];
  return s[lo] + (h - lo) * (s[lo + 1] - s[lo]);
}

export interface RefStats {
  requests: number;
  tokens: { input: number; output: number; cache_read: number; cache_write: number };
  cost: { total: number | null; mean: number | null; p50: number | null; p95: number | null; max: number | null; priced: number };
  latency: { mean: number | null; p50: number | null; p95: number | null; max: number | null; count: number };
  stopReasons: Record<string, number>;
  truncationRate: number | null;
  refusalRate: number | null;
}

export function refStats(records: RawRecord[]): RefStats {
  const costs: number[] = [];
  const latencies: number[] = [];
  const stop: Record<string, number> = {};
  const tokens = { input: 0, output: 0, cache_read: 0, cache_write: 0 };
  for (const r of records) {
    tokens.input += r.input_tokens;
    tokens.output += r.output_tokens;
    tokens.cache_read += r.cache_read ?? 0;
    tokens.cache_write += r.cache_write ?? 0;
    const c = refCost(r);
    if (c !== null) costs.push(c);
    if (typeof r.latency_s === 'number') latencies.push(r.latency_s);
    const reason = r.stop_reason ?? 'unknown';
    stop[reason] = (stop[reason] ?? 0) + 1;
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const n = records.length;
  const truncated = (stop.max_tokens ?? 0) + (stop.model_context_window_exceeded ?? 0);
  return {
    requests: n,
    tokens,
    cost: {
      total: costs.length ? sum(costs) : null,
      mean: costs.length ? sum(costs) / costs.length : null,
      p50: percentile(costs, 0.5),
      p95: percentile(costs, 0.95),
      max: costs.length ? Math.max(...costs) : null,
      priced: costs.length,
    },
    latency: {
      mean: latencies.length ? sum(latencies) / latencies.length : null,
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      max: latencies.length ? Math.max(...latencies) : null,
      count: latencies.length,
    },
    stopReasons: stop,
    truncationRate: n ? truncated / n : null,
    refusalRate: n ? (stop.refusal ?? 0) / n : null,
  };
}

export interface RefInput {
  files: number;
  lines: number;
  blank: number;
  malformed: number;
  duplicate: number;
  /** Records after dedup, in file order. */
  records: RawRecord[];
}

/** Reads every file of a folder (the sample: plain, valid JSON lines) with fs and JSON.parse. */
export function readFolder(dir: string): RefInput {
  const names = readdirSync(dir).filter((n) => !n.startsWith('.')).sort();
  const out: RefInput = { files: names.length, lines: 0, blank: 0, malformed: 0, duplicate: 0, records: [] };
  const seen = new Set<string>();
  for (const name of names) {
    const text = readFileSync(path.join(dir, name), 'utf8');
    const parts = text.split('\n');
    if (parts[parts.length - 1] === '') parts.pop();
    for (const line of parts) {
      out.lines++;
      if (line.trim() === '') {
        out.blank++;
        continue;
      }
      let obj: RawRecord;
      try {
        obj = JSON.parse(line);
      } catch {
        out.malformed++;
        continue;
      }
      if (obj.request_id !== undefined && seen.has(obj.request_id)) {
        out.duplicate++;
        continue;
      }
      if (obj.request_id !== undefined) seen.add(obj.request_id);
      out.records.push(obj);
    }
  }
  return out;
}

export function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/** UTC date of an ISO `…Z` timestamp. */
export const utcDate = (r: RawRecord): string => new Date(r.ts).toISOString().slice(0, 10);
export const utcHour = (r: RawRecord): string => new Date(r.ts).toISOString().slice(0, 13);
export const tsMs = (r: RawRecord): number => Date.parse(r.ts);

let cachedSample: RefInput | null = null;
/** The sample folder, read once per test file. */
export function sampleReference(dir: string): RefInput {
  cachedSample ??= readFolder(dir);
  return cachedSample;
}
