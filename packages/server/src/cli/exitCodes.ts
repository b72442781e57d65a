/**
 * Exit codes of the `minhos` command line (also listed by `minhos --help` and in the README):
 *
 * - `ok` 0: the command did what was asked;
 * - `failed` 1: it ran and failed (a file is unreadable, a check failed, a verify found bad records);
 * - `usage` 2: the command line is wrong (unknown command or option, a bad value);
 * - `refused` 3: refused for safety, nothing changed (restore onto a store a running MinhOS holds
 *   open, a backup onto an existing file);
 * - `interrupted` 130: stopped by Ctrl-C before it finished (commands that follow a file stop
 *   cleanly with 0 instead: stopping them is how they end).
 *
 * @example
 * ```ts
 * import { EXIT_CODES } from '@minhos/server';
 * if (code === EXIT_CODES.refused) console.error('stop the server first');
 * ```
 */
export const EXIT_CODES = Object.freeze({
  ok: 0,
  failed: 1,
  usage: 2,
  refused: 3,
  interrupted: 130,
} as const);

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The exit codes as help text lines. */
export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0    ok',
  '  1    failed (unreadable input, failed check, bad records)',
  '  2    usage error (unknown command or option, bad value)',
  '  3    refused for safety, nothing changed (restore onto a live store, backup onto an existing file)',
  '  130  interrupted (Ctrl-C) before the work finished',
].join('\n');
