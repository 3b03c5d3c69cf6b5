// What a report command writes: the document on stdout, warnings on stderr.
import type { InputTally } from '../analyze.js';
import { UsageError } from '../errors.js';
import { formatCount, safeText } from '../report/format.js';
import type { Format } from '../report/formats.js';
import { renderJson } from '../report/json.js';
import type { ReportDocument } from '../report/render.js';

export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Warnings about the data: skipped lines with locations, read errors, unpriced models. */
export function warnAboutInputs(tally: InputTally, io: CommandIo, quiet: boolean): void {
  if (quiet) return;
  const lines: string[] = [];
  for (const e of tally.sourceErrors) lines.push(`llmops: warning: ${safeText(e)}`);
  for (const s of tally.skippedExamples) lines.push(safeText(`${s.at}: ${s.reason}`));
  if (tally.malformed > 0) {
    const kinds = Object.entries(tally.malformedByKind).filter(([, n]) => n > 0).map(([kind, n]) => `${n} ${kind.replace(/_/g, ' ')}`);
    const more = tally.malformed > tally.skippedExamples.length ? ` (the first ${tally.skippedExamples.length} listed above)` : '';
    lines.push(`llmops: ${tally.malformed} line${tally.malformed === 1 ? '' : 's'} skipped${more}: ${kinds.join(', ')}`);
  }
  // Models the table has no entry for; records left unpriced for other reasons (--cost-mode logged
  // without cost_usd, dated before a model's first price) are explained by the pricing notes.
  const noEntry = [...tally.unpricedModels].filter((m) => (tally.pricing.models.get(m)?.resolution.prices ?? null) === null).sort();
  if (noEntry.length > 0) {
    const records = noEntry.reduce((n, m) => n + (tally.pricing.models.get(m)?.unpriced ?? 0), 0);
    lines.push(`llmops: warning: no price for ${noEntry.map(safeText).join(', ')}: ${formatCount(records)} record${records === 1 ? '' : 's'} left out of cost statistics (add them with --prices FILE)`);
  }
  if (lines.length) io.stderr.write(lines.join('\n') + '\n');
}

/** No line could be read at all: every source failed. */
export function assertReadable(tally: InputTally): void {
  if (tally.files === 0 && tally.sourceErrors.length > 0) {
    throw new UsageError(`no readable input: ${tally.sourceErrors.join('; ')}`);
  }
}

/** Lines that looked like LLM records but could not be used (as opposed to other libraries' output). */
export function brokenRecordLines(tally: InputTally): number {
  return tally.malformedByKind.invalid_value + tally.malformedByKind.truncated + tally.malformedByKind.too_long;
}

/** With --strict, what would otherwise be warnings fails the run (exit 1) after the report is printed. */
export function strictExitCode(tally: InputTally, flags: { strict?: boolean }, io: CommandIo): number {
  if (!flags.strict) return 0;
  const problems: string[] = [];
  const broken = brokenRecordLines(tally);
  if (broken > 0) problems.push(broken === 1 ? '1 line that looks like an LLM record could not be used' : `${broken} lines that look like LLM records could not be used`);
  if (tally.unpricedModels.size > 0) problems.push(`unpriced model${tally.unpricedModels.size === 1 ? '' : 's'}: ${[...tally.unpricedModels].sort().map(safeText).join(', ')}`);
  if (tally.sourceErrors.length > 0) problems.push(`${tally.sourceErrors.length} input${tally.sourceErrors.length === 1 ? '' : 's'} could not be read`);
  if (problems.length === 0) return 0;
  io.stderr.write(`llmops: --strict: ${problems.join('; ')}\n`);
  return 1;
}

/** Renders the document in the format and writes it to stdout. The renderers (tables, Markdown,
 *  CSV, HTML with its chart library) load on first use, so start-up and --help stay quick. */
export async function writeDocument(doc: ReportDocument, format: Format, io: CommandIo): Promise<void> {
  if (format === 'json') {
    io.stdout.write(renderJson(doc));
    return;
  }
  const { renderDocument } = await import('../report/render.js');
  io.stdout.write(renderDocument(doc, format, { stream: io.stdout }));
}
