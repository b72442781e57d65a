import { backtestCommand } from './cli/backtestCommand.js';
import { backupCommand } from './cli/backupCommand.js';
import { configCommand } from './cli/configCommand.js';
import { evaluateCommand } from './cli/evaluateCommand.js';
import { EXIT_CODES, EXIT_CODES_HELP } from './cli/exitCodes.js';
import { restoreCommand } from './cli/restoreCommand.js';
import { scidCommand } from './cli/scidCommand.js';
import { serveCommand } from './cli/serveCommand.js';
import { sweepCommand } from './cli/sweepCommand.js';
import { symbolsCommand } from './cli/symbolsCommand.js';
import { trainCommand } from './cli/trainCommand.js';
import { workerCommand } from './cli/workerCommand.js';

/** Where CLI output goes (injected so the CLI is testable without a process). */
export interface CliIo {
  /** Writes one line of results to stdout. */
  readonly out: (text: string) => void;
  /** Writes one line of messages (errors, progress) to stderr. */
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Whether stderr is a terminal (progress bars redraw in place); default `process.stderr.isTTY`. */
  readonly isTTY?: boolean;
  /** Writes to stderr without a newline (progress bars); default `process.stderr.write`. */
  readonly writeErr?: (text: string) => void;
  /** Stops long-running commands (`scid tail`, training); default: the process's SIGINT / SIGTERM. */
  readonly signal?: AbortSignal;
}

/** One `minhos` sub-command. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Runs the command; resolves to the process exit code. */
  readonly run: (args: readonly string[], io: CliIo) => Promise<number>;
}

const VERSION = '0.1.0';

function helpText(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'minhos — AI-assisted futures trading on Sierra Chart',
    '',
    'Usage: minhos <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `minhos <command> --help` for a command’s options; most take --json (one JSON document on stdout).',
    '',
    EXIT_CODES_HELP,
  ].join('\n');
}

/**
 * Runs the `minhos` command line with `argv` (without `node` and the script path) and returns the
 * exit code ({@link EXIT_CODES}: 0 success, 1 the command failed, 2 bad usage, 3 refused for
 * safety, 130 interrupted). Never throws for user errors.
 *
 * @example
 * ```ts
 * import { runCli } from '@minhos/server';
 * const code = await runCli(['--help'], { out: console.log, err: console.error, env: process.env, cwd: process.cwd() });
 * ```
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CliCommand[] = defaultCommands(),
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText(commands));
    return 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.out(VERSION);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.err(`minhos: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}`);
    return EXIT_CODES.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // node:util parseArgs throws for unknown options and missing values: a usage error.
    if (String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS')) {
      io.err(`minhos ${name}: ${message}\n\nUsage: ${command.usage}`);
      return EXIT_CODES.usage;
    }
    io.err(`minhos ${name}: ${message}`);
    return EXIT_CODES.failed;
  }
}

/** The built-in commands. */
export function defaultCommands(): CliCommand[] {
  return [
    serveCommand,
    trainCommand,
    evaluateCommand,
    backtestCommand,
    sweepCommand,
    workerCommand,
    scidCommand,
    symbolsCommand,
    backupCommand,
    restoreCommand,
    configCommand,
  ];
}
