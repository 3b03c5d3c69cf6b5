// `--html FILE`: the HTML report written next to the normal output. The target is checked before
// any log is read, so a typo in the path fails fast instead of after a long read.
import { statSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

/** Fails (UsageError) when FILE cannot be a report: stdout's "-", a folder, or a folder that does not exist. */
export function checkHtmlTarget(file: string): void {
  if (file === '' || file === '-') throw new UsageError('--html needs a file name (for the report on stdout use --format html)');
  // `--html -q` means a forgotten file name, not a report called "-q" (write ./-q to mean that).
  if (file.startsWith('-')) throw new UsageError(`--html needs a file name, got the option ${file} (write ./${file} for a file of that name)`);
  const existing = statOrNull(file);
  if (existing?.isDirectory()) throw new UsageError(`--html ${file}: is a folder, not a file`);
  const dir = path.dirname(path.resolve(file));
  const parent = statOrNull(dir);
  if (parent === null) throw new UsageError(`--html ${file}: folder ${dir} does not exist`);
  if (!parent.isDirectory()) throw new UsageError(`--html ${file}: ${dir} is not a folder`);
}

export function writeHtmlFile(file: string, html: string): void {
  try {
    writeFileSync(file, html, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`--html ${file}: cannot write it (${e.code ?? e.message})`);
  }
}

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}
