import { orderId } from '@minhos/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emergencyStopActions } from './emergencyStopActions.js';
import { ES, NQ } from './internal/testRequest.js';
import { orderEffect } from './orderEffect.js';
import type { OrderRole, WorkingOrder } from './types.js';

const wo = (
  id: string,
  instrument: typeof ES,
  side: 'BUY' | 'SELL',
  remainingQuantity: number,
  role?: OrderRole,
): WorkingOrder => ({
  id: orderId(id),
  instrument,
  side,
  remainingQuantity,
  ...(role === undefined ? {} : { role }),
});

describe('emergencyStopActions', () => {
  const positions = [
    { instrument: ES, quantity: 3 },
    { instrument: NQ, quantity: -2 },
    { instrument: NQ, quantity: 1 },
  ];
  // The take-profit is listed before the stop on purpose: the role decides, not the order.
  const working = [
    wo('tp', ES, 'SELL', 3, 'TAKE_PROFIT'),
    wo('a', ES, 'SELL', 2, 'STOP_LOSS'),
    wo('b', ES, 'SELL', 2, 'STOP_LOSS'),
    wo('c', ES, 'BUY', 1),
    wo('d', NQ, 'BUY', 1, 'STOP_LOSS'),
    wo('e', NQ, 'BUY', 1, 'STOP_LOSS'),
    wo('f', NQ, 'SELL', 1, 'STOP_LOSS'),
  ];

  it('NONE does nothing', () => {
    expect(emergencyStopActions('NONE', { positions, workingOrders: working })).toEqual({
      cancel: [],
      keep: ['tp', 'a', 'b', 'c', 'd', 'e', 'f'],
      close: [],
    });
  });

  it('FLATTEN cancels everything and closes the netted positions with reduce-only market orders', () => {
    expect(emergencyStopActions('FLATTEN', { positions, workingOrders: working })).toEqual({
      cancel: ['tp', 'a', 'b', 'c', 'd', 'e', 'f'],
      keep: [],
      close: [
        { instrument: ES, side: 'SELL', quantity: 3, type: 'MARKET', reduceOnly: true },
        { instrument: NQ, side: 'BUY', quantity: 1, type: 'MARKET', reduceOnly: true },
      ],
    });
  });

  it.each(['REDUCE_ONLY', 'HALT'] as const)(
    '%s keeps protective stops while together they still reduce, cancels targets and entries',
    (level) => {
      // ES long 3: take-profit cancelled although listed first, stop a (2) kept, stop b (2 more)
      // would flip → cancelled, buy entry cancelled. NQ net short 1: stop d kept, e would flip,
      // f is on the wrong side (not protective).
      expect(emergencyStopActions(level, { positions, workingOrders: working })).toEqual({
        cancel: ['tp', 'b', 'c', 'e', 'f'],
        keep: ['a', 'd'],
        close: [],
      });
    },
  );

  it('property: orders kept under REDUCE_ONLY, all filled, never grow or flip any position', () => {
    const arbOrder = fc.record({
      instrument: fc.constantFrom(ES, NQ),
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      remainingQuantity: fc.integer({ min: 1, max: 6 }),
      role: fc.constantFrom('ENTRY' as const, 'STOP_LOSS' as const, 'TAKE_PROFIT' as const),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: -6, max: 6 }),
        fc.integer({ min: -6, max: 6 }),
        fc.array(arbOrder, { maxLength: 8 }),
        (es, nq, orders) => {
          const workingOrders = orders.map((o, i) => ({ ...o, id: orderId(`o${i}`) }));
          const { cancel } = emergencyStopActions('REDUCE_ONLY', {
            positions: [
              { instrument: ES, quantity: es },
              { instrument: NQ, quantity: nq },
            ],
            workingOrders,
          });
          const pos = new Map([
            [ES, es],
            [NQ, nq],
          ]);
          for (const o of workingOrders) {
            if (cancel.includes(o.id)) continue;
            const before = pos.get(o.instrument) ?? 0;
            const e = orderEffect(before, o.side, o.remainingQuantity);
            expect(e.reducing).toBe(true);
            pos.set(o.instrument, e.after);
          }
        },
      ),
    );
  });
});

describe('orderEffect', () => {
  it.each([
    [3, 'SELL', 2, 1, true, false],
    [3, 'SELL', 3, 0, true, false],
    [3, 'SELL', 4, -1, false, true],
    [3, 'BUY', 1, 4, false, false],
    [0, 'SELL', 1, -1, false, false],
    [-2, 'BUY', 1, -1, true, false],
  ] as const)('position %d, %s %d → %d (reducing %s, flips %s)', (pos, side, q, after, reducing, flips) => {
    expect(orderEffect(pos, side, q)).toEqual({ before: pos, after, reducing, flips });
  });
});
