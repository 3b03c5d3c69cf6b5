// The baseline table's sparklines and share bars, through the built CLI: block characters under a
// UTF-8 locale, plain ASCII under LLMOPS_ASCII=1 or a non-UTF-8 locale, colour only when allowed.
import { describe, expect, it } from 'vitest';
import { ANSI, SAMPLE, run } from './e2e/helpers.js';

function sparklineLines(out: string): string[] {
  return out.split('\n').filter((l) => /^(cost|requests) {2,}/.test(l));
}

function featureRow(out: string, feature: string): string {
  return out.split('\n').find((l) => l.startsWith(`│ ${feature} `))!;
}

describe('baseline table: sparklines and share bars', () => {
  it('draws daily cost and requests as block sparklines over the 21 days, with the range', () => {
    const r = run(['baseline', SAMPLE, '-q']);
    expect(r.code, r.stderr).toBe(0);
    const [cost, requests] = sparklineLines(r.stdout);
    expect(cost).toMatch(/^cost {6}[▁▂▃▄▅▆▇█]{21} {2}\$3\.76 … \$8\.23 a day$/);
    expect(requests).toMatch(/^requests {2}[▁▂▃▄▅▆▇█]{21} {2}246 … 519 a day {2}\(2026-11-10 → 2026-11-30\)$/);
    // The dearest day (2026-11-13, $8.23) is the full block, the cheapest (11-29, $3.76) the lowest.
    expect([...cost.slice(10, 31)][3]).toBe('█');
    expect([...cost.slice(10, 31)][19]).toBe('▁');
    // Sparklines sit in the Daily section, before its table.
    const out = r.stdout;
    expect(out.indexOf('Daily')).toBeLessThan(out.indexOf(cost));
    expect(out.indexOf(requests)).toBeLessThan(out.indexOf('│ 2026-11-10'));
  });

  it('adds a share bar to each feature row: 29.5% of ten cells is three', () => {
    const out = run(['baseline', SAMPLE, '-q']).stdout;
    expect(featureRow(out, 'rag_answer')).toMatch(/│ 29\.5% │ ███ {8}│/);
    expect(featureRow(out, 'classify')).toMatch(/│ {2}0\.6% │ ▏ {10}│/);
  });

  it('falls back to ASCII with LLMOPS_ASCII=1 or a non-UTF-8 locale', () => {
    for (const env of [{ LLMOPS_ASCII: '1' }, { LANG: 'C' }]) {
      const out = run(['baseline', SAMPLE, '-q'], { env }).stdout;
      const lines = sparklineLines(out);
      expect(lines, JSON.stringify(env)).toHaveLength(2);
      for (const l of lines) expect(l, JSON.stringify(env)).toMatch(/^[\x20-\x7e]+$/);
      expect(lines[1]).toContain('(2026-11-10 -> 2026-11-30)');
      expect(featureRow(out, 'rag_answer')).toMatch(/│ 29\.5% │ ### {8}│/);
    }
  });

  it('colours sparklines and bars only when colour is on', () => {
    expect(sparklineLines(run(['baseline', SAMPLE, '-q']).stdout).join('\n')).not.toMatch(ANSI);
    const coloured = run(['baseline', SAMPLE, '-q'], { env: { FORCE_COLOR: '1', NO_COLOR: undefined } }).stdout;
    expect(sparklineLines(coloured)[0]).toMatch(ANSI);
  });
});
