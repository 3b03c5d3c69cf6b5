// `llmops compare BEFORE.json AFTER.json`: two saved baselines → the compare document → table,
// JSON, Markdown or CSV. Reads no logs.
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { buildCompareReport, parseSavedBaseline } from '../report/compare.js';
import type { BaselineJson } from '../report/contract.js';
import type { Format } from '../report/formats.js';
import { writeDocument, type CommandIo } from './report-io.js';

export const COMPARE_FORMATS = ['table', 'json', 'markdown', 'csv'] as const;

export interface CompareFlags {
  format: (typeof COMPARE_FORMATS)[number];
  json?: boolean;
}

async function readStdin(): Promise<string> {
  // Not readFileSync(0): a non-blocking stdin pipe makes that fail with EAGAIN.
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readBaseline(file: string): Promise<BaselineJson> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(e.code === 'ENOENT' ? `no such file: ${file}` : e.code === 'EISDIR' ? `${file} is a folder: compare takes two saved \`llmops baseline --json\` files` : `cannot read ${file}: ${e.message}`);
  }
  return parseSavedBaseline(text, file);
}

export async function runCompare(before: string, after: string, flags: CompareFlags, io: CommandIo): Promise<number> {
  if (before === '-' && after === '-') throw new UsageError('only one of BEFORE and AFTER can be - (stdin)');
  const doc = buildCompareReport(await readBaseline(before), await readBaseline(after), { before, after });
  const format: Format = flags.json ? 'json' : flags.format;
  await writeDocument(doc, format, io);
  return 0;
}

export function compareCommand(io: CommandIo, setExit: (code: number) => void): Command {
  return new Command('compare')
    .description('compare two saved `llmops baseline --json` outputs: every metric overall and per feature, with which changes are significant')
    .argument('<before>', 'the earlier baseline (a file saved with llmops baseline --json, or - for stdin)')
    .argument('<after>', 'the later baseline')
    .addOption(new Option('--format <format>', 'output format').choices(COMPARE_FORMATS).default('table'))
    .option('--json', 'short for --format json: the llmops.compare/v1 document')
    .option('-q, --quiet', 'accepted like on every report command (compare writes no warnings)')
    .action(async (before: string, after: string, flags: CompareFlags) => setExit(await runCompare(before, after, flags, io)));
}
