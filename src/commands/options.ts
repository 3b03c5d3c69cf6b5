// The options every report command shares, and turning them into the pipeline's inputs.
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { applyConfigDefaults, loadedConfig, type ConfigFlags } from '../config/apply.js';
import { FORMATS, type Format } from '../report/formats.js';
import {
  builtInPrices, CACHE_TTLS, COST_MODES, PriceTable, readPriceFile, type CacheTtl, type CostMode,
} from '../pricing/price-table.js';
import { parseFieldMap, type FieldMap } from '../ingest/field-map.js';
import { resolveSources, type Source } from '../ingest/sources.js';
import { Calendar } from '../window/calendar.js';
import { createWindow, type TimeWindow } from '../window/window.js';

export interface CommonFlags extends ConfigFlags {
  since?: string;
  until?: string;
  now?: string;
  tz: string;
  /** Price files, later ones overriding earlier ones (a single path from a config file is fine too). */
  prices?: string | string[];
  cacheTtl?: CacheTtl;
  costMode?: CostMode;
  dedup: boolean;
  json?: boolean;
  format: Format;
  quiet?: boolean;
  map?: string[];
  featureAttr?: string;
  strict?: boolean;
}

export function addCommonOptions(
  cmd: Command,
  pathsHelp = 'log files, folders, quoted globs, or - for stdin (default: stdin when piped, else ./logs)',
): Command {
  return cmd
    .argument('[paths...]', pathsHelp)
    .option('--since <when>', 'only records at or after: a duration back from now (30m, 24h, 7d, 4w), a date, or an ISO datetime')
    .option('--until <when>', 'only records before: same forms as --since')
    .option('--now <iso>', 'the "now" that durations count back from (for reproducible runs)')
    .option('--tz <zone>', 'IANA time zone for days and zoneless timestamps, or "local"', 'UTC')
    .option('--prices <file>', 'price file (JSON or YAML, llmops or LiteLLM format) merged over the built-in table (repeatable; later files win)', collectPrices)
    .addOption(new Option('--cache-ttl <ttl>', 'TTL of cache writes a record does not split by TTL').choices(CACHE_TTLS).default('5m'))
    .addOption(new Option('--cost-mode <mode>', 'calculate from tokens, use the logged cost_usd, or auto (logged when present, else calculated)').choices(COST_MODES).default('calculate'))
    .option('--no-dedup', 'keep records whose request_id was already seen')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .option('--json', 'short for --format json: the versioned JSON document')
    .option('--map <field=path>', 'read a record field from a dotted path of the logged object (repeatable), e.g. feature=metadata.endpoint', collect, [])
    .option('--feature-attr <name>', 'the OpenTelemetry span or resource attribute that names the feature (OTLP logs)')
    .option('--strict', 'exit 1 when a line that looks like an LLM record could not be used, a model is unpriced, or an input was unreadable')
    .addOption(new Option('-q, --quiet', 'no warnings on stderr (errors still print)'))
    .option('--config <file>', 'settings and checks (default: llmops.config.json or .yaml in the current folder); flags win over it')
    .option('--no-config', 'ignore llmops.config.* in the current folder')
    .hook('preAction', (thisCommand) => applyConfigDefaults(thisCommand));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function collectPrices(value: string, previous: string | string[] | undefined): string[] {
  return [...(previous === undefined ? [] : Array.isArray(previous) ? previous : [previous]), value];
}

/** The built-in table with every --prices file merged over it, and the pricing options of the run. */
export function preparePrices(flags: Pick<CommonFlags, 'prices' | 'cacheTtl' | 'costMode'>): PriceTable {
  const files = flags.prices === undefined ? [] : Array.isArray(flags.prices) ? flags.prices : [flags.prices];
  return new PriceTable([builtInPrices(), ...files.map(readPriceFile)], { cacheTtl: flags.cacheTtl, costMode: flags.costMode });
}

/** --json is short for --format json. */
export function outputFormat(flags: CommonFlags): Format {
  if (flags.json && flags.format !== 'table' && flags.format !== 'json') {
    throw new UsageError(`--json and --format ${flags.format} ask for two formats: give one`);
  }
  return flags.json ? 'json' : flags.format;
}

export interface RunInputs {
  sources: Source[];
  calendar: Calendar;
  window: TimeWindow;
  prices: PriceTable;
  fieldMap: FieldMap | null;
  featureAttr: string | null;
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
  outputFormat(flags); // a conflict of formats fails here, before any log is read
  const calendar = calendarFor(flags.tz);
  const window = createWindow(flags, calendar);
  const prices = preparePrices(flags);
  const fieldMap = flags.map && flags.map.length > 0 ? parseFieldMap(flags.map) : null;
  // No path on the command line: the config file's `paths`, else stdin when piped, else ./logs.
  const configPaths = loadedConfig(flags)?.paths;
  const sources = await resolveSources(paths.length === 0 && configPaths !== undefined ? configPaths : paths);
  return { sources, calendar, window, prices, fieldMap, featureAttr: flags.featureAttr ?? null };
}
