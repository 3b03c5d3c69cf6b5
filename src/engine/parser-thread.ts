// A parser thread: blocks of lines in, record columns out (transferred, not copied).
import { parentPort, workerData } from 'node:worker_threads';
import { createBlockParser, type ParseSettings } from './parse-block.js';
import { transferList } from './record-columns.js';

const parser = createBlockParser(workerData as ParseSettings);

parentPort!.on('message', (message: { id: number; bytes: Uint8Array }) => {
  try {
    const result = parser.parse(message.bytes);
    parentPort!.postMessage({ id: message.id, result }, transferList(result.columns));
  } catch (err) {
    parentPort!.postMessage({ id: message.id, error: String((err as Error)?.stack ?? err) });
  }
});
