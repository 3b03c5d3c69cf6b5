// `llmops baseline`: flags → pipeline → the baseline document → table or JSON.
import { Command } from 'commander';
import { startProgress, wantProgress } from '../report/progress.js';
import { trace } from '../trace.js';
import { warnAboutPricing } from './prices.js';
import { addCommonOptions, outputFormat, prepareRun, type CommonFlags } from './options.js';
import { checkHtmlTarget, writeHtmlFile } from './html-file.js';
import { assertReadable, strictExitCode, warnAboutInputs, writeDocument, type CommandIo } from './report-io.js';

export interface BaselineFlags extends CommonFlags {
  /** Also write the HTML report to this file. */
  html?: string;
}

/** The baseline pipeline, shared by `baseline` and `check`: read and aggregate by feature × day,
 *  warn about the data, build the document. */
export async function computeBaseline(paths: string[], flags: CommonFlags, io: CommandIo) {
  const { sources, calendar, window, prices, fieldMap, featureAttr } = await prepareRun(paths, flags);
  // The pipeline loads when a command runs, not at start-up (`llmops --help` stays quick).
  const [{ analyze }, { buildBaselineReport, weekWindows }, { FeatureDayBuckets }] = await Promise.all([
    import('../analyze.js'), import('../report/baseline.js'), import('../stats/feature-days.js'),
  ]);
  // With --until the week-over-week windows are known before reading; records are slotted as they come.
  const slottedWeeks = window.until === null ? null : weekWindows(calendar, window.until, -Infinity);
  const buckets = new FeatureDayBuckets(calendar, slottedWeeks);
  const progress = await startProgress(io.stderr, wantProgress(io.stderr, flags.quiet === true));
  trace('read start');
  const tally = await analyze(sources, { calendar, window, prices, dedup: flags.dedup, fieldMap, featureAttr, onProgress: progress.update }, buckets);
  progress.stop();
  trace('read and aggregated');
  assertReadable(tally);
  warnAboutInputs(tally, io, flags.quiet === true);
  warnAboutPricing(tally, io, flags.quiet === true);
  const doc = buildBaselineReport(tally, buckets, { calendar, window, slottedWeeks });
  trace('report built');
  return { doc, tally, buckets };
}

export async function runBaseline(paths: string[], flags: BaselineFlags, io: CommandIo): Promise<number> {
  if (flags.html !== undefined) checkHtmlTarget(flags.html);
  const { doc, tally } = await computeBaseline(paths, flags, io);
  if (flags.html !== undefined) writeHtmlFile(flags.html, (await import('../report/html.js')).renderHtml(doc));
  await writeDocument(doc, outputFormat(flags), io);
  trace('written');
  return strictExitCode(tally, flags, io);
}

export function baselineCommand(io: CommandIo, setExit: (code: number) => void): Command {
  return addCommonOptions(new Command('baseline'))
    .description('the operations baseline: cost and latency per feature (mean, p95), daily totals, stop reasons, week over week')
    .option('--html <file>', 'also write the report as one self-contained HTML file: charts, tables and the JSON, no network')
    .action(async (paths: string[], flags: BaselineFlags) => setExit(await runBaseline(paths, flags, io)));
}
