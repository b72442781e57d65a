import { orderId } from '@minhos/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ES, NQ, testRequest } from './internal/testRequest.js';
import type { PreTradeRequest } from './RiskCheck.js';
import type { WorkingOrder } from './types.js';
import { validateOrder } from './validateOrder.js';
import { worstCaseBook } from './worstCaseBook.js';

const withLevel = (r: PreTradeRequest, level: 'REDUCE_ONLY'): PreTradeRequest => ({
  ...r,
  control: { ...r.control, emergencyStop: { level } },
});

// The book checks (worst-case position, exposure, margin, max positions, risk at the stop) and the
// request check's order-type rules, through the gate.
const working = (
  id: string,
  side: 'BUY' | 'SELL',
  remainingQuantity: number,
  extra: Partial<WorkingOrder> = {},
): WorkingOrder => ({ id: orderId(id), instrument: ES, side, remainingQuantity, ...extra });

describe('working orders in the gate', () => {
  it('counts working orders on the same side: position 4 + working BUY 1 + BUY 1 > 5', () => {
    const base = testRequest();
    const r: PreTradeRequest = {
      ...base,
      positions: [{ instrument: ES, quantity: 4, markPrice: 6000, pointValue: 50 }],
      workingOrders: [working('w1', 'BUY', 1, { type: 'LIMIT', limitPrice: 5990 })],
    };
    const d = validateOrder(r);
    expect(d.ok).toBe(false);
    expect(d.ok ? [] : d.reasons.map((x) => x.code)).toContain('POSITION_LIMIT');
    expect(d.checks.find((c) => c.check === 'maxPosition')?.value).toBe(6);
  });

  it('ten simultaneous BUY 1 against a long 4 (limit 5): only the first passes', () => {
    const base = testRequest();
    const book: WorkingOrder[] = [];
    let passed = 0;
    for (let i = 0; i < 10; i++) {
      const d = validateOrder({
        ...base,
        positions: [{ instrument: ES, quantity: 4, markPrice: 6000, pointValue: 50 }],
        workingOrders: book,
      });
      if (d.ok) {
        passed++;
        book.push(working(`o${i}`, 'BUY', 1, { type: 'LIMIT', limitPrice: 6000 }));
      }
    }
    expect(passed).toBe(1);
  });

  it('REDUCE_ONLY: a second SELL 2 against a long 2 with a working SELL 2 is not reducing', () => {
    const base = withLevel(testRequest(), 'REDUCE_ONLY');
    const positions = [{ instrument: ES, quantity: 2, markPrice: 6000, pointValue: 50 }];
    const order = { instrument: ES, side: 'SELL' as const, quantity: 2, limitPrice: 6000 };
    expect(validateOrder({ ...base, positions, order, workingOrders: [] }).ok).toBe(true);
    const second = validateOrder({
      ...base,
      positions,
      order,
      workingOrders: [working('first', 'SELL', 2, { type: 'LIMIT', limitPrice: 6000 })],
    });
    expect(second.ok).toBe(false);
    expect(second.ok ? [] : second.reasons.map((x) => x.code)).toContain('EMERGENCY_REDUCE_ONLY');
  });

  it('exposure and max positions count working orders in other instruments', () => {
    const base = testRequest();
    const d = validateOrder({
      ...base,
      limits: { ...base.limits, maxOpenPositions: 1 },
      workingOrders: [
        {
          id: orderId('nq'),
          instrument: NQ,
          side: 'BUY',
          remainingQuantity: 1,
          type: 'LIMIT',
          limitPrice: 21_000,
          pointValue: 20,
        },
      ],
    });
    expect(d.ok ? [] : d.reasons.map((x) => x.code)).toContain('OPEN_POSITIONS_LIMIT');
    const exposure = d.checks.find((c) => c.check === 'exposure');
    // ES 1 × 6000 × 50 + NQ 1 × 21,000 × 20
    expect(exposure?.value).toBe(300_000 + 420_000);
  });

  it('a working order in another instrument without a point value is a clear denial', () => {
    const base = testRequest();
    const d = validateOrder({
      ...base,
      workingOrders: [{ id: orderId('x'), instrument: NQ, side: 'BUY', remainingQuantity: 1 }],
    });
    expect(d.ok ? [] : d.reasons.map((x) => x.code)).toContain('WORKING_ORDER_INVALID');
  });
});

