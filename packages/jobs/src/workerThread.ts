// Entry of an in-process pool thread (see InProcessRunner): one job at a time, the same runJob
// code a `minhos worker` process runs, results and errors posted back as plain data.
import { parentPort } from 'node:worker_threads';
import { MinhosError } from '@minhos/core';
import { runJob } from './runJob.js';

const port = parentPort;
if (port === null) throw new Error('@minhos/jobs workerThread: must run as a worker thread');
port.on('message', async (message: { id: string; payload: unknown }) => {
  try {
    const result = await runJob(message.payload, message.id);
    port.postMessage({ id: message.id, ok: true, result });
  } catch (e) {
    const code = e instanceof MinhosError ? e.code : 'JOB_FAILED';
    const retryable = e instanceof MinhosError ? e.retryable : true;
    port.postMessage({
      id: message.id,
      ok: false,
      code,
      retryable,
      message: e instanceof Error ? e.message : String(e),
    });
  }
});
port.postMessage({ ready: true });
