// Bytes of one source → batches of lines with their line numbers. gzip is recognised by its
// magic bytes, not its name; LF or CRLF endings; a BOM at the start is dropped; a last line
// without a newline is still a line. Splitting large blocks by hand is ~0.3 s per 1M lines
// cheaper than node:readline (../shared/bench/README.md).
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Source } from './sources.js';

export interface LineBatch {
  /** 1-based number of lines[0] within its source. */
  firstLine: number;
  lines: string[];
}

const READ_CHUNK = 1 << 20;
const NEWLINE = 0x0a;

async function* chunksOf(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of stream) yield chunk as Buffer;
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/** The decompressed bytes of a stream when it starts with gzip's magic bytes, else the bytes as they are. */
async function* decompressed(raw: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
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
    const gunzip = Readable.from(prepend(head, it)).pipe(createGunzip({ chunkSize: 256 * 1024 }));
    yield* chunksOf(gunzip);
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

/**
 * Lines of a source, in batches (one per block read). Errors while reading (a truncated gzip,
 * an unreadable file) are thrown after every complete line before them has been yielded;
 * the partial line at the point of failure is yielded as the last line.
 */
export async function* readLines(source: Source, chunkSize = READ_CHUNK): AsyncGenerator<LineBatch> {
  let carry: Buffer | null = null;
  let lineNo = 1;
  let atStart = true;
  const emit = (text: string, lines: string[]) => {
    if (atStart) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    lines.push(withoutCr(text));
  };
  try {
    for await (const chunk of decompressed(openSource(source, chunkSize))) {
      const lastNewline = chunk.lastIndexOf(NEWLINE);
      if (lastNewline === -1) {
        carry = carry === null ? Buffer.from(chunk) : Buffer.concat([carry, chunk]);
        continue;
      }
      const lines: string[] = [];
      let start = 0;
      if (carry !== null) {
        const firstNewline = chunk.indexOf(NEWLINE);
        emit(Buffer.concat([carry, chunk.subarray(0, firstNewline)]).toString('utf8'), lines);
        carry = null;
        start = firstNewline + 1;
      }
      if (start <= lastNewline) {
        const block = chunk.toString('utf8', start, lastNewline);
        const parts = block.split('\n');
        for (let i = 0; i < parts.length; i++) emit(parts[i], lines);
      }
      if (lastNewline + 1 < chunk.length) carry = Buffer.from(chunk.subarray(lastNewline + 1));
      const batch = { firstLine: lineNo, lines };
      lineNo += lines.length;
      yield batch;
    }
  } finally {
    if (carry !== null && carry.length > 0) {
      const lines: string[] = [];
      emit(carry.toString('utf8'), lines);
      yield { firstLine: lineNo, lines };
    }
  }
}
