// Every report as CSV for spreadsheets: one header row, then one row per group (baseline: per
// feature; cost: per group; check: per check; compare: per feature). RFC 4180 quoting and CRLF line
// ends; numbers raw and unrounded; an empty cell for null. Totals are not rows (a column sum would count
// them twice): the overall figures are in --json, --format table and --format markdown.
import type { BaselineJson, CostJson, StatsJson } from './contract.js';
import type { CheckJson } from './check.js';
import { COMPARED_METRICS, deltaOf, type CompareJson } from './compare.js';
import { safeText } from './format.js';

type Cell = string | number | boolean | null;

/**
 * One CSV field. Text (from the logs or elsewhere) is made inert for a terminal (safeText) and for a
 * spreadsheet: a cell starting with = + - @ (or a tab or CR) would be read as a formula, so it gets a
 * leading apostrophe. Numbers are written as they are: a negative change stays a number.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = safeText(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLines(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const STATS_COLUMNS = [
  'requests', 'priced_requests', 'latency_requests',
  'cost_total', 'cost_share', 'cost_mean', 'cost_sd', 'cost_p50', 'cost_p95', 'cost_p95_ci_low', 'cost_p95_ci_high', 'cost_max',
  'latency_mean', 'latency_sd', 'latency_p50', 'latency_p95', 'latency_p95_ci_low', 'latency_p95_ci_high', 'latency_max',
  'truncation_rate', 'refusal_rate', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens',
];

function statsCells(s: StatsJson, costShare: number | null): Cell[] {
  const c = s.cost_usd, l = s.latency_s, t = s.tokens;
  return [
    s.requests, s.priced_requests, s.latency_requests,
    c.total, costShare, c.mean, c.sd ?? null, c.p50, c.p95, c.p95_ci_low ?? null, c.p95_ci_high ?? null, c.max,
    l.mean, l.sd ?? null, l.p50, l.p95, l.p95_ci_low ?? null, l.p95_ci_high ?? null, l.max,
    s.truncation_rate, s.refusal_rate, t.input, t.output, t.cache_read, t.cache_write,
  ];
}

export function renderBaselineCsv(doc: BaselineJson): string {
  return csvLines(['feature', ...STATS_COLUMNS], doc.by_feature.map((f) => [f.feature, ...statsCells(f, f.cost_share)]));
}

export function renderCostCsv(doc: CostJson): string {
  return csvLines([...doc.group_by, ...STATS_COLUMNS], doc.rows.map((r) => [...doc.group_by.map((n) => r[n]), ...statsCells(r, r.cost_share)]));
}

export function renderCheckCsv(doc: CheckJson): string {
  const header = [
    'status', 'passed', 'rule', 'metric', 'feature', 'date', 'value', 'limit', 'unit',
    'against', 'before', 'after', 'significant', 'test', 'p_value', 'days_over', 'days_total', 'source', 'note',
  ];
  return csvLines(header, doc.checks.map((c) => [
    c.status, c.passed, c.rule, c.metric, c.scope.feature, c.scope.date, c.value, c.limit, c.unit,
    c.comparison?.against ?? null, c.comparison?.before ?? null, c.comparison?.after ?? null, c.comparison?.significant ?? null,
    c.comparison?.test ?? null, c.comparison?.p_value ?? null, c.days?.over ?? null, c.days?.total ?? null, c.source, c.note,
  ]));
}

/** Wide: per feature, each metric's before, after, change, relative change, and (tested metrics) significant and p_value. */
export function renderCompareCsv(doc: CompareJson): string {
  const header = ['feature', 'status'];
  for (const m of COMPARED_METRICS) {
    header.push(`${m}_before`, `${m}_after`, `${m}_change`, `${m}_relative_change`);
    if (m !== 'requests' && m !== 'cost_total') header.push(`${m}_significant`, `${m}_p_value`);
  }
  return csvLines(header, doc.by_feature.map((f) => {
    const row: Cell[] = [f.feature, f.status];
    for (const m of COMPARED_METRICS) {
      const d = deltaOf(f, m);
      row.push(d.before, d.after, d.absolute_change, d.relative_change);
      if (m !== 'requests' && m !== 'cost_total') row.push(d.significant, d.p_value);
    }
    return row;
  }));
}
