// Markdown for pull-request comments: log strings made inert, tables that keep their columns, and
// the sections a reviewer reads (verdict, significant changes, new and gone features).
import { describe, expect, it } from 'vitest';
import { emptyTally } from '../src/analyze.js';
import { DEFAULT_INCREASE_METRICS } from '../src/config/rules.js';
import { buildBaselineReport } from '../src/report/baseline.js';
import { buildCheckReport } from '../src/report/check.js';
import { buildCompareReport } from '../src/report/compare.js';
import { buildCostReport } from '../src/report/cost.js';
import { mdText, renderBaselineMarkdown, renderCheckMarkdown, renderCompareMarkdown, renderCostMarkdown } from '../src/report/markdown.js';
import { parseDimensions } from '../src/stats/dimensions.js';
import { FeatureDayBuckets } from '../src/stats/feature-days.js';
import { GroupedAccumulators } from '../src/stats/groups.js';
import type { PricedRecord } from '../src/types.js';
import { Calendar } from '../src/window/calendar.js';

const utc = new Calendar('UTC');
const T0 = Date.parse('2026-11-01T12:00:00Z');
const EVIL = 'evil|`x`<b>$1 **y** [z](http://a.b) @me\u001b[31m';

function record(feature: string, cost: number, day: number, stop = 'end_turn'): PricedRecord {
  return {
    requestId: null, model: 'claude-haiku-4-5', inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0,
    cacheWrite1hTokens: null, batch: false, webSearchRequests: 0, loggedCostUsd: null, shape: 'wrapper', source: { tenant: EVIL },
    latencyS: 1 + (day % 3), stopReason: stop, feature, timestampMs: T0 + day * 86_400_000, costUsd: cost,
  } as PricedRecord;
}

function baselineOf(records: PricedRecord[]) {
  const buckets = new FeatureDayBuckets(utc, null);
  for (const r of records) buckets.add(r);
  return buildBaselineReport(emptyTally(), buckets, { calendar: utc, window: { since: null, until: null }, slottedWeeks: null });
}

const records = [
  // summarize: cost per request triples from the first week (days 0–6) to the second (7–13).
  ...Array.from({ length: 60 }, (_, i) => record('summarize', (i % 14 < 7 ? 0.01 : 0.03) + (i % 2) * 0.0001, i % 14)),
  ...Array.from({ length: 10 }, (_, i) => record(EVIL, 0.001, i % 14, i === 0 ? 'max_tokens' : 'end_turn')),
];

/** Cells of a Markdown table row: split on pipes that are not escaped. */
function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);
}

/** Every table keeps its column count on every row. */
function expectWellFormedTables(md: string): void {
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\|(:?---|---:)/.test(lines[i])) continue;
    const width = cells(lines[i - 1]).length;
    expect(cells(lines[i]).length, `separator at line ${i}`).toBe(width);
    for (let j = i + 1; j < lines.length && lines[j].startsWith('|'); j++) expect(cells(lines[j]).length, `row ${j}: ${lines[j]}`).toBe(width);
  }
}

describe('mdText', () => {
  it('escapes Markdown syntax, HTML and controls', () => {
    expect(mdText('a|b')).toBe('a\\|b');
    expect(mdText('`code`')).toBe('\\`code\\`');
    expect(mdText('<script>')).toBe('&lt;script&gt;');
    expect(mdText('$5 & *x*')).toBe('\\$5 &amp; \\*x\\*');
    expect(mdText('[a](b)')).toBe('\\[a\\]\\(b\\)');
    expect(mdText('rag_answer')).toBe('rag\\_answer');
    expect(mdText('x\u001b[31my')).toBe('x\\\\x1b\\[31my');
  });
});

