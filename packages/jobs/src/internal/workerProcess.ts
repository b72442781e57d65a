// A `minhos worker`-like process for the Redis tests (run with tsx): starts a worker, prints each
// event as a JSON line, closes gracefully on SIGTERM/SIGINT (exit 0). Arguments: URL QUEUE
// CONCURRENCY LOCK_MS STALLED_MS.
import { startWorker } from '../startWorker.js';

// The parent may stop reading before this process has said its last line.
process.stdout.on('error', () => undefined);

const [url, queue, concurrency, lockMs, stalledMs] = process.argv.slice(2);
const worker = await startWorker({
  redis: url as string,
  queue: queue as string,
  concurrency: Number(concurrency ?? 1),
  lockDurationMs: Number(lockMs ?? 30_000),
  stalledIntervalMs: Number(stalledMs ?? 30_000),
  onEvent: (e) => process.stdout.write(`${JSON.stringify(e)}\n`),
});
process.stdout.write(`${JSON.stringify({ type: 'ready', pid: process.pid })}\n`);
const stop = (): void => {
  process.stdout.write(`${JSON.stringify({ type: 'closing' })}\n`);
  void worker.close().then(() => {
    process.stdout.write(`${JSON.stringify({ type: 'closed' })}\n`);
    process.exit(0);
  });
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