describe('order types in the gate', () => {
  it('a stop order far from the last trade is a fat finger', () => {
    const base = testRequest();
    const d = validateOrder({
      ...base,
      order: {
        instrument: ES,
        side: 'BUY',
        quantity: 1,
        type: 'STOP',
        stopPrice: 6600,
        protectiveStop: 6590,
      },
    });
    expect(d.ok ? [] : d.reasons.map((x) => x.code)).toContain('PRICE_BAND_EXCEEDED');
  });

  it('exposure is valued at the worse of the order price and the last trade', () => {
    const base = testRequest();
    const d = validateOrder({
      ...base,
      order: {
        instrument: ES,
        side: 'BUY',
        quantity: 1,
        type: 'STOP',
        stopPrice: 6060,
        protectiveStop: 6050,
      },
    });
    expect(d.checks.find((c) => c.check === 'exposure')?.value).toBe(6060 * 50);
    const below = validateOrder({
      ...base,
      order: {
        instrument: ES,
        side: 'BUY',
        quantity: 1,
        type: 'LIMIT',
        limitPrice: 5940,
        protectiveStop: 5930,
      },
    });
    expect(below.checks.find((c) => c.check === 'exposure')?.value).toBe(6000 * 50);
  });

  it('names missing or inconsistent prices for the order type', () => {
    const base = testRequest();
    const codes = (order: PreTradeRequest['order']) => {
      const d = validateOrder({ ...base, order });
      return d.ok ? [] : d.reasons.map((x) => `${x.code}: ${x.message}`);
    };
    expect(codes({ instrument: ES, side: 'BUY', quantity: 1, type: 'STOP' }).join()).toMatch(
      /ORDER_PRICE_INVALID: .*STOP order needs a stopPrice/,
    );
    expect(
      codes({ instrument: ES, side: 'BUY', quantity: 1, type: 'MARKET', limitPrice: 6000 }).join(),
    ).toMatch(/MARKET order must not have a limitPrice/);
    // A BUY's protective stop must be below its entry.
    expect(
      codes({ instrument: ES, side: 'BUY', quantity: 1, limitPrice: 6000, protectiveStop: 6010 }).join(),
    ).toMatch(/PROTECTIVE_STOP_INVALID/);
  });
});

describe('risk budget', () => {
  it('5 ES with an 8-point stop and $999 already lost: denied by the remaining daily budget', () => {
    const base = testRequest();
    const d = validateOrder({
      ...base,
      order: { instrument: ES, side: 'BUY', quantity: 5, limitPrice: 6000, protectiveStop: 5992 },
      account: { equity: 99_001, peakEquity: 100_000, dailyPnl: -999 },
      limits: { ...base.limits, maxTradeRiskUsd: 10_000 },
    });
    expect(d.ok).toBe(false);
    const reason = d.ok ? undefined : d.reasons.find((x) => x.check === 'riskBudget');
    expect(reason).toMatchObject({ code: 'RISK_BUDGET_EXCEEDED', value: 2000, limit: 1 });
  });

  it('per-trade risk limit counts stop distance, point value, contracts and costs', () => {
    const base = testRequest();
    const d = validateOrder({
      ...base,
      instrument: { ...base.instrument, roundTripCostUsd: 5 },
      order: { instrument: ES, side: 'SELL', quantity: 2, limitPrice: 6000, protectiveStop: 6005 },
    });
    const check = d.checks.find((c) => c.check === 'tradeRisk');
    // 2 × (5 points × 50 + 5) = 510 > 500
    expect(check).toMatchObject({ outcome: 'deny', code: 'TRADE_RISK_LIMIT', value: 510, limit: 500 });
  });
});

describe('contract size in the position limit', () => {
  it('weighs contracts in full-size equivalents: 5 MES are half an ES, 60 MES exceed 5 ES', () => {
    const base = testRequest();
    const mes = {
      ...base.instrument,
      instrument: ES,
      pointValue: 5,
      contractWeight: 0.1,
    };
    const order = (quantity: number) => ({
      instrument: ES,
      side: 'BUY' as const,
      quantity,
      limitPrice: 6000,
    });
    const five = validateOrder({ ...base, instrument: mes, order: order(5) });
    expect(five.checks.find((c) => c.check === 'maxPosition')).toMatchObject({ outcome: 'pass', value: 0.5 });
    const fifty = validateOrder({ ...base, instrument: mes, order: order(50) });
    expect(fifty.checks.find((c) => c.check === 'maxPosition')).toMatchObject({ outcome: 'warn', value: 5 });
    const sixty = validateOrder({ ...base, instrument: mes, order: order(60) });
    expect(sixty.checks.find((c) => c.check === 'maxPosition')).toMatchObject({
      outcome: 'deny',
      code: 'POSITION_LIMIT',
    });
    // Without a weight a contract counts as a full-size one: 6 ES are denied.
    expect(
      validateOrder({ ...base, order: order(6) }).checks.find((c) => c.check === 'maxPosition')?.outcome,
    ).toBe('deny');
  });
});

