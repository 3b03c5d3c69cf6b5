// Accumulators keyed by the labels of a record along some dimensions (the `cost --by` grouping).
import type { Aggregator } from '../analyze.js';
import type { PricedRecord } from '../types.js';
import { Accumulator, type AccumulatorData } from './accumulator.js';
import type { Dimension } from './dimensions.js';

/** Grouped accumulators as plain data, to hand from a parser thread to the main thread. */
export interface GroupsData {
  groups: Array<[key: string, labels: string[], data: AccumulatorData]>;
}

export interface Group {
  labels: string[];
  accumulator: Accumulator;
}

export class GroupedAccumulators implements Aggregator {
  readonly groups = new Map<string, Group>();

  constructor(readonly dimensions: readonly Dimension[]) {}

  add(record: PricedRecord): void {
    const dims = this.dimensions;
    let key: string;
    let labels: string[] | null = null;
    if (dims.length === 1) {
      key = dims[0].label(record);
    } else {
      labels = dims.map((d) => d.label(record));
      key = labels.join('\u0000');
    }
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { labels: labels ?? [key], accumulator: new Accumulator() };
      this.groups.set(key, group);
    }
    group.accumulator.add(record);
  }

  /** The state as plain data (the accumulators give their values up). */
  toData(): GroupsData {
    return { groups: [...this.groups].map(([key, g]) => [key, g.labels, g.accumulator.toData()]) };
  }

  /** Adds the state another thread built over other records (value arrays taken over, not copied). */
  absorb(data: GroupsData): void {
    for (const [key, labels, acc] of data.groups) {
      let group = this.groups.get(key);
      if (group === undefined) {
        group = { labels, accumulator: new Accumulator() };
        this.groups.set(key, group);
      }
      group.accumulator.absorb(acc);
    }
  }
}
