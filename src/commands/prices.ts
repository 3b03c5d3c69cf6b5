// `llmops prices [paths…]`: the effective price table, or with paths every model id in the logs and
// what it was priced as. Also the stderr notes the report commands print about pricing.
import { Command } from 'commander';
import type { InputTally } from '../analyze.js';
import { UsageError } from '../errors.js';
import { renderJson } from '../report/json.js';
import { pricingNotes } from '../report/pricing-notes.js';
import { addCommonOptions, outputFormat, preparePrices, prepareRun, type CommonFlags } from './options.js';
import { assertReadable, strictExitCode, warnAboutInputs, type CommandIo } from './report-io.js';

/** Loosely resolved ids and records a cost mode or an effective date left unpriced, on stderr. */
export function warnAboutPricing(tally: InputTally, io: CommandIo, quiet: boolean): void {
  if (quiet) return;
  const lines = pricingNotes(tally.pricing);
  if (lines.length) io.stderr.write(lines.join('\n') + '\n');
}

export async function runPrices(paths: string[], flags: CommonFlags, io: CommandIo): Promise<number> {
  const format = outputFormat(flags);
  if (format !== 'table' && format !== 'json') throw new UsageError(`prices prints a table or JSON, not ${format}`);
  // The pipeline and the table renderer load when the command runs, not at start-up.
  const [{ analyze }, { ModelCosts }, { buildPricesReport, renderPricesTable }, { colorEnabled, paint }] = await Promise.all([
    import('../analyze.js'), import('../pricing/model-costs.js'), import('../report/prices.js'), import('../report/color.js'),
  ]);
  let code = 0;
  let doc;
  if (paths.length === 0) {
    doc = buildPricesReport(preparePrices(flags), null);
  } else {
    const { sources, calendar, window, prices, fieldMap, featureAttr } = await prepareRun(paths, flags);
    const costs = new ModelCosts();
    const tally = await analyze(sources, { calendar, window, prices, dedup: flags.dedup, fieldMap, featureAttr }, costs);
    assertReadable(tally);
    warnAboutInputs(tally, io, flags.quiet === true);
    warnAboutPricing(tally, io, flags.quiet === true);
    doc = buildPricesReport(prices, { tally, costs, calendar, window });
    code = strictExitCode(tally, flags, io);
  }
  io.stdout.write(format === 'json' ? renderJson(doc) : renderPricesTable(doc, paint(colorEnabled(io.stdout))));
  return code;
}

export function pricesCommand(io: CommandIo, setExit: (code: number) => void): Command {
  return addCommonOptions(new Command('prices'), 'log files, folders, quoted globs, or - for stdin: list the model ids found in them (default: none, list the price table)')
    .description('the effective price table (built-in and --prices files); with paths, every model id in the logs, what it was priced as, and which are unpriced')
    .action(async (paths: string[], flags: CommonFlags) => setExit(await runPrices(paths, flags, io)));
}
