// Charts that fit in a line of text: sparklines of daily figures and bars for shares, in Unicode
// block characters where the terminal can show them and in plain ASCII where it cannot.

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII_LEVELS = ['_', '.', ':', '-', '=', '+', '*', '#'];
/** Left eighths of a cell, for a bar's last partial cell. */
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * Whether the terminal can be trusted with block characters. LLMOPS_ASCII=1 forces ASCII and
 * LLMOPS_ASCII=0 Unicode; TERM=dumb and the Linux console get ASCII; otherwise the locale
 * (LC_ALL, then LC_CTYPE, then LANG, the first one set) decides, and with no locale at all a named
 * terminal (TERM) or Windows gets Unicode.
 */
export function unicodeEnabled(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): boolean {
  const forced = env.LLMOPS_ASCII;
  if (forced !== undefined && forced !== '') return forced === '0' || forced === 'false';
  if (env.TERM === 'dumb' || env.TERM === 'linux') return false;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG;
  if (locale) return /utf-?8/i.test(locale);
  return platform === 'win32' || (env.TERM !== undefined && env.TERM !== '');
}

/**
 * One character per value, scaled from the smallest (lowest block) to the largest (full block);
 * null (no data that day) is a space. All-equal values sit mid-height, or at the bottom when 0.
 */
export function sparkline(values: ReadonlyArray<number | null>, unicode: boolean): string {
  const levels = unicode ? BLOCKS : ASCII_LEVELS;
  let min = Infinity, max = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const top = levels.length - 1;
  return values.map((v) => {
    if (v === null) return ' ';
    if (max === min) return levels[max > 0 ? Math.floor(top / 2) : 0];
    return levels[Math.round(((v - min) / (max - min)) * top)];
  }).join('');
}

/**
 * A share (0..1) as a bar `width` cells wide, padded with spaces to exactly `width`. Unicode bars
 * have eighth-cell resolution; ASCII bars are whole `#` cells. A share above 0 always shows a mark.
 */
export function shareBar(share: number | null, width: number, unicode: boolean): string {
  if (share === null || !(share > 0)) return ' '.repeat(width);
  const clamped = Math.min(1, share);
  let bar: string;
  if (unicode) {
    const eighths = Math.max(1, Math.round(clamped * width * 8));
    bar = '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
  } else {
    const cells = Math.round(clamped * width);
    bar = cells === 0 ? '.' : '#'.repeat(cells);
  }
  return bar + ' '.repeat(width - bar.length);
}

const DAY_MS = 86_400_000;

/**
 * Every calendar date from the first row's to the last row's, with the row of that date or null:
 * days without records are gaps in a sparkline, not skipped. Dates are `YYYY-MM-DD` labels of
 * days in the report's zone, so stepping them in UTC is exact.
 */
export function everyDay<T extends { date: string }>(rows: readonly T[]): Array<{ date: string; row: T | null }> {
  if (rows.length === 0) return [];
  const byDate = new Map(rows.map((r) => [r.date, r]));
  const first = Date.parse(`${rows[0].date}T00:00:00Z`);
  const last = Date.parse(`${rows[rows.length - 1].date}T00:00:00Z`);
  const out: Array<{ date: string; row: T | null }> = [];
  for (let t = first; t <= last; t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    out.push({ date, row: byDate.get(date) ?? null });
  }
  return out;
}
