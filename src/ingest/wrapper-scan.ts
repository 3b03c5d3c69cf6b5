// The fast path for the line nearly every log is made of: one flat wrapper object
// (`{"ts": …, "model": …, "input_tokens": …}`). It reads the record straight from the line's bytes,
// without JSON.parse and without making a string or object per field, and gives the same record the
// general path (parse-line.ts) would. It never guesses: a line it does not fully understand (an
// escape in a field it reads, a field whose rules are rarer, any deviation from JSON, any value the
// general path would reject) is declined, and the general path decides it.
//
// It checks the whole line is one valid JSON object (values it does not need are validated and
// skipped, nested ones too), so it accepts no line JSON.parse would refuse.
import type { Calendar } from '../window/calendar.js';
import { ByteStrings, partialWord } from './byte-strings.js';
import { fingerprint, fingerprintAscii } from './request-ids.js';
import * as R from './scanned-record.js';
import { UNKNOWN, type KnownString, type ScannedRecord } from './scanned-record.js';
import { canonicalUtcBytes, parseIsoTimestamp, parseTimestampValue, timeOfDayBytes } from './timestamp.js';

const QUOTE = 34, BACKSLASH = 92, COLON = 58, COMMA = 44, OPEN_BRACE = 123, CLOSE_BRACE = 125;
const OPEN_BRACKET = 91, CLOSE_BRACKET = 93, MINUS = 45, PLUS = 43, DOT = 46, ZERO = 48, NINE = 57;
const SPACE = 32, TAB = 9, CR = 13, LF = 10;

/** Bytes inside a string: the plain ones, and the ones that end the quick loop. */
const PLAIN = 0, END_QUOTE = 1, SPECIAL = 2;
const BYTE_CLASS = new Uint8Array(256).map((_, c) => (c === QUOTE ? END_QUOTE : c < 0x20 || c === BACKSLASH || c >= 0x80 ? SPECIAL : PLAIN));

/** What a value was, per field the fast path reads. */
const ABSENT = 0, STRING = 1, NUMBER = 2, NULL = 3, TRUE = 4, FALSE = 5, NESTED = 6;

/** The fields read. Their order is the slot index; the timestamp fields are in precedence order. */
const FIELDS = [
  'model', 'input_tokens', 'output_tokens', 'cache_read', 'cache_write', 'latency_s', 'request_id',
  'stop_reason', 'feature', 'cost_usd', 'service_tier', 'batch', 'web_search_requests',
  'ts', 'timestamp', 'time', '@timestamp', 'created_at',
] as const;
const MODEL = 0, INPUT = 1, OUTPUT = 2, CACHE_READ = 3, CACHE_WRITE = 4, LATENCY = 5, REQUEST_ID = 6;
const STOP = 7, FEATURE = 8, COST = 9, SERVICE_TIER = 10, BATCH = 11, WEB_SEARCH = 12, FIRST_TIME = 13;

/** Key positions remembered from the line before (a line with more keys reads the rest slowly). */
const MAX_POSITIONS = 64;
const NO_WORDS = new Float64Array(0);

/** The kind array's size: FIELDS.length rounded up to whole float64 words. */
const KIND_BYTES = Math.ceil(FIELDS.length / 8) * 8;

/** Fields whose rules (cache aliases and TTL splits, asctime) are left to the general path. */
const DECLINED = ['cache_read_input_tokens', 'cache_creation_input_tokens', 'cache_write_5m', 'cache_write_1h', 'asctime'];
const DECLINE = -2;
const OTHER = -1;

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
/** Known keys by length: [bytes, slot or DECLINE]. */
const KEYS_BY_LENGTH: Array<Array<[Uint8Array, number]>> = [];
for (const [name, slot] of [...FIELDS.map((f, i) => [f, i] as const), ...DECLINED.map((f) => [f, DECLINE] as const)]) {
  (KEYS_BY_LENGTH[name.length] ??= []).push([ascii(name), slot]);
}
const BATCH_BYTES = ascii('batch');

