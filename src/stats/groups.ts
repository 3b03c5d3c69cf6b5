// Accumulators keyed by the labels of a record along some dimensions (the `cost --by` grouping).
import type { Aggregator } from '../analyze.js';
import type { PricedRecord } from '../types.js';
import { Accumulator } from './accumulator.js';
import type { Dimension } from './dimensions.js';

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
}