describe('baseline and cost as Markdown', () => {
  const doc = baselineOf(records);
  const md = renderBaselineMarkdown(doc);

  it('has the sections, with long ones folded', () => {
    for (const h of ['## llmops baseline', '### Overall', '### By feature', '### Week over week']) expect(md).toContain(`\n${h}\n`.slice(h.startsWith('##') && md.startsWith(h) ? 1 : 0));
    expect(md).toMatch(/<details><summary>Daily \(14 days\)<\/summary>\n\n\| date/);
    expect(md).toContain('<details><summary>Stop reasons</summary>');
    expect(md).toMatch(/<sub>✱ significant at 95%/);
  });

  it('keeps log strings inert and tables intact', () => {
    expect(md).not.toContain(EVIL);
    expect(md).not.toContain('<b>');
    expect(md).not.toContain('\u001b');
    expect(md).toContain('evil\\|\\`x\\`&lt;b&gt;\\$1');
    expectWellFormedTables(md);
    // Dollar amounts are escaped so GitHub does not read them as inline math.
    expect(md).not.toMatch(/(?<!\\)\$\d/);
  });

  it('marks significant week-over-week changes and says which test', () => {
    // summarize's cost per request triples in the second week: significant by Welch's t-test.
    expect(md).toMatch(/\| summarize \| [^\n]*\*\*▲ \+[\d.]+%\*\* ✱/);
    expect(md).toMatch(/✱ Welch t, p &lt; 0\.001/);
  });

  it('cost by a dimension', () => {
    const grouped = new GroupedAccumulators(parseDimensions('tenant,feature', utc));
    for (const r of records) grouped.add(r);
    const cmd = renderCostMarkdown(buildCostReport(emptyTally(), grouped, { calendar: utc, window: { since: null, until: null } }));
    expect(cmd.startsWith('## llmops cost by tenant, feature\n')).toBe(true);
    expect(cmd).toContain('| **total** |');
    expectWellFormedTables(cmd);
  });
});

describe('check and compare as Markdown', () => {
  it('check: the verdict in the heading, failures first, folded passes in details', () => {
    const doc = baselineOf(records);
    const check = buildCheckReport([
      { rule: 'max-cost-p95', limit: 0.02, features: null, source: 'flag', metrics: [...DEFAULT_INCREASE_METRICS], against: null, requireSignificance: true },
      { rule: 'max-refusal-rate', limit: 0.01, features: null, source: 'flag', metrics: [...DEFAULT_INCREASE_METRICS], against: null, requireSignificance: true },
    ], { baseline: doc, dailyByFeature: new Map(), saved: new Map() });
    const md = renderCheckMarkdown(check);
    expect(md.startsWith('## ❌ llmops check FAILED: 1 of 4 checks failed\n')).toBe(true);
    const rows = md.split('\n').filter((l) => l.startsWith('| ❌') || l.startsWith('| ✅'));
    expect(rows[0]).toMatch(/^\| ❌ \*\*FAIL\*\* \| `max-cost-p95` \| summarize \| \\\$0\.0301 \| \\\$0\.0200 \| 50\.5% over \|$/);
    expect(md).toContain('(+ 1 more passing)');
    expect(md).toContain('<details><summary>All 4 checks</summary>');
    expect(md).not.toContain('<b>');
    expectWellFormedTables(md);
  });

  it('compare: significant changes first, new and gone features named', () => {
    const before = baselineOf(records.filter((r) => (r.timestampMs! - T0) / 86_400_000 < 7));
    const after = baselineOf([...records.filter((r) => (r.timestampMs! - T0) / 86_400_000 >= 7 && r.feature === 'summarize'), record('brand_new', 0.5, 8)]);
    const md = renderCompareMarkdown(buildCompareReport(before, after, { before: 'a|b.json', after: 'after.json' }));
    expect(md).toContain('**Before:** a\\|b\\.json:');
    expect(md).toMatch(/### Significant changes\n\n- ▲ \+449\.4% \*\*overall cost mean\*\*: [^\n]*\n- ▲ \+1\d\d\.\d% \*\*summarize cost mean\*\*: \\\$0\.010\d → \\\$0\.030\d \(✱ Welch t, p &lt; 0\.001\)/);
    expect(md).toContain('- New features: brand\\_new');
    expect(md).toContain('- Gone features: evil\\|');
    expect(md).toContain('<details><summary>By feature (3)</summary>');
    expectWellFormedTables(md);
  });
});
