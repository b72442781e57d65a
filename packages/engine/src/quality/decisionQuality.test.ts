import { describe, expect, it } from 'vitest';
import { type DecisionQualityInput, decisionQuality, qualityLabel } from './decisionQuality.js';
import { qualitySummary } from './qualitySummary.js';

const base: DecisionQualityInput = {
  timeframesAnalyzed: 3,
  volumeAnalyzed: true,
  indicatorsUsed: 4,
  marketRegimeKnown: true,
  confidenceBreakdown: true,
  positionSizeCalculated: true,
  stopLossSet: true,
  riskRewardSet: true,
  portfolioImpactAssessed: false,
  execution: {
    plannedSide: 'BUY',
    executedSide: 'BUY',
    plannedQuantity: 2,
    executedQuantity: 2,
    delaySeconds: 5,
    signalPrice: 5000,
    executionPrice: 5002.5,
  },
  patterns: [{ name: 'breakout', confidence: 0.85 }],
  patternContext: true,
  sessionKnown: true,
  volatilityAssessed: true,
  correlatedMarketsChecked: false,
  eventRiskConsidered: false,
};

// Golden values worked by hand from the reference rules.
describe('decisionQuality (the original rules)', () => {
  it('a well-documented decision: 0.2·1 + 0.2·0.75 + 0.2·1 + 0.15·1 + 0.15·0.5 + 0.1·0.9 = 0.865 EXCELLENT', () => {
    const q = decisionQuality(base);
    expect(q.scores).toEqual({
      information_analysis: 1, // 0.25 + 0.20 + 0.25 + 0.15 + 0.15, capped at 1
      risk_assessment: 0.75,
      execution_discipline: 1,
      pattern_recognition: 1,
      market_context: 0.5,
      timing_quality: 0.9, // 2.5 / 5000 = 0.05 % < 0.1 %
    });
    expect(q.overall).toBe(0.865);
    expect(q.label).toBe('EXCELLENT');
  });

  it('a wrong-direction, oversized, late fill floors discipline at 0 and times at 0.5', () => {
    const q = decisionQuality({
      ...base,
      execution: {
        ...base.execution!,
        executedSide: 'SELL',
        executedQuantity: 3,
        delaySeconds: 90,
        executionPrice: 5035,
      },
    });
    expect(q.scores.execution_discipline).toBe(0); // 1 − 0.5 − 0.25 − 0.25
    expect(q.scores.timing_quality).toBe(0.5); // 0.7 % is between 0.5 % and 1 %
    expect(q.overall).toBe(0.625); // 0.2·1 + 0.2·0.75 + 0 + 0.15·1 + 0.15·0.5 + 0.1·0.5
    expect(q.label).toBe('ACCEPTABLE');
  });

  it('compares direction, not strength: STRONG_BUY planned and BUY executed is the same side', () => {
    // Sides are BUY/SELL; a STRONG_BUY plan is a BUY. The original compared 'STRONG_BUY' !== 'BUY' and lost 0.5.
    const q = decisionQuality(base);
    expect(q.reasoning.execution_discipline).toEqual([]);
    expect(q.scores.execution_discipline).toBe(1);
  });

  it('timing steps and a decision without execution', () => {
    const at = (px: number) =>
      decisionQuality({ ...base, execution: { ...base.execution!, executionPrice: px } }).scores
        .timing_quality;
    expect(at(5000)).toBe(0.9);
    expect(at(5010)).toBe(0.7); // 0.2 %
    expect(at(5050)).toBe(0.5); // exactly 1 %: not beyond
    expect(at(5051)).toBe(0.3);
    const { execution: _, ...noExec } = base;
    const q = decisionQuality({ ...noExec, patterns: [], patternContext: false, timeframesAnalyzed: 1 });
    expect(q.scores.execution_discipline).toBe(1);
    expect(q.scores.timing_quality).toBe(0.5);
    expect(q.scores.pattern_recognition).toBe(0);
    expect(q.scores.information_analysis).toBe(0.75);
  });

  it('labels at their edges', () => {
    expect([0.85, 0.8499, 0.7, 0.5, 0.4999].map(qualityLabel)).toEqual([
      'EXCELLENT',
      'GOOD',
      'GOOD',
      'ACCEPTABLE',
      'POOR',
    ]);
  });
});

describe('qualitySummary', () => {
  it('last 20, trends beyond ±0.1 over 5 vs 5, recommendations', () => {
    const good = decisionQuality(base);
    const poor = decisionQuality({
      ...base,
      execution: {
        ...base.execution!,
        executedSide: 'SELL',
        executedQuantity: 3,
        delaySeconds: 90,
        executionPrice: 5100,
      },
      sessionKnown: false,
      volatilityAssessed: false,
    });
    const history = [...Array.from({ length: 25 }, () => good), ...Array.from({ length: 5 }, () => poor)];
    const s = qualitySummary(history)!;
    expect(s.count).toBe(20);
    expect(s.labels.EXCELLENT).toBe(15);
    expect(s.trends.execution_discipline).toBe('declining');
    expect(s.trends.information_analysis).toBe('stable');
    expect(s.weakestArea).toBe('market_context'); // (15·0.5 + 5·0) / 20 = 0.375
    expect(s.averages.market_context).toBeCloseTo(0.375, 12);
    expect(s.recommendations.map((r) => [r.priority, r.area])).toEqual([
      ['HIGH', 'market_context'],
      ['MEDIUM', 'execution_discipline'],
      ['MEDIUM', 'market_context'],
      ['MEDIUM', 'timing_quality'],
    ]);
    expect(qualitySummary(history.slice(0, 9))!.trends.overall).toBe('insufficient_data');
    const worst = decisionQuality({
      ...base,
      execution: { ...base.execution!, executedSide: 'SELL', executionPrice: 5100 },
      patterns: [],
      patternContext: false,
      sessionKnown: false,
      volatilityAssessed: false,
    });
    expect(worst.overall).toBe(0.48); // 0.2·1 + 0.2·0.75 + 0.2·0.5 + 0 + 0 + 0.1·0.3
    const allPoor = qualitySummary(Array.from({ length: 3 }, () => worst))!;
    expect(allPoor.recommendations[0]!.priority).toBe('CRITICAL');
  });
});
