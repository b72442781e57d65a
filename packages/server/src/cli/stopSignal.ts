import type { CliIo } from '../cli.js';

/** An abort signal for a long-running command, and the function that removes its listeners. */
export interface StopSignal {
  readonly signal: AbortSignal;
  readonly dispose: () => void;
}

/**
 * `io.signal` when the caller gave one (tests, embedding), else a signal that aborts on the
 * process's first SIGINT (Ctrl-C) or SIGTERM. Call `dispose` when the command ends.
 */
export function stopSignal(io: CliIo): StopSignal {
  if (io.signal !== undefined) return { signal: io.signal, dispose: () => {} };
  const controller = new AbortController();
  const on = () => controller.abort();
  process.once('SIGINT', on);
  process.once('SIGTERM', on);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    },
  };
}
