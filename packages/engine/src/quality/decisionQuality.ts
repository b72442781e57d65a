import type { Side } from '@minhos/core';

/** The six categories of the original's decision-quality score. */
export type QualityCategory =
  | 'information_analysis'
  | 'risk_assessment'
  | 'execution_discipline'
  | 'pattern_recognition'
  | 'market_context'
  | 'timing_quality';

/** Category weights (sum 1), the original's. */
export const QUALITY_WEIGHTS: Readonly<Record<QualityCategory, number>> = Object.freeze({
  information_analysis: 0.2,
  risk_assessment: 0.2,
  execution_discipline: 0.2,
  pattern_recognition: 0.15,
  market_context: 0.15,
  timing_quality: 0.1,
});

/** Labels of an overall score. */
export type QualityLabel = 'EXCELLENT' | 'GOOD' | 'ACCEPTABLE' | 'POOR';

/** What a decision record says about itself, read by {@link decisionQuality}. */
export interface DecisionQualityInput {
  /** Distinct timeframes analysed. */
  readonly timeframesAnalyzed: number;
  readonly volumeAnalyzed: boolean;
  /** Distinct indicators used. */
  readonly indicatorsUsed: number;
  readonly marketRegimeKnown: boolean;
  /** A per-member confidence breakdown exists. */
  readonly confidenceBreakdown: boolean;
  readonly positionSizeCalculated: boolean;
  readonly stopLossSet: boolean;
  readonly riskRewardSet: boolean;
  readonly portfolioImpactAssessed: boolean;
  /** Planned and executed trade, when there was an execution. */
  readonly execution?: {
    readonly plannedSide: Side;
    readonly executedSide: Side;
    readonly plannedQuantity: number;
    readonly executedQuantity: number;
    /** Seconds from signal to execution. */
    readonly delaySeconds: number;
    readonly signalPrice: number;
    readonly executionPrice: number;
  };
  /** Patterns identified, each with a confidence in [0, 1]. */
  readonly patterns: readonly { readonly name: string; readonly confidence: number }[];
  readonly patternContext: boolean;
  readonly sessionKnown: boolean;
  readonly volatilityAssessed: boolean;
  readonly correlatedMarketsChecked: boolean;
  readonly eventRiskConsidered: boolean;
}

/** One decision's quality. */
export interface DecisionQuality {
  readonly scores: Readonly<Record<QualityCategory, number>>;
  /** Σ weight × score. */
  readonly overall: number;
  readonly label: QualityLabel;
  /** Why each category scored what it did. */
  readonly reasoning: Readonly<Record<QualityCategory, readonly string[]>>;
}

/** Label of an overall score: ≥ 0.85 EXCELLENT, ≥ 0.70 GOOD, ≥ 0.50 ACCEPTABLE, else POOR. */
export function qualityLabel(overall: number): QualityLabel {
  return overall >= 0.85 ? 'EXCELLENT' : overall >= 0.7 ? 'GOOD' : overall >= 0.5 ? 'ACCEPTABLE' : 'POOR';
}

/**
 * The original's decision-quality score, rule for rule (reference `original-system.md`):
 *
 * | category (weight) | rule |
 * |---|---|
 * | information_analysis (0.20) | +0.25 ≥ 3 timeframes; +0.20 volume; +0.25 ≥ 3 indicators; +0.15 regime; +0.15 confidence breakdown; cap 1 |
 * | risk_assessment (0.20) | +0.25 each: size calculated, stop set, risk/reward set, portfolio impact assessed |
 * | execution_discipline (0.20) | 1.0; −0.5 executed DIRECTION ≠ planned (BUY/SELL, not STRONG_BUY vs BUY: the original's bug, fixed); −0.25 size off by > 10 %; −0.25 delay > 60 s; floor 0 |
 * | pattern_recognition (0.15) | +0.40 any pattern; +0.30 any pattern confidence > 0.8; +0.30 pattern context |
 * | market_context (0.15) | +0.25 each: session, volatility, correlated markets, event risk |
 * | timing_quality (0.10) | 0.5; slippage |signal − exec| / signal < 0.1 % → 0.9, < 0.5 % → 0.7, > 1 % → 0.3 |
 *
 * Without an execution, discipline stays 1.0 and timing at its default 0.5. Sides are core's
 * `BUY`/`SELL`, so only the direction can be compared.
 *
 * @example
 * ```ts
 * import { decisionQuality } from '@minhos/engine';
 * const q = decisionQuality({ timeframesAnalyzed: 1, volumeAnalyzed: true, indicatorsUsed: 4, marketRegimeKnown: true, confidenceBreakdown: true, positionSizeCalculated: true, stopLossSet: true, riskRewardSet: true, portfolioImpactAssessed: false, patterns: [], patternContext: false, sessionKnown: true, volatilityAssessed: true, correlatedMarketsChecked: false, eventRiskConsidered: false });
 * q.scores.information_analysis; // 0.75
 * ```
 */
