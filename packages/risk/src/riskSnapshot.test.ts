import { describe, expect, it } from 'vitest';
import { ES, NOW, NQ, testRequest } from './internal/testRequest.js';
import { initialRiskControlState, setEmergencyStop, tripBreaker } from './RiskControlState.js';
import { DEFAULT_RISK_LIMITS } from './RiskLimits.js';
import { riskSnapshot } from './riskSnapshot.js';
import { validateOrder } from './validateOrder.js';

const positions = [
  { instrument: ES, quantity: 2, markPrice: 6000, pointValue: 50, marginPerContract: 20_000 },
  { instrument: NQ, quantity: -1, markPrice: 21_000, pointValue: 20, marginPerContract: 30_000 },
];

describe('riskSnapshot', () => {
  it('computes exposure with point values, margin, budget and drawdown', () => {
    const s = riskSnapshot({
      at: NOW,
      account: { equity: 95_000, peakEquity: 100_000, dailyPnl: -700 },
      positions,
      control: initialRiskControlState(),
      limits: DEFAULT_RISK_LIMITS,
    });
    expect(s.exposure.grossNotionalUsd).toBe(600_000 + 420_000);
    expect(s.exposure.netNotionalUsd).toBe(600_000 - 420_000);
    expect(s.exposure.used).toBeCloseTo(1_020_000 / 2_000_000, 12);
    expect(s.exposure.byInstrument).toEqual([
      { instrument: ES, quantity: 2, notionalUsd: 600_000, marginUsd: 40_000 },
      { instrument: NQ, quantity: -1, notionalUsd: -420_000, marginUsd: 30_000 },
    ]);
    expect(s.marginUsedUsd).toBe(70_000);
    expect(s.marginUsed).toBeCloseTo(70_000 / 95_000, 12);
    expect(s.riskBudgetUsed).toBeCloseTo(0.7, 12);
    expect(s.drawdown.current).toBeCloseTo(0.05, 12);
    expect(s.openPositions).toBe(2);
    // Usage: budget 0.7, drawdown 0.5, exposure 0.51, positions 0.67 — all within 0.8 of their limits.
    expect(s.riskLevel).toBe('LOW');
  });

  it('risk level: LOW, MEDIUM, HIGH and CRITICAL', () => {
    const level = (dailyPnl: number, control = initialRiskControlState()) =>
      riskSnapshot({
        at: NOW,
        account: { equity: 100_000, peakEquity: 100_000, dailyPnl },
        positions: [],
        control,
        limits: DEFAULT_RISK_LIMITS,
      }).riskLevel;
    expect(level(0)).toBe('LOW');
    expect(level(-801)).toBe('MEDIUM');
    expect(level(-1001)).toBe('HIGH');
    const tripped = tripBreaker(initialRiskControlState(), 'DRAWDOWN', { actor: 'a', reason: 'r', at: 1 });
    expect(tripped.ok && level(0, tripped.value.state)).toBe('HIGH');
    const halted = setEmergencyStop(initialRiskControlState(), 'HALT', { actor: 'a', reason: 'r', at: 1 });
    expect(halted.ok && level(0, halted.value.state)).toBe('CRITICAL');
  });

  it('lists breakers, stop level and the newest violations first', () => {
    const tripped = tripBreaker(
      initialRiskControlState(),
      'DAILY_LOSS',
      { actor: 'system:circuit-breaker', reason: 'loss', at: 1 },
      { value: 1300, limit: 1200 },
    );
    if (!tripped.ok) throw tripped.error;
    const base = testRequest();
    const older = validateOrder({ ...base, now: NOW - 10, order: { ...base.order, quantity: 6 } });
    const newer = validateOrder({ ...base, order: { ...base.order, confidence: 0.1 } });
    const s = riskSnapshot({
      at: NOW,
      account: base.account,
      positions: [],
      control: tripped.value.state,
      limits: DEFAULT_RISK_LIMITS,
      recentDecisions: [older, newer],
      maxViolations: 2,
    });
    expect(s.tradingState).toBe('REDUCING');
    expect(s.emergencyStop).toBe('NONE');
    expect(s.breakers.find((b) => b.kind === 'DAILY_LOSS')).toEqual({
      kind: 'DAILY_LOSS',
      tripped: true,
      trippedAt: 1,
      actor: 'system:circuit-breaker',
      reason: 'loss',
      value: 1300,
      limit: 1200,
    });
    expect(s.breakers.filter((b) => b.tripped)).toHaveLength(1);
    expect(s.recentViolations.map((v) => [v.at, v.code])).toEqual([
      [NOW, 'CONFIDENCE_TOO_LOW'],
      [NOW - 10, 'POSITION_LIMIT'],
    ]);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
