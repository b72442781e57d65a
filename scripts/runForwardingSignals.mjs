// How `npm start` runs `minhos serve` (scripts/bootstrap.mjs): as a child this wrapper waits for,
// passing its exit code on. No dependency of its own: it runs before anything is installed.
import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';

/**
 * Runs `command args` with inherited stdio and resolves with its exit code (a death by signal as
 * a shell reports it: 128 + the signal's number; 1 when it could not start).
 *
 * Ctrl-C reaches the whole foreground process group: the child (`minhos serve` shuts down cleanly
 * and exits 0 on SIGINT) gets it anyway, so this wrapper ignores SIGINT and waits, instead of
 * dying first with 130 while the child is still flushing its store. SIGTERM and SIGHUP sent to the
 * wrapper alone (`timeout`, `docker stop`, a closed terminal) are passed on to the child, so it
 * never outlives the wrapper (an async spawn: a blocking one could not forward them). And when the
 * wrapper's own parent dies it is passed a SIGTERM too: `npm start` runs the wrapper under `sh -c`,
 * and npm forwards a SIGTERM to that shell only, which dies without passing it on (`timeout 60 npm
 * start`, `docker stop`, a service manager). The wrapper polls its parent id once a second; a
 * change means it was orphaned.
 *
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, name?: string }} [options] `name`: what messages call
 *   the child (default: `command`)
 * @returns {Promise<number>}
 */
export function runForwardingSignals(command, args, options = {}) {
  const ignoreInt = () => {};
  process.on('SIGINT', ignoreInt);
  const child = spawn(command, [...args], {
    cwd: options.cwd ?? process.cwd(),
    stdio: 'inherit',
    env: options.env ?? process.env,
  });
  const forwards = ['SIGTERM', 'SIGHUP'].map((signal) => {
    const forward = () => child.kill(signal);
    process.on(signal, forward);
    return [signal, forward];
  });
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(orphaned);
    console.error(
      `\n▶ the process that started this one (pid ${parent}) has exited: stopping ${options.name ?? command}`,
    );
    child.kill('SIGTERM');
  }, 1000);
  orphaned.unref();
  return new Promise((resolve) => {
    const done = (code) => {
      clearInterval(orphaned);
      process.off('SIGINT', ignoreInt);
      for (const [signal, forward] of forwards) process.off(signal, forward);
      resolve(code);
    };
    child.on('error', (error) => {
      console.error(`✖ could not run ${options.name ?? command}: ${error.message}`);
      done(1);
    });
    child.on('exit', (status, signal) =>
      done(status ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : 1)),
    );
  });
}
