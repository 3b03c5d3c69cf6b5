// Sources → blocks of whole lines, for parser threads. Reading is 30-100x cheaper than parsing,
// so one thread reads (and gunzips) everything and the parsing is spread. Each block is a fresh
// buffer, or a slot of a pool the parser threads share. Memory stays bounded: a line longer than
// maxLineBytes is dropped as it streams past and reported as one too-long line.
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { DEFAULT_LIMITS, decompressed, type ReadLimits } from '../ingest/decompress.js';
import type { Source } from '../ingest/sources.js';
import type { BlockPool } from './block-pool.js';

export type BlockEvent =
  | { kind: 'block'; source: number; bytes: Uint8Array }
  /** One line that was longer than the limit. */
  | { kind: 'oversized'; source: number }
  /** The source is done; `error` when reading it failed part-way (its lines so far still count). */
  | { kind: 'end'; source: number; error: unknown };

/** Blocks are cut at the last newline once at least this much has gathered. */
const TARGET_BLOCK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

async function* wholeFile(path: string): AsyncGenerator<Buffer> {
  const bytes = readFileSync(path);
  if (bytes.length > 0) yield bytes;
}

/** A big file, read into one buffer over and over: each chunk is a view of the same memory, valid
 *  until the next is asked for (readBlocks copies what it keeps). A fresh buffer per read left tens
 *  of MB of dead chunks waiting for the garbage collector. Reads on from the file's position. */
