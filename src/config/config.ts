// llmops.config.json / .yaml: defaults for every report command (time zone, prices, log paths,
// field mappings) and the list of checks for `llmops check`. Validated strictly: an unknown or
// mistyped key is an error that names it and the closest known key.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../lazy-yaml.js';
import { UsageError } from '../errors.js';
import { Calendar } from '../window/calendar.js';
import {
  DEFAULT_INCREASE_METRICS, LimitError, RULE_IDS, parseIncreaseMetrics, parseLimit, ruleDef,
  type RuleId, type RuleSpec,
} from './rules.js';
import { didYouMean } from './suggest.js';

/** Looked for in the current folder, in this order, when --config is not given. */
export const CONFIG_FILES = ['llmops.config.json', 'llmops.config.yaml', 'llmops.config.yml'] as const;

export const CONFIG_KEYS = ['tz', 'prices', 'paths', 'map', 'feature_attr', 'cache_ttl', 'checks'] as const;
const CACHE_TTLS = ['5m', '1h'];

/** Keys of one entry of `checks` besides the rule itself. */
const CHECK_MODIFIERS = ['feature', 'features', 'metrics', 'against', 'significance'] as const;
const INCREASE_ONLY = ['metrics', 'against', 'significance'];

export interface LlmopsConfig {
  /** The file as the user would name it (relative to the current folder when inside it). */
  file: string;
  tz?: string;
  /** Price files, resolved against the config file's folder. */
  prices?: string[];
  /** Log paths used when the command is given none, resolved against the config file's folder. */
  paths?: string[];
  /** Record field → dotted path in the logged object (merged under --map flags). */
  map?: Record<string, string>;
  featureAttr?: string;
  cacheTtl?: '5m' | '1h';
  checks: RuleSpec[];
}

/** The config file in `cwd`, or null. Two of them at once is ambiguous and an error. */
export function findConfigFile(cwd: string): string | null {
  const found = CONFIG_FILES.filter((name) => existsSync(path.join(cwd, name)));
  if (found.length > 1) throw new UsageError(`both ${found.join(' and ')} are in ${cwd}: keep one, or name one with --config`);
  return found.length === 1 ? path.join(cwd, found[0]) : null;
}

function displayName(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** Reads and validates a config file. */
export function loadConfig(file: string, cwd: string = process.cwd()): LlmopsConfig {
  const abs = path.resolve(cwd, file);
  const name = displayName(abs, cwd);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(e.code === 'ENOENT' ? `config file not found: ${file}` : `cannot read config file ${file}: ${e.message}`);
  }
  return parseConfig(parseConfigText(text.replace(/^\ufeff/, ''), name), { file: name, dir: path.dirname(abs), cwd });
}

/** JSON for *.json, YAML otherwise (YAML also reads JSON). Syntax errors as one line. */
export function parseConfigText(text: string, name: string): unknown {
  if (name.endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new UsageError(`${name}: not valid JSON (${(err as Error).message})`);
    }
  }
  try {
    return parseYaml(text, { prettyErrors: true }) ?? {};
  } catch (err) {
    const first = String((err as Error).message).split('\n')[0];
    throw new UsageError(`${name}: not valid YAML (${first})`);
  }
}

interface Origin {
  file: string;
  /** Relative paths in the file are relative to its folder. */
  dir: string;
  cwd: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

/** A path from the file, resolved against the file's folder and shown relative to the current folder. */
function resolvePath(p: string, origin: Origin): string {
  if (p === '-') return p;
  const abs = path.resolve(origin.dir, p);
  const rel = path.relative(origin.cwd, abs);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
}

function stringList(v: unknown, where: string, fail: (msg: string) => never): string[] {
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== 'string' || s.trim() === '')) {
    fail(`${where} must be a non-empty string or a list of them, got ${typeName(v)}`);
  }
  return (list as string[]).map((s) => s.trim());
}

/** Validates a parsed config document. Exported for tests. */
export function parseConfig(doc: unknown, origin: Origin): LlmopsConfig {
  const fail = (msg: string): never => {
    throw new UsageError(`${origin.file}: ${msg}`);
  };
  if (!isObject(doc)) fail(`expected an object of settings (${CONFIG_KEYS.join(', ')}), got ${typeName(doc)}`);
  const d = doc as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      const ruleHint = (RULE_IDS as readonly string[]).includes(key.replace(/_/g, '-')) ? ` (rules go in the "checks" list: checks: [{${key}: …}])` : didYouMean(key, CONFIG_KEYS);
      fail(`unknown key ${JSON.stringify(key)}${ruleHint}; known keys: ${CONFIG_KEYS.join(', ')}`);
    }
  }
  const config: LlmopsConfig = { file: origin.file, checks: [] };
  if (d.tz !== undefined) {
    if (typeof d.tz !== 'string' || d.tz.trim() === '') fail(`tz must be a time zone name such as "Europe/Berlin", got ${typeName(d.tz)}`);
    try {
      new Calendar(d.tz as string);
    } catch {
      fail(`tz ${JSON.stringify(d.tz)} is not a known time zone (use an IANA name such as Europe/Berlin, UTC, or local)`);
    }
    config.tz = d.tz as string;
  }
  if (d.prices !== undefined) config.prices = stringList(d.prices, 'prices', fail).map((p) => resolvePath(p, origin));
  if (d.paths !== undefined) config.paths = stringList(d.paths, 'paths', fail).map((p) => resolvePath(p, origin));
  if (d.map !== undefined) {
    if (!isObject(d.map)) fail(`map must be an object of field: dotted.path (e.g. feature: metadata.endpoint), got ${typeName(d.map)}`);
    for (const [field, p] of Object.entries(d.map as Record<string, unknown>)) {
      if (typeof p !== 'string' || p.trim() === '') fail(`map.${field} must be a dotted path such as metadata.endpoint, got ${typeName(p)}`);
    }
    config.map = d.map as Record<string, string>;
  }
  if (d.feature_attr !== undefined) {
    if (typeof d.feature_attr !== 'string' || d.feature_attr.trim() === '') fail(`feature_attr must be an attribute name, got ${typeName(d.feature_attr)}`);
    config.featureAttr = d.feature_attr as string;
  }
  if (d.cache_ttl !== undefined) {
    if (!CACHE_TTLS.includes(d.cache_ttl as string)) fail(`cache_ttl must be "5m" or "1h", got ${typeName(d.cache_ttl)}`);
    config.cacheTtl = d.cache_ttl as '5m' | '1h';
  }
  if (d.checks !== undefined) {
    if (!Array.isArray(d.checks)) fail(`checks must be a list of rules (- max-cost-p95: 0.05), got ${typeName(d.checks)}`);
    config.checks = (d.checks as unknown[]).map((entry, i) => parseCheck(entry, `checks[${i}]`, origin, fail));
  }
  return config;
}