describe('margin in the gate', () => {
  it('counts the margin of positions and working orders against equity (worst case)', () => {
    const base = testRequest();
    const small = {
      ...base,
      instrument: { ...base.instrument, marginPerContract: 12_650 },
      account: { equity: 25_000, peakEquity: 25_000, dailyPnl: 0 },
    };
    expect(validateOrder(small).checks.find((c) => c.check === 'margin')).toMatchObject({
      outcome: 'pass',
      value: 12_650,
      limit: 25_000,
    });
    const held = [
      { instrument: ES, quantity: 1, markPrice: 6000, pointValue: 50, marginPerContract: 12_650 },
    ];
    const second = validateOrder({ ...small, positions: held });
    expect(second.checks.find((c) => c.check === 'margin')).toMatchObject({
      outcome: 'deny',
      code: 'MARGIN_INSUFFICIENT',
      value: 25_300,
    });
    // A working BUY 1 takes the same margin in the worst case.
    const working = validateOrder({
      ...small,
      workingOrders: [
        { id: orderId('w'), instrument: ES, side: 'BUY', remainingQuantity: 1, limitPrice: 5990 },
      ],
    });
    expect(working.ok ? [] : working.reasons.map((r) => r.code)).toContain('MARGIN_INSUFFICIENT');
    // Unknown margin: not applicable, never a silent pass with a number.
    const unknown = validateOrder({
      ...base,
      instrument: {
        instrument: ES,
        tradeable: true,
        pointValue: 50,
        tickSize: 0.25,
        rollDate: undefined,
        sessionOpen: true,
      },
    });
    expect(unknown.checks.find((c) => c.check === 'margin')?.code).toBe('MARGIN_NOT_APPLICABLE');
  });
});

describe('requireProtectiveStop', () => {
  it('denies an opening order without a protective stop when required; closing orders still pass', () => {
    const base = testRequest();
    const limits = { ...base.limits, requireProtectiveStop: true };
    const naked = { instrument: ES, side: 'BUY' as const, quantity: 1, limitPrice: 6000 };
    const d = validateOrder({ ...base, limits, order: naked });
    expect(d.ok ? [] : d.reasons.map((r) => r.code)).toEqual(['PROTECTIVE_STOP_REQUIRED']);
    expect(validateOrder({ ...base, limits }).ok).toBe(true); // the default request carries a stop
    const close = validateOrder({
      ...base,
      limits,
      positions: [{ instrument: ES, quantity: 1, markPrice: 6000, pointValue: 50 }],
      order: { instrument: ES, side: 'SELL', quantity: 1, type: 'MARKET', reduceOnly: true },
    });
    expect(close.ok).toBe(true);
    // Off by default: the same naked order only warns.
    expect(validateOrder({ ...base, order: naked }).ok).toBe(true);
  });
});

describe('property: working orders cannot stack risk past the limits', () => {
  it('from a book within the limits, every order the gate passes keeps both worst-case extremes of every instrument within maxPosition', () => {
    const instruments = [ES, NQ] as const;
    const arbOrder = fc.record({
      instrument: fc.constantFrom(...instruments),
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      quantity: fc.integer({ min: 1, max: 4 }),
      type: fc.constantFrom('MARKET' as const, 'LIMIT' as const, 'STOP' as const),
      ticks: fc.integer({ min: -20, max: 20 }),
    });
    let passed = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 5 }),
        fc.integer({ min: -5, max: 5 }),
        fc.array(arbOrder, { minLength: 1, maxLength: 15 }),
        (es, nq, orders) => {
          const base = testRequest();
          const limits = { ...base.limits, maxNotionalUsd: 1e9, maxTradeRiskUsd: 1e9 };
          const spec = (id: typeof ES | typeof NQ) =>
            id === ES ? { pointValue: 50, last: 6000 } : { pointValue: 20, last: 21_000 };
          const positions = [
            { instrument: ES, quantity: es, markPrice: 6000, pointValue: 50 },
            { instrument: NQ, quantity: nq, markPrice: 21_000, pointValue: 20 },
          ];
          const workingOrders: WorkingOrder[] = [];
          orders.forEach((o, i) => {
            const s = spec(o.instrument);
            const price = s.last + o.ticks * 0.25;
            const order = {
              instrument: o.instrument,
              side: o.side,
              quantity: o.quantity,
              type: o.type,
              ...(o.type === 'LIMIT' ? { limitPrice: price } : o.type === 'STOP' ? { stopPrice: price } : {}),
            };
            const d = validateOrder({
              ...base,
              order,
              instrument: {
                ...base.instrument,
                instrument: o.instrument,
                pointValue: s.pointValue,
                marginPerContract: 1,
              },
              positions,
              workingOrders,
              account: { equity: 1e7, peakEquity: 1e7, dailyPnl: 0 },
              market: { ...base.market, lastPrice: s.last },
              limits,
            });
            if (!d.ok) return;
            passed++;
            workingOrders.push({
              id: orderId(`o${i}`),
              instrument: o.instrument,
              side: o.side,
              remainingQuantity: o.quantity,
              type: o.type,
              ...(o.type === 'LIMIT' ? { limitPrice: price } : o.type === 'STOP' ? { stopPrice: price } : {}),
              pointValue: s.pointValue,
            });
          });
          for (const w of worstCaseBook(positions, workingOrders).values())
            expect(w.worstAbs).toBeLessThanOrEqual(limits.maxPositionContracts);
        },
      ),
      { numRuns: 400, seed: 21 },
    );
    expect(passed).toBeGreaterThan(400);
  });
});
