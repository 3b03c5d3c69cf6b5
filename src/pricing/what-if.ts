// What-if routing: the selected traffic re-priced on another model with the same token counts,
// summed per feature next to what it cost as priced in the run.
import { UsageError } from '../errors.js';
import type { PricedRecord } from '../types.js';
import { costOn } from './price.js';
import type { ModelPrices, PriceTable } from './price-table.js';

export interface WhatIfSpec {
  /** The model id as given. */
  model: string;
  /** The features whose traffic is re-priced, or null for all. */
  features: string[] | null;
}

/** `model=claude-haiku-4-5` (or just the id), and `--feature a,b`. */
export function parseWhatIf(spec: string, features: string | undefined): WhatIfSpec {
  let model: string | null = null;
  for (const part of spec.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? 'model' : part.slice(0, eq).trim();
    const value = eq < 0 ? part : part.slice(eq + 1).trim();
    if (key !== 'model') throw new UsageError(`--what-if: unknown key ${JSON.stringify(key)} (use model=ID, e.g. model=claude-haiku-4-5)`);
    if (value.length === 0) throw new UsageError('--what-if: model= needs a model id');
    if (model !== null) throw new UsageError('--what-if: give one model');
    model = value;
  }
  if (model === null) throw new UsageError('--what-if needs a model, e.g. --what-if model=claude-haiku-4-5');
  let list: string[] | null = null;
  if (features !== undefined) {
    list = [...new Set(features.split(',').map((s) => s.trim()).filter((s) => s.length > 0))];
    if (list.length === 0) throw new UsageError('--feature needs at least one feature name');
  }
  return { model, features: list };
}

export interface WhatIfGroup {
  /** Selected records with a current cost (the ones compared). */
  requests: number;
  current: number;
  whatIf: number;
  /** Current models of the compared records, with their counts. */
  models: Map<string, number>;
  /** Selected records without a current cost: left out of the comparison. */
  unpriced: number;
  /** Selected records dated before the target model's first price: left out. */
  noTargetPrice: number;
}

function emptyGroup(): WhatIfGroup {
  return { requests: 0, current: 0, whatIf: 0, models: new Map(), unpriced: 0, noTargetPrice: 0 };
}

/** An aggregator that sits next to the report's own: add every priced record of the run. */
export class WhatIfAccumulator {
  readonly groups = new Map<string, WhatIfGroup>();
  readonly target: ModelPrices;
  private readonly selected: ReadonlySet<string> | null;

  constructor(readonly spec: WhatIfSpec, private readonly table: PriceTable) {
    const target = table.resolve(spec.model).prices;
    if (target === null) {
      throw new UsageError(`--what-if: no price for model ${JSON.stringify(spec.model)} (see llmops prices; add it with --prices FILE)`);
    }
    this.target = target;
    this.selected = spec.features === null ? null : new Set(spec.features);
    // Asked-for features are listed even when the logs have none of them, so a typo shows.
    for (const f of spec.features ?? []) this.groups.set(f, emptyGroup());
  }

  add(record: PricedRecord): void {
    if (this.selected !== null && !this.selected.has(record.feature)) return;
    let g = this.groups.get(record.feature);
    if (g === undefined) {
      g = emptyGroup();
      this.groups.set(record.feature, g);
    }
    if (record.costUsd === null) {
      g.unpriced++;
      return;
    }
    const whatIf = costOn(record, this.target, this.table);
    if (whatIf === null) {
      g.noTargetPrice++;
      return;
    }
    g.requests++;
    g.current += record.costUsd;
    g.whatIf += whatIf;
    g.models.set(record.model, (g.models.get(record.model) ?? 0) + 1);
  }
}
