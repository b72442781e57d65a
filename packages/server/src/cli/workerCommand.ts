import { parseArgs } from 'node:util';
import { startWorker } from '@minhos/jobs';
import type { CliCommand, CliIo } from '../cli.js';
import { EXIT_CODES } from './exitCodes.js';
import { stopSignal } from './stopSignal.js';

const USAGE = `minhos worker --redis redis://HOST:6379 [--concurrency 1] [--queue minhos-jobs]
       [--lock-ms 30000] [--stalled-ms 30000]

Runs sweep jobs (backtests, walk-forward folds, training runs) from a BullMQ queue on Redis until
stopped. Start one per machine with --concurrency up to its cores, or several. The bars files the
jobs name must be at the same path here (their sha256 is checked). SIGTERM / Ctrl-C: stop taking
jobs and finish the running ones, then exit 0; a second signal abandons them — their locks lapse
after --lock-ms and another worker takes them.`;

function usageError(io: CliIo, message: string): number {
  io.err(`minhos worker: ${message}\n\nUsage: ${USAGE}`);
  return EXIT_CODES.usage;
}

/** `minhos worker`: a BullMQ worker process for sweep jobs, with graceful shutdown. */
export const workerCommand: CliCommand = {
  name: 'worker',
  summary: 'run sweep jobs from Redis (BullMQ) on this machine; graceful on SIGTERM / Ctrl-C',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        redis: { type: 'string' },
        concurrency: { type: 'string' },
        queue: { type: 'string' },
        'lock-ms': { type: 'string' },
        'stalled-ms': { type: 'string' },
      },
      strict: true,
    });
    if (values.redis === undefined)
      return usageError(io, '--redis URL is required (e.g. redis://10.0.0.5:6379)');
    const concurrency = values.concurrency === undefined ? 1 : Number(values.concurrency);
    const lockMs = values['lock-ms'] === undefined ? 30_000 : Number(values['lock-ms']);
    const stalledMs = values['stalled-ms'] === undefined ? 30_000 : Number(values['stalled-ms']);
    if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 256)) {
      return usageError(io, `--concurrency must be a whole number 1..256, got "${values.concurrency}"`);
    }
    for (const [name, v] of [
      ['--lock-ms', lockMs],
      ['--stalled-ms', stalledMs],
    ] as const) {
      if (!(Number.isInteger(v) && v >= 100))
        return usageError(io, `${name} must be a whole number of ms ≥ 100, got ${v}`);
    }
    const stop = stopSignal(io);
    try {
      const worker = await startWorker({
        redis: values.redis,
        concurrency,
        lockDurationMs: lockMs,
        stalledIntervalMs: stalledMs,
        ...(values.queue !== undefined ? { queue: values.queue } : {}),
        onEvent: (e) => {
          if (e.type === 'completed') io.err(`worker: ${e.jobId} done in ${Math.round(e.ms)} ms`);
          else if (e.type === 'failed')
            io.err(`worker: ${e.jobId} ${e.final ? 'failed' : 'failed, will be retried'}: ${e.error}`);
          else if (e.type === 'error') io.err(`worker: ${e.error}`);
        },
      });
      io.err(
        `worker: running up to ${concurrency} job${concurrency === 1 ? '' : 's'} at once from ${values.redis}; Ctrl-C to stop`,
      );
      if (!stop.signal.aborted)
        await new Promise<void>((r) => stop.signal.addEventListener('abort', () => r(), { once: true }));
      io.err(
        'worker: stopping — finishing the running jobs (a second Ctrl-C abandons them to other workers)',
      );
      const force = (): void => void worker.close(true);
      if (io.signal === undefined) {
        process.once('SIGINT', force);
        process.once('SIGTERM', force);
      }
      await worker.close();
      process.off('SIGINT', force);
      process.off('SIGTERM', force);
      io.err('worker: stopped');
      return EXIT_CODES.ok;
    } finally {
      stop.dispose();
    }
  },
};