async function* reusedChunks(file: FileHandle, chunkSize: number): AsyncGenerator<Buffer> {
  const buffer = Buffer.allocUnsafeSlow(chunkSize);
  for (;;) {
    const { bytesRead } = await file.read(buffer, 0, chunkSize, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

/**
 * Blocks of a plain file read straight into pool buffers: the bytes are never copied (a copy of
 * every byte cost the reading thread ~50 ms per 1M records). Each read lands after the start of a
 * line carried over from the block before. Returns null at the end of the file, or the line read
 * so far when a line too long for a pool buffer turns up: the general path reads on from there.
 */
async function* directBlocks(file: FileHandle, source: number, pool: BlockPool, readSize: number): AsyncGenerator<BlockEvent, Buffer | null> {
  let carry = Buffer.alloc(0);
  for (;;) {
    if (carry.length + readSize > pool.slotBytes) return carry;
    const block = pool.allocate(carry.length + readSize);
    block.set(carry, 0);
    const { bytesRead } = await file.read(block, carry.length, readSize, null);
    if (bytesRead === 0) {
      // The end: a last line without a newline is a block of its own.
      if (carry.length > 0) yield { kind: 'block', source, bytes: block.subarray(0, carry.length) };
      else pool.discard(block);
      return null;
    }
    const end = carry.length + bytesRead;
    const nl = block.lastIndexOf(NEWLINE, end - 1);
    if (nl < carry.length) {
      // No newline in what was read: the line goes on.
      carry = Buffer.from(block.subarray(0, end));
      pool.discard(block);
      continue;
    }
    carry = Buffer.from(block.subarray(nl + 1, end));
    yield { kind: 'block', source, bytes: block.subarray(0, nl + 1) };
  }
}

/** The first three bytes of a file (fewer when it is shorter). */
function firstBytes(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(3);
    return head.subarray(0, readSync(fd, head, 0, 3, 0));
  } finally {
    closeSync(fd);
  }
}

const isGzip = (head: Buffer): boolean => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** Roughly how many bytes of logs a gzip file holds per byte on disk (JSON lines: 5-10×; `gzip -1`
 *  of the bench set: 4.8×). Only to decide whether parser threads pay off. */
const GZIP_RATIO = 5;
/** Files smaller than this are not opened to look for gzip: they hardly change the estimate. */
const GZIP_CHECK_MIN_BYTES = 1 << 20;

/** The bytes of logs the sources hold, as far as can be told before reading: plain files by their
 *  size, gzip files (by their magic bytes) by their size × GZIP_RATIO; stdin and pipes count 0. */
export function estimatedLogBytes(sources: readonly Source[], sizes: readonly number[]): number {
  let total = 0;
  sources.forEach((source, i) => {
    const size = sizes[i];
    if (Number.isNaN(size) || source.kind !== 'file') return;
    let gzip = false;
    if (size >= GZIP_CHECK_MIN_BYTES) {
      try {
        gzip = isGzip(firstBytes(source.path));
      } catch {
        gzip = false; // reading it will report why
      }
    }
    total += gzip ? size * GZIP_RATIO : size;
  });
  return total;
}

function hasBom(b: Buffer): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

/** `sizes`: each source's size on disk if known (NaN if not). `pool`: where blocks go (fresh
 *  buffers without one); with one, plain files are read straight into its buffers. */
export async function* readBlocks(sources: readonly Source[], sizes: readonly number[], limitsIn: Partial<ReadLimits> = {}, pool?: BlockPool): AsyncGenerator<BlockEvent> {
  const limits = { ...DEFAULT_LIMITS, ...limitsIn };
  const allocate = (size: number): Uint8Array => (pool === undefined ? new Uint8Array(size) : pool.allocate(size));
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
    /** The first `upTo` bytes gathered, as one block; the rest stay gathered (as views, not copies). */
    const cut = (upTo: number): Uint8Array => {
      const block = allocate(upTo);
      const rest: Buffer[] = [];
      let at = 0;
      for (const part of parts) {
        const take = Math.min(part.length, upTo - at);
        if (take > 0) block.set(take === part.length ? part : part.subarray(0, take), at);
        at += take;
        if (take < part.length) rest.push(take === 0 ? part : part.subarray(take));
      }
      parts = rest;
      size -= upTo;
      return block;
    };
    let file: FileHandle | null = null;
    try {
      const source = sources[s];
      let chunks: AsyncIterable<Buffer>;
      let reused = false;
      if (source.kind === 'stdin') {
        chunks = process.stdin;
      } else if (Number.isNaN(sizes[s])) {
        // Not a regular file (a named pipe, `<(zcat …)`): a stream, read from where it is.
        chunks = createReadStream(source.path, { highWaterMark: limits.chunkSize });
      } else if (sizes[s] <= limits.chunkSize) {
        // A small file is read in one synchronous call: a stream per file costs ~1 ms of set-up
        // and waiting, which adds up over a folder of 10,000 files.
        chunks = wholeFile(source.path);
      } else {
        const start = firstBytes(source.path);
        if (isGzip(start)) {
          chunks = createReadStream(source.path, { highWaterMark: limits.chunkSize });
        } else {
          file = await open(source.path, 'r');
          reused = true;
          if (pool !== undefined && !hasBom(start) && limits.maxLineBytes >= pool.slotBytes) {
            const rest = yield* directBlocks(file, s, pool, limits.chunkSize);
            if (rest === null) {
              yield { kind: 'end', source: s, error: null };
              continue;
            }
            // A line longer than a pool buffer: on from here the general way, the line so far first.
            head = null;
            parts = [rest];
            size = tail = rest.length;
          }
          chunks = reusedChunks(file, limits.chunkSize);
        }
      }
      for await (const raw of decompressed(chunks, limits)) {
        let chunk = raw;
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
          parts.push(piece);
          size += piece.length;
          tail = first === -1 ? tail + piece.length : piece.length - piece.lastIndexOf(NEWLINE) - 1;
          if (size - tail >= TARGET_BLOCK_BYTES) yield { kind: 'block', source: s, bytes: cut(size - tail) };
          break;
        }
        // Stream chunks are fresh buffers and may be kept; a reused one is overwritten by the next
        // read, so what is kept of it (the start of a line, as a rule) is copied.
        if (reused) for (let i = 0; i < parts.length; i++) if (parts[i].buffer === raw.buffer) parts[i] = Buffer.from(parts[i]);
      }
    } catch (err) {
      error = err;
    } finally {
      await file?.close();
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
