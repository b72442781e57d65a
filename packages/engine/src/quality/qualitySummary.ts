import {
  type DecisionQuality,
  QUALITY_WEIGHTS,
  type QualityCategory,
  type QualityLabel,
} from './decisionQuality.js';

/** Direction of a category over the recent decisions. */
export type QualityTrend = 'improving' | 'declining' | 'stable' | 'insufficient_data';

/** An action the summary suggests. */
export interface QualityRecommendation {
  readonly priority: 'CRITICAL' | 'HIGH' | 'MEDIUM';
  readonly area: QualityCategory | 'overall';
  readonly message: string;
}

/** {@link qualitySummary}'s result. */
export interface QualitySummary {
  /** Decisions summarised (at most the last 20). */
  readonly count: number;
  readonly averageOverall: number;
  readonly averages: Readonly<Record<QualityCategory, number>>;
  readonly labels: Readonly<Record<QualityLabel, number>>;
  readonly weakestArea: QualityCategory;
  readonly strongestArea: QualityCategory;
  readonly trends: Readonly<Record<QualityCategory | 'overall', QualityTrend>>;
  readonly recommendations: readonly QualityRecommendation[];
}

const CATEGORIES = Object.keys(QUALITY_WEIGHTS) as QualityCategory[];
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function trend(values: readonly number[]): QualityTrend {
  if (values.length < 10) return 'insufficient_data';
  const last = mean(values.slice(-5));
  const before = mean(values.slice(-10, -5));
  return last - before > 0.1 ? 'improving' : last - before < -0.1 ? 'declining' : 'stable';
}

/**
 * The original's quality summary over the last 20 decisions (oldest first in `history`):
 * averages per category and overall, label counts, weakest/strongest area; trends compare the mean
 * of the last 5 with the 5 before, beyond ±0.1 (needs ≥ 10 decisions, else `insufficient_data`);
 * recommendations: CRITICAL when the average overall is < 0.5, HIGH when the weakest area averages
 * < 0.6, MEDIUM for each declining area. Returns `undefined` for an empty history.
 *
 * @example
 * ```ts
 * import { qualitySummary } from '@minhos/engine';
 * qualitySummary([]); // undefined
 * ```
 */
export function qualitySummary(history: readonly DecisionQuality[]): QualitySummary | undefined {
  const recent = history.slice(-20);
  if (recent.length === 0) return undefined;
  const averages = Object.fromEntries(
    CATEGORIES.map((c) => [c, mean(recent.map((q) => q.scores[c]))]),
  ) as Record<QualityCategory, number>;
  const labels: Record<QualityLabel, number> = { EXCELLENT: 0, GOOD: 0, ACCEPTABLE: 0, POOR: 0 };
  for (const q of recent) labels[q.label] += 1;
  const byAverage = [...CATEGORIES].sort((a, b) => averages[a] - averages[b]);
  const weakestArea = byAverage[0] as QualityCategory;
  const strongestArea = byAverage[byAverage.length - 1] as QualityCategory;
  const trends = Object.fromEntries([
    ...CATEGORIES.map((c) => [c, trend(recent.map((q) => q.scores[c]))]),
    ['overall', trend(recent.map((q) => q.overall))],
  ]) as Record<QualityCategory | 'overall', QualityTrend>;
  const averageOverall = mean(recent.map((q) => q.overall));
  const recommendations: QualityRecommendation[] = [];
  if (averageOverall < 0.5) {
    recommendations.push({
      priority: 'CRITICAL',
      area: 'overall',
      message: `average decision quality ${averageOverall.toFixed(3)} < 0.5: review the decision process before trading on`,
    });
  }
  if (averages[weakestArea] < 0.6) {
    recommendations.push({
      priority: 'HIGH',
      area: weakestArea,
      message: `${weakestArea} averages ${averages[weakestArea].toFixed(3)} < 0.6: improve it first`,
    });
  }
  for (const c of CATEGORIES) {
    if (trends[c] === 'declining') {
      recommendations.push({
        priority: 'MEDIUM',
        area: c,
        message: `${c} is declining (last 5 vs previous 5 below −0.1)`,
      });
    }
  }
  return {
    count: recent.length,
    averageOverall,
    averages,
    labels,
    weakestArea,
    strongestArea,
    trends,
    recommendations,
  };
}
