import { isMinhosError } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import {
  AUTO_RESET_ACTOR,
  autoResetBreakers,
  breakerBreaches,
  CIRCUIT_BREAKER_ACTOR,
  evaluateCircuitBreakers,
} from './evaluateCircuitBreakers.js';
import {
  initialRiskControlState,
  type RiskControlState,
  resetBreaker,
  setEmergencyStop,
  setTradingEnabled,
  tradingState,
  tripBreaker,
} from './RiskControlState.js';
import { DEFAULT_RISK_LIMITS } from './RiskLimits.js';

const admin = (at: number, reason = 'test') => ({ actor: 'admin:alice', reason, at });

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw r.error;
  return r.value;
}

describe('emergency stop transitions', () => {
  it('walks NONE → REDUCE_ONLY → FLATTEN → NONE with an audited event each time', () => {
    let s = initialRiskControlState();
    const a = must(setEmergencyStop(s, 'REDUCE_ONLY', admin(1, 'news')));
    s = a.state;
    expect(a.event).toMatchObject({
      seq: 1,
      kind: 'EMERGENCY_STOP_CHANGED',
      fromLevel: 'NONE',
      toLevel: 'REDUCE_ONLY',
      actor: 'admin:alice',
      reason: 'news',
      at: 1,
      tradingStateBefore: 'ACTIVE',
      tradingStateAfter: 'REDUCING',
    });
    s = must(setEmergencyStop(s, 'FLATTEN', admin(2))).state;
    expect(tradingState(s)).toBe('HALTED');
    const released = must(setEmergencyStop(s, 'NONE', admin(3, 'all clear')));
    expect(released.event).toMatchObject({
      fromLevel: 'FLATTEN',
      toLevel: 'NONE',
      tradingStateAfter: 'ACTIVE',
    });
    expect(released.state.audit.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(released.state.emergencyStop).toEqual({
      level: 'NONE',
      since: 3,
      actor: 'admin:alice',
      reason: 'all clear',
    });
  });

  it('does not mutate the previous state (immutable, frozen)', () => {
    const s0 = initialRiskControlState();
    const s1 = must(setEmergencyStop(s0, 'HALT', admin(1))).state;
    expect(s0.emergencyStop.level).toBe('NONE');
    expect(s0.audit).toHaveLength(0);
    expect(Object.isFrozen(s1)).toBe(true);
    expect(Object.isFrozen(s1.audit)).toBe(true);
    expect(JSON.parse(JSON.stringify(s1))).toEqual(s1);
  });

  it('returns error values for no-op and out-of-order actions; throws on a missing actor or reason', () => {
    const s = must(setEmergencyStop(initialRiskControlState(), 'HALT', admin(10))).state;
    const same = setEmergencyStop(s, 'HALT', admin(11));
    expect(!same.ok && same.error.code).toBe('EMERGENCY_STOP_UNCHANGED');
    const early = setEmergencyStop(s, 'NONE', admin(9));
    expect(!early.ok && early.error.code).toBe('RISK_EVENT_OUT_OF_ORDER');
    expect(() => setEmergencyStop(s, 'NONE', { actor: ' ', reason: 'x', at: 11 })).toThrowError(/actor/);
    expect(() => setEmergencyStop(s, 'NONE', { actor: 'a', reason: '', at: 11 })).toThrowError(/reason/);
    expect(() => setEmergencyStop(s, 'PANIC' as 'HALT', admin(11))).toThrowError(/not one of/);
  });
});

describe('breakers', () => {
  it('trip and reset are explicit, recorded actions', () => {
    const tripped = must(
      tripBreaker(initialRiskControlState(), 'VOLATILITY_SPIKE', admin(5, 'FOMC'), { value: 3.4, limit: 3 }),
    );
    expect(tripped.state.breakers.VOLATILITY_SPIKE).toEqual({
      kind: 'VOLATILITY_SPIKE',
      effect: 'REDUCE_ONLY',
      trippedAt: 5,
      actor: 'admin:alice',
      reason: 'FOMC',
      value: 3.4,
      limit: 3,
    });
    expect(tradingState(tripped.state)).toBe('REDUCING');
    const again = tripBreaker(tripped.state, 'VOLATILITY_SPIKE', admin(6));
    expect(!again.ok && again.error.code).toBe('BREAKER_ALREADY_TRIPPED');
    const reset = must(
      resetBreaker(tripped.state, 'VOLATILITY_SPIKE', { actor: 'admin:bob', reason: 'calm again', at: 7 }),
    );
    expect(reset.state.breakers).toEqual({});
    expect(reset.event).toMatchObject({
      kind: 'BREAKER_RESET',
      breaker: 'VOLATILITY_SPIKE',
      actor: 'admin:bob',
      tradingStateAfter: 'ACTIVE',
    });
    const twice = resetBreaker(reset.state, 'VOLATILITY_SPIKE', admin(8));
    expect(!twice.ok && twice.error.code).toBe('BREAKER_NOT_TRIPPED');
  });

  it('a stale-data trip halts; the effect can be overridden', () => {
    const halted = must(tripBreaker(initialRiskControlState(), 'STALE_DATA', admin(1))).state;
    expect(tradingState(halted)).toBe('HALTED');
    const soft = must(
      tripBreaker(initialRiskControlState(), 'STALE_DATA', admin(1), { effect: 'REDUCE_ONLY' }),
    ).state;
    expect(tradingState(soft)).toBe('REDUCING');
  });

  it('trading switch', () => {
    const off = must(setTradingEnabled(initialRiskControlState(), false, admin(1)));
    expect(off.event).toMatchObject({ kind: 'TRADING_DISABLED', tradingStateAfter: 'HALTED' });
    const again = setTradingEnabled(off.state, false, admin(2));
    expect(!again.ok && isMinhosError(again.error, 'TRADING_ENABLED_UNCHANGED')).toBe(true);
    expect(tradingState(must(setTradingEnabled(off.state, true, admin(2))).state)).toBe('ACTIVE');
  });
});

describe('breakerBreaches and evaluateCircuitBreakers', () => {
  const L = DEFAULT_RISK_LIMITS;
  it('trip levels: at the level no trip, just above a trip', () => {
    const kinds = (m: Parameters<typeof breakerBreaches>[0]) => breakerBreaches(m, L).map((b) => b.kind);
    expect(kinds({ dailyPnl: -1200 })).toEqual([]);
    expect(kinds({ dailyPnl: -1200.01 })).toEqual(['DAILY_LOSS']);
    expect(kinds({ equity: 90_000, peakEquity: 100_000 })).toEqual([]);
    expect(kinds({ equity: 89_999, peakEquity: 100_000 })).toEqual(['DRAWDOWN']);
    expect(kinds({ volatilityRatio: 3 })).toEqual([]);
    expect(kinds({ volatilityRatio: 3.01 })).toEqual(['VOLATILITY_SPIKE']);
    expect(kinds({ dataAgeUs: L.staleDataBreakerUs })).toEqual([]);
    expect(kinds({ dataAgeUs: L.staleDataBreakerUs + 1 })).toEqual(['STALE_DATA']);
  });

  it('model accuracy over the last window only, and only with a full window', () => {
    const outcomes = (hits: number, n: number) => Array.from({ length: n }, (_, i) => i < hits);
    const acc = (o: boolean[]) => breakerBreaches({ predictionOutcomes: o }, L);
    expect(acc(outcomes(0, 99))).toEqual([]); // not enough predictions yet
    expect(acc(outcomes(45, 100))).toEqual([]); // exactly 0.45
    expect(acc(outcomes(44, 100))).toMatchObject([{ kind: 'MODEL_ACCURACY', value: 0.44, limit: 0.45 }]);
    // 100 misses followed by the last 100 all right: the window sees only the last 100.
    expect(acc([...outcomes(0, 100), ...outcomes(100, 100)])).toEqual([]);
  });

  it('trips each breached breaker once, recorded as the system, never resets', () => {
    const s0 = initialRiskControlState();
    const first = evaluateCircuitBreakers(s0, { dailyPnl: -1500, volatilityRatio: 4 }, L, 100);
    expect(first.events.map((e) => e.breaker)).toEqual(['DAILY_LOSS', 'VOLATILITY_SPIKE']);
    expect(first.state.breakers.DAILY_LOSS).toMatchObject({
      actor: CIRCUIT_BREAKER_ACTOR,
      value: 1500,
      limit: 1200,
      trippedAt: 100,
    });
    const second = evaluateCircuitBreakers(first.state, { dailyPnl: -1600, volatilityRatio: 1 }, L, 200);
    expect(second.events).toEqual([]);
    expect(second.state).toBe(first.state);
  });

  it('auto-reset only where configured, only after the next session start', () => {
    const tripped = evaluateCircuitBreakers(
      initialRiskControlState(),
      { dailyPnl: -1500, equity: 80_000, peakEquity: 100_000 },
      L,
      100,
    ).state;
    const before = autoResetBreakers(
      tripped,
      { DAILY_LOSS: 'NEXT_SESSION' },
      { sessionStart: 1000, at: 999 },
    );
    expect(before.events).toEqual([]);
    const sameSession = autoResetBreakers(
      tripped,
      { DAILY_LOSS: 'NEXT_SESSION' },
      { sessionStart: 50, at: 1000 },
    );
    expect(sameSession.events).toEqual([]); // tripped after that session started
    const next = autoResetBreakers(tripped, { DAILY_LOSS: 'NEXT_SESSION' }, { sessionStart: 1000, at: 1000 });
    expect(next.events).toMatchObject([
      { kind: 'BREAKER_RESET', breaker: 'DAILY_LOSS', actor: AUTO_RESET_ACTOR },
    ]);
    expect(Object.keys(next.state.breakers)).toEqual(['DRAWDOWN']);
    expect(tradingState(next.state)).toBe('REDUCING');
  });
});

describe('audit log', () => {
  it('is append-only across every kind of transition', () => {
    let s: RiskControlState = initialRiskControlState();
    s = must(setEmergencyStop(s, 'HALT', admin(1))).state;
    s = evaluateCircuitBreakers(s, { dataAgeUs: 10 ** 9 }, DEFAULT_RISK_LIMITS, 2).state;
    s = must(resetBreaker(s, 'STALE_DATA', admin(3))).state;
    s = must(setTradingEnabled(s, false, admin(4))).state;
    s = must(setEmergencyStop(s, 'NONE', admin(5))).state;
    expect(s.audit.map((e) => [e.seq, e.kind, e.at])).toEqual([
      [1, 'EMERGENCY_STOP_CHANGED', 1],
      [2, 'BREAKER_TRIPPED', 2],
      [3, 'BREAKER_RESET', 3],
      [4, 'TRADING_DISABLED', 4],
      [5, 'EMERGENCY_STOP_CHANGED', 5],
    ]);
    expect(tradingState(s)).toBe('HALTED'); // trading is still switched off
  });
});
