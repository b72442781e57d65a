import { describe, expect, it } from 'vitest';
import { clientOrderId, instrumentId } from './ids.js';
import {
  adoptExternalOrder,
  canTransition,
  createOrder,
  fillOrder,
  isTerminalStatus,
  ORDER_TRANSITIONS,
  type Order,
  type OrderStatus,
  remainingQuantity,
  replaceOrder,
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
          ? fillOrder(o, { executionId: `x${o.executionIds.length}`, quantity: 1, price: 100 }, 2000)
          : to === 'FILLED'
            ? fillOrder(o, { executionId: 'last', quantity: remainingQuantity(o), price: 100 }, 2000)
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

  it('terminal statuses: only CANCELED/EXPIRED have an exit, to FILLED by a late fill', () => {
    expect(ALL.filter(isTerminalStatus).sort()).toEqual([
      'CANCELED',
      'DENIED',
      'EXPIRED',
      'FILLED',
      'REJECTED',
    ]);
    for (const s of ALL.filter(isTerminalStatus)) {
      const exits = ORDER_TRANSITIONS[s];
      expect(exits, s).toEqual(s === 'CANCELED' || s === 'EXPIRED' ? ['FILLED'] : []);
    }
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

const x = (executionId: string, quantity: number, price: number) => ({ executionId, quantity, price });

describe('fills', () => {
  it('partially fills, averages the price, then fills', () => {
    let o = reach('ACCEPTED');
    const a = fillOrder(o, x('e1', 1, 100), 5);
    expect(a.ok).toBe(true);
    o = (a as { value: Order }).value;
    expect(o.status).toBe('PARTIALLY_FILLED');
    const b = fillOrder(o, x('e2', 2, 103), 6);
    o = (b as { value: Order }).value;
    expect(o.status).toBe('FILLED');
    expect(o.filledQuantity).toBe(3);
    expect(o.avgFillPrice).toBeCloseTo(102, 12);
    expect(o.executionIds).toEqual(['e1', 'e2']);
  });

  it('applying the same execution twice is a no-op', () => {
    const a = fillOrder(reach('ACCEPTED'), x('e1', 1, 100), 5);
    if (!a.ok) throw new Error(a.error.message);
    const again = fillOrder(a.value, x('e1', 1, 100), 6);
    expect(again.ok && again.value).toBe(a.value);
    expect(a.value.filledQuantity).toBe(1);
  });

  it('refuses overfills, bad quantities, empty execution ids and fills on done orders', () => {
    const o = reach('ACCEPTED');
    expect(fillOrder(o, x('a', 4, 100), 5)).toMatchObject({ ok: false, error: { code: 'OVERFILL' } });
    expect(fillOrder(o, x('a', 1.5, 100), 5)).toMatchObject({ ok: false, error: { code: 'INVALID_FILL' } });
    expect(fillOrder(o, x('a', 1, Number.NaN), 5)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_FILL' },
    });
    expect(fillOrder(o, x('', 1, 100), 5)).toMatchObject({ ok: false, error: { code: 'INVALID_FILL' } });
    for (const s of ['FILLED', 'REJECTED', 'DENIED', 'INITIALIZED'] as const) {
      const r = fillOrder(reach(s), x('late', 1, 100), 5);
      expect(r.ok, s).toBe(false);
    }
  });

  it('a fill racing a cancel is recorded: partial keeps CANCELED, completing moves to FILLED', () => {
    const canceled = reach('CANCELED');
    const partial = fillOrder(canceled, x('late1', 1, 101), 7);
    if (!partial.ok) throw new Error(partial.error.message);
    expect(partial.value.status).toBe('CANCELED');
    expect(partial.value.filledQuantity).toBe(1);
    const rest = fillOrder(partial.value, x('late2', 2, 101), 8);
    expect(rest.ok && rest.value.status).toBe('FILLED');
  });

  it('a partial fill while a cancel is pending keeps PENDING_CANCEL; a failed cancel returns to working', () => {
    const pending = transitionOrder(reach('ACCEPTED'), 'PENDING_CANCEL', 5);
    if (!pending.ok) throw new Error(pending.error.message);
    const f = fillOrder(pending.value, x('e1', 1, 100), 6);
    if (!f.ok) throw new Error(f.error.message);
    expect(f.value.status).toBe('PENDING_CANCEL');
    const back = transitionOrder(f.value, 'PARTIALLY_FILLED', 7, { reason: 'cancel rejected' });
    expect(back.ok && back.value.status).toBe('PARTIALLY_FILLED');
  });
});

describe('cancel/replace', () => {
  const limit = () => {
    const o = order({ type: 'LIMIT', limitPrice: 100 });
    const steps = ['SUBMITTED', 'ACCEPTED', 'PENDING_REPLACE'] as const;
    let cur = o;
    for (const s of steps) {
      const r = transitionOrder(cur, s, 1100);
      if (!r.ok) throw new Error(r.error.message);
      cur = r.value;
    }
    return cur;
  };

  it('applies the new price and quantity, and overfill checks use the new quantity', () => {
    const r = replaceOrder(limit(), { quantity: 5, limitPrice: 99.5 }, 1200);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ status: 'ACCEPTED', quantity: 5, limitPrice: 99.5 });
    const f = fillOrder(r.value, x('e1', 5, 99.5), 1300);
    expect(f.ok && f.value.status).toBe('FILLED');
    const shrunk = replaceOrder(limit(), { quantity: 1 }, 1200);
    if (!shrunk.ok) throw new Error(shrunk.error.message);
    expect(fillOrder(shrunk.value, x('e1', 2, 100), 1300)).toMatchObject({
      ok: false,
      error: { code: 'OVERFILL' },
    });
  });

  it('returns to PARTIALLY_FILLED when the order has fills, and refuses a quantity at or below them', () => {
    const pend = limit();
    const f = fillOrder(pend, x('e1', 2, 100), 1150);
    if (!f.ok) throw new Error(f.error.message);
    expect(replaceOrder(f.value, { quantity: 2 }, 1200)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/above the 2 already filled/) },
    });
    const r = replaceOrder(f.value, { quantity: 4 }, 1200);
    expect(r.ok && r.value.status).toBe('PARTIALLY_FILLED');
  });

  it('refuses a replace outside PENDING_REPLACE and prices the type does not use', () => {
    expect(replaceOrder(reach('ACCEPTED'), { quantity: 2 }, 1)).toMatchObject({ ok: false });
    expect(replaceOrder(limit(), { stopPrice: 3 }, 1)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/must not have a stopPrice/) },
    });
    expect(replaceOrder(limit(), { limitPrice: -1 }, 1)).toMatchObject({ ok: false });
  });
});

describe('external orders', () => {
  it('enter in their venue status, marked external', () => {
    const o = adoptExternalOrder(
      {
        clientOrderId: clientOrderId('ext-1'),
        orderId: 'V1' as never,
        instrumentId: ES,
        side: 'SELL',
        type: 'LIMIT',
        quantity: 2,
        limitPrice: 101,
        status: 'PARTIALLY_FILLED',
        filledQuantity: 1,
        avgFillPrice: 101,
      },
      5,
    );
    expect(o).toMatchObject({ external: true, status: 'PARTIALLY_FILLED', filledQuantity: 1, orderId: 'V1' });
    const f = fillOrder(o, x('e9', 1, 101), 6);
    expect(f.ok && f.value.status).toBe('FILLED');
    expect(() =>
      adoptExternalOrder(
        {
          clientOrderId: clientOrderId('ext-2'),
          orderId: 'V2' as never,
          instrumentId: ES,
          side: 'SELL',
          type: 'MARKET',
          quantity: 1,
          status: 'ACCEPTED',
          filledQuantity: 3,
        },
        5,
      ),
    ).toThrowError(/filled quantity/);
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