export function decisionQuality(input: DecisionQualityInput): DecisionQuality {
  const why: Record<QualityCategory, string[]> = {
    information_analysis: [],
    risk_assessment: [],
    execution_discipline: [],
    pattern_recognition: [],
    market_context: [],
    timing_quality: [],
  };
  const add = (c: QualityCategory, on: boolean, points: number, text: string): number => {
    if (!on) return 0;
    why[c].push(`+${points} ${text}`);
    return points;
  };
  const info = Math.min(
    1,
    add(
      'information_analysis',
      input.timeframesAnalyzed >= 3,
      0.25,
      `${input.timeframesAnalyzed} timeframes`,
    ) +
      add('information_analysis', input.volumeAnalyzed, 0.2, 'volume analysed') +
      add('information_analysis', input.indicatorsUsed >= 3, 0.25, `${input.indicatorsUsed} indicators`) +
      add('information_analysis', input.marketRegimeKnown, 0.15, 'market regime known') +
      add('information_analysis', input.confidenceBreakdown, 0.15, 'confidence breakdown'),
  );
  const risk =
    add('risk_assessment', input.positionSizeCalculated, 0.25, 'position size calculated') +
    add('risk_assessment', input.stopLossSet, 0.25, 'stop loss set') +
    add('risk_assessment', input.riskRewardSet, 0.25, 'risk/reward set') +
    add('risk_assessment', input.portfolioImpactAssessed, 0.25, 'portfolio impact assessed');
  let discipline = 1;
  let timing = 0.5;
  const x = input.execution;
  if (x === undefined) {
    why.execution_discipline.push('no execution: 1.0');
    why.timing_quality.push('no execution: default 0.5');
  } else {
    if (x.executedSide !== x.plannedSide) {
      discipline -= 0.5;
      why.execution_discipline.push(`−0.5 executed ${x.executedSide}, planned ${x.plannedSide}`);
    }
    const sizeOff =
      x.plannedQuantity > 0 ? Math.abs(x.executedQuantity - x.plannedQuantity) / x.plannedQuantity : 0;
    if (sizeOff > 0.1) {
      discipline -= 0.25;
      why.execution_discipline.push(`−0.25 size ${x.executedQuantity} vs planned ${x.plannedQuantity}`);
    }
    if (x.delaySeconds > 60) {
      discipline -= 0.25;
      why.execution_discipline.push(`−0.25 delay ${x.delaySeconds} s > 60 s`);
    }
    discipline = Math.max(0, discipline);
    const slip = Math.abs(x.signalPrice - x.executionPrice) / x.signalPrice;
    timing = slip < 0.001 ? 0.9 : slip < 0.005 ? 0.7 : slip > 0.01 ? 0.3 : 0.5;
    why.timing_quality.push(`slippage ${(slip * 100).toFixed(4)} % → ${timing}`);
  }
  const strongPattern = input.patterns.some((p) => p.confidence > 0.8);
  const pattern =
    add('pattern_recognition', input.patterns.length > 0, 0.4, `${input.patterns.length} patterns`) +
    add('pattern_recognition', strongPattern, 0.3, 'a pattern with confidence > 0.8') +
    add('pattern_recognition', input.patternContext, 0.3, 'pattern context');
  const context =
    add('market_context', input.sessionKnown, 0.25, 'session known') +
    add('market_context', input.volatilityAssessed, 0.25, 'volatility assessed') +
    add('market_context', input.correlatedMarketsChecked, 0.25, 'correlated markets checked') +
    add('market_context', input.eventRiskConsidered, 0.25, 'event risk considered');
  const scores: Record<QualityCategory, number> = {
    information_analysis: round(info),
    risk_assessment: round(risk),
    execution_discipline: round(discipline),
    pattern_recognition: round(pattern),
    market_context: round(context),
    timing_quality: timing,
  };
  let overall = 0;
  for (const c of Object.keys(QUALITY_WEIGHTS) as QualityCategory[])
    overall += QUALITY_WEIGHTS[c] * scores[c];
  overall = round(overall);
  return { scores, overall, label: qualityLabel(overall), reasoning: why };
}

// Sums of 0.05-multiples: strip the binary noise so that 0.7 is 0.7 for the labels and the golden values.
function round(v: number): number {
  return Math.round(v * 1e12) / 1e12;
}
