// Human tables for a terminal, rendered from the JSON documents so they can never disagree.
import type { ChalkInstance } from 'chalk';
import type { BaselineJson, ChangeJson, CostJson, InputsJson, StatsJson, TestedChangeJson, WindowJson } from './contract.js';
import { DASH, formatChange, formatCount, formatPercent, formatSeconds, formatUsd, safeText } from './format.js';
import { SIGNIFICANCE_LEGEND, SIGNIFICANT_MARK, verdictText } from './change-text.js';
import { everyDay, shareBar, sparkline } from './sparkline.js';
import { FittingTable } from './fit-table.js';

export interface RenderOptions {
  paint: ChalkInstance;
  /** Block characters for sparklines and bars (see unicodeEnabled); plain ASCII when false or absent. */
  unicode?: boolean;
  /** The terminal's width: tables wider than it are printed row by row. Undefined when not a terminal. */
  width?: number;
}

/** Tables that fit `width` columns (stacked rows when the full table would not); undefined: no limit. */
function tablesFor(p: ChalkInstance, width: number | undefined) {
  return (head: string[], alignLeft = 1): FittingTable => new FittingTable(head, p, alignLeft, width);
}

function heading(text: string, p: ChalkInstance): string {
  return p.bold.underline(text);
}

function windowText(w: WindowJson): string {
  if (w.since === null && w.until === null) return `all records (${w.tz})`;
  return `${w.since ?? '…'} → ${w.until ?? '…'} (${w.tz})`;
}

function distributionRows(t: FittingTable, s: StatsJson): void {
  const c = s.cost_usd, l = s.latency_s;
  t.push(['cost / request', formatUsd(c.total), formatUsd(c.mean), formatUsd(c.p50), formatUsd(c.p95), formatUsd(c.max)]);
  t.push(['latency', DASH, formatSeconds(l.mean), formatSeconds(l.p50), formatSeconds(l.p95), formatSeconds(l.max)]);
}

function tokensText(s: StatsJson): string {
  const t = s.tokens;
  return `tokens: input ${formatCount(t.input)}, output ${formatCount(t.output)}, cache read ${formatCount(t.cache_read)}, cache write ${formatCount(t.cache_write)}`;
}

/** One line that accounts for every line read. */
export function dataQualityLine(inputs: InputsJson): string {
  const s = inputs.skipped;
  const parts = [
    `${formatCount(inputs.files)} file${inputs.files === 1 ? '' : 's'}`,
    `${formatCount(inputs.lines)} lines = ${formatCount(inputs.records)} records${inputs.extra_records > 0 ? ` − ${formatCount(inputs.extra_records)} extra (several records on one line)` : ''} + ${formatCount(s.blank)} blank + ${formatCount(s.malformed)} malformed`,
    `${formatCount(s.duplicate)} duplicate${s.duplicate === 1 ? '' : 's'} dropped`,
    `${formatCount(s.out_of_window)} out of window`,
    `${formatCount(inputs.no_timestamp)} without timestamp`,
    `${formatCount(inputs.unpriced.records)} unpriced${inputs.unpriced.models.length ? ` (${inputs.unpriced.models.map(safeText).join(', ')})` : ''}`,
  ];
  if (inputs.pricing.assumed_ttl_tokens > 0) {
    parts.push(`${formatCount(inputs.pricing.assumed_ttl_tokens)} cache-write tokens priced at the ${inputs.pricing.cache_ttl_default} cache TTL (no split logged)`);
  }
  if (inputs.read_errors.length) parts.push(`${inputs.read_errors.length} read error${inputs.read_errors.length === 1 ? '' : 's'}`);
  return `Data: ${parts.join('; ')}`;
}

/** Arrow and colour for a change; `upIsBad` for cost, latency and failure rates. */
function changeCell(c: ChangeJson, p: ChalkInstance, upIsBad: boolean): string {
  const text = formatChange(c.change);
  if (c.change === null || c.change === 0) return text;
  const arrow = c.change > 0 ? '▲' : '▼';
  const bad = (c.change > 0) === upIsBad;
  return upIsBad ? (bad ? p.red(`${arrow} ${text}`) : p.green(`${arrow} ${text}`)) : `${arrow} ${text}`;
}

const SHARE_BAR_WIDTH = 10;
/** Days a sparkline shows at most (the latest), so it stays within a terminal line. */
const SPARKLINE_DAYS = 60;

