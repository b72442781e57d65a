import { US_PER_SECOND } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { emergencyStopActions } from './emergencyStopActions.js';
import { ES, NOW, testRequest } from './internal/testRequest.js';
import type { PreTradeRequest } from './RiskCheck.js';
import { DEFAULT_BREAKER_EFFECTS, type EmergencyStopLevel, type TrippedBreaker } from './RiskControlState.js';
import { validateOrder } from './validateOrder.js';

const withLevel = (r: PreTradeRequest, level: EmergencyStopLevel): PreTradeRequest => ({
  ...r,
  control: { ...r.control, emergencyStop: { level } },
});
const breaker = (kind: 'STALE_DATA'): TrippedBreaker => ({
  kind,
  effect: DEFAULT_BREAKER_EFFECTS[kind],
  trippedAt: NOW - 1,
  actor: 'system:circuit-breaker',
  reason: 'test',
});

// Exits (reduce-only closes, protective stops) under every emergency level and stressed condition.
describe('emergency paths', () => {
  const held = [{ instrument: ES, quantity: 3, markPrice: 6000, pointValue: 50 }];
  const stressed = (level: EmergencyStopLevel, stress: 'stale' | 'rate' | 'haltBreaker'): PreTradeRequest => {
    const base = withLevel(testRequest({ positions: held }), level);
    if (stress === 'stale')
      return { ...base, market: { lastPrice: 6000, lastUpdate: NOW - 400 * US_PER_SECOND } };
    if (stress === 'rate')
      return { ...base, recentOrderTimes: Array.from({ length: 10 }, (_, i) => NOW - i * US_PER_SECOND) };
    return { ...base, control: { ...base.control, breakers: { STALE_DATA: breaker('STALE_DATA') } } };
  };

  for (const level of ['FLATTEN', 'HALT', 'REDUCE_ONLY', 'NONE'] as const) {
    for (const stress of ['stale', 'rate', 'haltBreaker'] as const) {
      it(`${level} + ${stress}: the flatten order passes, an opening order does not`, () => {
        const r = stressed(level, stress);
        const { close } = emergencyStopActions('FLATTEN', { positions: held, workingOrders: [] });
        const order = close[0];
        expect(order).toMatchObject({ side: 'SELL', quantity: 3, reduceOnly: true, type: 'MARKET' });
        if (order === undefined) return;
        const d = validateOrder({ ...r, order });
        expect(d.ok ? [] : d.reasons.map((x) => `${x.code}: ${x.message}`)).toEqual([]);
        expect(validateOrder(r).ok).toBe(false);
      });
    }
  }

  it('HALT passes a protective stop and refuses a plain order even if it reduces', () => {
    const r = withLevel(testRequest({ positions: held }), 'HALT');
    const stop = {
      instrument: ES,
      side: 'SELL' as const,
      quantity: 3,
      type: 'STOP' as const,
      stopPrice: 5980,
      role: 'STOP_LOSS' as const,
    };
    expect(validateOrder({ ...r, order: stop }).ok).toBe(true);
    const plain = { instrument: ES, side: 'SELL' as const, quantity: 1, limitPrice: 6000 };
    expect(validateOrder({ ...r, order: plain }).ok).toBe(false);
  });
});
