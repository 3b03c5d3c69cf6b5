// Aggregating in the parser threads, for the feature × day grouping of baseline and check and the
// `--by` groups of cost. Each thread keeps its own accumulators; the threads decide together, in
// read order, which records are duplicates (first wins: SharedRequestIds), and each windows, prices
// and aggregates the rest of its blocks. At the end the threads hand their accumulators over (value
// arrays transferred) and the main thread merges them. Same answers as aggregating in one place;
// the main thread only reads.
import type { SharedIdsHandle } from '../ingest/request-ids.js';
import { modelUse, priceInto, pricingTallyFor, type ModelUse, type PricingTally } from '../pricing/price.js';
import type { PriceLayer } from '../pricing/price-file.js';
import { PriceTable, type PricingOptions } from '../pricing/price-table.js';
import { dimension } from '../stats/dimensions.js';
import { stopReasonId } from '../stats/accumulator.js';
import { accumulatorsTransfer, FeatureDayBuckets, featureDaysAccumulators, type FeatureBuckets, type FeatureDaysData, type WeekWindows } from '../stats/feature-days.js';
import { GroupedAccumulators, type GroupsData } from '../stats/groups.js';
import type { PricedRecord, UsageRecord } from '../types.js';
import { Calendar } from '../window/calendar.js';
import { inWindow, type TimeWindow } from '../window/window.js';
import { emptyRow, featureRef, modelRef, readRecord, stopRef, type RecordColumns } from './record-columns.js';

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
  /** The record being added, read from a block's columns (reused). */
  private readonly row = emptyRow();

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
    if (!this.admit(record)) return;
    const priced = this.price(record, modelUse(record.model, this.prices, this.pricing));
    this.buckets.add(priced);
  }

  /**
   * The records of a block, but those marked in `duplicate`: add() for each, with what is looked up
   * by a string (the feature's buckets, the model's prices, the stop reason's number) looked up once
   * per distinct string of the block instead of once per record.
   */
  addColumns(columns: RecordColumns, duplicate: Uint8Array | null): void {
    const row = this.row;
    const n = columns.count;
    const days = this.buckets;
    if (!(days instanceof FeatureDayBuckets)) {
      for (let i = 0; i < n; i++) {
        if (duplicate !== null && duplicate[i] !== 0) continue;
        readRecord(columns, i, row);
        this.add(row);
      }
      return;
    }
    const distinct = columns.strings.length;
    const features = new Array<FeatureBuckets | null>(distinct).fill(null);
    const uses = new Array<ModelUse | null>(distinct).fill(null);
    const stops = new Int32Array(distinct).fill(-1);
    for (let i = 0; i < n; i++) {
      if (duplicate !== null && duplicate[i] !== 0) continue;
      readRecord(columns, i, row);
      if (!this.admit(row)) continue;
      const m = modelRef(columns, i);
      const priced = this.price(row, uses[m] ??= modelUse(row.model, this.prices, this.pricing));
      const f = featureRef(columns, i);
      const s = stopRef(columns, i);
      if (stops[s] < 0) stops[s] = stopReasonId(row.stopReason);
      days.addTo(features[f] ??= days.bucketsOf(row.feature), priced, stops[s]);
    }
  }

  /** Whether a record is in the window (counted when not, or when it has no timestamp). */
  private admit(record: UsageRecord): boolean {
    if (!inWindow(this.window, record.timestampMs)) {
      this.outOfWindow++;
      return false;
    }
    if (record.timestampMs === null) this.noTimestamp++;
    return true;
  }

  private price(record: UsageRecord, use: ModelUse): PricedRecord {
    const priced = record as PricedRecord;
    if (!priceInto(priced, use, this.prices, this.pricing)) {
      this.unpricedRecords++;
      this.unpricedModels.add(record.model);
    }
    return priced;
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
