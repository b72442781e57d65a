import { US_PER_SECOND } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_LIMITS, resolveRiskLimits, validateRiskLimits } from './RiskLimits.js';

describe('RiskLimits', () => {
  it('defaults match the original system', () => {
    expect(DEFAULT_RISK_LIMITS).toMatchObject({
      maxPositionContracts: 5,
      maxDailyLossUsd: 1000,
      dailyLossBreakerMultiple: 1.2,
      maxDrawdownFraction: 0.1,
      maxOpenPositions: 3,
      maxOrdersPerMinute: 10,
      maxDataAgeUs: 60 * US_PER_SECOND,
      warnFraction: 0.8,
    });
    expect(validateRiskLimits(DEFAULT_RISK_LIMITS)).toEqual([]);
    expect(Object.isFrozen(DEFAULT_RISK_LIMITS)).toBe(true);
  });

  it('resolves overrides, nested ones field by field', () => {
    const l = resolveRiskLimits({ maxPositionContracts: 2, modelAccuracy: { window: 50 } });
    expect(l.maxPositionContracts).toBe(2);
    expect(l.maxDailyLossUsd).toBe(1000);
    expect(l.modelAccuracy).toEqual({ window: 50, minAccuracy: 0.45 });
  });

  it.each([
    ['maxPositionContracts', 2.5],
    ['maxPositionContracts', 0],
    ['maxDailyLossUsd', -5],
    ['maxDailyLossUsd', Number.POSITIVE_INFINITY],
    ['dailyLossBreakerMultiple', 0.9],
    ['maxDrawdownFraction', 1.5],
    ['maxDrawdownFraction', 0],
    ['maxOpenPositions', -1],
    ['maxOrdersPerMinute', Number.NaN],
    ['maxNotionalUsd', 0],
    ['maxDataAgeUs', -1],
    ['priceBandFraction', 2],
    ['minConfidence', 1.1],
    ['rolloverWarningUs', -1],
    ['maxVolatilityRatio', 0],
    ['maxCorrelation', -1],
    ['warnFraction', 1],
  ] as const)('flags %s = %s', (path, value) => {
    const problems = validateRiskLimits(resolveRiskLimits({ [path]: value }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path, value });
    expect(problems[0]?.expected.length).toBeGreaterThan(3);
  });

  it('checks cross-field and nested rules', () => {
    expect(
      validateRiskLimits(resolveRiskLimits({ staleDataBreakerUs: 30 * US_PER_SECOND })).map((p) => p.path),
    ).toEqual(['staleDataBreakerUs']);
    expect(
      validateRiskLimits(resolveRiskLimits({ modelAccuracy: { window: 0, minAccuracy: 2 } })).map(
        (p) => p.path,
      ),
    ).toEqual(['modelAccuracy.window', 'modelAccuracy.minAccuracy']);
  });
});
