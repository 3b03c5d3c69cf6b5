// A progress bar on stderr for long runs: bytes read of the total, records/s and ETA. Only on a
// terminal, never with --quiet or in CI, and only once a run has taken over a second, so short
// runs and pipes stay clean. cli-progress is loaded only when a bar is really drawn.
import type { SingleBar } from 'cli-progress';
import { formatCount } from './format.js';

export interface Progress {
  update(p: { done: number; total: number; records: number }): void;
  stop(): void;
}

const NONE: Progress = { update: () => undefined, stop: () => undefined };
const SHOW_AFTER_MS = 1000;

export function wantProgress(stream: { isTTY?: boolean }, quiet: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !quiet && !env.CI && env.TERM !== 'dumb';
}

export async function startProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, enabled: boolean, now = Date.now): Promise<Progress> {
  if (!enabled) return NONE;
  const { default: cliProgress } = await import('cli-progress');
  const started = now();
  let bar: SingleBar | null = null;
  let last = { done: 0, total: 0, records: 0 };
  return {
    update(p) {
      last = p;
      const elapsed = now() - started;
      if (bar === null) {
        if (elapsed < SHOW_AFTER_MS || p.total === 0) return;
        bar = new cliProgress.SingleBar({
          stream,
          format: 'reading {bar} {percentage}% | {value}/{total} MB | {rate} records/s | ETA {eta_formatted}',
          hideCursor: true,
          clearOnComplete: true,
          barsize: 30,
          etaBuffer: 50,
          fps: 5,
        }, cliProgress.Presets.shades_classic);
        bar.start(Math.max(1, Math.round(p.total / 1e6)), 0, { rate: '0' });
      }
      const rate = elapsed > 0 ? formatCount(Math.round((p.records / elapsed) * 1000)) : '0';
      bar.update(Math.round(p.done / 1e6), { rate });
    },
    stop() {
      if (bar !== null) {
        bar.update(Math.round(last.total / 1e6));
        bar.stop();
      }
    },
  };
}
