// `llmops cost --by DIMS`: flags → pipeline → the cost document → table or JSON.
import { Command } from 'commander';
import { analyze } from '../analyze.js';
import { buildCostReport } from '../report/cost.js';
import { renderDocument } from '../report/render.js';
import { BUILT_IN_DIMENSIONS, parseDimensions } from '../stats/dimensions.js';
import { GroupedAccumulators } from '../stats/groups.js';
import { addCommonOptions, outputFormat, prepareRun, type CommonFlags } from './options.js';
import { assertReadable, warnAboutInputs, type CommandIo } from './report-io.js';

export interface CostFlags extends CommonFlags {
  by: string;
}

export async function runCost(paths: string[], flags: CostFlags, io: CommandIo): Promise<number> {
  const { sources, calendar, window, prices } = await prepareRun(paths, flags);
  const grouped = new GroupedAccumulators(parseDimensions(flags.by, calendar));
  const tally = await analyze(sources, { calendar, window, prices, dedup: flags.dedup }, grouped);
  assertReadable(tally);
  warnAboutInputs(tally, io, flags.quiet === true);
  const doc = buildCostReport(tally, grouped, { calendar, window });
  io.stdout.write(renderDocument(doc, outputFormat(flags), { stream: io.stdout }));
  return 0;
}

export function costCommand(io: CommandIo, setExit: (code: number) => void): Command {
  return addCommonOptions(new Command('cost'))
    .description('cost, tokens and per-request statistics grouped by dimensions, largest cost first')
    .option('--by <dims>', `comma list of ${BUILT_IN_DIMENSIONS.join(', ')}, or any top-level string field`, 'feature')
    .action(async (paths: string[], flags: CostFlags) => setExit(await runCost(paths, flags, io)));
}
