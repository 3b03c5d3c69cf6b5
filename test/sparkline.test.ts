// Sparklines, share bars and the Unicode decision, by hand.
import { describe, expect, it } from 'vitest';
import { everyDay, shareBar, sparkline, unicodeEnabled } from '../src/report/sparkline.js';

describe('sparkline', () => {
  it('scales from the smallest value (lowest block) to the largest (full block)', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], true)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([10, 20], true)).toBe('▁█');
    // (15 − 10) / 10 · 7 = 3.5 → level 4 (rounded)
    expect(sparkline([10, 15, 20], true)).toBe('▁▅█');
  });

  it('uses ASCII levels when Unicode is off', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], false)).toBe('_.:-=+*#');
    expect(sparkline([3, 1, 2], false)).toMatch(/^[\x20-\x7e]+$/);
  });

  it('shows a day without data as a gap, and equal values mid-height (or at the bottom when 0)', () => {
    expect(sparkline([1, null, 3], true)).toBe('▁ █');
    expect(sparkline([5, 5, 5], true)).toBe('▄▄▄');
    expect(sparkline([0, 0], true)).toBe('▁▁');
    expect(sparkline([null, null], true)).toBe('  ');
    expect(sparkline([], true)).toBe('');
  });
});

describe('shareBar', () => {
  it('is exactly `width` cells, with eighth-cell resolution in Unicode', () => {
    expect(shareBar(1, 10, true)).toBe('█'.repeat(10));
    expect(shareBar(0.5, 10, true)).toBe('█████     ');
    // 0.295 · 10 · 8 = 23.6 → 24 eighths = 3 full cells
    expect(shareBar(0.295, 10, true)).toBe('███       ');
    // 0.264 · 80 = 21.1 → 21 eighths = 2 cells + 5/8
    expect(shareBar(0.264, 10, true)).toBe('██▋       ');
    for (const s of [0, 0.001, 0.33, 0.999, 1, 1.5]) expect(shareBar(s, 10, true)).toHaveLength(10);
  });

  it('marks any share above 0, and leaves 0 and null blank', () => {
    expect(shareBar(0.0001, 10, true)).toBe('▏         ');
    expect(shareBar(0.0001, 10, false)).toBe('.         ');
    expect(shareBar(0, 10, true)).toBe(' '.repeat(10));
    expect(shareBar(null, 10, false)).toBe(' '.repeat(10));
  });

  it('draws whole # cells in ASCII', () => {
    expect(shareBar(0.5, 10, false)).toBe('#####     ');
    expect(shareBar(0.26, 10, false)).toBe('###       ');
  });
});

describe('unicodeEnabled', () => {
  it('follows the locale: LC_ALL, then LC_CTYPE, then LANG', () => {
    expect(unicodeEnabled({ LANG: 'en_US.UTF-8' }, 'linux')).toBe(true);
    expect(unicodeEnabled({ LANG: 'C.utf8' }, 'linux')).toBe(true);
    expect(unicodeEnabled({ LANG: 'C' }, 'linux')).toBe(false);
    expect(unicodeEnabled({ LC_ALL: 'C', LANG: 'en_US.UTF-8' }, 'linux')).toBe(false);
    expect(unicodeEnabled({ LC_CTYPE: 'de_DE.UTF-8', LANG: 'C' }, 'linux')).toBe(true);
    expect(unicodeEnabled({ LANG: 'en_US.ISO-8859-1', TERM: 'xterm-256color' }, 'linux')).toBe(false);
  });

  it('gives TERM=dumb and the Linux console ASCII, and a named terminal Unicode when no locale is set', () => {
    expect(unicodeEnabled({ LANG: 'en_US.UTF-8', TERM: 'dumb' }, 'linux')).toBe(false);
    expect(unicodeEnabled({ LANG: 'en_US.UTF-8', TERM: 'linux' }, 'linux')).toBe(false);
    expect(unicodeEnabled({ TERM: 'xterm-256color' }, 'linux')).toBe(true);
    expect(unicodeEnabled({}, 'linux')).toBe(false);
    expect(unicodeEnabled({}, 'win32')).toBe(true);
  });

  it('LLMOPS_ASCII overrides everything', () => {
    expect(unicodeEnabled({ LLMOPS_ASCII: '1', LANG: 'en_US.UTF-8' }, 'linux')).toBe(false);
    expect(unicodeEnabled({ LLMOPS_ASCII: '0', LANG: 'C', TERM: 'dumb' }, 'linux')).toBe(true);
    expect(unicodeEnabled({ LLMOPS_ASCII: '', LANG: 'C.UTF-8' }, 'linux')).toBe(true);
  });
});

describe('everyDay', () => {
  it('lists every date from the first row to the last, null where a day has no row', () => {
    const rows = [{ date: '2026-02-27', n: 1 }, { date: '2026-03-02', n: 2 }];
    expect(everyDay(rows).map((d) => [d.date, d.row?.n ?? null])).toEqual([
      ['2026-02-27', 1], ['2026-02-28', null], ['2026-03-01', null], ['2026-03-02', 2],
    ]);
    expect(everyDay([])).toEqual([]);
  });
});
