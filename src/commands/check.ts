// `llmops check`: rules from flags and the config file → pipeline → the check document → exit 0
// when every rule holds, 1 when one fails (2, via UsageError, when nothing could be checked).
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadedConfig } from '../config/apply.js';
import {
  DEFAULT_INCREASE_METRICS, INCREASE_METRICS, LimitError, RULES, parseFeatureList, parseIncreaseMetrics, parseLimit,
  type RuleDef, type RuleSpec,
} from '../config/rules.js';
import { didYouMean } from '../config/suggest.js';
import { UsageError } from '../errors.js';

/** As cli.ts: input that cannot be judged. */
const EXIT_USAGE = 2;
import type { DayCost } from '../report/check.js';
import { parseSavedBaseline } from '../report/compare.js';
import type { BaselineJson } from '../report/contract.js';
import { safeText } from '../report/format.js';
import type { FeatureDayBuckets } from '../stats/feature-days.js';
import { formatDay } from '../window/calendar.js';
import { computeBaseline } from './baseline.js';
import { addCommonOptions, outputFormat, type CommonFlags } from './options.js';
import { strictExitCode, writeDocument, type CommandIo } from './report-io.js';

export const EXIT_CHECK_FAILED = 1;

export interface CheckFlags extends CommonFlags {
  /** Limits by rule, keyed by the flag's attribute name (maxCostP95 …), already parsed. */
  [limit: string]: unknown;
  feature?: string[];
  increaseMetrics?: string;
  against?: string;
  significance: boolean;
}

