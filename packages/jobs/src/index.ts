/**
 * `@minhos/jobs`: research work (backtests, walk-forward folds, training runs) as jobs that run
 * in-process on worker threads or on Redis with BullMQ.
 *
 * @packageDocumentation
 */

export { dataRef } from './dataRef.js';
export type { InProcessRunnerOptions } from './InProcessRunner.js';
export { InProcessRunner } from './InProcessRunner.js';
export { redisDriverAvailable } from './internal/redisConnection.js';
export { JOB_FORMAT_VERSION } from './JOB_FORMAT_VERSION.js';
export type { JobErrorCode } from './JobError.js';
export { JobError } from './JobError.js';
export type {
  BacktestCosts,
  BacktestJob,
  DataRef,
  InstrumentJson,
  JobPayload,
  StrategyParams,
  TrainableModel,
  TrainModelJob,
  WalkForwardFoldJob,
} from './JobPayload.js';
export type {
  BacktestJobResult,
  JobResult,
  RunStats,
  TrainModelJobResult,
  WalkForwardFoldJobResult,
} from './JobResult.js';
export type { JobOutcome, JobRunner, PlannedJob } from './JobRunner.js';
export { jobId } from './jobId.js';
export type { ParamValues, SweepPlan, SweepSpec } from './planSweep.js';
export { planSweep } from './planSweep.js';
export type { RedisRunnerOptions } from './RedisRunner.js';
export { parseFailedReason, RedisRunner } from './RedisRunner.js';
export { runJob, statsTable } from './runJob.js';
export type { RunSweepOptions, SweepProgress } from './runSweep.js';
export { runSweep } from './runSweep.js';
export type { CatalogStrategy } from './STRATEGY_CATALOG.js';
export { STRATEGY_CATALOG, strategyFromParams } from './STRATEGY_CATALOG.js';
export type { SweepReport, SweepRow } from './SweepReport.js';
export { rankSweep, sweepReportCsv } from './SweepReport.js';
export type { SweepRecord } from './SweepStore.js';
export { SweepStore } from './SweepStore.js';
export type { RunningWorker, WorkerEvent, WorkerOptions } from './startWorker.js';
export { startWorker } from './startWorker.js';
export { validateJob } from './validateJob.js';
