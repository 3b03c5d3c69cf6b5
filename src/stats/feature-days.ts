// The baseline's grouping: one accumulator per feature × local day, so by-feature, daily and
// week-over-week figures all roll up from the same buckets without re-reading the logs.
import type { Aggregator } from '../analyze.js';
import type { PricedRecord } from '../types.js';
import type { Calendar } from '../window/calendar.js';
import { Accumulator, stopReasonId, type AccumulatorData } from './accumulator.js';

/** Which week-over-week window a record fell in, when the windows are known while reading. */
export const Slot = { None: 0, Current: 1, Previous: 2 } as const;
export type Slot = (typeof Slot)[keyof typeof Slot];

export interface WeekWindows {
  previousStart: number;
  currentStart: number;
  end: number;
}

/** A placeholder for FeatureBuckets.last before any record (never added to). */
const NO_BUCKET = new Accumulator();

export class FeatureBuckets {
  /** Key: day index × 4 + slot. */
  readonly days = new Map<number, Accumulator>();
  /** Records without a timestamp. */
  undated: Accumulator | null = null;
  /** The bucket the last record went to, and its key (-1: none yet; keys are day × 4 + slot, slot
   *  < 3): records come in time order, so most go to the same bucket as the one before. */
  lastKey = -1;
  last: Accumulator = NO_BUCKET;
}

export const bucketDay = (key: number): number => Math.floor(key / 4);
export const bucketSlot = (key: number): Slot => (key - bucketDay(key) * 4) as Slot;

export interface FeatureDaysData {
  latestMs: number;
  features: Array<[string, { days: Array<[number, AccumulatorData]>; undated: AccumulatorData | null }]>;
}

/** Transferable buffers of accumulators' states (their value arrays). */
export function accumulatorsTransfer(accumulators: Iterable<AccumulatorData>): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const acc of accumulators) for (const run of [...acc.costs, ...acc.latencies]) out.add(run.values.buffer as ArrayBuffer);
  return [...out];
}

/** The accumulators' states of a feature × day state. */
export function* featureDaysAccumulators(data: FeatureDaysData): Generator<AccumulatorData> {
  for (const [, d] of data.features) {
    for (const [, acc] of d.days) yield acc;
    if (d.undated) yield d.undated;
  }
}

export class FeatureDayBuckets implements Aggregator {
  readonly features = new Map<string, FeatureBuckets>();
  /** Latest timestamp aggregated, or -Infinity. */
  latestMs = -Infinity;

  /**
   * `weeks`: the week-over-week windows when they are known before reading (an explicit --until);
   * otherwise they are whole local days, found after reading, and the day buckets suffice.
   */
  constructor(private readonly calendar: Calendar, readonly weeks: WeekWindows | null) {}

  /** The state as plain data, to hand from a parser thread to the main thread. */
  toData(): FeatureDaysData {
    return {
      latestMs: this.latestMs,
      features: [...this.features].map(([feature, b]) => [feature, {
        days: [...b.days].map(([key, acc]) => [key, acc.toData()] as [number, AccumulatorData]),
        undated: b.undated === null ? null : b.undated.toData(),
      }]),
    };
  }

  /** Adds the state another thread built over other records (value arrays taken over, not copied). */
  absorb(data: FeatureDaysData): void {
    if (data.latestMs > this.latestMs) this.latestMs = data.latestMs;
    for (const [feature, d] of data.features) {
      const buckets = this.bucketsOf(feature);
      for (const [key, acc] of d.days) {
        let mine = buckets.days.get(key);
        if (mine === undefined) buckets.days.set(key, (mine = new Accumulator()));
        mine.absorb(acc);
      }
      if (d.undated !== null) (buckets.undated ??= new Accumulator()).absorb(d.undated);
    }
  }

  /** A feature's buckets (made on first use). */
  bucketsOf(feature: string): FeatureBuckets {
    let buckets = this.features.get(feature);
    if (buckets === undefined) {
      buckets = new FeatureBuckets();
      this.features.set(feature, buckets);
    }
    return buckets;
  }

  add(record: PricedRecord): void {
    this.addTo(this.bucketsOf(record.feature), record, stopReasonId(record.stopReason));
  }

  /** add, with the record's feature buckets (bucketsOf) and stop reason (stopReasonId) looked up already. */
  addTo(buckets: FeatureBuckets, record: PricedRecord, stopId: number): void {
    const ts = record.timestampMs;
    if (ts === null) {
      (buckets.undated ??= new Accumulator()).addWithStop(record, stopId);
      return;
    }
    if (ts > this.latestMs) this.latestMs = ts;
    let slot: Slot = Slot.None;
    const weeks = this.weeks;
    if (weeks !== null && ts < weeks.end && ts >= weeks.previousStart) {
      slot = ts >= weeks.currentStart ? Slot.Current : Slot.Previous;
    }
    const key = this.calendar.dayIndex(ts) * 4 + slot;
    let acc = buckets.last;
    if (key !== buckets.lastKey) {
      let found = buckets.days.get(key);
      if (found === undefined) {
        found = new Accumulator();
        buckets.days.set(key, found);
      }
      acc = found;
      buckets.lastKey = key;
      buckets.last = acc;
    }
    acc.addWithStop(record, stopId);
  }
}
