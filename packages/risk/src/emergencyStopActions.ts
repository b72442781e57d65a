import { type InstrumentId, type OrderId, oppositeSide } from '@minhos/core';
import type { EmergencyStopLevel } from './RiskControlState.js';
import type { ProposedOrder, WorkingOrder } from './types.js';

/** What to do right now for an emergency stop level: orders to cancel and closing orders to send. */
export interface EmergencyStopActions {
  /** Working orders to cancel, in input order. */
  readonly cancel: readonly OrderId[];
  /** Working orders left working (protective stops under REDUCE_ONLY and HALT), in input order. */
  readonly keep: readonly OrderId[];
  /**
   * Closing orders (FLATTEN only), one per instrument: `MARKET`, `reduceOnly: true`. Send them
   * once the cancels are confirmed: the gate counts orders still working, so a closing order next to
   * a still-working stop of the same side is (rightly) not reducing in the worst case.
   */
  readonly close: readonly ProposedOrder[];
}

/**
 * The actions an emergency stop level requires (the README's table):
 * - `NONE`: nothing.
 * - `REDUCE_ONLY` and `HALT`: keep the protective stops (`role: 'STOP_LOSS'`) that reduce their
 *   position, while together they still do (taken in input order per instrument, so two stops of 2
 *   against a long 3 keep the first and cancel the second); cancel every other working order —
 *   entries and take-profits — whatever the order they are listed in. The levels differ in what
 *   the gate then accepts (see `emergencyStopCheck`).
 * - `FLATTEN`: cancel every working order (stops included: the position is being closed at market)
 *   and close every non-zero position with a reduce-only market order (positions in the same
 *   instrument are netted first).
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
 * // { cancel: ['42'], keep: [], close: [{ instrument: 'ESZ25.CME', side: 'SELL', quantity: 2, type: 'MARKET', reduceOnly: true }] }
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
      return { cancel: [], keep: book.workingOrders.map((o) => o.id), close: [] };
    case 'FLATTEN': {
      const close: ProposedOrder[] = [];
      for (const [instrument, quantity] of net) {
        if (quantity === 0) continue;
        close.push({
          instrument,
          side: quantity > 0 ? 'SELL' : 'BUY',
          quantity: Math.abs(quantity),
          type: 'MARKET',
          reduceOnly: true,
        });
      }
      return { cancel: book.workingOrders.map((o) => o.id), keep: [], close };
    }
    case 'HALT':
    case 'REDUCE_ONLY': {
      // Room left to reduce per instrument, as an absolute number of contracts.
      const room = new Map<InstrumentId, number>();
      for (const [instrument, quantity] of net) room.set(instrument, Math.abs(quantity));
      const cancel: OrderId[] = [];
      const keep: OrderId[] = [];
      for (const o of book.workingOrders) {
        const position = net.get(o.instrument) ?? 0;
        const left = room.get(o.instrument) ?? 0;
        const reducesSide = position !== 0 && o.side === oppositeSide(position > 0 ? 'BUY' : 'SELL');
        if (o.role === 'STOP_LOSS' && reducesSide && o.remainingQuantity <= left) {
          room.set(o.instrument, left - o.remainingQuantity);
          keep.push(o.id);
        } else {
          cancel.push(o.id);
        }
      }
      return { cancel, keep, close: [] };
    }
  }
}
