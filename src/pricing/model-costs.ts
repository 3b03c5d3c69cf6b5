// Cost per logged model id, for `llmops prices logs/`: the one aggregate that command needs.
import type { PricedRecord } from '../types.js';

export class ModelCosts {
  readonly byModel = new Map<string, { cost: number; priced: number }>();

  add(record: PricedRecord): void {
    if (record.costUsd === null) return;
    const m = this.byModel.get(record.model);
    if (m) {
      m.cost += record.costUsd;
      m.priced++;
    } else {
      this.byModel.set(record.model, { cost: record.costUsd, priced: 1 });
    }
  }
}
