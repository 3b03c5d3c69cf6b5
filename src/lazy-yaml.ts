// YAML is read only from config and price files named .yaml: the parser (~18 ms to load) is
// required on first use, not at start-up, so `llmops --help` and JSON-only runs never pay for it.
import { createRequire } from 'node:module';

type YamlParse = (text: string, options?: { prettyErrors?: boolean }) => unknown;

let parse: YamlParse | null = null;

export function parseYaml(text: string, options?: { prettyErrors?: boolean }): unknown {
  parse ??= (createRequire(import.meta.url)('yaml') as { parse: YamlParse }).parse;
  return parse(text, options);
}