function parseCheck(entry: unknown, where: string, origin: Origin, fail: (msg: string) => never): RuleSpec {
  if (!isObject(entry)) fail(`${where} must be an object with one rule, e.g. {"max-cost-p95": 0.05}, got ${typeName(entry)}`);
  const e = entry as Record<string, unknown>;
  const known = [...RULE_IDS, ...CHECK_MODIFIERS, 'rule', 'limit'];
  let rule: RuleId | null = null;
  let raw: unknown;
  for (const key of Object.keys(e)) {
    const id = key.replace(/_/g, '-');
    if ((RULE_IDS as readonly string[]).includes(id)) {
      if (rule !== null) fail(`${where}: one rule per entry (found ${rule} and ${id}); give each its own entry`);
      rule = id as RuleId;
      raw = e[key];
    } else if (!known.includes(key)) {
      fail(`${where}: unknown key ${JSON.stringify(key)}${didYouMean(key, known)}; a check is one rule (${RULE_IDS.join(', ')}) with optional ${CHECK_MODIFIERS.join(', ')}`);
    }
  }
  // The long form {rule: max-cost-p95, limit: 0.05}, as `check --json` prints it.
  if (e.rule !== undefined) {
    if (rule !== null) fail(`${where}: give the rule either as a key (${rule}: …) or as rule: …, not both`);
    const id = typeof e.rule === 'string' ? e.rule.replace(/_/g, '-') : '';
    if (!(RULE_IDS as readonly string[]).includes(id)) fail(`${where}.rule: unknown rule ${JSON.stringify(e.rule)}${didYouMean(String(e.rule), RULE_IDS)}; known: ${RULE_IDS.join(', ')}`);
    if (e.limit === undefined) fail(`${where}: rule ${id} needs a limit`);
    rule = id as RuleId;
    raw = e.limit;
  } else if (e.limit !== undefined) {
    fail(`${where}: limit without rule`);
  }
  if (rule === null) fail(`${where}: no rule; give one of ${RULE_IDS.join(', ')}`);
  const id = rule as RuleId;
  const def = ruleDef(id);
  let limit: number;
  try {
    limit = parseLimit(def.unit, raw);
  } catch (err) {
    if (err instanceof LimitError) fail(`${where}.${id}: ${err.message}`);
    throw err;
  }
  if (e.feature !== undefined && e.features !== undefined) fail(`${where}: give feature or features, not both`);
  const featureValue = e.feature ?? e.features;
  const features = featureValue === undefined ? null : stringList(featureValue, `${where}.${e.feature !== undefined ? 'feature' : 'features'}`, fail);
  if (id !== 'max-increase') {
    for (const key of INCREASE_ONLY) if (e[key] !== undefined) fail(`${where}: ${key} applies only to max-increase`);
  }
  let metrics = [...DEFAULT_INCREASE_METRICS];
  if (e.metrics !== undefined) {
    const list = stringList(e.metrics, `${where}.metrics`, fail);
    try {
      metrics = parseIncreaseMetrics(list, (n) => didYouMean(n, [...DEFAULT_INCREASE_METRICS, 'requests', 'cost_total']));
    } catch (err) {
      if (err instanceof LimitError) fail(`${where}.metrics: ${err.message}`);
      throw err;
    }
  }
  let against: string | null = null;
  if (e.against !== undefined) {
    if (typeof e.against !== 'string' || e.against.trim() === '') fail(`${where}.against must be the path of a saved \`llmops baseline --json\` file, got ${typeName(e.against)}`);
    against = resolvePath(e.against as string, origin);
  }
  if (e.significance !== undefined && typeof e.significance !== 'boolean') fail(`${where}.significance must be true or false, got ${typeName(e.significance)}`);
  return {
    rule: id, limit: limit!, features, source: 'config', metrics, against,
    requireSignificance: e.significance === undefined ? true : (e.significance as boolean),
  };
}