/** 10^k for k ≤ 15, all exact doubles. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);
/** Nesting deeper than this in a skipped value is left to the general path. */
const MAX_DEPTH = 64;

/** Number.isInteger(v) && v >= 0, in the form the optimiser inlines. */
function isCount(v: number): boolean {
  return v >= 0 && v !== Infinity && Math.floor(v) === v;
}

export class WrapperScanner {
  /** What each field's value was on the line being read (ABSENT…NESTED), by slot. */
  private readonly kind = new Uint8Array(KIND_BYTES);
  /** The same bytes, to clear them in a few stores a line instead of one per field. */
  private readonly kindWords = new Float64Array(this.kind.buffer);
  /**
   * The keys of the line before, by position (the first MAX_POSITIONS), in typed arrays: a key's
   * length and slot, and the bytes it is matched by (with its closing quote, m = length + 1 bytes):
   * from 8 bytes on, its first eight and last eight as float64 (and those between, past 16: middle);
   * from 4, its first four and last four as int32; under 4, its bytes as one word (partialWord).
   */
  private positions = 0;
  private readonly keyLength = new Int32Array(MAX_POSITIONS);
  private readonly keySlotAt = new Int32Array(MAX_POSITIONS);
  private readonly keyHead = new Float64Array(MAX_POSITIONS);
  private readonly keyTail = new Float64Array(MAX_POSITIONS);
  private readonly keyMiddle: Float64Array[] = Array.from({ length: MAX_POSITIONS }, () => NO_WORDS);
  /** A DataView of the block being read, for reading four bytes at a time. */
  private view: DataView = new DataView(new ArrayBuffer(0));
  private readonly start = new Int32Array(FIELDS.length);
  private readonly end = new Int32Array(FIELDS.length);
  /** Whether a string value has bytes beyond ASCII. */
  private readonly wide = new Uint8Array(FIELDS.length);
  private readonly num = new Float64Array(FIELDS.length);
  private readonly strings = new ByteStrings();
  /** Set by the value scanners: the number read, and whether a string had bytes beyond ASCII. */
  private value = 0;
  private sawWide = false;
  /** The date bytes (YYYY-MM-DD) of the last canonical timestamp, and its day's start in epoch ms. */
  private day0 = 0;
  private day1 = 0;
  private day2 = -1;
  private dayMs = 0;

  constructor(private readonly calendar: Calendar) {}

