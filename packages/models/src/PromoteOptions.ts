import type { Model } from './Model.js';
import type { ArtifactManifest } from './ModelRegistry.js';

/**
 * Scores one registered model on data the caller chooses; {@link ModelRegistry.promote} calls it
 * for the candidate and the current version alike, so both are measured on the same folds and
 * data range. Returns metrics by name (a number, or one per fold, compared by mean).
 */
export type Reevaluate = (
  model: Model,
  manifest: ArtifactManifest,
) => Promise<Readonly<Record<string, number | readonly number[]>>>;

/** Options of {@link ModelRegistry.promote}. */
export interface PromoteOptions {
  /** Metric to compare (in `RegisterInfo.metrics`, or returned by `reevaluate`). Default `'logLoss'`. */
  readonly metric?: string;
  /** Direction of the metric. Default: lower is better for names containing loss/brier/error, else higher. */
  readonly higherIsBetter?: boolean;
  /** Required margin over the incumbent, in metric units, finite and ≥ 0. Default 0 (strictly better). */
  readonly minImprovement?: number;
  /**
   * Re-evaluate candidate and incumbent with this one function instead of trusting the metrics
   * stored at registration (which may come from different data).
   */
  readonly reevaluate?: Reevaluate;
  /** Required to promote when the name has no current version yet. Default false. */
  readonly first?: boolean;
  /** Promote regardless of metrics (emergency replacement). Default false. */
  readonly force?: boolean;
}

/** Outcome of {@link ModelRegistry.promote} (a value, not an error: "not better" is expected). */
export interface PromotionDecision {
  readonly promoted: boolean;
  readonly reason: string;
  readonly candidate: string;
  readonly incumbent: string | null;
  readonly metric: string;
  /** `'re-evaluated'` when both were scored by `reevaluate`, else the stored metrics. */
  readonly basis: 'stored-metrics' | 're-evaluated';
  readonly candidateValue: number;
  readonly incumbentValue: number | null;
}
