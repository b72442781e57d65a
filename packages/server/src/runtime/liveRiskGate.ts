import type { RiskConfig } from '@minhos/config';
import { type RiskGate, riskGateFromLimits } from '@minhos/engine';
import { initialRiskControlState, type RiskLimits, resolveRiskLimits } from '@minhos/risk';
import type { RiskSettings } from './RiskSettings.js';

/** Maps the config `risk` section onto `@minhos/risk`'s limits (units: USD, fractions, µs). */
export function riskLimitsOf(risk: RiskConfig): RiskLimits {
  return resolveRiskLimits({
    maxPositionContracts: risk.maxPositionContracts,
    maxDailyLossUsd: risk.maxDailyLoss,
    dailyLossBreakerMultiple: risk.breakerRatio,
    maxDrawdownFraction: risk.maxDrawdown,
    maxOpenPositions: risk.maxPositions,
    maxOrdersPerMinute: risk.maxOrdersPerMinute,
    maxNotionalUsd: risk.maxNotionalExposure,
    maxTradeRiskUsd: risk.maxTradeRisk,
    requireProtectiveStop: risk.requireProtectiveStop,
    maxDataAgeUs: risk.staleDataSeconds * 1_000_000,
    priceBandFraction: risk.priceBand,
    minConfidence: risk.minConfidence,
  });
}

/**
 * The OMS risk gate on the LIVE parameters: `@minhos/risk`'s full pre-trade check (through the
 * engine's `riskGateFromLimits`), rebuilt whenever the parameters change through the API.
 */
export function liveRiskGate(settings: RiskSettings): RiskGate {
  const control = initialRiskControlState();
  const build = (risk: RiskConfig): RiskGate =>
    riskGateFromLimits({ limits: riskLimitsOf(risk), control: () => control });
  let gate = build(settings.current);
  settings.onChange((next) => {
    gate = build(next);
  });
  return (input) => gate(input);
}