  /** The block the next lines are read from (once per block, before `read`). */
  startBlock(b: Buffer): void {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  /** Where the line read last ends: its newline, or `e` (set by a successful read). */
  lineEnd = 0;

  /**
   * The line starting at `s` of `b`, the block last given to startBlock → `out` (its request-id
   * fingerprint too); `e`: where the line ends at the latest (its end, or the block's: the line
   * ends at its first newline, which no JSON line holds but between lines, and which the scanner
   * stops at). On success lineEnd is where the line ended, so the caller need not search for it.
   * False when the general path must decide.
   */
  read(b: Buffer, s: number, e: number, out: ScannedRecord): boolean {
    return this.scan(b, s, e) && this.toRecord(b, out);
  }

  /** Checks the line is one JSON object and notes where the known fields' values are. */
  private scan(b: Uint8Array, s: number, e: number): boolean {
    const kind = this.kind;
    const kindWords = this.kindWords; // all ABSENT (0): a float64 0 is eight zero bytes
    for (let w = 0; w < KIND_BYTES / 8; w++) kindWords[w] = 0;
    const dv = this.view;
    let i = s;
    if (b[i] !== OPEN_BRACE) return false;
    i = ws(b, i + 1, e);
    if (b[i] === CLOSE_BRACE) return false; // {}: no usage fields, the general path says so
    for (let position = 0; ; position++) {
      if (i >= e || b[i] !== QUOTE) return false;
      const ks = i + 1;
      // Logs repeat one layout: try the key this position had on the line before, byte for byte.
      let slot = OTHER;
      let matched = false;
      if (position < this.positions) {
        const m = this.keyLength[position] + 1;
        if (ks + m <= e) {
          // Eight bytes are compared as a float64: the expected ones, of a key's text and its
          // quote, are a finite non-zero double (or NaN, which matches nothing), and such a double
          // equals only its own bits. The last eight (or four) overlap the ones before: no byte is
          // left to compare one by one.
          if (m >= 8) {
            matched = dv.getFloat64(ks, true) === this.keyHead[position] && dv.getFloat64(ks + m - 8, true) === this.keyTail[position] &&
              (m <= 16 || this.middleMatches(dv, ks, this.keyMiddle[position]));
          } else if (m >= 4) {
            matched = dv.getInt32(ks, true) === this.keyHead[position] && dv.getInt32(ks + m - 4, true) === this.keyTail[position];
          } else {
            matched = partialWord(dv, ks, ks + m) === this.keyHead[position];
          }
          if (matched) {
            slot = this.keySlotAt[position];
            i = ks + m - 1;
          }
        }
      }
      if (!matched) {
        i = ks;
        while (i < e) {
          const c = b[i];
          if (c === QUOTE) break;
          if (c === BACKSLASH || c < 0x20) return false; // an escaped key could spell a known one
          i++;
        }
        if (i >= e) return false;
        slot = keySlot(b, ks, i);
        if (slot === DECLINE) return false;
        if (position < MAX_POSITIONS) this.learnKey(dv, position, ks, i - ks, slot);
      }
      if (slot >= 0 && kind[slot] !== ABSENT) return false; // a repeated key: JSON.parse keeps the last
      i++;
      if (b[i] !== COLON) {
        i = ws(b, i, e);
        if (b[i] !== COLON || i >= e) return false;
      }
      i++;
      // Whitespace is rare between tokens: one test (every JSON whitespace byte is <= SPACE, and no
      // byte that starts a value is) keeps it off the common path, here and below.
      let c = b[i];
      if (c <= SPACE && (c === SPACE || c === TAB || c === CR)) {
        i = ws(b, i, e);
        c = b[i];
      }
      const vs = i;
      let k: number;
      if (c === QUOTE) {
        // A string, inline for the common case: no escape, nothing beyond ASCII.
        i++;
        // Four bytes at a time while none is special (a quote, a backslash, a control byte, a byte
        // beyond ASCII): the bit tests of "Bit Twiddling Hacks" (haszero, hasless) on one word. In
        // the word that has one, the lowest flagged byte is the first special one (a borrow only
        // flags bytes above a true match): i moves to it.
        while (i + 4 <= e) {
          const x = dv.getInt32(i, true);
          const q = x ^ 0x22222222, bs = x ^ 0x5c5c5c5c;
          const special = (x | ((x - 0x20202020) & ~x) | ((q - 0x01010101) & ~q) | ((bs - 0x01010101) & ~bs)) & 0x80808080;
          if (special !== 0) {
            i += (31 - Math.clz32(special & -special)) >> 3;
            break;
          }
          i += 4;
        }
        let cls = 0;
        while (i < e && (cls = BYTE_CLASS[b[i]]) === PLAIN) i++;
        if (cls === END_QUOTE && i < e) {
          i++;
          this.sawWide = false;
        } else {
          i = this.string(b, vs, e, slot >= 0);
          if (i < 0) return false;
        }
        k = STRING;
      } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
        i = this.number(b, i, e);
        if (i < 0) return false;
        k = NUMBER;
      } else if (c === 110 /* n */ && b[i + 1] === 117 && b[i + 2] === 108 && b[i + 3] === 108) {
        i += 4;
        k = NULL;
      } else if (c === 116 /* t */ && b[i + 1] === 114 && b[i + 2] === 117 && b[i + 3] === 101) {
        i += 4;
        k = TRUE;
      } else if (c === 102 /* f */ && b[i + 1] === 97 && b[i + 2] === 108 && b[i + 3] === 115 && b[i + 4] === 101) {
        i += 5;
        k = FALSE;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        i = this.nested(b, i, e, 0);
        if (i < 0) return false;
        k = NESTED;
      } else {
        return false;
      }
      if (i > e) return false;
      if (slot >= 0) {
        kind[slot] = k;
        if (k === STRING) {
          this.start[slot] = vs + 1;
          this.end[slot] = i - 1;
          this.wide[slot] = this.sawWide ? 1 : 0;
        } else if (k === NUMBER) {
          this.num[slot] = this.value;
        }
      }
      if (i >= e) return false;
      c = b[i];
      if (c === COMMA) {
        i++;
        if (b[i] !== QUOTE) i = ws(b, i, e); // the next key's quote is most often right there
        continue;
      }
      if (c <= SPACE && (c === SPACE || c === TAB || c === CR)) {
        i = ws(b, i, e);
        if (i >= e) return false;
        c = b[i];
        if (c === COMMA) {
          i = ws(b, i + 1, e);
          continue;
        }
      }
      if (c === CLOSE_BRACE) {
        this.positions = Math.min(position + 1, MAX_POSITIONS);
        // Only whitespace (a CR included) may follow, up to the newline or the end.
        const end = ws(b, i + 1, e);
        if (end < e && b[end] !== LF) return false;
        this.lineEnd = end;
        return true;
      }
      return false;
    }
  }

