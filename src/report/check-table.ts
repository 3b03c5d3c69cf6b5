// The `check` document for a terminal and for CI logs: one line per check, worst first, with the
// measured value, the limit and the verdict.
import { FittingTable } from './fit-table.js';
import type { ChalkInstance } from 'chalk';
import type { CheckJson, CheckResultJson } from './check.js';
import { METRIC_INFO, type ComparedMetric } from './compare.js';
import { formatValue, verdictText } from './change-text.js';
import { DASH, safeText } from './format.js';
import { dataQualityLine } from './table.js';

export interface CheckRenderOptions {
  paint: ChalkInstance;
  /** The terminal's width (rows stacked when the table would be wider), or undefined. */
  width?: number;
}

export const STATUS_TEXT = { pass: 'pass', fail: 'FAIL', no_data: 'no data' } as const;

function metricLabel(metric: string): string {
  return metric in METRIC_INFO ? METRIC_INFO[metric as ComparedMetric].label : metric.replace(/_/g, ' ');
}

/** Makes a string from outside (a feature name, a file name) safe for the output at hand. */
export type Escape = (text: string) => string;

/** "summarize", "all features", "summarize, worst day 2026-11-24"; max-increase adds the metric. */
export function scopeText(c: CheckResultJson, esc: Escape = safeText): string {
  const parts = [c.scope.feature === null ? 'all features' : esc(c.scope.feature)];
  if (c.rule === 'max-increase') parts[0] += ` · ${metricLabel(c.metric)}`;
  if (c.scope.date !== null) parts.push(`worst day ${c.scope.date}`);
  return parts.join(', ');
}

export function valueText(c: CheckResultJson): string {
  if (c.value === null) return c.note === 'up from 0' ? 'up from 0' : DASH;
  return formatValue(c.unit, c.value);
}

export function limitText(c: CheckResultJson): string {
  return c.unit === 'ratio' ? `+${(c.limit * 100).toFixed(1)}%` : formatValue(c.unit, c.limit);
}

/** The line's explanation: how far over, days over, before → after with the test, or the note. */
export function detailText(c: CheckResultJson, esc: Escape = safeText): string {
  const parts: string[] = [];
  if (c.comparison !== null) {
    const cmp = c.comparison;
    const unit = c.metric in METRIC_INFO ? METRIC_INFO[c.metric as ComparedMetric].unit : 'count';
    const against = cmp.against === 'week_over_week' ? 'week over week' : `vs ${esc(cmp.against)}`;
    const verdict = verdictText(cmp);
    parts.push(`${formatValue(unit, cmp.before)} → ${formatValue(unit, cmp.after)}${verdict ? `, ${verdict}` : ''}, ${against}`);
  } else if (c.days !== null) {
    parts.push(`${c.days.over} of ${c.days.total} day${c.days.total === 1 ? '' : 's'} over`);
  } else if (c.status === 'fail' && c.value !== null && c.limit > 0) {
    parts.push(`${((c.value / c.limit - 1) * 100).toFixed(1)}% over`);
  }
  if (c.note !== null && c.note !== 'up from 0') parts.push(esc(c.note));
  return parts.join('; ');
}

export function headline(doc: CheckJson): string {
  const s = doc.summary;
  if (s.checks === 0) return 'no checks';
  const noData = s.no_data > 0 ? `, ${s.no_data} without data` : '';
  return doc.passed
    ? `passed: ${s.passed} of ${s.checks} check${s.checks === 1 ? '' : 's'} passed${noData}`
    : `FAILED: ${s.failed} of ${s.checks} check${s.checks === 1 ? '' : 's'} failed${noData}`;
}

/** A check to show, with how many passing checks of the same rule it stands for. */
export interface CheckLine {
  check: CheckResultJson;
  /** Other passing checks of this rule folded into this line (0 for failures and checks without data). */
  folded: number;
}

/**
 * Every failure and every check without data on its own line; the passing checks of a rule folded
 * into one line showing the closest to its limit. Order stays worst first.
 */
export function foldPassing(checks: readonly CheckResultJson[]): CheckLine[] {
  const out: CheckLine[] = [];
  const firstPass = new Map<string, CheckLine>();
  for (const c of checks) {
    if (c.status !== 'pass') {
      out.push({ check: c, folded: 0 });
      continue;
    }
    const line = firstPass.get(c.rule);
    if (line) {
      line.folded++;
    } else {
      const fresh = { check: c, folded: 0 };
      firstPass.set(c.rule, fresh);
      out.push(fresh);
    }
  }
  return out;
}

export function foldedText(line: CheckLine): string {
  return line.folded === 0 ? '' : `+ ${line.folded} more passing`;
}

export function renderCheckTable(doc: CheckJson, { paint: p, width }: CheckRenderOptions): string {
  const out: string[] = [];
  const title = headline(doc);
  out.push(`${p.bold('llmops check')}: ${doc.passed ? p.green(title) : p.red.bold(title)}`);
  const w = doc.week_over_week;
  if (w !== null) out.push(p.dim(`week over week: current ${w.current.since} → ${w.current.until}, previous ${w.previous.since} → ${w.previous.until}`));
  // Status, rule and scope label each row; on a narrow terminal the rest follows as wrapped pairs.
  const t = new FittingTable(['status', 'rule', 'scope', 'value', 'limit', 'details'], p, 3, width, ['left', 'left', 'left', 'right', 'right', 'left']);
  const lines = foldPassing(doc.checks);
  for (const line of lines) {
    const c = line.check;
    const status = c.status === 'fail' ? p.red.bold(STATUS_TEXT.fail) : c.status === 'pass' ? p.green(STATUS_TEXT.pass) : p.dim(STATUS_TEXT.no_data);
    const folded = foldedText(line);
    t.push([status, c.rule, folded ? `${scopeText(c)} ${p.dim(folded)}` : scopeText(c), valueText(c), limitText(c), detailText(c)]);
  }
  out.push(t.toString());
  if (lines.length < doc.checks.length) out.push(p.dim(`Passing checks of a rule are folded into the one closest to its limit; --format csv or --json lists all ${doc.checks.length}.`));
  out.push(p.dim(dataQualityLine(doc.inputs)));
  return out.join('\n') + '\n';
}
