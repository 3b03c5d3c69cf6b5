// What the user pointed at → the list of inputs to read: files, folders (recursively, hidden
// entries skipped), quoted globs, "-" for stdin, or the default when no path is given.
import { existsSync, fstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

/** `path` is absolute, for reading; `name` is as the user wrote it, for messages. */
export type Source = { kind: 'file'; path: string; name: string } | { kind: 'stdin' };

export const STDIN_NAME = '<stdin>';

export function sourceName(source: Source): string {
  return source.kind === 'stdin' ? STDIN_NAME : source.name;
}

const GLOB_MAGIC = /[*?[\]{}]/;

/** Every non-hidden regular file below a folder, sorted for a deterministic order. Links to
 *  files are marked: only they need resolving to tell whether a file was reached twice. */
function walkFolder(dir: string, out: string[], links: Set<string>): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walkFolder(full, out, links);
    else if (entry.isFile()) out.push(full);
    else if (entry.isSymbolicLink()) {
      // Follow links to files; links to folders are skipped so a cycle can never loop.
      try {
        if (statSync(full).isFile()) {
          out.push(full);
          links.add(full);
        }
      } catch {
        // a dangling link is not a log file
      }
    }
  }
}

async function expandGlob(pattern: string): Promise<string[]> {
  const { glob } = await import('tinyglobby');
  const matches = await glob(pattern, { onlyFiles: true, dot: false, expandDirectories: false });
  return matches.sort();
}

/** True when stdin is a pipe or a file: a terminal, /dev/null-like device or closed stdin is not read. */
export function stdinHasData(): boolean {
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isFile() || st.isSocket();
  } catch {
    return false;
  }
}

export interface ResolveOptions {
  cwd?: string;
  stdinHasData?: () => boolean;
}

/**
 * Resolves paths to sources. With no paths: stdin when it is a pipe or file, else ./logs if present,
 * else a usage error. A file reached twice (a folder and a file inside it) is read once.
 */
export async function resolveSources(paths: readonly string[], options: ResolveOptions = {}): Promise<Source[]> {
  const cwd = options.cwd ?? process.cwd();
  if (paths.length === 0) {
    if ((options.stdinHasData ?? stdinHasData)()) return [{ kind: 'stdin' }];
    const logs = path.join(cwd, 'logs');
    if (existsSync(logs) && statSync(logs).isDirectory()) return resolveSources(['logs'], options);
    throw new UsageError('no logs given: pass files or folders (llmops baseline logs/), pipe them on stdin, or run where a logs/ folder is');
  }
  const sources: Source[] = [];
  const seen = new Set<string>();
  let stdinSeen = false;
  const realpath = (full: string): string => {
    try {
      return realpathSync(full);
    } catch {
      return full; // unreadable: keep the path; reading it reports the error
    }
  };
  /** `key`: the file's real path when already known (files found in a folder walk). */
  const addFile = (name: string, known?: string) => {
    const full = path.resolve(cwd, name);
    const key = known ?? realpath(full);
    if (seen.has(key)) return;
    seen.add(key);
    sources.push({ kind: 'file', path: full, name });
  };
  for (const arg of paths) {
    if (arg === '-') {
      if (!stdinSeen) sources.push({ kind: 'stdin' });
      stdinSeen = true;
      continue;
    }
    const full = path.resolve(cwd, arg);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      stat = null;
    }
    if (stat === null) {
      if (!GLOB_MAGIC.test(arg)) throw new UsageError(`no such file or folder: ${arg}`);
      const matches = await expandGlob(path.isAbsolute(arg) ? arg : path.join(cwd, arg).split(path.sep).join('/'));
      if (matches.length === 0) throw new UsageError(`no files match ${arg}`);
      for (const m of matches) addFile(path.isAbsolute(arg) ? m : path.relative(cwd, m) || m);
    } else if (stat.isDirectory()) {
      const files: string[] = [];
      const links = new Set<string>();
      walkFolder(full, files, links);
      // Below a folder's real path only links can lead elsewhere: resolve those, join the rest.
      const root = realpath(full);
      for (const f of files) {
        const rel = path.relative(full, f);
        addFile(path.join(arg, rel), links.has(f) ? realpath(f) : path.join(root, rel));
      }
    } else {
      addFile(arg);
    }
  }
  if (sources.length === 0) throw new UsageError(`no log files found in ${paths.join(', ')}`);
  return sources;
}

/** A source's size on disk, or NaN when it is not known ahead (stdin, a pipe, an unreadable file). */
export function sizeOnDisk(source: Source): number {
  if (source.kind !== 'file') return NaN;
  try {
    const st = statSync(source.path);
    return st.isFile() ? st.size : NaN;
  } catch {
    return NaN; // reading it will report why
  }
}
