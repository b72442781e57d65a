import { type InstrumentId, type OrderId, oppositeSide } from '@minhos/core';
import type { EmergencyStopLevel } from './RiskControlState.js';
import type { ProposedOrder, WorkingOrder } from './types.js';

/** What to do right now for an emergency stop level: orders to cancel and closing orders to send. */
export interface EmergencyStopActions {
  /** Working orders to cancel, in input order. */
  readonly cancel: readonly OrderId[];
  /** Market orders that close every position (FLATTEN only), one per instrument. */
  readonly close: readonly ProposedOrder[];
}

/**
 * The actions an emergency stop level requires:
 * - `NONE`: nothing.
 * - `REDUCE_ONLY`: cancel every working order that would not reduce its position. Orders are taken
 *   in input order per instrument and a reducing order is kept only while the kept ones together
 *   still reduce (so two sells of 2 against a long 3 keep the first and cancel the second).
 * - `HALT`: cancel every working order.
 * - `FLATTEN`: cancel every working order and close every non-zero position with a market order
 *   (positions in the same instrument are netted first).
 *
 * @param book - `positions`: signed contracts by instrument (zero entries are ignored); `workingOrders`: orders still working.
 * @example
 * ```ts
 * import { instrumentId, orderId } from '@minhos/core';
 * import { emergencyStopActions } from '@minhos/risk';
 * const es = instrumentId('ESZ25.CME');
 * emergencyStopActions('FLATTEN', {
 *   positions: [{ instrument: es, quantity: 2 }],
 *   workingOrders: [{ id: orderId('42'), instrument: es, side: 'BUY', remainingQuantity: 1 }],
 * });
 * // { cancel: ['42'], close: [{ instrument: 'ESZ25.CME', side: 'SELL', quantity: 2 }] }
 * ```
 */
export function emergencyStopActions(
  level: EmergencyStopLevel,
  book: {
    readonly positions: readonly { readonly instrument: InstrumentId; readonly quantity: number }[];
    readonly workingOrders: readonly WorkingOrder[];
  },
): EmergencyStopActions {
  const net = new Map<InstrumentId, number>();
  for (const p of book.positions) net.set(p.instrument, (net.get(p.instrument) ?? 0) + p.quantity);
  switch (level) {
    case 'NONE':
      return { cancel: [], close: [] };
    case 'HALT':
      return { cancel: book.workingOrders.map((o) => o.id), close: [] };
    case 'FLATTEN': {
      const close: ProposedOrder[] = [];
      for (const [instrument, quantity] of net) {
        if (quantity === 0) continue;
        close.push({ instrument, side: quantity > 0 ? 'SELL' : 'BUY', quantity: Math.abs(quantity) });
      }
      return { cancel: book.workingOrders.map((o) => o.id), close };
    }
    case 'REDUCE_ONLY': {
      // Room left to reduce per instrument, as an absolute number of contracts.
      const room = new Map<InstrumentId, number>();
      for (const [instrument, quantity] of net) room.set(instrument, Math.abs(quantity));
      const cancel: OrderId[] = [];
      for (const o of book.workingOrders) {
        const position = net.get(o.instrument) ?? 0;
        const left = room.get(o.instrument) ?? 0;
        const reducesSide = position !== 0 && o.side === oppositeSide(position > 0 ? 'BUY' : 'SELL');
        if (reducesSide && o.remainingQuantity <= left) {
          room.set(o.instrument, left - o.remainingQuantity);
        } else {
          cancel.push(o.id);
        }
      }
      return { cancel, close: [] };
    }
  }
}
