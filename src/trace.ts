// Phase times on stderr with LLMOPS_TRACE=1, for measuring where a run's time goes
// (docs/performance.md): milliseconds since the process started, and since the phase before.
const enabled = process.env.LLMOPS_TRACE === '1';
let last = 0;

export function trace(phase: string): void {
  if (!enabled) return;
  const now = performance.now();
  process.stderr.write(`llmops: trace ${phase}: ${now.toFixed(0)} ms (+${(now - last).toFixed(0)})\n`);
  last = now;
}
