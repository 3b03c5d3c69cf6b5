// Sources → blocks of whole lines, for parser threads. Reading is 30-100x cheaper than parsing,
// so one thread reads (and gunzips) everything and the parsing is spread. Each block is a fresh
// buffer, so it can be transferred rather than copied. Memory stays bounded: a line longer than
// maxLineBytes is dropped as it streams past and reported as one too-long line.
import { createReadStream, readFileSync } from 'node:fs';
import { DEFAULT_LIMITS, decompressed, type ReadLimits } from '../ingest/decompress.js';
import type { Source } from '../ingest/sources.js';

export type BlockEvent =
  | { kind: 'block'; source: number; bytes: Uint8Array }
  /** One line that was longer than the limit. */
  | { kind: 'oversized'; source: number }
  /** The source is done; `error` when reading it failed part-way (its lines so far still count). */
  | { kind: 'end'; source: number; error: unknown };

/** Blocks are cut at the last newline once at least this much has gathered. */
const TARGET_BLOCK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/** A small file is read in one synchronous call: a stream per file costs ~1 ms of set-up and
 *  waiting, which adds up over a folder of 10,000 files. */
async function* wholeFile(path: string): AsyncGenerator<Buffer> {
  const bytes = readFileSync(path);
  if (bytes.length > 0) yield bytes;
}

/** `size`: the file's size when known (NaN when not), to pick how to read it. */
function openSource(source: Source, size: number, chunkSize: number): AsyncIterable<Buffer> {
  if (source.kind === 'stdin') return process.stdin;
  return size <= chunkSize ? wholeFile(source.path) : createReadStream(source.path, { highWaterMark: chunkSize });
}

function hasBom(b: Buffer): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

function concat(parts: Buffer[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `sizes`: each source's size on disk if known (NaN if not). */
export async function* readBlocks(sources: readonly Source[], sizes: readonly number[], limitsIn: Partial<ReadLimits> = {}): AsyncGenerator<BlockEvent> {
  const limits = { ...DEFAULT_LIMITS, ...limitsIn };
  for (let s = 0; s < sources.length; s++) {
    // Bytes gathered for the next block: whole lines, then the start of a line (the tail).
    let parts: Buffer[] = [];
    let size = 0;
    /** Bytes in `parts` after the last newline: the line still being gathered. */
    let tail = 0;
    let overflowing = false;
    /** The source's first bytes, held until there are three: enough to see a BOM split across reads. */
    let head: Buffer | null = Buffer.alloc(0);
    let error: unknown = null;
    const cut = (upTo: number): Uint8Array => {
      const all = concat(parts, size);
      const block = all.subarray(0, upTo);
      const rest = all.subarray(upTo);
      parts = rest.length > 0 ? [Buffer.from(rest)] : [];
      size = rest.length;
      return block;
    };
    try {
      for await (let chunk of decompressed(openSource(sources[s], sizes[s], limits.chunkSize), limits)) {
        if (head !== null) {
          head = Buffer.concat([head, chunk]);
          if (head.length < 3) continue;
          chunk = hasBom(head) ? head.subarray(3) : head;
          head = null;
        }
        let piece: Buffer = chunk;
        while (piece.length > 0) {
          if (overflowing) {
            // Skip the rest of a line that is already too long.
            const nl = piece.indexOf(NEWLINE);
            if (nl === -1) break;
            overflowing = false;
            yield { kind: 'oversized', source: s };
            piece = piece.subarray(nl + 1);
            continue;
          }
          const first = piece.indexOf(NEWLINE);
          const lineSoFar = tail + (first === -1 ? piece.length : first);
          if (lineSoFar > limits.maxLineBytes) {
            // The line being gathered is too long: out with the lines before it, drop it.
            if (size - tail > 0) yield { kind: 'block', source: s, bytes: cut(size - tail) };
            parts = [];
            size = 0;
            tail = 0;
            if (first === -1) {
              overflowing = true;
              break;
            }
            yield { kind: 'oversized', source: s };
            piece = piece.subarray(first + 1);
            continue;
          }
          // Stream chunks are fresh buffers, never reused: keeping a reference is safe.
          parts.push(piece);
          size += piece.length;
          tail = first === -1 ? tail + piece.length : piece.length - piece.lastIndexOf(NEWLINE) - 1;
          if (size - tail >= TARGET_BLOCK_BYTES) yield { kind: 'block', source: s, bytes: cut(size - tail) };
          break;
        }
      }
    } catch (err) {
      error = err;
    }
    if (head !== null && head.length > 0) {
      // A source of one or two bytes: too short for a BOM, it is one line.
      parts = [head];
      size = head.length;
    }
    if (overflowing) yield { kind: 'oversized', source: s };
    else if (size > 0) yield { kind: 'block', source: s, bytes: cut(size) };
    yield { kind: 'end', source: s, error };
  }
}
