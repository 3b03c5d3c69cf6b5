// Numbers for people: money, token counts, seconds, shares. JSON never goes through here.

/** Digits grouped by threes with commas: "1234567" → "1,234,567". By hand: creating an
 *  Intl.NumberFormat costs ~10 ms of start-up, more than the whole table takes to render. */
function groupDigits(digits: string): string {
  let out = '';
  for (let i = digits.length; i > 0; i -= 3) out = digits.slice(Math.max(0, i - 3), i) + (out === '' ? '' : ',' + out);
  return out;
}

/** A number rounded to `decimals` places with its integer part grouped, signed as Intl does
 *  (a negative value that rounds to zero shows as -0, as the HTML report's Intl formatting does). */
function grouped(v: number, decimals: number): string {
  const [int, frac] = Math.abs(v).toFixed(decimals).split('.');
  const text = groupDigits(int) + (frac === undefined ? '' : '.' + frac);
  return v < 0 || Object.is(v, -0) ? `-${text}` : text;
}

export const DASH = '–';

/** $1,234.56 for large sums; more digits for the per-request costs that are fractions of a cent. */
export function formatUsd(v: number | null): string {
  if (v === null) return DASH;
  const abs = Math.abs(v);
  if (abs === 0) return '$0';
  if (abs >= 100) return `$${grouped(v, 2)}`;
  if (abs >= 1) return `$${v.toFixed(2)}`;
  if (abs >= 0.01) return `$${v.toFixed(4)}`;
  return `$${v.toPrecision(3)}`;
}

/** 12,345 below a million, then 1.23M / 4.56B. */
export function formatCount(v: number): string {
  if (Math.abs(v) >= 1e9) return `${(v / 1e9).toFixed(2)}B`;
  if (Math.abs(v) >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  return grouped(v, 0);
}

export function formatSeconds(v: number | null): string {
  if (v === null) return DASH;
  return v >= 100 ? `${v.toFixed(0)} s` : v >= 10 ? `${v.toFixed(1)} s` : `${v.toFixed(2)} s`;
}

export function formatPercent(v: number | null, digits = 1): string {
  if (v === null) return DASH;
  const pct = v * 100;
  if (pct !== 0 && Math.abs(pct) < 0.1) return `${pct.toFixed(2)}%`;
  return `${pct.toFixed(digits)}%`;
}

/** A signed relative change: +41.2%, −3.0%. */
export function formatChange(v: number | null): string {
  if (v === null) return DASH;
  const pct = v * 100;
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±';
  return `${sign}${Math.abs(pct).toFixed(1)}%`;
}

// C0 and C1 controls (ESC starts ANSI sequences), DEL, and the bidirectional overrides that can
// reorder what a terminal shows.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A string from the logs made inert for a terminal, Markdown or CSV: controls shown as \xNN escapes. */
export function safeText(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
