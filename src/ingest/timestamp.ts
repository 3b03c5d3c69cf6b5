// Timestamps as wrappers log them: ISO 8601 with or without a zone (a zoneless one is local time
// in --tz), or epoch seconds / milliseconds as a JSON number.
import type { Calendar } from '../window/calendar.js';

/** The fields tried, in order; the first one present wins. */
export const TIMESTAMP_FIELDS = ['ts', 'timestamp', 'time', '@timestamp', 'created_at'] as const;

/** Below this a numeric timestamp is read as seconds, at or above it as milliseconds
 *  (1e11 seconds is the year 5138; 1e11 milliseconds is 1973). */
const EPOCH_MS_THRESHOLD = 1e11;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** Epoch milliseconds of an ISO 8601 string, or null when it is not one. */
export function parseIsoTimestamp(text: string, calendar: Calendar): number | null {
  const m = ISO.exec(text.trim());
  if (m === null) return null;
  const year = +m[1], month = +m[2], day = +m[3];
  const hour = m[4] === undefined ? 0 : +m[4];
  const minute = m[5] === undefined ? 0 : +m[5];
  const second = m[6] === undefined ? 0 : +m[6];
  const millisecond = m[7] === undefined ? 0 : Math.floor(+`0.${m[7]}` * 1000 + 1e-6);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 24 || minute > 59 || second > 60) {
    return null;
  }
  if (hour === 24 && (minute !== 0 || second !== 0 || millisecond !== 0)) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  if (m[8] !== undefined) return wall;
  if (m[9] !== undefined) {
    const offsetMin = +m[10] * 60 + (m[11] === undefined ? 0 : +m[11]);
    return wall - (m[9] === '-' ? -1 : 1) * offsetMin * 60_000;
  }
  return calendar.fromLocalMs(wall);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Epoch milliseconds of a timestamp field's value, or null when it is not a usable timestamp. */
export function parseTimestampValue(value: unknown, calendar: Calendar): number | null {
  if (typeof value === 'string') return parseIsoTimestamp(value, calendar);
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    return value < EPOCH_MS_THRESHOLD ? value * 1000 : value;
  }
  return null;
}

/** The record's timestamp: the first of TIMESTAMP_FIELDS present (not null), parsed. */
export function recordTimestamp(obj: Record<string, unknown>, calendar: Calendar): number | null {
  for (const field of TIMESTAMP_FIELDS) {
    const value = obj[field];
    if (value !== undefined && value !== null) return parseTimestampValue(value, calendar);
  }
  return null;
}
