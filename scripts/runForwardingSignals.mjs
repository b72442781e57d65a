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
 * never outlives the wrapper (an async spawn: a blocking one could not forward them).
 *
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
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
  return new Promise((resolve) => {
    const done = (code) => {
      process.off('SIGINT', ignoreInt);
      for (const [signal, forward] of forwards) process.off(signal, forward);
      resolve(code);
    };
    child.on('error', (error) => {
      console.error(`✖ could not run ${command}: ${error.message}`);
      done(1);
    });
    child.on('exit', (status, signal) =>
      done(status ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : 1)),
    );
  });
}
