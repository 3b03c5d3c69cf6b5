// Every report as GitHub-flavoured Markdown, for a pull-request comment or $GITHUB_STEP_SUMMARY:
// headings, pipe tables, long sections folded in <details>. Rendered from the JSON documents.
import type { BaselineJson, ChangeJson, CostJson, StatsJson, TestedChangeJson, WindowJson } from './contract.js';
import type { CheckJson, CheckResultJson } from './check.js';
import { detailText, foldPassing, foldedText, headline, limitText, scopeText, valueText } from './check-table.js';
import { COMPARED_METRICS, METRIC_INFO, deltaOf, type CompareJson, type ComparedMetric, type DeltaJson } from './compare.js';
import { sideText, significantChanges, spanWarning } from './compare-table.js';
import {
  SIGNIFICANCE_LEGEND, SIGNIFICANT_MARK, formatDifference, formatValue, relativeText, verdictText,
} from './change-text.js';
import { DASH, formatCount, formatPercent, formatSeconds, formatUsd, safeText } from './format.js';
import { dataQualityLine } from './table.js';

// Characters Markdown could read as syntax in a cell: backslash escapes work for all ASCII
// punctuation. `$` would open GitHub's inline math; `|` would end the cell.
const MD_PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~:$@]/g;

/** A string from the logs (or a file name) as inert Markdown text: controls escaped, HTML and syntax neutralised. */
export function mdText(text: string): string {
  return safeText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MD_PUNCTUATION, (c) => `\\${c}`);
}

/**
 * Text llmops wrote itself ($0.0159, ▲ +4.0%, p < 0.001), possibly around parts already escaped
 * with mdText: the cell separator, math delimiter and HTML brackets are escaped where they are not yet.
 */