  /** Notes the key of `len` bytes at ks (its closing quote at ks + len) as the one at `position`. */
  private learnKey(dv: DataView, position: number, ks: number, len: number, slot: number): void {
    const m = len + 1;
    this.keyLength[position] = len;
    this.keySlotAt[position] = slot;
    if (m >= 8) {
      this.keyHead[position] = dv.getFloat64(ks, true);
      this.keyTail[position] = dv.getFloat64(ks + m - 8, true);
      const middle = m > 16 ? new Float64Array(Math.ceil((m - 16) / 8)) : NO_WORDS;
      for (let w = 0; w < middle.length; w++) middle[w] = dv.getFloat64(ks + 8 + 8 * w, true);
      this.keyMiddle[position] = middle;
    } else if (m >= 4) {
      this.keyHead[position] = dv.getInt32(ks, true);
      this.keyTail[position] = dv.getInt32(ks + m - 4, true);
    } else {
      this.keyHead[position] = partialWord(dv, ks, ks + m);
    }
    if (position >= this.positions) this.positions = position + 1;
  }

  /** Whether the eight-byte words of a key past its first eight, up to its last eight, are `middle`. */
  private middleMatches(dv: DataView, ks: number, middle: Float64Array): boolean {
    for (let w = 0; w < middle.length; w++) if (dv.getFloat64(ks + 8 + 8 * w, true) !== middle[w]) return false;
    return true;
  }

  /** A string from its opening quote → the index after its closing quote, or -1. With `plain`, an
   *  escape is declined (a field read from the bytes must be its own text); otherwise escapes are
   *  checked as JSON.parse would. Notes in sawWide whether bytes beyond ASCII appear. */
  private string(b: Uint8Array, i: number, e: number, plain: boolean): number {
    let wide = false;
    i++;
    while (i < e) {
      const c = b[i];
      if (c === QUOTE) {
        this.sawWide = wide;
        return i + 1;
      }
      if (c < 0x20) return -1;
      if (c >= 0x80) wide = true;
      if (c === BACKSLASH) {
        if (plain) return -1;
        const d = b[i + 1];
        if (d === 117 /* u */) {
          for (let h = 2; h < 6; h++) if (!isHex(b[i + h])) return -1;
          i += 6;
          continue;
        }
        if (d !== QUOTE && d !== BACKSLASH && d !== 47 && d !== 98 && d !== 102 && d !== 110 && d !== 114 && d !== 116) return -1;
        i += 2;
        continue;
      }
      i++;
    }
    return -1;
  }

