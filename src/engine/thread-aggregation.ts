// Aggregating in the parser threads, for the feature × day grouping of baseline and check. Each
// thread keeps its own accumulators; the main thread only decides, in read order, which records
// are duplicates (first wins) and tells the thread, which then windows, prices and aggregates the
// rest. At the end the threads hand their accumulators over (value arrays transferred) and the
// main thread merges them. Same answers as aggregating in one place; far less work on the main thread.
import { priceRecord, pricingTallyFor, type PricingTally } from '../pricing/price.js';
import type { PriceLayer } from '../pricing/price-file.js';
import { PriceTable, type PricingOptions } from '../pricing/price-table.js';
import { FeatureDayBuckets, type FeatureDaysData, type WeekWindows } from '../stats/feature-days.js';
import type { PricedRecord, UsageRecord } from '../types.js';
import { Calendar } from '../window/calendar.js';
import { inWindow, type TimeWindow } from '../window/window.js';

/** What a thread needs to aggregate as the main thread would, as plain data. */
export interface AggregateSettings {
  window: TimeWindow;
  weeks: WeekWindows | null;
  priceLayers: readonly PriceLayer[];
  pricing: Partial<PricingOptions>;
}

/** Counts a thread keeps about the records it aggregated (or windowed out). */
export interface SideTally {
  outOfWindow: number;
  noTimestamp: number;
  unpricedRecords: number;
  unpricedModels: string[];
  pricing: PricingTally;
}

export interface ThreadState {
  buckets: FeatureDaysData;
  side: SideTally;
}

/** The part of the pipeline after dedup, in a thread: window → price → aggregate. */
export class ThreadAggregator {
  private readonly prices: PriceTable;
  private readonly buckets: FeatureDayBuckets;
  private readonly window: TimeWindow;
  private outOfWindow = 0;
  private noTimestamp = 0;
  private unpricedRecords = 0;
  private readonly unpricedModels = new Set<string>();
  private readonly pricing: PricingTally;

  constructor(tz: string, settings: AggregateSettings) {
    this.prices = new PriceTable(settings.priceLayers, settings.pricing);
    this.buckets = new FeatureDayBuckets(new Calendar(tz), settings.weeks);
    this.window = settings.window;
    this.pricing = pricingTallyFor(this.prices);
  }

  /** A record the main thread found not to be a duplicate. Mirrors `use` in analyze.ts after dedup. */
  add(record: UsageRecord): void {
    if (!inWindow(this.window, record.timestampMs)) {
      this.outOfWindow++;
      return;
    }
    if (record.timestampMs === null) this.noTimestamp++;
    const priced = record as PricedRecord;
    priced.costUsd = priceRecord(priced, this.prices, this.pricing);
    if (priced.costUsd === null) {
      this.unpricedRecords++;
      this.unpricedModels.add(record.model);
    }
    this.buckets.add(priced);
  }

  state(): ThreadState {
    return {
      buckets: this.buckets.toData(),
      side: {
        outOfWindow: this.outOfWindow, noTimestamp: this.noTimestamp, unpricedRecords: this.unpricedRecords,
        unpricedModels: [...this.unpricedModels], pricing: this.pricing,
      },
    };
  }
}
