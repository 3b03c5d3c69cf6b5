// The bytes of a source as they were logged: gunzipped when they start with gzip's magic bytes
// (whatever the file is called), with a stop for streams that expand like a gzip bomb; and the
// limits that keep one source's cost bounded (engine/blocks.ts applies the line-length one).
import { Readable } from 'node:stream';
import { lazyZlib } from '../lazy-builtins.js';

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
  // A pipe may deliver one byte first; gather two before deciding. The byte is copied first: a
  // source may read into the same buffer again (engine/blocks.ts).
  while (!first.done && first.value.length < 2) {
    first = { done: false, value: Buffer.from(first.value) };
    const more = await it.next();
    if (more.done) break;
    first = { done: false, value: Buffer.concat([first.value, more.value]) };
  }
  if (first.done) return;
  const head = first.value;
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const compressed = { bytes: 0 };
    const gunzip = Readable.from(prepend(head, it, compressed)).pipe(lazyZlib().createGunzip({ chunkSize: 256 * 1024 }));
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
