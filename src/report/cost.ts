// Builds the `cost --json` document from grouped accumulators. Pure.
import type { InputTally } from '../analyze.js';
import { summarize } from '../stats/accumulator.js';
import type { GroupedAccumulators } from '../stats/groups.js';
import type { Calendar } from '../window/calendar.js';
import type { TimeWindow } from '../window/window.js';
import { COST_SCHEMA, inputsJson, share, statsJson, windowJson, type CostJson, type CostRowJson } from './contract.js';
import { byValueDesc } from './order.js';

export function buildCostReport(
  tally: InputTally,
  grouped: GroupedAccumulators,
  ctx: { calendar: Calendar; window: TimeWindow },
): CostJson {
  const groups = [...grouped.groups.values()];
  const overall = summarize(groups.map((g) => g.accumulator));
  const names = grouped.dimensions.map((d) => d.name);
  const rows = groups.map((g) => {
    const stats = summarize([g.accumulator]);
    const labels = Object.fromEntries(names.map((n, i) => [n, g.labels[i]]));
    return { ...labels, ...statsJson(stats), cost_share: share(stats.cost.total, overall.cost.total) } as CostRowJson;
  });
  // Cost total descending; groups with no priced record last.
  rows.sort(byValueDesc((r) => r.cost_usd.total, (r) => names.map((n) => r[n]).join('\u0000')));
  return {
    schema: COST_SCHEMA,
    group_by: names,
    window: windowJson(ctx.window, ctx.calendar),
    inputs: inputsJson(tally),
    rows,
    overall: statsJson(overall),
    what_if: null,
  };
}
