/**
 * One source of truth for defaults: `@minhos/config` (what a deployment reads) and the packages it
 * configures (`@minhos/risk`, `@minhos/kelly`) must agree on every default they share. Config does
 * not import risk or kelly (nor the reverse), so the check lives here, in the package that depends
 * on all of them: change a default in one place and this test names the other.
 */

import { defaultConfig } from '@minhos/config';
import { US_PER_SECOND } from '@minhos/core';
import { DEFAULT_KELLY_SETTINGS, type KellySettings } from '@minhos/kelly';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '@minhos/risk';
import { describe, expect, it } from 'vitest';

describe('defaults shared by @minhos/config and the packages', () => {
  it('config.risk matches DEFAULT_RISK_LIMITS (key by key, units converted)', () => {
    const r = defaultConfig.risk;
    const fromConfig: Partial<RiskLimits> = {
      maxPositionContracts: r.maxPositionContracts,
      maxOpenPositions: r.maxPositions,
      maxDailyLossUsd: r.maxDailyLoss,
      maxDrawdownFraction: r.maxDrawdown,
      maxNotionalUsd: r.maxNotionalExposure,
      maxTradeRiskUsd: r.maxTradeRisk,
      requireProtectiveStop: r.requireProtectiveStop,
      maxOrdersPerMinute: r.maxOrdersPerMinute,
      maxDataAgeUs: r.staleDataSeconds * US_PER_SECOND,
      priceBandFraction: r.priceBand,
      minConfidence: r.minConfidence,
      warnFraction: r.warnRatio,
      dailyLossBreakerMultiple: r.breakerRatio,
      maxVolatilityRatio: r.volatilitySpikeRatio,
    };
    const expected = Object.fromEntries(
      Object.keys(fromConfig).map((k) => [k, DEFAULT_RISK_LIMITS[k as keyof RiskLimits]]),
    );
    expect(fromConfig).toEqual(expected);
    expect(r.minModelAccuracy).toBe(DEFAULT_RISK_LIMITS.modelAccuracy.minAccuracy);
  });

  it('config.kelly matches DEFAULT_KELLY_SETTINGS on every key it has (same names)', () => {
    const k = defaultConfig.kelly as Readonly<Record<string, unknown>>;
    const shared = Object.keys(k);
    for (const key of shared) expect(key in DEFAULT_KELLY_SETTINGS, `kelly has no setting ${key}`).toBe(true);
    expect(k).toEqual(
      Object.fromEntries(shared.map((key) => [key, DEFAULT_KELLY_SETTINGS[key as keyof KellySettings]])),
    );
  });

  it("kelly's drawdown limit is the gate's, and its contract cap the gate's position limit", () => {
    expect(DEFAULT_KELLY_SETTINGS.drawdownLimit).toBe(DEFAULT_RISK_LIMITS.maxDrawdownFraction);
    expect(DEFAULT_KELLY_SETTINGS.drawdownReductionStart).toBe(DEFAULT_RISK_LIMITS.maxDrawdownFraction / 2);
    expect(DEFAULT_KELLY_SETTINGS.maxContracts).toBe(DEFAULT_RISK_LIMITS.maxPositionContracts);
  });
});