  /** A JSON number → the index after it, or -1 when it breaks JSON's grammar; its value goes to
   *  `this.value`, as in numberSlow. Most numbers in logs have at most nine digits and no exponent:
   *  their digits are summed in int32 arithmetic (a shorter chain of dependent steps per digit than
   *  in doubles), the others are left to numberSlow. */
  private number(b: Uint8Array, i: number, e: number): number {
    const s = i;
    const negative = b[i] === MINUS;
    if (negative) i++;
    let m = 0;
    /** Digits in m so far (a leading zero counts). */
    let n = 1;
    let d = i < e ? b[i] - ZERO : -1;
    if (d === 0) {
      i++;
    } else if (d > 0 && d <= 9) {
      m = d;
      // (d >>> 0) > 9: not a digit (a byte below '0' turns into a large unsigned number).
      while (++i < e && (d = b[i] - ZERO) >>> 0 <= 9) {
        if (n === 9) return this.numberSlow(b, s, e);
        m = (m * 10 + d) | 0;
        n++;
      }
    } else {
      return -1;
    }
    let fraction = 0;
    if (i < e && b[i] === DOT) {
      while (++i < e && (d = b[i] - ZERO) >>> 0 <= 9) {
        if (n === 9) return this.numberSlow(b, s, e);
        m = (m * 10 + d) | 0;
        n++;
        fraction++;
      }
      if (fraction === 0) return -1;
    }
    if (i < e && (b[i] === 101 || b[i] === 69)) return this.numberSlow(b, s, e);
    // An integer below 10^9 over a power of ten, both exact: one correctly rounded division.
    const v = fraction === 0 ? m : m / POW10[fraction];
    this.value = negative ? -v : v;
    return i;
  }

  /** A JSON number → the index after it, or -1 when it breaks JSON's grammar. Its value goes to
   *  `this.value`, the same double JSON.parse gives: up to 15 digits without an exponent it is the
   *  digits as an integer (exact) over a power of ten (exact), one correctly rounded division;
   *  otherwise Number() of the text, which rounds as JSON.parse does. */
  private numberSlow(b: Uint8Array, i: number, e: number): number {
    const s = i;
    const negative = b[i] === MINUS;
    if (negative) i++;
    let digits = 0;
    let m = 0;
    let c = b[i];
    if (c === ZERO) {
      i++;
      digits = 1;
    } else if (c > ZERO && c <= NINE) {
      while (i < e && (c = b[i]) >= ZERO && c <= NINE) {
        m = m * 10 + (c - ZERO);
        digits++;
        i++;
      }
    } else {
      return -1;
    }
    let fraction = 0;
    if (i < e && b[i] === DOT) {
      i++;
      while (i < e && (c = b[i]) >= ZERO && c <= NINE) {
        m = m * 10 + (c - ZERO);
        fraction++;
        i++;
      }
      if (fraction === 0) return -1;
    }
    let exponent = false;
    if (i < e && (b[i] === 101 || b[i] === 69)) {
      exponent = true;
      i++;
      if (b[i] === PLUS || b[i] === MINUS) i++;
      let expDigits = 0;
      while (i < e && (c = b[i]) >= ZERO && c <= NINE) {
        expDigits++;
        i++;
      }
      if (expDigits === 0) return -1;
    }
    let v: number;
    if (!exponent && digits + fraction <= 15) {
      v = fraction === 0 ? m : m / POW10[fraction];
    } else {
      v = Number((b as Buffer).toString('latin1', negative ? s + 1 : s, i));
    }
    this.value = negative ? -v : v;
    return i;
  }

