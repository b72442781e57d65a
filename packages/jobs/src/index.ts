/**
 * `@minhos/jobs`: research work (backtests, walk-forward folds, training runs) as jobs that run
 * in-process on worker threads or on Redis with BullMQ.
 *
 * @packageDocumentation
 */

/** Version of the job payload format; a worker refuses jobs of another version. */
export const JOB_FORMAT_VERSION = 1;
