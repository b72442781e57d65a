/**
 * Worker-thread entry of {@link TreeWorkerPool}: trains XGBoost boosters in this thread's own wasm
 * instance and sends back the booster in XGBoost's binary format. Built as `dist/xgboostWorker.js`;
 * from sources (vitest, tsx) the pool starts it with the tsx loader.
 */
import { parentPort } from 'node:worker_threads';
import type { TreeJobMessage, TreeJobReply } from './treeJob.js';
import { loadXgboost } from './xgboostWasm.js';

const port = parentPort;
if (port === null) throw new Error('xgboostWorker must run in a worker thread');

port.on('message', async (job: TreeJobMessage) => {
  let reply: TreeJobReply;
  try {
    const rt = await loadXgboost();
    const handle = rt.train(job.data, job.labels, job.rows, job.cols, job.params, job.rounds);
    try {
      reply = { id: job.id, booster: rt.serialize(handle) };
    } finally {
      rt.free(handle);
    }
  } catch (e) {
    const code =
      typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : undefined;
    reply = {
      id: job.id,
      error: e instanceof Error ? e.message : String(e),
      ...(code !== undefined ? { code } : {}),
    };
  }
  port.postMessage(reply, reply.booster ? [reply.booster.buffer as ArrayBuffer] : []);
});