  /** Skips a nested object or array, checking it is valid JSON → the index after it, or -1. */
  private nested(b: Uint8Array, i: number, e: number, depth: number): number {
    if (depth >= MAX_DEPTH) return -1;
    const close = b[i] === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
    const object = close === CLOSE_BRACE;
    i = ws(b, i + 1, e);
    if (i < e && b[i] === close) return i + 1;
    for (;;) {
      if (object) {
        if (i >= e || b[i] !== QUOTE) return -1;
        i = this.string(b, i, e, false);
        if (i < 0) return -1;
        i = ws(b, i, e);
        if (i >= e || b[i] !== COLON) return -1;
        i = ws(b, i + 1, e);
      }
      i = this.skipValue(b, i, e, depth);
      if (i < 0) return -1;
      i = ws(b, i, e);
      if (i >= e) return -1;
      if (b[i] === COMMA) {
        i = ws(b, i + 1, e);
        continue;
      }
      return b[i] === close ? i + 1 : -1;
    }
  }

  private skipValue(b: Uint8Array, i: number, e: number, depth: number): number {
    if (i >= e) return -1;
    const c = b[i];
    if (c === QUOTE) return this.string(b, i, e, false);
    if (c === MINUS || (c >= ZERO && c <= NINE)) return this.number(b, i, e);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) return this.nested(b, i, e, depth + 1);
    if (c === 110 && b[i + 1] === 117 && b[i + 2] === 108 && b[i + 3] === 108) return i + 4 <= e ? i + 4 : -1;
    if (c === 116 && b[i + 1] === 114 && b[i + 2] === 117 && b[i + 3] === 101) return i + 4 <= e ? i + 4 : -1;
    if (c === 102 && b[i + 1] === 97 && b[i + 2] === 108 && b[i + 3] === 115 && b[i + 4] === 101) return i + 5 <= e ? i + 5 : -1;
    return -1;
  }

  /** The noted fields → a record, by normalise's rules (parse-line.ts); false where they would skip
   *  the line or where the rule is one the fast path leaves to the general path. */
  private toRecord(b: Buffer, out: ScannedRecord): boolean {
    const id = out.id;
    const kind = this.kind, num = this.num, start = this.start, end = this.end;
    if (kind[MODEL] !== STRING || end[MODEL] === start[MODEL]) return false;
    if (kind[INPUT] !== NUMBER || !isCount(num[INPUT])) return false;
    if (kind[OUTPUT] !== NUMBER || !isCount(num[OUTPUT])) return false;
    const cacheRead = this.optionalCount(CACHE_READ);
    const cacheWrite = this.optionalCount(CACHE_WRITE);
    if (cacheRead < 0 || cacheWrite < 0) return false;

    // The timestamp goes straight into the row (NaN: none). Returned as a double from a call that
    // is not inlined (canonicalUtc is not: toRecord's inlining budget is spent), or merged with null,
    // it would be boxed: one allocation a line.
    const row = out.numbers;
    row[R.TS] = NaN;
    for (let f = FIRST_TIME; f < FIELDS.length; f++) {
      const k = kind[f];
      if (k === ABSENT || k === NULL) continue;
      if (k === STRING) {
        if (this.wide[f] !== 0 || !this.canonicalUtc(b, start[f], end[f], row)) {
          row[R.TS] = nullToNaN(parseIsoTimestamp(b.toString('utf8', start[f], end[f]), this.calendar));
        }
      } else if (k === NUMBER) {
        row[R.TS] = nullToNaN(parseTimestampValue(num[f], this.calendar));
      }
      break; // booleans and nested values are no timestamp, as in parseTimestampValue
    }

    const idKind = kind[REQUEST_ID];
    if (idKind === STRING && end[REQUEST_ID] > start[REQUEST_ID]) {
      if (this.wide[REQUEST_ID] === 0) fingerprintAscii(this.view, start[REQUEST_ID], end[REQUEST_ID], id, 0);
      else fingerprint(b.toString('utf8', start[REQUEST_ID], end[REQUEST_ID]), id, 0);
    } else if (idKind === NUMBER) {
      fingerprint(String(num[REQUEST_ID]), id, 0);
    } else {
      id[0] = 0;
      id[1] = 0;
    }

    const latency = num[LATENCY];
    const cost = num[COST];
    row[R.LATENCY] = kind[LATENCY] === NUMBER && Number.isFinite(latency) && latency >= 0 ? latency : NaN;
    row[R.INPUT] = num[INPUT];
    row[R.OUTPUT] = num[OUTPUT];
    row[R.CACHE_READ] = cacheRead;
    row[R.CACHE_WRITE] = cacheWrite;
    row[R.CACHE_WRITE_1H] = NaN;
    row[R.WEB_SEARCH] = kind[WEB_SEARCH] === NUMBER && isCount(num[WEB_SEARCH]) ? num[WEB_SEARCH] : 0;
    row[R.LOGGED_COST] = kind[COST] === NUMBER && Number.isFinite(cost) && cost >= 0 ? cost : NaN;
    out.model = this.strings.get(this.view, b, start[MODEL], end[MODEL]);
    out.stopReason = this.label(b, STOP);
    out.feature = this.label(b, FEATURE);
    out.batch = kind[BATCH] === TRUE || (kind[SERVICE_TIER] === STRING && this.equals(b, SERVICE_TIER, BATCH_BYTES));
    return true;
  }

  /** canonicalUtcBytes into row[R.TS], with the day of the last timestamp kept: records come in
   *  time order, so most share their date with the one before and only the time of day is read.
   *  False (the row untouched) when the text is not a canonical UTC timestamp. */
  private canonicalUtc(b: Uint8Array, s: number, e: number, row: Float64Array): boolean {
    if (e - s !== 24) return false;
    const time = timeOfDayBytes(b, s);
    if (time === undefined) return false;
    const dv = this.view;
    const d0 = dv.getInt32(s, true), d1 = dv.getInt32(s + 4, true), d2 = dv.getUint16(s + 8, true);
    if (d0 !== this.day0 || d1 !== this.day1 || d2 !== this.day2) {
      const ms = canonicalUtcBytes(b, s, e);
      if (ms === undefined) return false;
      this.day0 = d0;
      this.day1 = d1;
      this.day2 = d2;
      this.dayMs = ms - time;
    }
    row[R.TS] = this.dayMs + time;
    return true;
  }

  /** An optional token count: absent or null is 0; -1 when it is anything but a non-negative integer. */
  private optionalCount(f: number): number {
    const k = this.kind[f];
    if (k === ABSENT || k === NULL) return 0;
    return k === NUMBER && isCount(this.num[f]) ? this.num[f] : -1;
  }

  /** A non-empty string's text, else "unknown" (as `label` in parse-line.ts). */
  private label(b: Buffer, f: number): KnownString {
    return this.kind[f] === STRING && this.end[f] > this.start[f] ? this.strings.get(this.view, b, this.start[f], this.end[f]) : UNKNOWN;
  }

  private equals(b: Uint8Array, f: number, bytes: Uint8Array): boolean {
    const s = this.start[f];
    if (this.end[f] - s !== bytes.length) return false;
    for (let i = 0; i < bytes.length; i++) if (b[s + i] !== bytes[i]) return false;
    return true;
  }
}

const nullToNaN = (v: number | null): number => (v === null ? NaN : v);

/** Skips JSON whitespace (no newline can be inside a line). */
function ws(b: Uint8Array, i: number, e: number): number {
  while (i < e) {
    const c = b[i];
    if (c !== SPACE && c !== TAB && c !== CR) break;
    i++;
  }
  return i;
}

function isHex(c: number): boolean {
  return (c >= ZERO && c <= NINE) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** The slot of the key at [s, e): a field's index, DECLINE, or OTHER for a key the fast path ignores. */
function keySlot(b: Uint8Array, s: number, e: number): number {
  const candidates = KEYS_BY_LENGTH[e - s];
  if (candidates === undefined) return OTHER;
  for (let k = 0; k < candidates.length; k++) {
    const [bytes, slot] = candidates[k];
    let i = 0;
    while (i < bytes.length && bytes[i] === b[s + i]) i++;
    if (i === bytes.length) return slot;
  }
  return OTHER;
}
