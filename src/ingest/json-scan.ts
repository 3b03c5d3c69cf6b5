// A linear scan of JSON text for the slow path only (after JSON.parse has failed): where the first
// object ends, whether it was cut off, and Python's NaN / Infinity tokens, which JSON does not allow.

export interface ScanResult {
  /** Index just past the first object's closing brace, or -1 when it never closes. */
  end: number;
  /** The text ends inside the object (or inside a string in it): a truncated line. */
  truncated: boolean;
  /** Bare NaN, Infinity or -Infinity appear outside strings. */
  nonFinite: boolean;
}

const OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93, QUOTE = 34, BACKSLASH = 92;

function startsWordAt(text: string, i: number, word: string): boolean {
  return text.startsWith(word, i);
}

/** Scans from `start`, which must be a `{`. Never backtracks: one pass over the text. */
export function scanJsonObject(text: string, start: number): ScanResult {
  let depth = 0;
  let nonFinite = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i++;
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i += 2;
        else if (d === QUOTE) break;
        else i++;
      }
      if (i >= text.length) return { end: -1, truncated: true, nonFinite };
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return { end: i + 1, truncated: false, nonFinite };
      if (depth < 0) return { end: -1, truncated: false, nonFinite };
    } else if (c === 78 /* N */ && startsWordAt(text, i, 'NaN')) {
      nonFinite = true;
    } else if (c === 73 /* I */ && startsWordAt(text, i, 'Infinity')) {
      nonFinite = true;
    }
  }
  return { end: -1, truncated: depth > 0, nonFinite };
}

/** The text with bare NaN / Infinity / -Infinity outside strings replaced by null. */
export function replaceNonFinite(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== QUOTE) i += text.charCodeAt(i) === BACKSLASH ? 2 : 1;
      continue;
    }
    let len = 0;
    let at = i;
    if (startsWordAt(text, i, 'NaN')) len = 3;
    else if (startsWordAt(text, i, 'Infinity')) len = 8;
    else if (startsWordAt(text, i, '-Infinity')) len = 9;
    if (len > 0) {
      out += text.slice(from, at) + 'null';
      i += len - 1;
      from = i + 1;
    }
  }
  return out + text.slice(from);
}
