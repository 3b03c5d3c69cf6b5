// The options every report command shares, and turning them into the pipeline's inputs.
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { FORMATS, type Format } from '../report/render.js';
import { builtInPrices, createPriceTable, readPriceFile, type PriceTable } from '../pricing/price-table.js';
import { resolveSources, type Source } from '../ingest/sources.js';
import { Calendar } from '../window/calendar.js';
import { createWindow, type TimeWindow } from '../window/window.js';

export interface CommonFlags {
  since?: string;
  until?: string;
  now?: string;
  tz: string;
  prices?: string;
  dedup: boolean;
  json?: boolean;
  format: Format;
  quiet?: boolean;
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .argument('[paths...]', 'log files, folders, quoted globs, or - for stdin (default: stdin when piped, else ./logs)')
    .option('--since <when>', 'only records at or after: a duration back from now (30m, 24h, 7d, 4w), a date, or an ISO datetime')
    .option('--until <when>', 'only records before: same forms as --since')
    .option('--now <iso>', 'the "now" that durations count back from (for reproducible runs)')
    .option('--tz <zone>', 'IANA time zone for days and zoneless timestamps, or "local"', 'UTC')
    .option('--prices <file>', 'JSON price file whose entries add to or override the built-in table')
    .option('--no-dedup', 'keep records whose request_id was already seen')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .option('--json', 'short for --format json: the versioned JSON document')
    .addOption(new Option('-q, --quiet', 'no warnings on stderr (errors still print)'));
}

/** --json is short for --format json. */
export function outputFormat(flags: CommonFlags): Format {
  return flags.json ? 'json' : flags.format;
}

export interface RunInputs {
  sources: Source[];
  calendar: Calendar;
  window: TimeWindow;
  prices: PriceTable;
}

export function calendarFor(tz: string): Calendar {
  try {
    return new Calendar(tz);
  } catch {
    throw new UsageError(`--tz ${JSON.stringify(tz)}: not a known time zone (use an IANA name such as Europe/Berlin, UTC, or local)`);
  }
}

/** Everything that can fail before data is read fails here, as a UsageError. */
export async function prepareRun(paths: string[], flags: CommonFlags): Promise<RunInputs> {
  const calendar = calendarFor(flags.tz);
  const window = createWindow(flags, calendar);
  const prices = createPriceTable(builtInPrices(), ...(flags.prices ? [readPriceFile(flags.prices)] : []));
  const sources = await resolveSources(paths);
  return { sources, calendar, window, prices };
}
