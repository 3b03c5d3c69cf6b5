// Words and numbers for changes and checks, shared by the table and Markdown renderers of
// `compare`, `check` and week over week: values by unit, signed changes, and significance verdicts.
import { DASH, formatChange, formatCount, formatPercent, formatSeconds, formatUsd } from './format.js';
import type { TestName } from '../stats/significance.js';

export type ValueUnit = 'usd' | 'seconds' | 'rate' | 'ratio' | 'count';

export function formatValue(unit: ValueUnit, v: number | null): string {
  if (v === null) return DASH;
  switch (unit) {
    case 'usd': return formatUsd(v);
    case 'seconds': return formatSeconds(v);
    case 'rate': return formatPercent(v, 2);
    case 'ratio': return formatChange(v);
    case 'count': return formatCount(v);
  }
}

/** after − before with its sign: +$0.0012, −0.40 s, +0.50 pp (rates move in percentage points), +514. */
export function formatDifference(unit: ValueUnit, v: number | null): string {
  if (v === null) return DASH;
  const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
  const abs = Math.abs(v);
  switch (unit) {
    case 'usd': return `${sign}${formatUsd(abs)}`;
    case 'seconds': return `${sign}${formatSeconds(abs)}`;
    case 'rate': return `${sign}${(abs * 100).toFixed(2)} pp`;
    case 'ratio': return `${sign}${(abs * 100).toFixed(1)}%`;
    case 'count': return `${sign}${formatCount(abs)}`;
  }
}

export function arrow(change: number | null): string {
  return change === null || change === 0 ? '' : change > 0 ? '▲' : '▼';
}

/** ▲ +41.2% / ▼ −3.0% / – */
export function relativeText(change: number | null): string {
  const a = arrow(change);
  return a ? `${a} ${formatChange(change)}` : formatChange(change);
}

export function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** The mark next to a change a test calls significant (explained in every output's legend). */
export const SIGNIFICANT_MARK = '✱';

export interface Verdict {
  significant: boolean | null;
  test: TestName | null;
  p_value: number | null;
}

/** "✱ Welch t, p < 0.001", "n.s. (p95 CIs overlap)", "too few to test", or "" when no test applies. */
export function verdictText(v: Verdict): string {
  if (v.test === null) return '';
  if (v.significant === null) return 'too few to test';
  const how = v.test === 'welch-t' ? `Welch t, ${v.p_value === null ? '' : formatP(v.p_value)}` : v.significant ? 'p95 CIs apart' : 'p95 CIs overlap';
  return v.significant ? `${SIGNIFICANT_MARK} ${how}` : `n.s. (${how})`;
}

export const SIGNIFICANCE_LEGEND =
  `${SIGNIFICANT_MARK} significant at 95%: means and rates by Welch's t-test, p95 by non-overlapping 95% confidence intervals ` +
  'from order statistics; n.s. = not significant, could be noise. Requests and cost totals count every call: no test.';
