// `--by` dimensions: how a record is labelled along feature, model, stop_reason, calendar buckets
// in the report's zone, or any other top-level string field of the logged object.
import { UsageError } from '../errors.js';
import type { UsageRecord } from '../types.js';
import { formatDay, formatHour, formatIsoWeek, formatMonth, type Calendar } from '../window/calendar.js';

/** The label of a record without the field (or without a timestamp, for calendar dimensions). */
export const MISSING_LABEL = 'unknown';

/** A logged field's value as a group label: strings as they are, numbers and booleans as text
 *  (a numeric user_id groups like a string one); anything else (absent, empty, an object) is null. */
export function fieldLabel(value: unknown): string | null {
  if (typeof value === 'string') return value.length > 0 ? value : null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return String(value);
  return null;
}

export interface Dimension {
  name: string;
  label(record: UsageRecord): string;
}

/** Keys every row already has. */
const RESERVED = new Set(['requests', 'tokens', 'cost_usd', 'latency_s', 'stop_reasons', 'cost_share', 'truncation_rate', 'refusal_rate', 'priced_requests', 'latency_requests']);

const NAME = /^[A-Za-z_@$][\w@$.-]*$/;

export const BUILT_IN_DIMENSIONS = ['feature', 'model', 'stop_reason', 'day', 'week', 'month', 'hour'] as const;

function calendarDimension(name: string, calendar: Calendar, format: (dayIndex: number, ms: number) => string): Dimension {
  return {
    name,
    label: (r) => (r.timestampMs === null ? MISSING_LABEL : format(calendar.dayIndex(r.timestampMs), r.timestampMs)),
  };
}

export function dimension(name: string, calendar: Calendar): Dimension {
  switch (name) {
    case 'feature': return { name, label: (r) => r.feature };
    case 'model': return { name, label: (r) => r.model };
    case 'stop_reason': return { name, label: (r) => r.stopReason };
    case 'day': return calendarDimension(name, calendar, (day) => formatDay(day));
    case 'week': return calendarDimension(name, calendar, (day) => formatIsoWeek(day));
    case 'month': return calendarDimension(name, calendar, (day) => formatMonth(day));
    case 'hour': return calendarDimension(name, calendar, (_day, ms) => formatHour(calendar, ms));
    default:
      return {
        name,
        label: (r) => fieldLabel(Object.hasOwn(r.source, name) ? r.source[name] : undefined) ?? MISSING_LABEL,
      };
  }
}

/** Parses a comma list such as "feature,model"; names must be distinct field names. */
export function parseDimensions(text: string, calendar: Calendar): Dimension[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (names.length === 0) throw new UsageError(`--by needs at least one dimension (${BUILT_IN_DIMENSIONS.join(', ')}, or a field name)`);
  const seen = new Set<string>();
  for (const n of names) {
    if (!NAME.test(n)) throw new UsageError(`--by: ${JSON.stringify(n)} is not a dimension or field name`);
    if (RESERVED.has(n)) throw new UsageError(`--by: ${n} is a statistic in every row, not a dimension`);
    if (seen.has(n)) throw new UsageError(`--by: ${n} is given twice`);
    seen.add(n);
  }
  return names.map((n) => dimension(n, calendar));
}

/** The dimensions that read a field of the logged object (not one of the built-in ones). */
export function customFields(dimensions: readonly Dimension[]): string[] {
  return dimensions.map((d) => d.name).filter((n) => !(BUILT_IN_DIMENSIONS as readonly string[]).includes(n));
}
