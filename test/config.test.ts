// The config file: discovery, JSON and YAML, every key validated with the bad key named, rule limits
// in their units, and relative paths resolved against the file's folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { applyConfigDefaults } from '../src/config/apply.js';
import { findConfigFile, loadConfig, parseConfig } from '../src/config/config.js';
import { DEFAULT_INCREASE_METRICS, LimitError, parseLimit } from '../src/config/rules.js';
import { closest, editDistance } from '../src/config/suggest.js';
import { UsageError } from '../src/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'llmops-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const origin = { file: 'llmops.config.json', dir, cwd: dir };

function error(doc: unknown): string {
  try {
    parseConfig(doc, origin);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('rule limits', () => {
  it('dollars, durations, rates and increases', () => {
    expect(parseLimit('usd', '0.05')).toBe(0.05);
    expect(parseLimit('usd', '$150')).toBe(150);
    expect(parseLimit('usd', 1.5)).toBe(1.5);
    expect(parseLimit('seconds', '8s')).toBe(8);
    expect(parseLimit('seconds', '8')).toBe(8);
    expect(parseLimit('seconds', '500ms')).toBe(0.5);
    expect(parseLimit('seconds', '1.5m')).toBe(90);
    expect(parseLimit('rate', '2%')).toBeCloseTo(0.02, 15);
    expect(parseLimit('rate', '0.5%')).toBeCloseTo(0.005, 15);
    expect(parseLimit('rate', '0.02')).toBe(0.02);
    expect(parseLimit('ratio', '10%')).toBeCloseTo(0.1, 15);
    expect(parseLimit('ratio', '+150%')).toBeCloseTo(1.5, 15);
    expect(parseLimit('ratio', 0.1)).toBe(0.1);
  });

  it('says what was expected', () => {
    const msg = (unit: Parameters<typeof parseLimit>[0], raw: unknown) => {
      try {
        parseLimit(unit, raw);
      } catch (e) {
        expect(e).toBeInstanceOf(LimitError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(msg('usd', 'cheap')).toMatch(/not an amount in US dollars/);
    expect(msg('usd', '-1')).toMatch(/not an amount/);
    expect(msg('seconds', '8 sec')).toMatch(/not a duration \(8s, 8, 500ms, 1\.5m\)/);
    expect(msg('rate', '2')).toBe('"2": a bare number is a share from 0 to 1; did you mean 2%?');
    expect(msg('rate', '120%')).toMatch(/at most 100%/);
    expect(msg('ratio', '10')).toMatch(/write 10% if that is meant/);
    expect(msg('usd', null)).toMatch(/expected a number or a string, got null/);
  });
});

describe('suggestions', () => {
  it('edit distance with transpositions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('p95', 'p59')).toBe(1);
    expect(closest('max-latency-p59', ['max-latency-p95', 'max-latency-mean'])).toBe('max-latency-p95');
    expect(closest('prise', ['prices', 'paths'])).toBe('prices');
    expect(closest('xyz', ['prices', 'paths'])).toBeNull();
  });
});

describe('parseConfig', () => {
  it('reads every key', () => {
    const c = parseConfig({
      tz: 'Europe/Berlin', prices: 'prices.json', paths: ['logs', '/var/log/llm'], map: { feature: 'metadata.endpoint' },
      feature_attr: 'app.feature', cache_ttl: '1h',
      checks: [
        { 'max-cost-p95': 0.05 },
        { 'max-latency-p95': '8s', feature: 'summarize' },
        { max_truncation_rate: '2%', features: ['a', 'b'] },
        { 'max-increase': '10%', metrics: ['cost_mean', 'latency-p95'], against: 'base.json', significance: false },
        { rule: 'max-daily-cost', limit: '$150' },
      ],
    }, origin);
    expect(c.tz).toBe('Europe/Berlin');
    expect(c.prices).toEqual(['prices.json']);
    expect(c.paths).toEqual(['logs', '/var/log/llm']);
    expect(c.map).toEqual({ feature: 'metadata.endpoint' });
    expect(c.featureAttr).toBe('app.feature');
    expect(c.cacheTtl).toBe('1h');
    expect(c.checks).toEqual([
      { rule: 'max-cost-p95', limit: 0.05, features: null, source: 'config', metrics: [...DEFAULT_INCREASE_METRICS], against: null, requireSignificance: true },
      { rule: 'max-latency-p95', limit: 8, features: ['summarize'], source: 'config', metrics: [...DEFAULT_INCREASE_METRICS], against: null, requireSignificance: true },
      { rule: 'max-truncation-rate', limit: 0.02, features: ['a', 'b'], source: 'config', metrics: [...DEFAULT_INCREASE_METRICS], against: null, requireSignificance: true },
      { rule: 'max-increase', limit: 0.1, features: null, source: 'config', metrics: ['cost_mean', 'latency_p95'], against: 'base.json', requireSignificance: false },
      { rule: 'max-daily-cost', limit: 150, features: null, source: 'config', metrics: [...DEFAULT_INCREASE_METRICS], against: null, requireSignificance: true },
    ]);
  });

  it('names an unknown key and the closest known one', () => {
    expect(error({ pricse: 'p.json' })).toBe('llmops.config.json: unknown key "pricse" (did you mean "prices"?); known keys: tz, prices, paths, map, feature_attr, cache_ttl, checks');
    expect(error({ 'max-cost-p95': 0.05 })).toMatch(/unknown key "max-cost-p95" \(rules go in the "checks" list/);
    expect(error({ checks: [{ 'max-latency-p59': '8s' }] })).toMatch(/^llmops\.config\.json: checks\[0\]: unknown key "max-latency-p59" \(did you mean "max-latency-p95"\?\)/);
    expect(error({ checks: [{ 'max-cost-p95': 0.05, fetaure: 'x' }] })).toMatch(/checks\[0\]: unknown key "fetaure" \(did you mean "feature"\?\)/);
  });

  it('names a bad value by its path', () => {
    expect(error({ tz: 'Mars/Olympus' })).toMatch(/tz "Mars\/Olympus" is not a known time zone/);
    expect(error({ cache_ttl: '2h' })).toBe('llmops.config.json: cache_ttl must be "5m" or "1h", got string "2h"');
    expect(error({ paths: [] })).toMatch(/paths must be a non-empty string or a list of them/);
    expect(error({ map: { feature: 3 } })).toMatch(/map\.feature must be a dotted path/);
    expect(error({ checks: {} })).toMatch(/checks must be a list/);
    expect(error({ checks: [{ 'max-latency-p95': '8 sec' }] })).toMatch(/checks\[0\]\.max-latency-p95: "8 sec" is not a duration/);
    expect(error({ checks: [{ 'max-cost-p95': 0.05, 'max-cost-mean': 0.01 }] })).toMatch(/one rule per entry/);
    expect(error({ checks: [{ feature: 'x' }] })).toMatch(/checks\[0\]: no rule/);
    expect(error({ checks: [{ 'max-cost-p95': 0.05, against: 'b.json' }] })).toMatch(/against applies only to max-increase/);
    expect(error({ checks: [{ 'max-increase': '10%', metrics: ['cost_maen'] }] })).toMatch(/checks\[0\]\.metrics: unknown metric "cost_maen" \(did you mean "cost_mean"\?\)/);
    expect(error({ checks: [{ 'max-increase': '10%', significance: 'yes' }] })).toMatch(/significance must be true or false/);
    expect(error([1])).toMatch(/expected an object of settings/);
  });

  it('resolves paths against the folder of the file', () => {
    const c = parseConfig({ paths: 'logs', prices: ['p.json'], checks: [{ 'max-increase': 0.1, against: 'b.json' }] }, { file: 'conf/x.json', dir: path.join(dir, 'conf'), cwd: dir });
    expect(c.paths).toEqual([path.join('conf', 'logs')]);
    expect(c.prices).toEqual([path.join('conf', 'p.json')]);
    expect(c.checks[0].against).toBe(path.join('conf', 'b.json'));
  });
});

describe('files', () => {
  it('finds llmops.config.json or .yaml, and refuses two at once', () => {
    const d = path.join(dir, 'find');
    mkdirSync(d);
    expect(findConfigFile(d)).toBeNull();
    writeFileSync(path.join(d, 'llmops.config.yaml'), 'tz: UTC\n');
    expect(findConfigFile(d)).toBe(path.join(d, 'llmops.config.yaml'));
    writeFileSync(path.join(d, 'llmops.config.json'), '{}');
    expect(() => findConfigFile(d)).toThrow(/both llmops\.config\.json and llmops\.config\.yaml/);
  });

  it('YAML and JSON syntax errors are one line naming the file', () => {
    const y = path.join(dir, 'bad.yaml');
    writeFileSync(y, 'checks:\n  - max-cost-p95: 0.05\n   feature: [\n');
    expect(() => loadConfig(y, dir)).toThrow(/^bad\.yaml: not valid YAML \([^\n]*\)$/);
    const j = path.join(dir, 'bad.json');
    writeFileSync(j, '{"tz": "UTC",}');
    expect(() => loadConfig(j, dir)).toThrow(/^bad\.json: not valid JSON/);
    expect(() => loadConfig(path.join(dir, 'none.json'), dir)).toThrow(/config file not found/);
  });

  it('a YAML file with a typo names the key', () => {
    const y = path.join(dir, 'typo.yaml');
    writeFileSync(y, 'tz: UTC\nchecks:\n  - max-cost-p95: $0.05\n  - max-refusal-rate: 0.5%\n    feture: chat\n');
    expect(() => loadConfig(y, dir)).toThrow('typo.yaml: checks[1]: unknown key "feture" (did you mean "feature"?)');
  });
});

describe('applying the file to a command', () => {
  function command(): Command {
    return new Command('x')
      .option('--tz <zone>', 'zone', 'UTC')
      .option('--prices <file>', 'prices')
      .option('--map <pair>', 'map', (v: string, prev: string[]) => [...prev, v], [])
      .option('--config <file>', 'config')
      .option('--no-config', 'no config')
      .hook('preAction', (c) => applyConfigDefaults(c, dir))
      .action(() => {});
  }

  it('fills options left at their defaults; flags win; map pairs merge with --map last', async () => {
    const f = path.join(dir, 'apply.json');
    writeFileSync(f, JSON.stringify({ tz: 'Asia/Tokyo', prices: 'p.json', map: { feature: 'meta.endpoint' } }));
    const a = command();
    await a.parseAsync(['--config', f], { from: 'user' });
    expect(a.opts()).toMatchObject({ tz: 'Asia/Tokyo', prices: ['p.json'], map: ['feature=meta.endpoint'] });
    expect(a.opts().loadedConfig.file).toBe('apply.json');
    const b = command();
    await b.parseAsync(['--config', f, '--tz', 'UTC', '--map', 'feature=x.y'], { from: 'user' });
    expect(b.opts()).toMatchObject({ tz: 'UTC', map: ['feature=meta.endpoint', 'feature=x.y'] });
    const c = command();
    await c.parseAsync(['--no-config'], { from: 'user' });
    expect(c.opts().loadedConfig).toBeUndefined();
  });
});
