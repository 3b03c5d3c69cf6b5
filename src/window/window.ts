// --since / --until / --now → a half-open time window [since, until) in epoch milliseconds.
import { UsageError } from '../errors.js';
import { parseIsoTimestamp } from '../ingest/timestamp.js';
import type { Calendar } from './calendar.js';

export interface TimeWindow {
  /** Inclusive lower bound, or null for none. */
  since: number | null;
  /** Exclusive upper bound, or null for none. */
  until: number | null;
}

export const UNBOUNDED: TimeWindow = { since: null, until: null };

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d+(?:\.\d+)?)(m|h|d|w)$/;

/**
 * One bound: a duration back from now (30m, 24h, 7d, 4w), a date (the start of that day in the
 * calendar's zone: a zoneless ISO value is local time, and a date alone is its midnight), or an ISO datetime.
 */
export function parseTimeBound(text: string, flag: string, now: number, calendar: Calendar): number {
  const value = text.trim();
  const duration = DURATION.exec(value);
  if (duration) return now - Number(duration[1]) * UNIT_MS[duration[2]];
  const ms = parseIsoTimestamp(value, calendar);
  if (ms === null) {
    throw new UsageError(`${flag} ${JSON.stringify(text)}: expected a duration (30m, 24h, 7d, 4w), a date (2026-11-01) or an ISO datetime`);
  }
  return ms;
}

/** "now" for durations: --now when given (an ISO datetime), else the clock. */
export function parseNow(text: string | undefined, calendar: Calendar): number {
  if (text === undefined) return Date.now();
  const ms = parseIsoTimestamp(text, calendar);
  if (ms === null) throw new UsageError(`--now ${JSON.stringify(text)}: expected an ISO datetime such as 2026-11-30T12:00:00Z`);
  return ms;
}

export function createWindow(
  options: { since?: string; until?: string; now?: string },
  calendar: Calendar,
): TimeWindow {
  const now = parseNow(options.now, calendar);
  const since = options.since === undefined ? null : parseTimeBound(options.since, '--since', now, calendar);
  const until = options.until === undefined ? null : parseTimeBound(options.until, '--until', now, calendar);
  if (since !== null && until !== null && since >= until) {
    throw new UsageError(`--since must be before --until (got ${options.since} and ${options.until})`);
  }
  return { since, until };
}

export function isBounded(window: TimeWindow): boolean {
  return window.since !== null || window.until !== null;
}

/** With a window, a record without a timestamp is outside it. */
export function inWindow(window: TimeWindow, timestampMs: number | null): boolean {
  if (window.since === null && window.until === null) return true;
  if (timestampMs === null) return false;
  return (window.since === null || timestampMs >= window.since) && (window.until === null || timestampMs < window.until);
}
