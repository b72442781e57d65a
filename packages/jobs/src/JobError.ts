import { MinhosError } from '@minhos/core';

/** Stable codes of {@link JobError}. */
export type JobErrorCode =
  /** The job's payload is malformed (unknown kind, bad parameter, wrong format version). */
  | 'JOB_BAD_INPUT'
  /** The data file's content hash differs from the one in the job (another file at that path). */
  | 'JOB_DATA_MISMATCH'
  /** The data file cannot be read on this worker (not there yet, shared storage not mounted): retryable. */
  | 'JOB_DATA_UNAVAILABLE'
  /** The job ran and threw (a bug, an engine error); retrying may help. */
  | 'JOB_FAILED'
  /** `--redis` was given but no Redis driver (`ioredis`) can be loaded. */
  | 'JOB_REDIS_DRIVER_MISSING'
  /** A sweep's own settings are invalid (empty grid, bad statistic name). */
  | 'SWEEP_BAD_INPUT';

/**
 * Error of the job layer. `retryable` says whether running the same job again can succeed: bad
 * input and a data hash mismatch cannot (an unreadable data file or a failed run can), so a queue fails them at once instead of retrying.
 *
 * @example
 * ```ts
 * import { JobError } from '@minhos/jobs';
 * const e = new JobError('JOB_BAD_INPUT', 'job bt-1: params.fast must be a whole number ≥ 1, got 0');
 * e.retryable; // false
 * ```
 */
export class JobError extends MinhosError {
  declare readonly code: JobErrorCode;
  /** @param code - see {@link JobErrorCode}; retryable for `JOB_FAILED` and `JOB_DATA_UNAVAILABLE`. */
  constructor(
    code: JobErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, { ...options, retryable: code === 'JOB_FAILED' || code === 'JOB_DATA_UNAVAILABLE' });
  }
}
