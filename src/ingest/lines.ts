// Bytes of one source → batches of lines with their line numbers. gzip is recognised by its
// magic bytes, not its name; LF or CRLF endings; a BOM at the start is dropped; a last line
// without a newline is still a line. Splitting large blocks by hand is ~0.3 s per 1M lines
// cheaper than node:readline (../shared/bench/README.md). Memory stays bounded: a line longer
// than MAX_LINE_BYTES is dropped as it streams past (and reported), and a gzip stream that
// expands like a bomb is stopped.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Source } from './sources.js';

export interface LineBatch {
  /** 1-based number of lines[0] within its source. */
  firstLine: number;
  lines: string[];
  /** Indices (in `lines`) of lines too long to keep; their text is ''. Null when there are none. */
  oversized: Set<number> | null;
}

export const MAX_LINE_BYTES = 64 * 2 ** 20;

/** Bounds on what one source may cost; tests shrink them. */
export interface ReadLimits {
  chunkSize: number;
  /** A longer line is dropped as it streams past and reported as too long. */
  maxLineBytes: number;
  /** A gzip stream that has produced this much and more than gzipMaxRatio × its compressed size is stopped. */
  gzipBombBytes: number;
  gzipMaxRatio: number;
}

export const DEFAULT_LIMITS: ReadLimits = { chunkSize: 1 << 20, maxLineBytes: MAX_LINE_BYTES, gzipBombBytes: 2 ** 30, gzipMaxRatio: 200 };
const NEWLINE = 0x0a;

export class GzipBombError extends Error {
  override name = 'GzipBombError';
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>, counter?: { bytes: number }): AsyncGenerator<Buffer> {
  if (counter) counter.bytes += first.length;
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    if (counter) counter.bytes += next.value.length;
    yield next.value;
  }
}

/** The decompressed bytes of a stream when it starts with gzip's magic bytes, else the bytes as they are. */
export async function* decompressed(raw: AsyncIterable<Buffer>, limits: ReadLimits): AsyncGenerator<Buffer> {
  const it = raw[Symbol.asyncIterator]();
  let first = await it.next();
  // A pipe may deliver one byte first; gather two before deciding.
  while (!first.done && first.value.length < 2) {
    const more = await it.next();
    if (more.done) break;
    first = { done: false, value: Buffer.concat([first.value, more.value]) };
  }
  if (first.done) return;
  const head = first.value;
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const compressed = { bytes: 0 };
    const gunzip = Readable.from(prepend(head, it, compressed)).pipe(createGunzip({ chunkSize: 256 * 1024 }));
    let produced = 0;
    try {
      for await (const chunk of gunzip) {
        produced += (chunk as Buffer).length;
        if (produced > limits.gzipBombBytes && produced > limits.gzipMaxRatio * compressed.bytes) {
          throw new GzipBombError(`gzip expands more than ${limits.gzipMaxRatio}x (${produced} bytes from ${compressed.bytes}): not read further`);
        }
        yield chunk as Buffer;
      }
    } finally {
      gunzip.destroy();
    }
  } else {
    yield* prepend(head, it);
  }
}

function openSource(source: Source, chunkSize: number): AsyncIterable<Buffer> {
  return source.kind === 'stdin' ? process.stdin : createReadStream(source.path, { highWaterMark: chunkSize });
}

function withoutCr(line: string): string {
  return line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

/** The bytes of a line that spans blocks, gathered without re-copying on every block. */
class PartialLine {
  constructor(private readonly maxBytes: number) {}
  private parts: Buffer[] = [];
  private size = 0;
  /** Past the limit: the bytes are dropped as they arrive and the line is reported oversized. */
  overflowed = false;

  get empty(): boolean {
    return this.size === 0 && !this.overflowed;
  }

  add(bytes: Buffer): void {
    if (this.overflowed) return;
    if (this.size + bytes.length > this.maxBytes) {
      this.overflowed = true;
      this.parts = [];
      return;
    }
    this.parts.push(Buffer.from(bytes)); // a copy: the block it came from is not kept alive
    this.size += bytes.length;
  }

  /** The line's text (empty when it overflowed), and resets. */
  take(): string {
    const text = this.overflowed ? '' : Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    this.size = 0;
    this.overflowed = false;
    return text;
  }
}

/**
 * Lines of a source, in batches (one per block read). Errors while reading (a truncated gzip,
 * an unreadable file) are thrown after every complete line before them has been yielded;
 * the partial line at the point of failure is yielded as the last line.
 */
export async function* readLines(source: Source, limitsIn: Partial<ReadLimits> = {}): AsyncGenerator<LineBatch> {
  const limits = { ...DEFAULT_LIMITS, ...limitsIn };
  const partial = new PartialLine(limits.maxLineBytes);
  let lineNo = 1;
  let atStart = true;
  let batch: LineBatch = { firstLine: 1, lines: [], oversized: null };
  const emit = (text: string, oversized: boolean) => {
    if (atStart) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (oversized) (batch.oversized ??= new Set()).add(batch.lines.length);
    batch.lines.push(withoutCr(text));
  };
  const flush = (): LineBatch => {
    const out = batch;
    lineNo += out.lines.length;
    batch = { firstLine: lineNo, lines: [], oversized: null };
    return out;
  };
  try {
    for await (const chunk of decompressed(openSource(source, limits.chunkSize), limits)) {
      const lastNewline = chunk.lastIndexOf(NEWLINE);
      if (lastNewline === -1) {
        partial.add(chunk);
        continue;
      }
      let start = 0;
      if (!partial.empty) {
        const firstNewline = chunk.indexOf(NEWLINE);
        partial.add(chunk.subarray(0, firstNewline));
        const oversized = partial.overflowed;
        emit(partial.take(), oversized);
        start = firstNewline + 1;
      }
      if (start <= lastNewline) {
        const block = chunk.toString('utf8', start, lastNewline);
        const parts = block.split('\n');
        for (let i = 0; i < parts.length; i++) emit(parts[i], false);
      }
      if (lastNewline + 1 < chunk.length) partial.add(chunk.subarray(lastNewline + 1));
      yield flush();
    }
  } finally {
    if (!partial.empty) {
      const oversized = partial.overflowed;
      emit(partial.take(), oversized);
    }
    if (batch.lines.length > 0) yield flush();
  }
}
