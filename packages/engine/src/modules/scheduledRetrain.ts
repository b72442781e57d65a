import { MinhosError, type TimestampUs } from '@minhos/core';
import type { Model, ModelRegistry, PromotionDecision, Reevaluate, RegisterInfo } from '@minhos/models';

const US_PER_HOUR = 3_600_000_000;

/** A retraining run for one registry model (config `models.retrainIntervalHours`). */
export interface RetrainJob {
  readonly registry: ModelRegistry;
  /** Model name in the registry. */
  readonly name: string;
  readonly now: TimestampUs;
  /** When the model was last retrained (undefined: never, so due now). */
  readonly lastRetrainAt?: TimestampUs;
  readonly intervalHours: number;
  /** Trains a candidate on the data up to `now`. */
  readonly train: () => Promise<{ readonly model: Model; readonly info: RegisterInfo }>;
  /** Scores candidate and incumbent on the same data: promotion is on equal terms only. */
  readonly reevaluate: Reevaluate;
  /** Metric compared (default `logLoss`, lower is better). */
  readonly metric?: string;
}

/** What a retraining run did. */
export type RetrainOutcome =
  | { readonly status: 'not_due'; readonly nextAt: TimestampUs }
  | {
      readonly status: 'promoted' | 'kept';
      readonly version: string;
      readonly at: TimestampUs;
      readonly decision: PromotionDecision;
    };

/** Whether a retraining is due: never retrained, or `intervalHours` have passed since. */
export function retrainDue(
  now: TimestampUs,
  lastRetrainAt: TimestampUs | undefined,
  intervalHours: number,
): boolean {
  if (!(intervalHours > 0)) {
    throw new MinhosError('MODULE_INVALID', `retrain interval must be > 0 hours, got ${intervalHours}`);
  }
  return lastRetrainAt === undefined || now - lastRetrainAt >= intervalHours * US_PER_HOUR;
}

/**
 * The model supervisor's scheduled retraining: when due, trains a candidate, registers it and lets
 * the registry's promote-if-better decide on equal terms (`reevaluate` scores the candidate and
 * the current version on the same data); the first version of a name is promoted. Time comes from
 * the caller's clock (`now`). Returns what happened, "kept" included (an expected outcome, not an
 * error).
 *
 * @example
 * ```ts
 * import { retrainDue } from '@minhos/engine';
 * retrainDue(25 * 3_600_000_000, 0, 24); // true
 * ```
 */
export async function scheduledRetrain(job: RetrainJob): Promise<RetrainOutcome> {
  if (!retrainDue(job.now, job.lastRetrainAt, job.intervalHours)) {
    return { status: 'not_due', nextAt: (job.lastRetrainAt as number) + job.intervalHours * US_PER_HOUR };
  }
  const { model, info } = await job.train();
  const manifest = await job.registry.register(job.name, model, info);
  const first = (await job.registry.current(job.name)) === undefined;
  const decision = await job.registry.promote(job.name, manifest.version, {
    metric: job.metric ?? 'logLoss',
    reevaluate: job.reevaluate,
    first,
  });
  return {
    status: decision.promoted ? 'promoted' : 'kept',
    version: manifest.version,
    at: job.now,
    decision,
  };
}
