import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The glibc tunable that makes malloc `madvise(MADV_HUGEPAGE)` its large (mmap'd) blocks. */
export const HUGE_PAGE_MALLOC_TUNABLE = 'glibc.malloc.hugetlb=1';

/** Options of {@link reexecWithHugePages}. */
export interface ReexecWithHugePagesOptions {
  /** Environment to inspect and pass on (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Platform (default `process.platform`): only `linux` re-executes. */
  readonly platform?: string;
  /**
   * Content of `/sys/kernel/mm/transparent_hugepage/enabled` (default: read it). Re-executing
   * helps only when it selects `[madvise]` or `[always]`.
   */
  readonly thpMode?: string;
  /** Command and arguments to run again (default: this process's `execPath`, `execArgv` and `argv`). */
  readonly command?: readonly string[];
}

/** Why {@link reexecWithHugePages} did not re-execute (the caller then just carries on). */
export type HugePageSkipReason =
  | 'not-linux'
  | 'already-set'
  | 'disabled'
  | 'thp-unavailable'
  | 'tunables-in-use';

/** What {@link reexecWithHugePages} did. */
export type ReexecOutcome =
  | { readonly reexec: false; readonly reason: HugePageSkipReason }
  | {
      readonly reexec: true;
      /** Resolves with the child's exit code (a signal death becomes 128 + its number, as shells report it). */
      readonly exitCode: Promise<number>;
    };

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const SIGNAL_NUMBER: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

function readThpMode(): string {
  try {
    return readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8');
  } catch {
    return '';
  }
}

/**
 * For command-line programs that read large `.scid` files into fresh arrays: runs this program once
 * more in a child process whose glibc malloc asks for 2 MiB transparent huge pages
 * (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`), as NumPy does for its arrays. Node's ArrayBuffers come
 * from malloc, and on Linux with THP in `madvise` mode (the usual default) fresh memory otherwise
 * costs one page fault per 4 KiB: on the benchmark VM, touching 80 MiB of fresh ArrayBuffer took
 * 48 ms on 4 KiB pages and 14 ms with the tunable.
 *
 * Safe by construction: it re-executes only on Linux with THP available, when the variable is not
 * already set (so never twice), when no other `GLIBC_TUNABLES` are in use (they are left as the user
 * set them), and not when `MINHOS_HUGE_PAGES=0`. The child inherits stdio; SIGINT, SIGTERM and SIGHUP
 * are passed on to it; the parent does nothing but wait and should exit with the child's code. On
 * glibc older than 2.35 the tunable is ignored (the child then runs exactly as the parent would).
 * Call it first thing in a bin script, before any work. It costs one more process start (tens of
 * ms for `node`, more through a TypeScript loader), so call it for the commands that read large
 * files into fresh arrays (export, backtest, training), not for quick ones.
 *
 * @example
 * ```ts
 * import { reexecWithHugePages } from '@minhos/sierra';
 * const r = reexecWithHugePages();
 * if (r.reexec) process.exit(await r.exitCode);
 * // … the program proper, now on huge pages (or unchanged where that is not possible) …
 * ```
 */
export function reexecWithHugePages(options: ReexecWithHugePagesOptions = {}): ReexecOutcome {
  const env = options.env ?? process.env;
  if ((options.platform ?? process.platform) !== 'linux') return { reexec: false, reason: 'not-linux' };
  if (env.MINHOS_HUGE_PAGES === '0') return { reexec: false, reason: 'disabled' };
  const tunables = env.GLIBC_TUNABLES ?? '';
  if (tunables.includes('glibc.malloc.hugetlb')) return { reexec: false, reason: 'already-set' };
  if (tunables !== '') return { reexec: false, reason: 'tunables-in-use' };
  const thp = options.thpMode ?? readThpMode();
  if (!/\[(madvise|always)\]/.test(thp)) return { reexec: false, reason: 'thp-unavailable' };
  const [cmd, ...args] = options.command ?? [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  const child = spawn(cmd as string, args, {
    stdio: 'inherit',
    env: { ...env, GLIBC_TUNABLES: HUGE_PAGE_MALLOC_TUNABLE },
  });
  const forward = (signal: NodeJS.Signals) => {
    child.kill(signal);
  };
  for (const s of SIGNALS) process.on(s, forward);
  const exitCode = new Promise<number>((resolve) => {
    const done = (code: number) => {
      for (const s of SIGNALS) process.off(s, forward);
      resolve(code);
    };
    child.once('error', () => done(127));
    child.once('exit', (code, signal) => done(code ?? 128 + (SIGNAL_NUMBER[signal ?? ''] ?? 1)));
  });
  return { reexec: true, exitCode };
}
