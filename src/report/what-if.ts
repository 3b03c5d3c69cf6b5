// The `what_if` part of the cost document (--what-if model=…) and its table. Pure.
import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { CostMode } from '../pricing/price-table.js';
import type { WhatIfAccumulator, WhatIfGroup } from '../pricing/what-if.js';
import { DASH, formatCount, formatPercent, formatUsd, safeText } from './format.js';
import { byValueDesc } from './order.js';

export interface WhatIfRowJson {
  requests: number;
  /** Current models of the compared requests: model id as logged → requests, count descending. */
  models: Record<string, number>;
  current_cost_usd: number | null;
  what_if_cost_usd: number | null;
  /** current − what-if: positive is a saving. */
  saving_usd: number | null;
  /** saving / current. */
  saving_share: number | null;
  /** Selected requests without a current cost (unpriced), left out of the comparison. */
  unpriced_requests: number;
}

export interface WhatIfJson {
  /** The model asked for, and the table entry it resolved to. */
  model: string;
  resolved_to: string;
  /** --feature, or null: all traffic. */
  features: string[] | null;
  /** How the current cost was found (the run's --cost-mode); the what-if cost is always calculated. */
  current_cost_basis: CostMode;
  note: string;
  /** Current cost descending. */
  by_feature: Array<{ feature: string } & WhatIfRowJson>;
  total: WhatIfRowJson;
}

export function whatIfNote(model: string): string {
  return `Same token counts as logged: on ${model} the same requests would use different numbers of input and output tokens `
    + '(tokenizers and answer lengths differ by model), and quality may differ. This prices the same tokens; it is not a forecast.';
}

function row(g: WhatIfGroup): WhatIfRowJson {
  const priced = g.requests > 0;
  const saving = priced ? g.current - g.whatIf : null;
  return {
    requests: g.requests,
    models: Object.fromEntries([...g.models].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))),
    current_cost_usd: priced ? g.current : null,
    what_if_cost_usd: priced ? g.whatIf : null,
    saving_usd: saving,
    saving_share: saving === null || g.current === 0 ? null : saving / g.current,
    unpriced_requests: g.unpriced + g.noTargetPrice,
  };
}

export function buildWhatIf(acc: WhatIfAccumulator, costMode: CostMode): WhatIfJson {
  const total: WhatIfGroup = { requests: 0, current: 0, whatIf: 0, models: new Map(), unpriced: 0, noTargetPrice: 0 };
  for (const g of acc.groups.values()) {
    total.requests += g.requests;
    total.current += g.current;
    total.whatIf += g.whatIf;
    total.unpriced += g.unpriced;
    total.noTargetPrice += g.noTargetPrice;
    for (const [m, n] of g.models) total.models.set(m, (total.models.get(m) ?? 0) + n);
  }
  const byFeature = [...acc.groups].map(([feature, g]) => ({ feature, ...row(g) }));
  byFeature.sort(byValueDesc((r) => r.current_cost_usd, (r) => r.feature));
  return {
    model: acc.spec.model,
    resolved_to: acc.target.id,
    features: acc.spec.features,
    current_cost_basis: costMode,
    note: whatIfNote(acc.target.id),
    by_feature: byFeature,
    total: row(total),
  };
}

/** The cost document with its what_if part. */
export function withWhatIf<T extends { what_if: WhatIfJson | null }>(doc: T, whatIf: WhatIfJson | null): T {
  return { ...doc, what_if: whatIf };
}

export function renderWhatIfTable(w: WhatIfJson, p: ChalkInstance): string {
  const out: string[] = [];
  const scope = w.features === null ? 'all features' : `features ${w.features.map(safeText).join(', ')}`;
  const target = w.model === w.resolved_to ? safeText(w.model) : `${safeText(w.model)} (priced as ${safeText(w.resolved_to)})`;
  out.push(p.bold.underline(`What if: ${scope} on ${target}`));
  const t = new Table({
    head: ['feature', 'requests', 'now on', 'current', 'what-if', 'saving', 'saving %'].map((h) => p.bold(h)),
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
    colAligns: ['left', 'right', 'left', 'right', 'right', 'right', 'right'],
  });
  const models = (m: Record<string, number>) => {
    const ids = Object.keys(m);
    return ids.length === 0 ? DASH : ids.slice(0, 2).map(safeText).join(', ') + (ids.length > 2 ? ` +${ids.length - 2}` : '');
  };
  const cells = (r: WhatIfRowJson) => [
    formatCount(r.requests), models(r.models), formatUsd(r.current_cost_usd), formatUsd(r.what_if_cost_usd),
    formatUsd(r.saving_usd), formatPercent(r.saving_share),
  ];
  for (const r of w.by_feature) t.push([safeText(r.feature), ...cells(r)]);
  t.push([p.bold('total'), ...cells(w.total).map((c) => p.bold(c))]);
  out.push(t.toString());
  if (w.total.unpriced_requests > 0) {
    out.push(`${formatCount(w.total.unpriced_requests)} selected request${w.total.unpriced_requests === 1 ? '' : 's'} without a current price left out`);
  }
  if (w.current_cost_basis !== 'calculate') out.push(`current cost: --cost-mode ${w.current_cost_basis} (logged cost_usd where used); what-if cost: calculated`);
  out.push(p.dim(`Note: ${w.note}`));
  return out.join('\n') + '\n';
}
