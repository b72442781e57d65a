import { describe, expect, it } from 'vitest';
import type { Fill } from './Fill.js';
import { clientOrderId, instrumentId } from './ids.js';
import { money } from './Money.js';
import { applyFill, flatPosition, netRealizedPnl, positionNotional, unrealizedPnl } from './Position.js';
import type { Side } from './Side.js';

const ES = instrumentId('ESZ25.CME');
let n = 0;
function fill(side: Side, quantity: number, price: number, commission = 2.5): Fill {
  n += 1;
  return {
    fillId: `f${n}`,
    clientOrderId: clientOrderId(`c${n}`),
    instrumentId: ES,
    side,
    quantity,
    price,
    commission: money(commission * quantity),
    time: n,
  };
}

describe('Position P&L with point value 50 (ES)', () => {
  it('long: averages entries and marks to market', () => {
    let p = flatPosition(ES, 50);
    p = applyFill(p, fill('BUY', 1, 5000));
    p = applyFill(p, fill('BUY', 3, 5004));
    expect(p.quantity).toBe(4);
    expect(p.avgPrice).toBe(5003);
    expect(unrealizedPnl(p, 5005)).toBe(2 * 4 * 50);
    expect(positionNotional(p, 5005)).toBe(4 * 5005 * 50);
  });

  it('short: profits when price falls', () => {
    let p = applyFill(flatPosition(ES, 50), fill('SELL', 2, 5000));
    expect(p.quantity).toBe(-2);
    expect(unrealizedPnl(p, 4990)).toBe(10 * 2 * 50);
    p = applyFill(p, fill('BUY', 2, 4990));
    expect(p.quantity).toBe(0);
    expect(Number.isNaN(p.avgPrice)).toBe(true);
    expect(p.realizedPnl).toBe(1000);
    expect(unrealizedPnl(p, 1)).toBe(0);
  });

  it('partial close realizes only the closed part and keeps the average', () => {
    let p = applyFill(flatPosition(ES, 50), fill('BUY', 4, 5000));
    p = applyFill(p, fill('SELL', 1, 5010));
    expect(p.quantity).toBe(3);
    expect(p.avgPrice).toBe(5000);
    expect(p.realizedPnl).toBe(10 * 1 * 50);
  });

  it('flip: closes the old side and opens the rest at the fill price', () => {
    let p = applyFill(flatPosition(ES, 50), fill('BUY', 2, 5000));
    p = applyFill(p, fill('SELL', 5, 4995));
    expect(p.quantity).toBe(-3);
    expect(p.avgPrice).toBe(4995);
    expect(p.realizedPnl).toBe(-5 * 2 * 50);
    expect(unrealizedPnl(p, 4990)).toBe(5 * 3 * 50);
  });

  it('commissions accumulate and reduce net realized P&L', () => {
    let p = applyFill(flatPosition(ES, 50), fill('BUY', 2, 5000, 2.25));
    p = applyFill(p, fill('SELL', 2, 5001, 2.25));
    expect(p.commissions).toBeCloseTo(9, 12);
    expect(p.realizedPnl).toBe(100);
    expect(netRealizedPnl(p)).toBeCloseTo(91, 12);
  });

  it('rejects fills for another instrument, currency or with a broken quantity', () => {
    const p = flatPosition(ES, 50);
    expect(() =>
      applyFill(p, { ...fill('BUY', 1, 1), instrumentId: instrumentId('NQZ25.CME') }),
    ).toThrowError(/NQZ25/);
    expect(() => applyFill(p, { ...fill('BUY', 1, 1), commission: money(1, 'EUR') })).toThrowError(/EUR/);
    expect(() => applyFill(p, { ...fill('BUY', 1, 1), quantity: -1 })).toThrowError(/positive whole/);
    expect(() => flatPosition(ES, 0)).toThrowError(/point value/);
  });
});
