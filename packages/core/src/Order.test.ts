import { describe, expect, it } from 'vitest';
import { clientOrderId, instrumentId } from './ids.js';
import {
  canTransition,
  createOrder,
  fillOrder,
  isTerminalStatus,
  ORDER_TRANSITIONS,
  type Order,
  type OrderStatus,
  remainingQuantity,
  transitionOrder,
} from './Order.js';

const ES = instrumentId('ESZ25.CME');
const ALL = Object.keys(ORDER_TRANSITIONS) as OrderStatus[];

function order(overrides: Partial<Parameters<typeof createOrder>[0]> = {}): Order {
  return createOrder(
    {
      clientOrderId: clientOrderId('c-1'),
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 3,
      ...overrides,
    },
    1000,
  );
}

/** Drives a fresh order into `status` through allowed edges only (breadth-first over the table). */
function reach(status: OrderStatus): Order {
  const queue: Order[] = [order()];
  const seen = new Set<OrderStatus>();
  while (queue.length > 0) {
    const o = queue.shift() as Order;
    if (o.status === status) return o;
    if (seen.has(o.status)) continue;
    seen.add(o.status);
    for (const to of ORDER_TRANSITIONS[o.status]) {
      const r =
        to === 'PARTIALLY_FILLED'
          ? fillOrder(o, 1, 100, 2000)
          : to === 'FILLED'
            ? fillOrder(o, remainingQuantity(o), 100, 2000)
            : transitionOrder(o, to, 2000);
      if (r.ok) queue.push(r.value);
    }
  }
  throw new Error(`unreachable status ${status}`);
}

describe('order transition table', () => {
  it('every status is reachable from INITIALIZED', () => {
    for (const s of ALL) expect(reach(s).status).toBe(s);
  });

  it('allows exactly the table edges and rejects every other move with a clear error', () => {
    for (const from of ALL) {
      const o = reach(from);
      for (const to of ALL) {
        if (to === 'PARTIALLY_FILLED' || to === 'FILLED') continue;
        const r = transitionOrder(o, to, 3000);
        expect(r.ok, `${from} → ${to}`).toBe(canTransition(from, to));
        if (!r.ok) expect(r.error.message).toContain(`cannot move from ${from} to ${to}`);
      }
    }
  });

  it('terminal statuses have no exits', () => {
    expect(ALL.filter(isTerminalStatus).sort()).toEqual([
      'CANCELED',
      'DENIED',
      'EXPIRED',
      'FILLED',
      'REJECTED',
    ]);
  });

  it('records history and the venue order id', () => {
    const r = transitionOrder(order(), 'SUBMITTED', 1500, { reason: 'sent' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const acc = transitionOrder(r.value, 'ACCEPTED', 1600, { orderId: 'V-9' as never });
    expect(acc.ok && acc.value.orderId).toBe('V-9');
    expect(acc.ok && acc.value.history.map((e) => e.status)).toEqual([
      'INITIALIZED',
      'SUBMITTED',
      'ACCEPTED',
    ]);
  });
});

describe('fills', () => {
  it('partially fills, averages the price, then fills', () => {
    let o = reach('ACCEPTED');
    const a = fillOrder(o, 1, 100, 5);
    expect(a.ok).toBe(true);
    o = (a as { value: Order }).value;
    expect(o.status).toBe('PARTIALLY_FILLED');
    const b = fillOrder(o, 2, 103, 6);
    o = (b as { value: Order }).value;
    expect(o.status).toBe('FILLED');
    expect(o.filledQuantity).toBe(3);
    expect(o.avgFillPrice).toBeCloseTo(102, 12);
  });

  it('refuses overfills, bad quantities and fills on terminal orders', () => {
    const o = reach('ACCEPTED');
    expect(fillOrder(o, 4, 100, 5)).toMatchObject({ ok: false, error: { code: 'OVERFILL' } });
    expect(fillOrder(o, 1.5, 100, 5)).toMatchObject({ ok: false, error: { code: 'INVALID_FILL' } });
    expect(fillOrder(o, 1, Number.NaN, 5)).toMatchObject({ ok: false, error: { code: 'INVALID_FILL' } });
    expect(fillOrder(reach('CANCELED'), 1, 100, 5)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_TRANSITION' },
    });
  });
});

describe('createOrder invariants', () => {
  it.each([
    [{ quantity: 0 }, /positive whole/],
    [{ quantity: -1 }, /positive whole/],
    [{ quantity: 1.5 }, /positive whole/],
    [{ type: 'LIMIT' as const }, /limitPrice/],
    [{ type: 'LIMIT' as const, limitPrice: Number.NaN }, /limitPrice/],
    [{ type: 'STOP' as const }, /stopPrice/],
    [{ type: 'MARKET' as const, limitPrice: 10 }, /must not have a limitPrice/],
  ])('%o is rejected', (overrides, message) => {
    expect(() => order(overrides)).toThrowError(message);
  });

  it('defaults time in force to DAY', () => {
    expect(order({ type: 'STOP_LIMIT', limitPrice: 10, stopPrice: 11 }).timeInForce).toBe('DAY');
  });
});
