import { orderId } from '@minhos/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emergencyStopActions } from './emergencyStopActions.js';
import { ES, NQ } from './internal/testRequest.js';
import { orderEffect } from './orderEffect.js';
import type { WorkingOrder } from './types.js';

const wo = (
  id: string,
  instrument: typeof ES,
  side: 'BUY' | 'SELL',
  remainingQuantity: number,
): WorkingOrder => ({
  id: orderId(id),
  instrument,
  side,
  remainingQuantity,
});

describe('emergencyStopActions', () => {
  const positions = [
    { instrument: ES, quantity: 3 },
    { instrument: NQ, quantity: -2 },
    { instrument: NQ, quantity: 1 },
  ];
  const working = [
    wo('a', ES, 'SELL', 2),
    wo('b', ES, 'SELL', 2),
    wo('c', ES, 'BUY', 1),
    wo('d', NQ, 'BUY', 1),
    wo('e', NQ, 'BUY', 1),
  ];

  it('NONE does nothing; HALT cancels everything', () => {
    expect(emergencyStopActions('NONE', { positions, workingOrders: working })).toEqual({
      cancel: [],
      close: [],
    });
    expect(emergencyStopActions('HALT', { positions, workingOrders: working })).toEqual({
      cancel: ['a', 'b', 'c', 'd', 'e'],
      close: [],
    });
  });

  it('FLATTEN cancels everything and closes the netted positions', () => {
    expect(emergencyStopActions('FLATTEN', { positions, workingOrders: working })).toEqual({
      cancel: ['a', 'b', 'c', 'd', 'e'],
      close: [
        { instrument: ES, side: 'SELL', quantity: 3 },
        { instrument: NQ, side: 'BUY', quantity: 1 },
      ],
    });
  });

  it('REDUCE_ONLY keeps reducing orders while together they still reduce', () => {
    // ES long 3: sell 2 kept, sell 2 more would flip → cancel, buy → cancel. NQ net short 1: first buy 1 kept, second cancelled.
    expect(emergencyStopActions('REDUCE_ONLY', { positions, workingOrders: working })).toEqual({
      cancel: ['b', 'c', 'e'],
      close: [],
    });
  });

  it('property: orders kept under REDUCE_ONLY, all filled, never grow or flip any position', () => {
    const arbOrder = fc.record({
      instrument: fc.constantFrom(ES, NQ),
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      remainingQuantity: fc.integer({ min: 1, max: 6 }),
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
