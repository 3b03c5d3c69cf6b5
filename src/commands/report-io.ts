// What a report command writes: the document on stdout, warnings on stderr.
import type { InputTally } from '../analyze.js';
import { UsageError } from '../errors.js';
import { safeText } from '../report/format.js';

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
  if (tally.malformed > tally.skippedExamples.length) {
    lines.push(`llmops: ${tally.malformed - tally.skippedExamples.length} more malformed lines not shown (${tally.malformed} in all)`);
  }
  if (tally.unpricedModels.size > 0) {
    const models = [...tally.unpricedModels].sort().map(safeText).join(', ');
    lines.push(`llmops: warning: no price for ${models}: ${tally.unpricedRecords} record${tally.unpricedRecords === 1 ? '' : 's'} left out of cost statistics (add them with --prices FILE)`);
  }
  if (lines.length) io.stderr.write(lines.join('\n') + '\n');
}

/** No line could be read at all: every source failed. */
export function assertReadable(tally: InputTally): void {
  if (tally.files === 0 && tally.sourceErrors.length > 0) {
    throw new UsageError(`no readable input: ${tally.sourceErrors.join('; ')}`);
  }
}
