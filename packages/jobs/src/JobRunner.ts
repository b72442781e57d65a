import type { JobPayload } from './JobPayload.js';
import type { JobResult } from './JobResult.js';

/** A job with its deterministic id (see {@link jobId}). */
export interface PlannedJob {
  readonly id: string;
  readonly payload: JobPayload;
}

/** How a job ended: completed with its result, or failed with its error after its last attempt. */
export interface JobOutcome {
  readonly id: string;
  readonly state: 'completed' | 'failed';
  readonly result?: JobResult;
  /** `code` is a {@link JobErrorCode} (or `JOB_FAILED` for anything else). */
  readonly error?: { readonly code: string; readonly message: string };
  /** Attempts made (1 when it ran once). */
  readonly attempts: number;
}

/**
 * Runs jobs somewhere — {@link InProcessRunner} on worker threads, {@link RedisRunner} on BullMQ
 * workers — and reports each job's final outcome exactly once. `run` resolves when every job has an
 * outcome or `signal` aborts.
 */
export interface JobRunner {
  readonly mode: 'in-process' | 'redis';
  /** Parallel job slots (threads, or nothing known for Redis: 0). */
  readonly slots: number;
  /** Runs `jobs`, calling `onOutcome` once per job as each ends. */
  run(
    jobs: readonly PlannedJob[],
    onOutcome: (outcome: JobOutcome) => void,
    signal?: AbortSignal,
  ): Promise<void>;
  /** Releases threads or connections. */
  close(): Promise<void>;
}
