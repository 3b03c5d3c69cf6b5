// The `compare` document as terminal tables: significant changes first, then every metric overall
// and per feature with before, after, change, relative change and the test's verdict.
import { FittingTable } from './fit-table.js';
import type { ChalkInstance } from 'chalk';
import {
  COMPARED_METRICS, METRIC_INFO, deltaOf, type CompareJson, type CompareSideJson, type ComparedMetric, type DeltaJson, type MetricsJson,
} from './compare.js';
import { SIGNIFICANCE_LEGEND, formatDifference, formatValue, relativeText, verdictText } from './change-text.js';
import { DASH, formatCount, formatUsd, safeText } from './format.js';

export interface CompareRenderOptions {
  paint: ChalkInstance;
  /** The terminal's width (rows stacked when a table would be wider), or undefined. */
  width?: number;
}


export function sideText(s: CompareSideJson): string {
  const span = s.first_day === null ? 'no timestamps' : `${s.first_day} → ${s.last_day} (${s.days} day${s.days === 1 ? '' : 's'})`;
  return `${span}, ${formatCount(s.requests)} requests`;
}

/** A warning when the two baselines span different numbers of days: totals then compare unlike periods. */
export function spanWarning(doc: CompareJson): string | null {
  const b = doc.before.days, a = doc.after.days;
  if (b === null || a === null || b === a) return null;
  return `the baselines span ${b} and ${a} days: requests and cost totals compare unlike periods; per-request figures are comparable`;
}

/** Significant changes, largest relative change first: the lines a reviewer reads first. */
export function significantChanges(doc: CompareJson): Array<{ feature: string | null; metric: ComparedMetric; delta: DeltaJson }> {
  const out: Array<{ feature: string | null; metric: ComparedMetric; delta: DeltaJson }> = [];
  const add = (feature: string | null, m: MetricsJson) => {
    for (const metric of COMPARED_METRICS) {
      const d = deltaOf(m, metric);
      if (d.significant === true) out.push({ feature, metric, delta: d });
    }
  };
  add(null, doc.overall);
  for (const f of doc.by_feature) if (f.status === 'both') add(f.feature, f);
  const size = (d: DeltaJson) => (d.relative_change === null ? Infinity : Math.abs(d.relative_change));
  return out.sort((x, y) => size(y.delta) - size(x.delta) || (x.feature === null ? -1 : y.feature === null ? 1 : 0));
}

/** Red when a bad direction is real, green when a good one is; dim when the test calls it noise. */
function colouredRelative(metric: ComparedMetric, d: DeltaJson, p: ChalkInstance): string {
  const text = relativeText(d.relative_change);
  const info = METRIC_INFO[metric];
  if (d.relative_change === null || d.relative_change === 0) return text;
  if (d.test !== null && d.significant !== true) return p.dim(text);
  if (!info.upIsBad) return text;
  return (d.relative_change > 0) === info.upIsBad ? p.red(text) : p.green(text);
}

function metricRow(metric: ComparedMetric, d: DeltaJson, p: ChalkInstance): string[] {
  const unit = METRIC_INFO[metric].unit;
  return [
    METRIC_INFO[metric].label, formatValue(unit, d.before), formatValue(unit, d.after), formatDifference(unit, d.absolute_change),
    colouredRelative(metric, d, p), verdictText(d),
  ];
}

export function renderCompareTable(doc: CompareJson, { paint: p, width }: CompareRenderOptions): string {
  const table = (head: string[], _p: ChalkInstance, alignLeft: number) => new FittingTable(head, p, alignLeft, width);
  const out: string[] = [];
  out.push(`${p.bold('llmops compare')}: ${safeText(doc.before.source)} → ${safeText(doc.after.source)}`);
  out.push(`before: ${sideText(doc.before)}`);
  out.push(`after:  ${sideText(doc.after)}`);
  const warn = spanWarning(doc);
  if (warn) out.push(p.yellow(`note: ${warn}`));
  out.push('');

  out.push(p.bold.underline('Significant changes'));
  const sig = significantChanges(doc);
  if (sig.length === 0) out.push('none: every change is within what noise explains');
  for (const s of sig) {
    const info = METRIC_INFO[s.metric];
    const where = s.feature === null ? 'overall' : safeText(s.feature);
    out.push(`  ${colouredRelative(s.metric, s.delta, p)}  ${where} ${info.label}: ${formatValue(info.unit, s.delta.before)} → ${formatValue(info.unit, s.delta.after)} (${verdictText(s.delta)})`);
  }
  out.push('');

  out.push(p.bold.underline('Overall'));
  const overall = table(['metric', 'before', 'after', 'change', 'relative', 'test'], p, 1);
  for (const metric of COMPARED_METRICS) overall.push(metricRow(metric, deltaOf(doc.overall, metric), p));
  out.push(overall.toString());
  out.push('');

  out.push(p.bold.underline('By feature'));
  if (doc.by_feature.length === 0) {
    out.push('no features');
  } else {
    const t = table(['feature', 'metric', 'before', 'after', 'change', 'relative', 'test'], p, 2);
    for (const f of doc.by_feature) {
      const name = safeText(f.feature);
      if (f.status !== 'both') {
        const side = f.status === 'new' ? 'after' : 'before';
        const label = f.status === 'new' ? p.cyan('new') : p.yellow('gone');
        const summary = `${formatCount(f.requests[side] ?? 0)} requests, ${formatUsd(f.cost_usd.total[side])}`;
        t.push([name, label, f.status === 'new' ? DASH : summary, f.status === 'new' ? summary : DASH, '', '', '']);
        continue;
      }
      COMPARED_METRICS.forEach((metric, i) => t.push([i === 0 ? name : '', ...metricRow(metric, deltaOf(f, metric), p)]));
    }
    out.push(t.toString());
  }
  out.push(p.dim(SIGNIFICANCE_LEGEND));
  return out.join('\n') + '\n';
}
