// The commander program, and the only place the process exits: 0 success, 1 failed checks
// (llmops check) or --strict problems, 2 usage errors, missing paths and unreadable input, each as one line on stderr.
import { Command, CommanderError } from 'commander';
import { baselineCommand } from './commands/baseline.js';
import { checkCommand } from './commands/check.js';
import { compareCommand } from './commands/compare.js';
import { costCommand } from './commands/cost.js';
import { pricesCommand } from './commands/prices.js';
import type { CommandIo } from './commands/report-io.js';
import { UsageError } from './errors.js';
import { takePrestartedThreads } from './engine/thread-start.js';

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;

const VERSION = '0.1.0';

export function buildProgram(io: CommandIo, setExit: (code: number) => void): Command {
  const program = new Command('llmops')
    .description('Turn the logs of an LLM app into an operations baseline: cost, latency, truncation and refusals per feature.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Commander's own usage errors ("error: unknown option …") carry the same prefix as ours.
      outputError: (s, write) => write(`llmops: ${s}`),
    })
    .exitOverride();
  for (const cmd of [baselineCommand(io, setExit), costCommand(io, setExit), checkCommand(io, setExit), compareCommand(io, setExit), pricesCommand(io, setExit)]) {
    cmd.copyInheritedSettings(program);
    program.addCommand(cmd);
  }
  return program;
}

/** Runs the CLI and resolves to the exit code; never throws. */
export async function run(argv: string[], io: CommandIo): Promise<number> {
  let code = EXIT_OK;
  if (argv.length === 0) {
    io.stderr.write("llmops: error: no command given: try 'llmops baseline fixtures/sample' or 'llmops --help'\n");
    return EXIT_USAGE;
  }
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    return failureCode(err, io);
  } finally {
    // Parser threads started early for a run that ended before reading (a usage error, say).
    takePrestartedThreads(0);
  }
}

/** A message on one line, whatever it holds (a parser's or a parser thread's may span several). */
const oneLine = (message: string): string => message.replace(/\s*\n\s*/g, ' ');

/** The exit code for an error that ended a run, said in one line on stderr where commander has not. */
function failureCode(err: unknown, io: CommandIo): number {
  if (err instanceof CommanderError) {
    // Commander has printed its message already; help and version are not errors.
    return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (err instanceof UsageError) {
    // One line, whatever the message holds (a parser's message may span several).
    io.stderr.write(`llmops: error: ${oneLine(err.message)}\n`);
    return EXIT_USAGE;
  }
  // A bug, not a data problem: still one line and exit 2 unless the stack is asked for.
  const e = err as Error;
  const detail = process.env.LLMOPS_DEBUG ? (e?.stack ?? String(err)) : `${oneLine(String(e?.message ?? err))} (LLMOPS_DEBUG=1 shows the stack)`;
  io.stderr.write(`llmops: internal error: ${detail}\n`);
  return EXIT_USAGE;
}

export const EXIT_INTERRUPTED = 130;

export async function main(): Promise<void> {
  // Ctrl-C: stop at once, say so in one line, and exit as shells expect (128 + SIGINT).
  process.once('SIGINT', () => {
    process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}llmops: interrupted\n`);
    process.exit(EXIT_INTERRUPTED);
  });
  // `llmops … | head -1` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT_OK);
    throw err;
  });
  const code = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
  process.exitCode = code;
}
