// `llmops cost --by DIMS`: flags → pipeline → the cost document → table or JSON.
import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { startProgress, wantProgress } from '../report/progress.js';
import type { PricedRecord } from '../types.js';
import { BUILT_IN_DIMENSIONS, customFields, MISSING_LABEL, parseDimensions } from '../stats/dimensions.js';
import type { CostJson } from '../report/contract.js';
import { safeText } from '../report/format.js';
import { addCommonOptions, outputFormat, prepareRun, type CommonFlags } from './options.js';
import { warnAboutPricing } from './prices.js';
import { assertReadable, strictExitCode, warnAboutInputs, writeDocument, type CommandIo } from './report-io.js';

export interface CostFlags extends CommonFlags {
  by: string;
  whatIf?: string;
  feature?: string;
}

export async function runCost(paths: string[], flags: CostFlags, io: CommandIo): Promise<number> {
  if (outputFormat(flags) === 'html') throw new UsageError('--format html is only for baseline; cost prints table, json, markdown or csv');
  const { sources, calendar, window, prices, fieldMap, featureAttr } = await prepareRun(paths, flags);
  // The pipeline loads when a command runs, not at start-up (`llmops --help` stays quick).
  const [{ analyze }, { buildCostReport }, { GroupedAccumulators }, { parseWhatIf, WhatIfAccumulator }, { buildWhatIf, renderWhatIfTable, withWhatIf }, { colorEnabled, paint }] =
    await Promise.all([import('../analyze.js'), import('../report/cost.js'), import('../stats/groups.js'), import('../pricing/what-if.js'),
      import('../report/what-if.js'), import('../report/color.js')]);
  const dimensions = parseDimensions(flags.by, calendar);
  const grouped = new GroupedAccumulators(dimensions);
  if (flags.feature !== undefined && flags.whatIf === undefined) throw new UsageError('--feature selects the traffic of --what-if: give --what-if model=ID too');
  const whatIf = flags.whatIf === undefined ? null : new WhatIfAccumulator(parseWhatIf(flags.whatIf, flags.feature), prices);
  const aggregator = whatIf === null ? grouped : { add: (r: PricedRecord) => { grouped.add(r); whatIf.add(r); } };
  const progress = await startProgress(io.stderr, wantProgress(io.stderr, flags.quiet === true));
  const tally = await analyze(sources, { calendar, window, prices, dedup: flags.dedup, fieldMap, featureAttr, customFields: customFields(dimensions), onProgress: progress.update }, aggregator);
  progress.stop();
  assertReadable(tally);
  warnAboutInputs(tally, io, flags.quiet === true);
  warnAboutPricing(tally, io, flags.quiet === true);
  const whatIfJson = whatIf === null ? null : buildWhatIf(whatIf, prices.costMode);
  const doc = withWhatIf(buildCostReport(tally, grouped, { calendar, window }), whatIfJson);
  warnAboutAbsentFields(doc, customFields(dimensions), io, flags.quiet === true);
  const format = outputFormat(flags);
  await writeDocument(doc, format, io);
  if (whatIfJson !== null && format === 'table') io.stdout.write('\n' + renderWhatIfTable(whatIfJson, paint(colorEnabled(io.stdout))));
  return strictExitCode(tally, flags, io);
}

/** A --by field that no record has is most likely a typo: say so rather than print one "unknown" row. */
function warnAboutAbsentFields(doc: CostJson, fields: string[], io: CommandIo, quiet: boolean): void {
  if (quiet || doc.overall.requests === 0) return;
  for (const field of fields) {
    if (doc.rows.every((row) => row[field] === MISSING_LABEL)) {
      io.stderr.write(`llmops: warning: --by ${safeText(field)}: no record has a field of that name (every row is "${MISSING_LABEL}")\n`);
    }
  }
}

export function costCommand(io: CommandIo, setExit: (code: number) => void): Command {
  return addCommonOptions(new Command('cost'))
    .description('cost, tokens and per-request statistics grouped by dimensions, largest cost first')
    .option('--by <dims>', `comma list of ${BUILT_IN_DIMENSIONS.join(', ')}, or any top-level string field`, 'feature')
    .option('--what-if <spec>', 're-price the traffic on another model with the same token counts: model=ID (e.g. model=claude-haiku-4-5)')
    .option('--feature <names>', 'with --what-if: only these features\' traffic (comma list)')
    .action(async (paths: string[], flags: CostFlags) => setExit(await runCost(paths, flags, io)));
}
