// A parser thread's first run of its code, on a few made-up lines before the real blocks.
// V8 compiles a function with what it has seen it do; a branch never taken before (the first
// record of a new day, a model or stop reason first met, a new string) is compiled as a bail-out,
// and taking it later throws the optimised code away and compiles it again. In a 1M-record run the
// threads did that 10-16 times (--trace-deopt), and compiling is ~15% of the run's CPU on two cores
// (perf). Here every such branch is taken once, on a throwaway parser, aggregator and id table of
// the same classes, so the feedback is there when the compiler looks: 6 deopts left, and 1M-record
// medians of 697 vs 668 ms (25 interleaved runs; docs/performance.md). 80 lines did as well as 240
// or 800 (the deopts left and the wall time were the same). The 90 lines in 12 blocks now (see
// BLOCKS) take ~14 ms alone against ~11 ms for 80 in 4 (compiled without a code cache, medians of 7).
// Nothing of it reaches the answers: the objects are dropped, and the one thing kept process-wide,
// the numbering of stop reasons (accumulator.ts), is by name.
import { SharedRequestIds } from '../ingest/request-ids.js';
import { sortedRun } from '../stats/sorted-runs.js';
import { UNBOUNDED } from '../window/window.js';
import { createBlockParser } from './parse-block.js';
import type { ThreadSettings } from './parser-thread.js';
import { ThreadAggregator } from './thread-aggregation.js';

const MODELS = ['claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-opus-4-8'];
const FEATURES = ['chat', 'summarize', 'rag_answer', 'classify', 'extract', 'agent_step'];
const STOPS = ['end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'refusal'];
// Many small blocks, not a few bigger ones: what runs once a block (the start and end of `parse`,
// a block's dedup turn and aggregation) gets its feedback only after ~8 calls (V8 allocates a
// function's feedback vector lazily). With 4 blocks, the first real block's `parse` was often
// compiled before that, and deopted at its first call ("insufficient type feedback"), in one run in
// five again at every block: 137 deopts, each block then begun in the interpreter.
const BLOCKS = 12;
/** Lines in block k: 2 + k, 90 in all. The parser's columns start with room for 2 rows here and are
 *  reused from block to block, so they grow at blocks 1, 3 and 7, the last time once the code that
 *  grows them records feedback (a real block grows them now and then: a deopt at that block). */
const linesIn = (block: number): number => 2 + block;
const MAX_LINES = linesIn(BLOCKS - 1);
const ALL_LINES = (BLOCKS * (linesIn(0) + MAX_LINES)) / 2;

/** Wrapper lines as the blocks of a log hold them: one object a line, two days a block. */
function madeUpBlock(block: number, next: (n: number) => number): Uint8Array {
  const lines: string[] = [];
  const n = linesIn(block);
  for (let i = 0; i < n; i++) {
    const day = 10 + block + (2 * i >= n ? 1 : 0);
    lines.push(JSON.stringify({
      ts: `2025-01-${day}T0${next(10)}:${10 + next(50)}:${10 + next(50)}.${100 + next(900)}Z`,
      request_id: `req_warm_up_${block}_${i}`,
      model: MODELS[next(MODELS.length)],
      input_tokens: 100 + next(5000), output_tokens: next(900), cache_read: next(4000), cache_write: next(3) === 0 ? next(900) : 0,
      latency_s: next(20000) / 1000,
      stop_reason: STOPS[next(STOPS.length)],
      feature: FEATURES[next(FEATURES.length)],
      user_id: 'u_warm_up', max_tokens: 1024,
    }));
  }
  // Blocks arrive in shared memory (block-pool.ts): the same kind of buffer here, so the compiled
  // code sees the objects it will see.
  const text = Buffer.from(lines.join('\n') + '\n');
  const bytes = new Uint8Array(new SharedArrayBuffer(text.length));
  bytes.set(text);
  return bytes;
}

/** Runs parse → dedup → window → price → aggregate → sort on made-up lines, with the thread's
 *  settings (but no window: every line is used), leaving nothing behind. */
export function warmUpThread(settings: ThreadSettings): void {
  let seed = 7;
  const next = (n: number): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
  const parser = createBlockParser(settings.parse, 2);
  const aggregate = settings.aggregate;
  const aggregator = aggregate === null ? null : new ThreadAggregator(settings.parse.tz, { ...aggregate, window: UNBOUNDED, dedup: null });
  const ids = aggregate?.dedup ? SharedRequestIds.create(ALL_LINES, undefined, 1 << 12) : null;
  ids?.prefaultTable();
  const duplicate = new Uint8Array(MAX_LINES);
  for (let block = 0; block < BLOCKS; block++) {
    const { columns } = parser.parse(madeUpBlock(block, next));
    if (aggregator !== null) {
      const n = ids === null ? 0 : ids.rule(columns.ids, columns.count, block, duplicate);
      aggregator.addColumns(columns, n > 0 ? duplicate : null);
    }
    parser.recycle(columns);
  }
  aggregator?.state(0);
  // The sorts of the buckets' values at the end, every path (radix-sort.ts): short lists, and long
  // ones with values apart, equal, and near-equal out of order (short and long stretches of them).
  // Enough calls that the feedback is recorded (V8 allocates it only after a function's first calls).
  const near = (base: number): number => base * (1 + next(1000) * 1e-12);
  for (let run = 0; run < 12; run++) {
    sortedRun(Float64Array.from({ length: run % 2 === 0 ? 100 : 1500 }, () => (next(4) === 0 ? near(0.25 * (1 + next(3))) : next(1e6) / 1e4)));
  }
}