/** Two lines over the calendar days of the report: daily cost and daily requests, a gap where a day had no records. */
function dailySparklines(doc: BaselineJson, p: ChalkInstance, unicode: boolean): string[] {
  let days = everyDay(doc.daily);
  const dropped = Math.max(0, days.length - SPARKLINE_DAYS);
  days = days.slice(dropped);
  const [to, upTo] = unicode ? ['→', '…'] : ['->', '..'];
  const range = (values: Array<number | null>, fmt: (v: number) => string): string => {
    let min = Infinity, max = -Infinity;
    for (const v of values) if (v !== null) [min, max] = [Math.min(min, v), Math.max(max, v)];
    return min === Infinity ? '' : `${fmt(min)} ${upTo} ${fmt(max)} a day`;
  };
  const cost = days.map((d) => d.row?.cost_usd ?? null);
  const requests = days.map((d) => d.row?.requests ?? null);
  const span = `${days[0].date} ${to} ${days[days.length - 1].date}${dropped > 0 ? `, the last ${days.length} days` : ''}`;
  return [
    `cost      ${p.cyan(sparkline(cost, unicode))}  ${range(cost, formatUsd)}`,
    `requests  ${p.cyan(sparkline(requests, unicode))}  ${range(requests, formatCount)}  (${span})`,
  ];
}

/** Why there are no days to show: no records at all (in the window), or none with a timestamp. */
function noDaysReason(doc: BaselineJson): string {
  if (doc.overall.requests > 0) return 'no record has a timestamp';
  const outside = doc.inputs.skipped.out_of_window;
  return outside > 0 ? `no records in the window (${formatCount(outside)} outside it)` : 'no records';
}

export function renderBaselineTable(doc: BaselineJson, { paint: p, unicode = false, width }: RenderOptions): string {
  const table = tablesFor(p, width);
  const out: string[] = [];
  const o = doc.overall;
  out.push(`${p.bold('llmops baseline')}: ${formatCount(o.requests)} requests, ${formatUsd(o.cost_usd.total)} total, ${windowText(doc.window)}`);
  out.push('');

  out.push(heading('Overall', p));
  const overall = table(['', 'total', 'mean', 'p50', 'p95', 'max']);
  distributionRows(overall, o);
  out.push(overall.toString());
  out.push(`${tokensText(o)}`);
  out.push(`truncation rate ${formatPercent(doc.rates.truncation, 2)}, refusal rate ${formatPercent(doc.rates.refusal, 2)}`);
  out.push('');

  out.push(heading('By feature', p));
  const features = table(['feature', 'requests', 'cost', 'share', '', 'mean cost', 'p95 cost', 'mean latency', 'p95 latency', 'truncation']);
  for (const f of doc.by_feature) {
    features.push([
      safeText(f.feature), formatCount(f.requests), formatUsd(f.cost_usd.total), formatPercent(f.cost_share),
      { content: p.cyan(shareBar(f.cost_share, SHARE_BAR_WIDTH, unicode)), hAlign: 'left' },
      formatUsd(f.cost_usd.mean), formatUsd(f.cost_usd.p95), formatSeconds(f.latency_s.mean), formatSeconds(f.latency_s.p95),
      formatPercent(f.truncation_rate),
    ]);
  }
  out.push(features.toString());
  out.push('');

  out.push(heading('Daily', p));
  if (doc.daily.length === 0) {
    out.push(noDaysReason(doc));
  } else {
    out.push(...dailySparklines(doc, p, unicode));
    const daily = table(['date', 'requests', 'input', 'output', 'cache read', 'cache write', 'cost']);
    for (const d of doc.daily) {
      daily.push([d.date, formatCount(d.requests), formatCount(d.input_tokens), formatCount(d.output_tokens),
        formatCount(d.cache_read_tokens), formatCount(d.cache_write_tokens), formatUsd(d.cost_usd)]);
    }
    out.push(daily.toString());
  }
  out.push('');

  out.push(heading('Stop reasons', p));
  const stops = table(['stop_reason', 'count', 'share']);
  for (const s of doc.stop_reasons) {
    const flagged = s.stop_reason === 'max_tokens' || s.stop_reason === 'model_context_window_exceeded' || s.stop_reason === 'refusal';
    stops.push([flagged ? p.yellow(s.stop_reason) : safeText(s.stop_reason), formatCount(s.count), formatPercent(s.share, 2)]);
  }
  out.push(stops.toString());
  out.push(`truncation rate ${formatPercent(doc.rates.truncation, 2)} (max_tokens, model_context_window_exceeded); refusal rate ${formatPercent(doc.rates.refusal, 2)}`);
  out.push('');

  out.push(heading('Week over week', p));
  const w = doc.week_over_week;
  if (w === null) {
    out.push(noDaysReason(doc));
  } else {
    out.push(`current ${w.current.since} → ${w.current.until}, previous ${w.previous.since} → ${w.previous.until}`);
    // A tested change is coloured only when its test calls it real (✱); otherwise it is dimmed as noise.
    const wowCell = (c: ChangeJson | TestedChangeJson, upIsBad: boolean, marked = true): string => {
      if (!('test' in c) || c.change === null || c.change === 0) return changeCell(c, p, upIsBad);
      if (c.significant === true) return `${changeCell(c, p, upIsBad)} ${SIGNIFICANT_MARK}`;
      return p.dim(`${formatChange(c.change)}${marked ? ' n.s.' : ''}`);
    };
    const t = table(['metric', 'previous', 'current', 'change', 'test']);
    const row = (name: string, c: ChangeJson | TestedChangeJson, fmt: (v: number | null) => string, upIsBad: boolean) =>
      t.push([name, fmt(c.previous), fmt(c.current), wowCell(c, upIsBad, false), { content: 'test' in c ? verdictText(c) : '', hAlign: 'left' }]);
    const count = (v: number | null) => (v === null ? DASH : formatCount(v));
    const pct = (v: number | null) => formatPercent(v, 2);
    row('requests', w.overall.requests, count, false);
    row('cost total', w.overall.cost_usd.total, formatUsd, true);
    row('cost mean', w.overall.cost_usd.mean, formatUsd, true);
    row('cost p95', w.overall.cost_usd.p95, formatUsd, true);
    row('latency mean', w.overall.latency_s.mean, formatSeconds, true);
    row('latency p95', w.overall.latency_s.p95, formatSeconds, true);
    row('truncation rate', w.overall.truncation_rate, pct, true);
    row('refusal rate', w.overall.refusal_rate, pct, true);
    out.push(t.toString());
    if (w.by_feature.length > 0) {
      const f = table(['feature', 'requests', 'cost total', 'cost mean', 'cost p95', 'latency p95', 'truncation']);
      for (const r of w.by_feature) {
        f.push([safeText(r.feature), changeCell(r.requests, p, false), changeCell(r.cost_usd.total, p, true), wowCell(r.cost_usd.mean, true),
          wowCell(r.cost_usd.p95, true), wowCell(r.latency_s.p95, true), wowCell(r.truncation_rate, true)]);
      }
      out.push(f.toString());
    }
    out.push(p.dim(SIGNIFICANCE_LEGEND));
  }
  out.push('');
  out.push(p.dim(dataQualityLine(doc.inputs)));
  return out.join('\n') + '\n';
}

