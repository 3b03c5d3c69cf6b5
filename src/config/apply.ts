// Applying the config file to a command before its action runs: each setting fills an option the
// command line left at its default, so flags always win; the file itself is kept for `paths` and `checks`.
import type { Command } from 'commander';
import { findConfigFile, loadConfig, type LlmopsConfig } from './config.js';

/** The option attribute the loaded config is kept under (read it with `loadedConfig(flags)`). */
const ATTRIBUTE = 'loadedConfig';

export interface ConfigFlags {
  /** --config FILE, or false for --no-config. */
  config?: string | false;
  loadedConfig?: LlmopsConfig;
}

export function loadedConfig(flags: ConfigFlags): LlmopsConfig | null {
  return flags.loadedConfig ?? null;
}

function hasOption(cmd: Command, attribute: string): boolean {
  return cmd.options.some((o) => o.attributeName() === attribute);
}

/** A preAction hook: finds or reads the config file and fills in the options not given as flags. */
export function applyConfigDefaults(cmd: Command, cwd: string = process.cwd()): void {
  const named = (cmd.opts() as ConfigFlags).config;
  if (named === false) return;
  const file = typeof named === 'string' ? named : findConfigFile(cwd);
  if (file === null) return;
  const config = loadConfig(file, cwd);
  cmd.setOptionValueWithSource(ATTRIBUTE, config, 'config');
  const fill = (attribute: string, value: unknown) => {
    if (value === undefined || !hasOption(cmd, attribute)) return;
    const source = cmd.getOptionValueSource(attribute);
    if (source === undefined || source === 'default') cmd.setOptionValueWithSource(attribute, value, 'config');
  };
  fill('tz', config.tz);
  fill('prices', config.prices);
  fill('cacheTtl', config.cacheTtl);
  fill('featureAttr', config.featureAttr);
  // The file's mapping comes first and --map pairs after it, so a field mapped in both takes the flag's path.
  if (config.map !== undefined && hasOption(cmd, 'map')) {
    const given = (cmd.getOptionValue('map') as string[] | undefined) ?? [];
    const fromFile = Object.entries(config.map).map(([field, path]) => `${field}=${path}`);
    cmd.setOptionValueWithSource('map', [...fromFile, ...given], cmd.getOptionValueSource('map') === 'cli' ? 'cli' : 'config');
  }
}
