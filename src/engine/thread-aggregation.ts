// Aggregating in the parser threads, for the feature × day grouping of baseline and check and the
// `--by` groups of cost. Each thread keeps its own accumulators; the threads decide together, in
// read order, which records are duplicates (first wins: SharedRequestIds), and each windows, prices
// and aggregates the rest of its blocks. At the end the threads hand their accumulators over (value
// arrays transferred) and the main thread merges them. Same answers as aggregating in one place;
// the main thread only reads.
import type { SharedIdsHandle } from '../ingest/request-ids.js';
import { priceRecord, pricingTallyFor, type PricingTally } from '../pricing/price.js';
import type { PriceLayer } from '../pricing/price-file.js';
import { PriceTable, type PricingOptions } from '../pricing/price-table.js';
import { dimension } from '../stats/dimensions.js';
import { accumulatorsTransfer, FeatureDayBuckets, featureDaysAccumulators, type FeatureDaysData, type WeekWindows } from '../stats/feature-days.js';
import { GroupedAccumulators, type GroupsData } from '../stats/groups.js';
import type { PricedRecord, UsageRecord } from '../types.js';
import { Calendar } from '../window/calendar.js';
import { inWindow, type TimeWindow } from '../window/window.js';

/** How records are grouped: baseline's feature × day buckets, or cost's `--by` dimensions (by name). */
export type Grouping = { kind: 'feature-days'; weeks: WeekWindows | null } | { kind: 'groups'; dimensions: string[] };

/** What a thread needs to aggregate as the main thread would, as plain data. */
export interface AggregateSettings {
  window: TimeWindow;
  grouping: Grouping;
  priceLayers: readonly PriceLayer[];
  pricing: Partial<PricingOptions>;
  /** The request-id set the threads dedup against, or null with --no-dedup. */
  dedup: SharedIdsHandle | null;
}

/** A thread's accumulators as plain data, of either grouping. */
export type AggregateData = { kind: 'feature-days'; data: FeatureDaysData } | { kind: 'groups'; data: GroupsData };

/** Counts a thread keeps about the records it aggregated (or windowed out). */
export interface SideTally {
  duplicate: number;
  outOfWindow: number;
  noTimestamp: number;
  unpricedRecords: number;
  unpricedModels: string[];
  pricing: PricingTally;
}

export interface ThreadState {
  aggregate: AggregateData;
  side: SideTally;
}

/** The buffers of a state to transfer with it (the value arrays). */
export function stateTransfer(state: ThreadState): ArrayBuffer[] {
  const a = state.aggregate;
  return accumulatorsTransfer(a.kind === 'feature-days' ? featureDaysAccumulators(a.data) : a.data.groups.map((g) => g[2]));
}

/** The part of the pipeline after dedup, in a thread: window → price → aggregate. */
export class ThreadAggregator {
  private readonly prices: PriceTable;
  private readonly buckets: FeatureDayBuckets | GroupedAccumulators;
  private readonly window: TimeWindow;
  private outOfWindow = 0;
  private noTimestamp = 0;
  private unpricedRecords = 0;
  private readonly unpricedModels = new Set<string>();
  private readonly pricing: PricingTally;

  constructor(tz: string, settings: AggregateSettings) {
    this.prices = new PriceTable(settings.priceLayers, settings.pricing);
    const calendar = new Calendar(tz);
    const g = settings.grouping;
    this.buckets = g.kind === 'feature-days' ? new FeatureDayBuckets(calendar, g.weeks) : new GroupedAccumulators(g.dimensions.map((name) => dimension(name, calendar)));
    this.window = settings.window;
    this.pricing = pricingTallyFor(this.prices);
  }

  /** A record found not to be a duplicate. Mirrors `use` in analyze.ts after dedup. */
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

  /** `duplicate`: records of this thread's blocks dropped as duplicates. */
  state(duplicate: number): ThreadState {
    return {
      aggregate: this.buckets instanceof FeatureDayBuckets ? { kind: 'feature-days', data: this.buckets.toData() } : { kind: 'groups', data: this.buckets.toData() },
      side: {
        duplicate, outOfWindow: this.outOfWindow, noTimestamp: this.noTimestamp, unpricedRecords: this.unpricedRecords,
        unpricedModels: [...this.unpricedModels], pricing: this.pricing,
      },
    };
  }
}