/** --max-cost-p95 → maxCostP95, as commander names the attribute. */
function attributeOf(def: RuleDef): string {
  return def.id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function limitParser(def: RuleDef) {
  return (value: string): number => {
    try {
      return parseLimit(def.unit, value);
    } catch (err) {
      if (err instanceof LimitError) throw new InvalidArgumentError(err.message);
      throw err;
    }
  };
}

/** The rules given as flags; each replaces the config file's rules of the same name. */
function rulesFromFlags(flags: CheckFlags): RuleSpec[] {
  const features = flags.feature !== undefined && flags.feature.length > 0 ? parseFeatureList(flags.feature) : null;
  const increaseGiven = flags[attributeOf(RULES.find((r) => r.id === 'max-increase')!)] !== undefined;
  if (!increaseGiven) {
    if (flags.against !== undefined) throw new UsageError('--against applies to --max-increase: add --max-increase 10% (or set against in the config check)');
    if (flags.increaseMetrics !== undefined) throw new UsageError('--increase-metrics applies to --max-increase: add --max-increase 10%');
    if (flags.significance === false) throw new UsageError('--no-significance applies to --max-increase: add --max-increase 10%');
  }
  let metrics = [...DEFAULT_INCREASE_METRICS];
  if (flags.increaseMetrics !== undefined) {
    try {
      metrics = parseIncreaseMetrics([flags.increaseMetrics], (n) => didYouMean(n, INCREASE_METRICS));
    } catch (err) {
      if (err instanceof LimitError) throw new UsageError(`--increase-metrics: ${err.message}`);
      throw err;
    }
  }
  const out: RuleSpec[] = [];
  for (const def of RULES) {
    const limit = flags[attributeOf(def)];
    if (typeof limit !== 'number') continue;
    out.push({
      rule: def.id, limit, features, source: 'flag', metrics,
      against: def.id === 'max-increase' ? (flags.against ?? null) : null,
      requireSignificance: flags.significance !== false,
    });
  }
  return out;
}

export function collectRules(flags: CheckFlags): RuleSpec[] {
  const fromFlags = rulesFromFlags(flags);
  const config = loadedConfig(flags);
  const flagged = new Set(fromFlags.map((r) => r.rule));
  const fromConfig = (config?.checks ?? []).filter((r) => !flagged.has(r.rule));
  const rules = [...fromConfig, ...fromFlags];
  if (rules.length === 0) {
    throw new UsageError(`no rules to check: give limits such as --max-cost-p95 0.05 or --max-latency-p95 8s, or a "checks" list in ${config?.file ?? 'llmops.config.json'} (llmops check --help lists them)`);
  }
  return rules;
}

function readSaved(file: string): BaselineJson {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(e.code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${e.message}`);
  }
  return parseSavedBaseline(text, file);
}

/** Saved baselines are read and validated before any log is, so a bad one fails fast. */
export function readSavedBaselines(rules: readonly RuleSpec[]): Map<string, BaselineJson> {
  const saved = new Map<string, BaselineJson>();
  for (const r of rules) if (r.against !== null && !saved.has(r.against)) saved.set(r.against, readSaved(r.against));
  return saved;
}

/** Per feature, the priced cost of each local day with records. */
function dailyCostsByFeature(buckets: FeatureDayBuckets, bucketDay: (key: number) => number): Map<string, DayCost[]> {
  const out = new Map<string, DayCost[]>();
  for (const [feature, f] of buckets.features) {
    const byDay = new Map<number, { cost: number; priced: number }>();
    for (const [key, acc] of f.days) {
      const day = bucketDay(key);
      const d = byDay.get(day) ?? { cost: 0, priced: 0 };
      d.cost += acc.costTotal;
      d.priced += acc.costs.length;
      byDay.set(day, d);
    }
    out.set(feature, [...byDay].sort((a, b) => a[0] - b[0]).map(([day, d]) => ({ date: formatDay(day), cost: d.priced === 0 ? null : d.cost })));
  }
  return out;
}

export async function runCheck(paths: string[], flags: CheckFlags, io: CommandIo): Promise<number> {
  const format = outputFormat(flags);
  if (format === 'html') throw new UsageError('--format html is only for baseline; check prints table, json, markdown or csv');
  const rules = collectRules(flags);
  const saved = readSavedBaselines(rules);
  const { doc: baseline, tally, buckets } = await computeBaseline(paths, flags, io);
  const [{ buildCheckReport }, { bucketDay }] = await Promise.all([import('../report/check.js'), import('../stats/feature-days.js')]);
  if (baseline.overall.requests === 0) {
    // A gate that measured nothing must not pass: say so and exit 2.
    throw new UsageError(`no records to check (${tally.lines} line${tally.lines === 1 ? '' : 's'} read, ${tally.records} record${tally.records === 1 ? '' : 's'}, ${tally.outOfWindow} out of window)`);
  }
  if (flags.quiet !== true) {
    const known = baseline.by_feature.map((f) => f.feature);
    const named = new Set(rules.flatMap((r) => r.features ?? []));
    for (const feature of named) {
      if (!known.includes(feature)) {
        io.stderr.write(`llmops: warning: feature ${safeText(feature)} has no records in the logs checked${didYouMean(feature, known).replace(/"/g, '')} (features: ${known.map(safeText).join(', ')})\n`);
      }
    }
  }
  const doc = buildCheckReport(rules, { baseline, dailyByFeature: dailyCostsByFeature(buckets, bucketDay), saved });
  await writeDocument(doc, format, io);
  // A gate that measured nothing has not passed: say why, and fail as for input that cannot be judged.
  if (doc.summary.checks > 0 && doc.summary.no_data === doc.summary.checks) {
    io.stderr.write(`llmops: error: none of the ${doc.summary.checks} checks had data to judge (${noDataHint(rules)})\n`);
    return EXIT_USAGE;
  }
  if (doc.summary.no_data > 0 && flags.quiet !== true) {
    io.stderr.write(`llmops: warning: ${doc.summary.no_data} of ${doc.summary.checks} checks had no data to judge and were not counted\n`);
  }
  return Math.max(doc.passed ? 0 : EXIT_CHECK_FAILED, strictExitCode(tally, flags, io));
}

/** What most often leaves a check without data. */
function noDataHint(rules: readonly RuleSpec[]): string {
  if (rules.some((r) => r.rule === 'max-increase' && r.against === null)) {
    return 'week over week needs records in both of the last two weeks: widen --since to 14d or more';
  }
  return 'the named features, days or windows hold no records';
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function checkCommand(io: CommandIo, setExit: (code: number) => void): Command {
  const cmd = addCommonOptions(new Command('check'))
    .description('CI gate: check cost, latency, truncation and refusal limits (and significant increases); exit 1 when one fails');
  for (const def of RULES) cmd.addOption(new Option(`--${def.id} <${def.arg}>`, def.help).argParser(limitParser(def)));
  return cmd
    .option('--feature <names>', 'limit the rules given as flags to these features (comma list, repeatable)', collect)
    .option('--against <file>', 'with --max-increase: compare with this saved `llmops baseline --json` output instead of week over week')
    .option('--increase-metrics <list>', `with --max-increase: the metrics watched (default ${DEFAULT_INCREASE_METRICS.join(',')}; also requests, cost_total)`)
    .option('--no-significance', 'with --max-increase: fire on any increase above the limit, significant or not')
    .addHelpText('after', '\nExit codes: 0 every check passed, 1 a check failed, 2 a usage error or nothing readable to check.\nRules also come from the "checks" list of llmops.config.json / .yaml; a rule given as a flag replaces the file\'s rules of that name.')
    .action(async (paths: string[], flags: CheckFlags) => setExit(await runCheck(paths, flags, io)));
}
