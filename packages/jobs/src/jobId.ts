import { createHash } from 'node:crypto';
import type { JobPayload } from './JobPayload.js';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const PREFIX: Record<JobPayload['kind'], string> = {
  backtest: 'bt',
  'walk-forward-fold': 'wf',
  train: 'tr',
};

/**
 * The deterministic id of a job: its kind and the sha256 of its payload as canonical JSON (keys
 * sorted), e.g. `bt-3f2a…` (24 hex digits). The same job — same strategy, parameters, data hash and
 * costs — always gets the same id, on every machine and run: that is what lets a restarted sweep
 * find the jobs it already finished, and a queue refuse to enqueue one twice.
 *
 * @example
 * ```ts
 * import { jobId } from '@minhos/jobs';
 * // jobId(job) === jobId(structuredClone(job))
 * ```
 */
export function jobId(job: JobPayload): string {
  const hash = createHash('sha256').update(canonical(job)).digest('hex');
  return `${PREFIX[job.kind]}-${hash.slice(0, 24)}`;
}
