// What a logging formatter puts before the JSON on a line: `2026-11-30 14:02:11,123 INFO llm {…}`
// (Python's default asctime, comma before the milliseconds, no zone), `INFO:llm:{…}`
// (basicConfig), ISO-stamped and RFC 5424 syslog prefixes. A prefix's timestamp is used when the
// record carries none. BSD syslog stamps (`Nov 30 14:02:11`) carry no year and are not used.
import type { Calendar } from '../window/calendar.js';
import { parseIsoTimestamp } from './timestamp.js';

// Anchored, bounded quantifiers only: no input can make these backtrack.
const ISO_AT_START = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)/;
const RFC5424 = /^<\d{1,3}>\d{1,2} (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2}))/;

/** Epoch milliseconds of the timestamp a prefix starts with, or null. */
export function prefixTimestamp(prefix: string, calendar: Calendar): number | null {
  const m = ISO_AT_START.exec(prefix) ?? RFC5424.exec(prefix);
  return m === null ? null : parseIsoTimestamp(m[1], calendar);
}
