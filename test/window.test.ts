import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { Calendar } from '../src/window/calendar.js';
import { createWindow, inWindow, parseTimeBound } from '../src/window/window.js';

const utc = new Calendar('UTC');
const ny = new Calendar('America/New_York');
const now = Date.parse('2026-12-01T12:00:00Z');
const ms = (iso: string) => Date.parse(iso);

describe('time bounds', () => {
  it('reads durations back from now', () => {
    expect(parseTimeBound('30m', '--since', now, utc)).toBe(now - 30 * 60_000);
    expect(parseTimeBound('24h', '--since', now, utc)).toBe(now - 86_400_000);
    expect(parseTimeBound('7d', '--since', now, utc)).toBe(ms('2026-11-24T12:00:00Z'));
    expect(parseTimeBound('4w', '--since', now, utc)).toBe(ms('2026-11-03T12:00:00Z'));
  });

  it('reads a date as the start of that day in the zone', () => {
    expect(parseTimeBound('2026-11-20', '--since', now, utc)).toBe(ms('2026-11-20T00:00:00Z'));
    expect(parseTimeBound('2026-11-20', '--since', now, ny)).toBe(ms('2026-11-20T05:00:00Z'));
  });

  it('reads ISO datetimes, zoneless ones in the zone', () => {
    expect(parseTimeBound('2026-11-20T14:00:00Z', '--until', now, ny)).toBe(ms('2026-11-20T14:00:00Z'));
    expect(parseTimeBound('2026-11-20T14:00:00+01:00', '--until', now, utc)).toBe(ms('2026-11-20T13:00:00Z'));
    expect(parseTimeBound('2026-11-20T14:00', '--until', now, ny)).toBe(ms('2026-11-20T19:00:00Z'));
  });

  it('rejects anything else with a usage error', () => {
    expect(() => parseTimeBound('yesterday', '--since', now, utc)).toThrow(UsageError);
    expect(() => parseTimeBound('7y', '--since', now, utc)).toThrow(/--since/);
    expect(() => parseTimeBound('2026-13-01', '--since', now, utc)).toThrow(UsageError);
  });
});

describe('windows', () => {
  it('is half-open: since inclusive, until exclusive', () => {
    const w = createWindow({ since: '2026-11-20', until: '2026-11-27' }, utc);
    expect(inWindow(w, ms('2026-11-20T00:00:00Z'))).toBe(true);
    expect(inWindow(w, ms('2026-11-19T23:59:59.999Z'))).toBe(false);
    expect(inWindow(w, ms('2026-11-26T23:59:59.999Z'))).toBe(true);
    expect(inWindow(w, ms('2026-11-27T00:00:00Z'))).toBe(false);
  });

  it('crosses the day boundary of a non-UTC zone', () => {
    // In New York (UTC-5) the 20th runs from 05:00Z on the 20th to 05:00Z on the 21st.
    const w = createWindow({ since: '2026-11-20', until: '2026-11-21' }, ny);
    expect(inWindow(w, ms('2026-11-20T04:59:59Z'))).toBe(false);
    expect(inWindow(w, ms('2026-11-20T05:00:00Z'))).toBe(true);
    expect(inWindow(w, ms('2026-11-21T04:59:59Z'))).toBe(true);
    expect(inWindow(w, ms('2026-11-21T05:00:00Z'))).toBe(false);
  });

  it('puts records without a timestamp outside any window, inside no window at all', () => {
    expect(inWindow(createWindow({ since: '7d', now: '2026-12-01T00:00:00Z' }, utc), null)).toBe(false);
    expect(inWindow(createWindow({}, utc), null)).toBe(true);
  });

  it('uses --now for durations and rejects an empty window', () => {
    const w = createWindow({ since: '7d', now: '2026-12-01T00:00:00Z' }, utc);
    expect(w).toEqual({ since: ms('2026-11-24T00:00:00Z'), until: null });
    expect(() => createWindow({ since: '2026-11-27', until: '2026-11-20' }, utc)).toThrow(UsageError);
    expect(() => createWindow({ now: 'soon' }, utc)).toThrow(/--now/);
  });
});
