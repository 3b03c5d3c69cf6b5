import { describe, expect, it } from 'vitest';
import { Calendar, formatDay, formatHour, formatInstant, formatIsoWeek, formatMonth } from '../src/window/calendar.js';

const utc = new Calendar('UTC');
const ny = new Calendar('America/New_York');
const berlin = new Calendar('Europe/Berlin');
const kolkata = new Calendar('Asia/Kolkata');
const ms = (iso: string) => Date.parse(iso);

describe('Calendar', () => {
  it('puts instants on local days', () => {
    expect(formatDay(utc.dayIndex(ms('2026-11-20T00:00:00Z')))).toBe('2026-11-20');
    expect(formatDay(utc.dayIndex(ms('2026-11-19T23:59:59.999Z')))).toBe('2026-11-19');
    // New York is UTC-5 in November: 04:59Z is still the 19th there, 05:00Z the 20th.
    expect(formatDay(ny.dayIndex(ms('2026-11-20T04:59:59.999Z')))).toBe('2026-11-19');
    expect(formatDay(ny.dayIndex(ms('2026-11-20T05:00:00Z')))).toBe('2026-11-20');
    // Kolkata is UTC+5:30: 18:29Z is the 20th, 18:30Z the 21st.
    expect(formatDay(kolkata.dayIndex(ms('2026-11-20T18:29:59Z')))).toBe('2026-11-20');
    expect(formatDay(kolkata.dayIndex(ms('2026-11-20T18:30:00Z')))).toBe('2026-11-21');
  });

  it('finds the instant a local day starts', () => {
    const day = ny.dayIndex(ms('2026-11-20T12:00:00Z'));
    expect(ny.startOfDay(day)).toBe(ms('2026-11-20T05:00:00Z'));
    expect(berlin.startOfDay(berlin.dayIndex(ms('2026-07-01T12:00:00Z')))).toBe(ms('2026-06-30T22:00:00Z'));
  });

  it('has 23- and 25-hour days across DST changes', () => {
    // Europe/Berlin: clocks go forward on 2026-03-29 and back on 2026-10-25.
    const spring = berlin.dayIndex(ms('2026-03-29T12:00:00Z'));
    expect(berlin.startOfDay(spring + 1) - berlin.startOfDay(spring)).toBe(23 * 3600_000);
    const autumn = berlin.dayIndex(ms('2026-10-25T12:00:00Z'));
    expect(berlin.startOfDay(autumn + 1) - berlin.startOfDay(autumn)).toBe(25 * 3600_000);
  });

  it('adds calendar days keeping the wall time', () => {
    // 7 local days back from midnight after the autumn change is 7*24h + 1h in absolute time.
    const end = berlin.startOfDay(berlin.dayIndex(ms('2026-10-28T12:00:00Z')));
    expect(end).toBe(ms('2026-10-27T23:00:00Z'));
    expect(berlin.addDays(end, -7)).toBe(ms('2026-10-20T22:00:00Z'));
    expect(utc.addDays(ms('2026-11-29T00:00:00Z'), -7)).toBe(ms('2026-11-22T00:00:00Z'));
  });

  it('reads local wall time in gaps and overlaps', () => {
    // 2026-03-29 02:30 does not exist in Berlin; read with the offset before the gap (+1) → 01:30Z.
    expect(berlin.fromLocalMs(Date.UTC(2026, 2, 29, 2, 30))).toBe(ms('2026-03-29T01:30:00Z'));
    // 2026-10-25 02:30 happens twice; the earlier (+2) is 00:30Z.
    expect(berlin.fromLocalMs(Date.UTC(2026, 9, 25, 2, 30))).toBe(ms('2026-10-25T00:30:00Z'));
  });

  it('accepts "local" and rejects unknown zones', () => {
    expect(() => new Calendar('local')).not.toThrow();
    expect(() => new Calendar('Mars/Olympus')).toThrow(RangeError);
  });
});

describe('calendar labels', () => {
  it('formats weeks as ISO weeks', () => {
    expect(formatIsoWeek(utc.dayIndex(ms('2026-11-20T12:00:00Z')))).toBe('2026-W47');
    // 2027-01-01 is a Friday: it belongs to 2026-W53.
    expect(formatIsoWeek(utc.dayIndex(ms('2027-01-01T12:00:00Z')))).toBe('2026-W53');
    // 2024-12-30 is a Monday in 2025-W01.
    expect(formatIsoWeek(utc.dayIndex(ms('2024-12-30T00:00:00Z')))).toBe('2025-W01');
    expect(formatIsoWeek(utc.dayIndex(ms('2026-01-01T00:00:00Z')))).toBe('2026-W01');
  });

  it('formats months, hours and instants', () => {
    expect(formatMonth(utc.dayIndex(ms('2026-11-30T23:00:00Z')))).toBe('2026-11');
    expect(formatHour(utc, ms('2026-11-20T14:59:00Z'))).toBe('2026-11-20T14');
    expect(formatHour(ny, ms('2026-11-20T14:59:00Z'))).toBe('2026-11-20T09');
    expect(formatInstant(utc, ms('2026-11-22T00:00:00Z'))).toBe('2026-11-22T00:00:00Z');
    expect(formatInstant(ny, ms('2026-11-22T05:00:00Z'))).toBe('2026-11-22T00:00:00-05:00');
    expect(formatInstant(kolkata, ms('2026-11-21T18:30:00Z'))).toBe('2026-11-22T00:00:00+05:30');
  });
});