export function renderCostTable(doc: CostJson, { paint: p, width }: RenderOptions): string {
  const table = tablesFor(p, width);
  const out: string[] = [];
  out.push(`${p.bold('llmops cost')} by ${doc.group_by.join(', ')}: ${formatCount(doc.overall.requests)} requests, ${formatUsd(doc.overall.cost_usd.total)} total, ${windowText(doc.window)}`);
  const t = table([...doc.group_by, 'requests', 'cost', 'share', 'mean', 'p50', 'p95', 'max', 'input', 'output', 'cache read', 'cache write'], doc.group_by.length);
  const cells = (s: StatsJson) => [
    formatCount(s.requests), formatUsd(s.cost_usd.total), '', formatUsd(s.cost_usd.mean), formatUsd(s.cost_usd.p50),
    formatUsd(s.cost_usd.p95), formatUsd(s.cost_usd.max), formatCount(s.tokens.input), formatCount(s.tokens.output),
    formatCount(s.tokens.cache_read), formatCount(s.tokens.cache_write),
  ];
  for (const r of doc.rows) {
    const c = cells(r);
    c[2] = formatPercent(r.cost_share);
    t.push([...doc.group_by.map((n) => safeText(r[n])), ...c]);
  }
  const total = cells(doc.overall);
  total[2] = doc.overall.cost_usd.total === null ? DASH : '100.0%';
  t.push([...doc.group_by.map((_, i) => (i === 0 ? p.bold('total') : '')), ...total.map((c) => p.bold(c))]);
  out.push(t.toString());
  out.push(p.dim(dataQualityLine(doc.inputs)));
  return out.join('\n') + '\n';
}
