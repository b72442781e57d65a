import { isMinhosError, US_PER_DAY, US_PER_SECOND } from '@minhos/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emergencyStopActions } from './emergencyStopActions.js';
import { ES, GC, NOW, NQ, testRequest } from './internal/testRequest.js';
import { orderEffect } from './orderEffect.js';
import { DEFAULT_PRE_TRADE_CHECKS, emergencyStopCheck } from './preTradeChecks.js';
import type { PreTradeRequest, RiskCheck } from './RiskCheck.js';
import {
  BREAKER_KINDS,
  type BreakerKind,
  DEFAULT_BREAKER_EFFECTS,
  EMERGENCY_STOP_LEVELS,
  type EmergencyStopLevel,
  initialRiskControlState,
  type TrippedBreaker,
} from './RiskControlState.js';
import { validateOrder } from './validateOrder.js';

const withLevel = (r: PreTradeRequest, level: EmergencyStopLevel): PreTradeRequest => ({
  ...r,
  control: { ...r.control, emergencyStop: { level } },
});

describe('validateOrder', () => {
  it('passes a sane order and lists every check that ran, in order', () => {
    const d = validateOrder(testRequest());
    expect(d.ok).toBe(true);
    expect(d.checks.map((c) => c.check)).toEqual(DEFAULT_PRE_TRADE_CHECKS.map((c) => c.name));
    expect(d.checks.every((c) => c.enforced)).toBe(true);
    expect(d.warnings).toEqual([]);
    expect(d.at).toBe(NOW);
  });

  it('returns every enforced denial as a reason and still runs all checks', () => {
    const base = testRequest();
    const d = validateOrder({
      ...base,
      order: { ...base.order, quantity: 6, confidence: 0.3 },
      account: { equity: 100_000, peakEquity: 100_000, dailyPnl: -1100 },
    });
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.reasons.map((r) => r.code)).toEqual([
      'POSITION_LIMIT',
      'MARGIN_INSUFFICIENT', // 6 × 20,000 margin > 100,000 equity
      'DAILY_LOSS_LIMIT',
      'TRADE_RISK_LIMIT',
      'RISK_BUDGET_EXCEEDED',
      'CONFIDENCE_TOO_LOW',
    ]);
    expect(d.reasons[0]).toMatchObject({ check: 'maxPosition', value: 6, limit: 5, enforced: true });
    expect(d.checks).toHaveLength(DEFAULT_PRE_TRADE_CHECKS.length);
  });

  it('lets reducing orders through the exempt checks, flagged, but not through the others', () => {
    const base = testRequest();
    const reducing = {
      ...base,
      order: { instrument: ES, side: 'SELL' as const, quantity: 1, limitPrice: 6000, confidence: 0.1 },
      positions: [{ instrument: ES, quantity: 7, markPrice: 6000, pointValue: 50 }],
      account: { equity: 80_000, peakEquity: 100_000, dailyPnl: -1500 },
    };
    const d = validateOrder(reducing);
    expect(d.ok).toBe(true);
    const exempted = d.checks.filter((c) => c.reducingExemption).map((c) => c.check);
    expect(exempted).toEqual(['maxPosition', 'margin', 'dailyLoss', 'drawdown', 'confidence']);
    expect(d.breakerTrips).toEqual(['DAILY_LOSS', 'DRAWDOWN']);
    // The same order with stale data or a closed session is denied: those checks apply to every order.
    const stale = validateOrder({
      ...reducing,
      market: { lastPrice: 6000, lastUpdate: NOW - 61 * US_PER_SECOND },
    });
    expect(stale.ok).toBe(false);
    const closed = validateOrder({ ...reducing, instrument: { ...reducing.instrument, sessionOpen: false } });
    expect(closed.ok).toBe(false);
  });

  it('observe mode records a denial without blocking; off skips the check', () => {
    const base = testRequest();
    const r = { ...base, order: { ...base.order, confidence: 0.3 } };
    expect(validateOrder(r).ok).toBe(false);
    const observed = validateOrder(r, { modes: { confidence: 'observe' } });
    expect(observed.ok).toBe(true);
    const c = observed.checks.find((x) => x.check === 'confidence');
    expect(c).toMatchObject({ outcome: 'deny', enforced: false, code: 'CONFIDENCE_TOO_LOW' });
    expect(observed.warnings).toContain(c);
    const off = validateOrder(r, { modes: { confidence: 'off' } });
    expect(off.ok).toBe(true);
    expect(off.checks.some((x) => x.check === 'confidence')).toBe(false);
  });

  it('runs custom checks in the given order', () => {
    const custom: RiskCheck = {
      name: 'maxQuantityOne',
      description: 'test',
      reducingExempt: false,
      run: (ctx) =>
        ctx.order.quantity > 1
          ? {
              outcome: 'deny',
              code: 'TOO_MANY',
              message: 'more than one',
              value: ctx.order.quantity,
              limit: 1,
            }
          : { outcome: 'pass', code: 'ONE', message: 'one' },
    };
    const checks = [custom, ...DEFAULT_PRE_TRADE_CHECKS.slice().reverse()];
    const base = testRequest();
    const d = validateOrder({ ...base, order: { ...base.order, quantity: 2 } }, { checks });
    expect(d.checks.map((c) => c.check)).toEqual(checks.map((c) => c.name));
    expect(d.ok ? [] : d.reasons.map((r) => r.code)).toEqual(['TOO_MANY']);
  });

  it('always runs the emergency stop check, enforced', () => {
    const halted = withLevel(testRequest(), 'HALT');
    const onlyRate = DEFAULT_PRE_TRADE_CHECKS.filter((c) => c.name === 'orderRate');
    const d = validateOrder(halted, { checks: onlyRate });
    expect(d.checks.map((c) => c.check)).toEqual(['emergencyStop', 'orderRate']);
    expect(d.ok).toBe(false);
    for (const mode of ['off', 'observe'] as const) {
      expect(() => validateOrder(halted, { modes: { emergencyStop: mode } })).toThrowError(/always enforced/);
    }
    const impostor: RiskCheck = {
      ...emergencyStopCheck,
      run: () => ({ outcome: 'pass', code: 'X', message: 'x' }),
    };
    expect(() => validateOrder(halted, { checks: [impostor] })).toThrowError(/reserved/);
  });

  it('rejects a broken gate configuration with RISK_GATE_CONFIG_INVALID', () => {
    const r = testRequest();
    const tryIt = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isMinhosError(e, 'RISK_GATE_CONFIG_INVALID');
      }
      return false;
    };
    expect(tryIt(() => validateOrder(r, { modes: { nope: 'off' } }))).toBe(true);
    expect(
      tryIt(() =>
        validateOrder(r, { checks: [...DEFAULT_PRE_TRADE_CHECKS, DEFAULT_PRE_TRADE_CHECKS[1] as RiskCheck] }),
      ),
    ).toBe(true);
    expect(tryIt(() => validateOrder(r, { modes: { confidence: 'maybe' as 'off' } }))).toBe(true);
  });

  it('turns a throwing check into a denial', () => {
    const broken: RiskCheck = {
      name: 'broken',
      description: 'throws',
      reducingExempt: true,
      run: () => {
        throw new Error('boom');
      },
    };
    const d = validateOrder(testRequest(), { checks: [...DEFAULT_PRE_TRADE_CHECKS, broken] });
    expect(d.ok).toBe(false);
    expect(d.ok ? undefined : d.reasons[0]).toMatchObject({ check: 'broken', code: 'CHECK_ERROR' });
    expect(d.ok ? '' : d.reasons[0]?.message).toContain('boom');
  });

  it('a NaN quantity is a denial, not a crash', () => {
    const base = testRequest();
    const d = validateOrder({ ...base, order: { ...base.order, quantity: Number.NaN } });
    expect(d.ok).toBe(false);
    expect(d.ok ? [] : d.reasons.map((r) => r.code)).toContain('ORDER_QUANTITY_INVALID');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random requests.

const breaker = (kind: BreakerKind): TrippedBreaker => ({
  kind,
  effect: DEFAULT_BREAKER_EFFECTS[kind],
  trippedAt: NOW - 1,
  actor: 'system:circuit-breaker',
  reason: 'property test',
});

const arbRequest: fc.Arbitrary<PreTradeRequest> = fc
  .record({
    held: fc.integer({ min: -8, max: 8 }),
    nq: fc.integer({ min: -3, max: 3 }),
    gc: fc.integer({ min: -2, max: 2 }),
    side: fc.constantFrom('BUY' as const, 'SELL' as const),
    quantity: fc.integer({ min: 1, max: 12 }),
    ticksAway: fc.option(fc.integer({ min: -600, max: 600 }), { nil: undefined }),
    confidence: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    dailyPnl: fc.integer({ min: -1500, max: 500 }),
    equityDrop: fc.double({ min: 0, max: 0.15, noNaN: true }),
    recent: fc.integer({ min: 0, max: 11 }),
    ageS: fc.integer({ min: 0, max: 75 }),
    rollInDays: fc.integer({ min: -3, max: 40 }),
    // Biased towards an open, enabled market so that enough orders pass for the properties to bite.
    sessionOpen: fc.integer({ min: 0, max: 4 }).map((x) => x > 0),
    tradingEnabled: fc.integer({ min: 0, max: 4 }).map((x) => x > 0),
    volRatio: fc.option(fc.double({ min: 0.2, max: 5, noNaN: true }), { nil: undefined }),
    breakers: fc.option(fc.subarray([...BREAKER_KINDS]), { nil: [] as BreakerKind[], freq: 2 }),
  })
  .map((x) => {
    const base = testRequest();
    return {
      ...base,
      order: {
        instrument: ES,
        side: x.side,
        quantity: x.quantity,
        ...(x.ticksAway === undefined ? {} : { limitPrice: 6000 + x.ticksAway * 0.25 }),
        ...(x.confidence === undefined ? {} : { confidence: x.confidence }),
      },
      instrument: {
        ...base.instrument,
        rollDate: NOW + x.rollInDays * US_PER_DAY,
        sessionOpen: x.sessionOpen,
      },
      positions: [
        { instrument: ES, quantity: x.held, markPrice: 6000, pointValue: 50 },
        { instrument: NQ, quantity: x.nq, markPrice: 21_000, pointValue: 20 },
        { instrument: GC, quantity: x.gc, markPrice: 4000, pointValue: 100 },
      ],
      account: { equity: 100_000 * (1 - x.equityDrop), peakEquity: 100_000, dailyPnl: x.dailyPnl },
      market: {
        lastPrice: 6000,
        lastUpdate: NOW - x.ageS * US_PER_SECOND,
        ...(x.volRatio === undefined
          ? {}
          : { volatility: { realisedPerBar: x.volRatio, baselinePerBar: 1 } }),
      },
      control: {
        ...initialRiskControlState({ tradingEnabled: x.tradingEnabled }),
        breakers: Object.fromEntries(x.breakers.map((k) => [k, breaker(k)])),
      },
      recentOrderTimes: Array.from({ length: x.recent }, (_, i) => NOW - i * US_PER_SECOND),
    };
  });

const effectOf = (r: PreTradeRequest) => {
  const held = r.positions
    .filter((p) => p.instrument === r.order.instrument)
    .reduce((s, p) => s + p.quantity, 0);
  return orderEffect(held, r.order.side, r.order.quantity);
};

describe('properties', () => {
  it('an order denied without an emergency stop is denied under every stop level', () => {
    let denied = 0;
    fc.assert(
      fc.property(arbRequest, (r) => {
        const free = validateOrder(withLevel(r, 'NONE'));
        if (!free.ok) denied++;
        for (const level of EMERGENCY_STOP_LEVELS) {
          const d = validateOrder(withLevel(r, level));
          if (!free.ok) expect(d.ok).toBe(false);
          // Raising the level never removes a reason.
          const codes = new Set(d.ok ? [] : d.reasons.map((x) => `${x.check}:${x.code}`));
          for (const reason of free.ok ? [] : free.reasons)
            expect(codes.has(`${reason.check}:${reason.code}`)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
    expect(denied).toBeGreaterThan(50);
  });

  it('REDUCE_ONLY never passes an order that increases |position| or flips it', () => {
    let passed = 0;
    fc.assert(
      fc.property(arbRequest, (r) => {
        const d = validateOrder(withLevel(r, 'REDUCE_ONLY'));
        if (!d.ok) return;
        passed++;
        const e = effectOf(r);
        expect(Math.abs(e.after)).toBeLessThan(Math.abs(e.before));
        expect(Math.sign(e.after) * Math.sign(e.before)).not.toBe(-1);
      }),
      { numRuns: 1000 },
    );
    // Enough passing orders for the property to mean something (≈ 6 % of random requests pass).
    expect(passed).toBeGreaterThan(10);
  });

  it('HALT passes nothing and FLATTEN passes no opening order', () => {
    let passed = 0;
    fc.assert(
      fc.property(arbRequest, (r) => {
        expect(validateOrder(withLevel(r, 'HALT')).ok).toBe(false);
        const d = validateOrder(withLevel(r, 'FLATTEN'));
        if (d.ok) {
          passed++;
          expect(effectOf(r).reducing).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
    // Enough passing orders for the property to mean something (≈ 6 % of random requests pass).
    expect(passed).toBeGreaterThan(10);
  });

  it('a tripped breaker passes only reducing orders', () => {
    let passed = 0;
    fc.assert(
      fc.property(arbRequest, fc.constantFrom(...BREAKER_KINDS), (req, kind) => {
        const r = { ...req, control: { ...req.control, breakers: { [kind]: breaker(kind) } } };
        const d = validateOrder(r);
        if (d.ok) {
          passed++;
          expect(effectOf(r).reducing).toBe(true);
          expect(DEFAULT_BREAKER_EFFECTS[kind]).toBe('REDUCE_ONLY');
        }
      }),
      { numRuns: 1000 },
    );
    expect(passed).toBeGreaterThan(10);
  });

  it('ok exactly when no enforced check denies; observe mode never blocks', () => {
    fc.assert(
      fc.property(
        arbRequest,
        fc.subarray(DEFAULT_PRE_TRADE_CHECKS.map((c) => c.name).filter((n) => n !== 'emergencyStop')),
        (r, observed) => {
          const modes = Object.fromEntries(observed.map((n) => [n, 'observe' as const]));
          const d = validateOrder(r, { modes });
          const enforcedDeny = d.checks.some((c) => c.outcome === 'deny' && c.enforced);
          expect(d.ok).toBe(!enforcedDeny);
          for (const c of d.checks) expect(c.enforced).toBe(!observed.includes(c.check));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("FLATTEN's closing orders pass the gate under FLATTEN and leave every position flat", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 5 }).filter((q) => q !== 0),
        (held) => {
          const base = withLevel(testRequest(), 'FLATTEN');
          const positions = [{ instrument: ES, quantity: held, markPrice: 6000, pointValue: 50 }];
          const { close } = emergencyStopActions('FLATTEN', { positions, workingOrders: [] });
          expect(close).toHaveLength(1);
          const order = close[0];
          if (order === undefined) return;
          const d = validateOrder({ ...base, positions, order });
          expect(d.ok).toBe(true);
          expect(effectOf({ ...base, positions, order }).after).toBe(0);
        },
      ),
    );
  });
});
