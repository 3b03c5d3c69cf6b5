// `llmops baseline`: flags → pipeline → the baseline document → table or JSON.
import { Command } from 'commander';
import { analyze } from '../analyze.js';
import { buildBaselineReport, weekWindows } from '../report/baseline.js';
import { renderDocument } from '../report/render.js';
import { FeatureDayBuckets } from '../stats/feature-days.js';
import { addCommonOptions, outputFormat, prepareRun, type CommonFlags } from './options.js';
import { assertReadable, warnAboutInputs, type CommandIo } from './report-io.js';

export async function runBaseline(paths: string[], flags: CommonFlags, io: CommandIo): Promise<number> {
  const { sources, calendar, window, prices } = await prepareRun(paths, flags);
  // With --until the week-over-week windows are known before reading; records are slotted as they come.
  const slottedWeeks = window.until === null ? null : weekWindows(calendar, window.until, -Infinity);
  const buckets = new FeatureDayBuckets(calendar, slottedWeeks);
  const tally = await analyze(sources, { calendar, window, prices, dedup: flags.dedup }, buckets);
  assertReadable(tally);
  warnAboutInputs(tally, io, flags.quiet === true);
  const doc = buildBaselineReport(tally, buckets, { calendar, window, slottedWeeks });
  io.stdout.write(renderDocument(doc, outputFormat(flags), { stream: io.stdout }));
  return 0;
}

export function baselineCommand(io: CommandIo, setExit: (code: number) => void): Command {
  return addCommonOptions(new Command('baseline'))
    .description('the operations baseline: cost and latency per feature (mean, p95), daily totals, stop reasons, week over week')
    .action(async (paths: string[], flags: CommonFlags) => setExit(await runBaseline(paths, flags, io)));
}