function mdValue(text: string): string {
  return text.replace(/(?<!\\)([|$])/g, '\\$1').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

type Align = 'l' | 'r';

function mdTable(head: string[], align: Align[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  return [line(head), `|${align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`, ...rows.map(line)].join('\n');
}

function details(summary: string, body: string): string {
  // The blank lines let GitHub render the Markdown inside the HTML block.
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function windowText(w: WindowJson): string {
  if (w.since === null && w.until === null) return `all records (${w.tz})`;
  return `${w.since ?? '…'} → ${w.until ?? '…'} (${w.tz})`;
}

/** Small print: `text` is llmops's own words unless `fromOutside`, when it may carry names from the logs. */
function footer(text: string, fromOutside = false): string {
  return `<sub>${fromOutside ? mdText(text) : mdValue(text)}</sub>`;
}

// ---- baseline ----

function isTested(c: ChangeJson | TestedChangeJson): c is TestedChangeJson {
  return 'test' in c;
}

/** ▲ +12.0% ✱, or ▲ +3.1% (n.s.) when the test calls it noise. */
function wowCell(c: ChangeJson | TestedChangeJson): string {
  const text = relativeText(c.change);
  if (!isTested(c) || c.change === null || c.change === 0) return mdValue(text);
  if (c.significant === true) return mdValue(`**${text}** ${SIGNIFICANT_MARK}`);
  return mdValue(c.significant === false ? `${text} (n.s.)` : `${text} (too few to test)`);
}

function statsRows(s: StatsJson): string[][] {
  const c = s.cost_usd, l = s.latency_s;
  return [
    ['cost / request', formatUsd(c.total), formatUsd(c.mean), formatUsd(c.p50), formatUsd(c.p95), formatUsd(c.max)].map(mdValue),
    ['latency', DASH, formatSeconds(l.mean), formatSeconds(l.p50), formatSeconds(l.p95), formatSeconds(l.max)].map(mdValue),
  ];
}

export function renderBaselineMarkdown(doc: BaselineJson): string {
  const out: string[] = [];
  const o = doc.overall;
  out.push('## llmops baseline', '');
  out.push(mdValue(`**${formatCount(o.requests)} requests · ${formatUsd(o.cost_usd.total)} total** · ${windowText(doc.window)}`), '');

  out.push('### Overall', '');
  out.push(mdTable(['', 'total', 'mean', 'p50', 'p95', 'max'], ['l', 'r', 'r', 'r', 'r', 'r'], statsRows(o)), '');
  const t = o.tokens;
  out.push(`Tokens: input ${formatCount(t.input)}, output ${formatCount(t.output)}, cache read ${formatCount(t.cache_read)}, cache write ${formatCount(t.cache_write)} · ` +
    `truncation rate ${formatPercent(doc.rates.truncation, 2)} · refusal rate ${formatPercent(doc.rates.refusal, 2)}`, '');

  out.push('### By feature', '');
  out.push(mdTable(
    ['feature', 'requests', 'cost', 'share', 'mean cost', 'p95 cost', 'mean latency', 'p95 latency', 'truncation', 'refusal'],
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    doc.by_feature.map((f) => [
      mdText(f.feature),
      ...[formatCount(f.requests), formatUsd(f.cost_usd.total), formatPercent(f.cost_share), formatUsd(f.cost_usd.mean), formatUsd(f.cost_usd.p95),
        formatSeconds(f.latency_s.mean), formatSeconds(f.latency_s.p95), formatPercent(f.truncation_rate), formatPercent(f.refusal_rate)].map(mdValue),
    ]),
  ), '');

  out.push('### Week over week', '');
  const w = doc.week_over_week;
  if (w === null) {
    out.push('No timestamped records.', '');
  } else {
    out.push(`Current ${w.current.since} → ${w.current.until}, previous ${w.previous.since} → ${w.previous.until}.`, '');
    const rows: Array<[string, ChangeJson | TestedChangeJson, ComparedMetric]> = [
      ['requests', w.overall.requests, 'requests'], ['cost total', w.overall.cost_usd.total, 'cost_total'],
      ['cost mean', w.overall.cost_usd.mean, 'cost_mean'], ['cost p95', w.overall.cost_usd.p95, 'cost_p95'],
      ['latency mean', w.overall.latency_s.mean, 'latency_mean'], ['latency p95', w.overall.latency_s.p95, 'latency_p95'],
      ['truncation rate', w.overall.truncation_rate, 'truncation_rate'], ['refusal rate', w.overall.refusal_rate, 'refusal_rate'],
    ];
    out.push(mdTable(['metric', 'previous', 'current', 'change', 'test'], ['l', 'r', 'r', 'r', 'l'], rows.map(([name, c, metric]) => {
      const unit = METRIC_INFO[metric].unit;
      return [name, mdValue(formatValue(unit, c.previous)), mdValue(formatValue(unit, c.current)), wowCell(c), isTested(c) ? mdValue(verdictText(c)) : ''];
    })), '');
    if (w.by_feature.length > 0) {
      out.push(mdTable(
        ['feature', 'requests', 'cost total', 'cost mean', 'cost p95', 'latency mean', 'latency p95', 'truncation', 'refusal'],
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
        w.by_feature.map((r) => [mdText(r.feature), wowCell(r.requests), wowCell(r.cost_usd.total), wowCell(r.cost_usd.mean), wowCell(r.cost_usd.p95),
          wowCell(r.latency_s.mean), wowCell(r.latency_s.p95), wowCell(r.truncation_rate), wowCell(r.refusal_rate)]),
      ), '');
    }
    out.push(footer(SIGNIFICANCE_LEGEND), '');
  }

  if (doc.daily.length > 0) {
    out.push(details(`Daily (${doc.daily.length} day${doc.daily.length === 1 ? '' : 's'})`, mdTable(
      ['date', 'requests', 'input', 'output', 'cache read', 'cache write', 'cost'], ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
      doc.daily.map((d) => [d.date, formatCount(d.requests), formatCount(d.input_tokens), formatCount(d.output_tokens),
        formatCount(d.cache_read_tokens), formatCount(d.cache_write_tokens), formatUsd(d.cost_usd)].map(mdValue)),
    )), '');
  }
  out.push(details('Stop reasons', mdTable(['stop_reason', 'count', 'share'], ['l', 'r', 'r'],
    doc.stop_reasons.map((s) => [mdText(s.stop_reason), formatCount(s.count), mdValue(formatPercent(s.share, 2))]))), '');
  out.push(footer(dataQualityLine(doc.inputs), true));
  return out.join('\n') + '\n';
}

// ---- cost ----

export function renderCostMarkdown(doc: CostJson): string {
  const out: string[] = [];
  const o = doc.overall;
  out.push(`## llmops cost by ${mdText(doc.group_by.join(', '))}`, '');
  out.push(mdValue(`**${formatCount(o.requests)} requests · ${formatUsd(o.cost_usd.total)} total** · ${windowText(doc.window)}`), '');
  const cells = (s: StatsJson, share: string) => [
    formatCount(s.requests), formatUsd(s.cost_usd.total), share, formatUsd(s.cost_usd.mean), formatUsd(s.cost_usd.p50),
    formatUsd(s.cost_usd.p95), formatUsd(s.cost_usd.max), formatSeconds(s.latency_s.p95), formatPercent(s.truncation_rate),
  ].map(mdValue);
  const rows = doc.rows.map((r) => [...doc.group_by.map((n) => mdText(r[n])), ...cells(r, formatPercent(r.cost_share))]);
  rows.push([...doc.group_by.map((_, i) => (i === 0 ? '**total**' : '')),
    ...cells(o, o.cost_usd.total === null ? DASH : '100.0%').map((c) => `**${c}**`)]);
  out.push(mdTable(
    [...doc.group_by.map(mdText), 'requests', 'cost', 'share', 'mean', 'p50', 'p95', 'max', 'p95 latency', 'truncation'],
    [...doc.group_by.map((): Align => 'l'), ...Array<Align>(9).fill('r')],
    rows,
  ), '');
  out.push(footer(dataQualityLine(doc.inputs), true));
  return out.join('\n') + '\n';
}

// ---- check ----

const STATUS_MD = { pass: '✅ pass', fail: '❌ **FAIL**', no_data: '➖ no data' } as const;

export function renderCheckMarkdown(doc: CheckJson): string {
  const out: string[] = [];
  out.push(`## ${doc.passed ? '✅' : '❌'} llmops check ${mdValue(headline(doc))}`, '');
  out.push(`Records checked: ${mdValue(windowText(doc.window))}.`, '');
  const w = doc.week_over_week;
  if (w !== null) out.push(`Week over week: current ${w.current.since} → ${w.current.until}, previous ${w.previous.since} → ${w.previous.until}.`, '');
  const head = ['status', 'rule', 'scope', 'value', 'limit', 'details'];
  const align: Align[] = ['l', 'l', 'l', 'r', 'r', 'l'];
  const row = (c: CheckResultJson, scopeSuffix = '') => [
    STATUS_MD[c.status], `\`${c.rule}\``, mdValue(scopeText(c, mdText) + scopeSuffix), mdValue(valueText(c)), mdValue(limitText(c)), mdValue(detailText(c, mdText)),
  ];
  const lines = foldPassing(doc.checks);
  if (lines.length > 0) {
    out.push(mdTable(head, align, lines.map((l) => row(l.check, foldedText(l) ? ` (${foldedText(l)})` : ''))), '');
  }
  if (lines.length < doc.checks.length) {
    out.push(details(`All ${doc.checks.length} checks`, mdTable(head, align, doc.checks.map((c) => row(c)))), '');
  }
  if (doc.checks.some((c) => c.comparison !== null)) out.push(footer(SIGNIFICANCE_LEGEND), '');
  out.push(footer(dataQualityLine(doc.inputs), true));
  return out.join('\n') + '\n';
}

// ---- compare ----

function deltaCells(metric: ComparedMetric, d: DeltaJson): string[] {
  const unit = METRIC_INFO[metric].unit;
  const rel = relativeText(d.relative_change);
  const relCell = d.significant === true ? `**${rel}** ${SIGNIFICANT_MARK}` : rel;
  return [formatValue(unit, d.before), formatValue(unit, d.after), formatDifference(unit, d.absolute_change), relCell, verdictText(d)].map(mdValue);
}

export function renderCompareMarkdown(doc: CompareJson): string {
  const out: string[] = [];
  out.push('## llmops compare', '');
  out.push(`**Before:** ${mdText(doc.before.source)}: ${mdValue(sideText(doc.before))}  `);
  out.push(`**After:** ${mdText(doc.after.source)}: ${mdValue(sideText(doc.after))}`, '');
  const warn = spanWarning(doc);
  if (warn) out.push(`> **Note:** ${warn}.`, '');

  out.push('### Significant changes', '');
  const sig = significantChanges(doc);
  if (sig.length === 0) out.push('_None: every change is within what noise explains._');
  for (const s of sig) {
    const info = METRIC_INFO[s.metric];
    const where = s.feature === null ? 'overall' : mdText(s.feature);
    out.push(`- ${mdValue(relativeText(s.delta.relative_change))} **${where} ${info.label}**: ` +
      mdValue(`${formatValue(info.unit, s.delta.before)} → ${formatValue(info.unit, s.delta.after)} (${verdictText(s.delta)})`));
  }
  const appeared = doc.by_feature.filter((f) => f.status === 'new').map((f) => mdText(f.feature));
  const gone = doc.by_feature.filter((f) => f.status === 'gone').map((f) => mdText(f.feature));
  if (appeared.length || gone.length) {
    out.push('');
    if (appeared.length) out.push(`- New features: ${appeared.join(', ')}`);
    if (gone.length) out.push(`- Gone features: ${gone.join(', ')}`);
  }
  out.push('');

  out.push('### Overall', '');
  out.push(mdTable(['metric', 'before', 'after', 'change', 'relative', 'test'], ['l', 'r', 'r', 'r', 'r', 'l'],
    COMPARED_METRICS.map((m) => [METRIC_INFO[m].label, ...deltaCells(m, deltaOf(doc.overall, m))])), '');

  if (doc.by_feature.length > 0) {
    const rows: string[][] = [];
    for (const f of doc.by_feature) {
      const name = `**${mdText(f.feature)}**`;
      if (f.status !== 'both') {
        const side = f.status === 'new' ? 'after' : 'before';
        const summary = mdValue(`${formatCount(f.requests[side] ?? 0)} requests, ${formatUsd(f.cost_usd.total[side])}`);
        rows.push([name, f.status === 'new' ? '_new_' : '_gone_', f.status === 'new' ? DASH : summary, f.status === 'new' ? summary : DASH, '', '', '']);
        continue;
      }
      COMPARED_METRICS.forEach((m, i) => rows.push([i === 0 ? name : '', METRIC_INFO[m].label, ...deltaCells(m, deltaOf(f, m))]));
    }
    out.push(details(`By feature (${doc.by_feature.length})`, mdTable(
      ['feature', 'metric', 'before', 'after', 'change', 'relative', 'test'], ['l', 'l', 'r', 'r', 'r', 'r', 'l'], rows,
    )), '');
  }
  out.push(footer(SIGNIFICANCE_LEGEND));
  return out.join('\n') + '\n';
}
