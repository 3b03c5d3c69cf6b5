// Calendar arithmetic in one IANA time zone: which local day an instant falls on, when a local
// day starts, and local wall time → instant. Offsets come from Intl and are cached per quarter
// hour (every zone offset in use is a multiple of 15 minutes), so the hot path is a Map lookup.

export const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;

export interface LocalParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const UTC_NAMES: ReadonlySet<string> = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT']);

export class Calendar {
  readonly tz: string;
  readonly isUtc: boolean;
  private readonly format: Intl.DateTimeFormat | null;
  private readonly offsets = new Map<number, number>();

  /** `tz` is an IANA zone name, "UTC", or "local" for the machine's zone. Throws RangeError on an unknown zone. */
  constructor(tz: string) {
    if (UTC_NAMES.has(tz)) {
      // The default zone needs no time-zone data: loading it costs ~10 ms of a short run.
      this.tz = tz;
      this.isUtc = true;
      this.format = null;
      return;
    }
    const zone = tz === 'local' ? Intl.DateTimeFormat().resolvedOptions().timeZone : tz;
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    const resolved = format.resolvedOptions().timeZone;
    // Reported as the user wrote it (ICU would turn Asia/Kolkata into Asia/Calcutta); "local" as resolved.
    this.tz = tz === 'local' ? resolved : tz;
    this.isUtc = resolved === 'UTC' || resolved === 'Etc/UTC' || resolved === 'Etc/GMT' || resolved === 'GMT';
    this.format = this.isUtc ? null : format;
  }

  /** Offset of local time from UTC at `ms`, in milliseconds (local = utc + offset). */
  offsetAt(ms: number): number {
    if (this.format === null) return 0;
    const key = Math.floor(ms / QUARTER_HOUR_MS);
    let offset = this.offsets.get(key);
    if (offset === undefined) {
      offset = this.computeOffset(key * QUARTER_HOUR_MS);
      this.offsets.set(key, offset);
    }
    return offset;
  }

  private computeOffset(ms: number): number {
    const parts = this.format!.formatToParts(new Date(ms));
    const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return local - (ms - (((ms % 1000) + 1000) % 1000));
  }

  /** Local day number (days since 1970-01-01 in this zone) of an instant. */
  dayIndex(ms: number): number {
    return Math.floor((ms + this.offsetAt(ms)) / DAY_MS);
  }

  /** The instant a local day starts (the first instant of it, even when midnight is skipped by DST). */
  startOfDay(dayIndex: number): number {
    return this.fromLocalMs(dayIndex * DAY_MS);
  }

  /** Local wall time, given as milliseconds "as if UTC", to an instant. In an overlap the earlier
   *  instant; in a DST gap the wall time does not exist and is read with the offset before the gap
   *  (as JavaScript's Temporal does), which for a skipped midnight is the instant the day starts. */
  fromLocalMs(local: number): number {
    if (this.format === null) return local;
    const before = this.offsetAt(local - DAY_MS);
    const after = this.offsetAt(local + DAY_MS);
    const candidates = before === after ? [before] : [Math.max(before, after), Math.min(before, after)];
    for (const offset of candidates) {
      const t = local - offset;
      if (this.offsetAt(t) === offset) return t;
    }
    return local - Math.min(before, after); // a gap: the wall time was skipped
  }

  fromLocal(p: LocalParts): number {
    return this.fromLocalMs(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond));
  }

  localParts(ms: number): LocalParts {
    const d = new Date(ms + this.offsetAt(ms));
    return {
      year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
      hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), millisecond: d.getUTCMilliseconds(),
    };
  }

  /** The same local wall time `days` calendar days later (earlier when negative). */
  addDays(ms: number, days: number): number {
    return this.fromLocalMs(ms + this.offsetAt(ms) + days * DAY_MS);
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** YYYY-MM-DD of a local day number. */
export function formatDay(dayIndex: number): string {
  const d = new Date(dayIndex * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** ISO 8601 week of a local day number, e.g. 2026-W47 (weeks start Monday; week 1 holds the first Thursday). */
export function formatIsoWeek(dayIndex: number): string {
  const weekday = (((dayIndex + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
  const thursday = dayIndex - weekday + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const firstDay = Math.floor(Date.UTC(year, 0, 1) / DAY_MS);
  const week = Math.floor((thursday - firstDay) / 7) + 1;
  return `${pad(year, 4)}-W${pad(week)}`;
}

export function formatMonth(dayIndex: number): string {
  return formatDay(dayIndex).slice(0, 7);
}

/** YYYY-MM-DDTHH of an instant in this calendar's zone. */
export function formatHour(calendar: Calendar, ms: number): string {
  const p = calendar.localParts(ms);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}`;
}

/** ISO 8601 with the zone's offset (Z in UTC), for window bounds in JSON. */
export function formatInstant(calendar: Calendar, ms: number): string {
  const offset = calendar.offsetAt(ms);
  const local = new Date(ms + offset).toISOString().slice(0, -1); // drop the Z
  if (offset === 0) return `${local.replace(/\.000$/, '')}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / 60_000;
  return `${local.replace(/\.000$/, '')}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
