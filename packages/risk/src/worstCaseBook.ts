import type { InstrumentId } from '@minhos/core';
import { orderTypeOf } from './orderPrices.js';
import type { PositionExposure, WorkingOrder } from './types.js';

/**
 * One instrument of the book in the worst case: the filled position plus every working order that
 * could fill, side by side. Contracts are signed (long positive).
 */
export interface WorstCasePosition {
  readonly instrument: InstrumentId;
  /** Filled position, signed contracts (positions in the same instrument netted). */
  readonly position: number;
  /** Contracts of working BUY orders still to fill. */
  readonly workingBuy: number;
  /** Contracts of working SELL orders still to fill. */
  readonly workingSell: number;
  /** Position if every working BUY fills and no SELL does: `position + workingBuy`. */
  readonly worstLong: number;
  /** Position if every working SELL fills and no BUY does: `position − workingSell`. */
  readonly worstShort: number;
  /** `max(|worstLong|, |worstShort|)`, contracts. */
  readonly worstAbs: number;
  /** Highest of the marks and of the working orders' prices, points; `undefined` if none is known. */
  readonly price: number | undefined;
  /** USD per point per contract, from a position or a working order; `undefined` if none says. */
  readonly pointValue: number | undefined;
  /** Full-size contract equivalents per contract (see `InstrumentRiskSpec.contractWeight`). */
  readonly contractWeight: number | undefined;
  /** Initial margin per contract, USD, from a position or a working order; `undefined` if none says. */
  readonly marginPerContract: number | undefined;
}

/**
 * The book per instrument in the worst case: positions plus every working order on each side
 * (any role, any type: a protective stop can fill too). This is what the gate's position, exposure,
 * max-positions and reduce-only checks measure, so working orders cannot be used to stack risk.
 *
 * @example
 * ```ts
 * import { instrumentId, orderId } from '@minhos/core';
 * import { worstCaseBook } from '@minhos/risk';
 * const es = instrumentId('ESZ25.CME');
 * const book = worstCaseBook(
 *   [{ instrument: es, quantity: 4, markPrice: 6000, pointValue: 50 }],
 *   [{ id: orderId('1'), instrument: es, side: 'BUY', remainingQuantity: 1, limitPrice: 5990 }],
 * );
 * book.get(es)?.worstLong; // 5
 * ```
 */
export function worstCaseBook(
  positions: readonly PositionExposure[],
  workingOrders: readonly WorkingOrder[],
): ReadonlyMap<InstrumentId, WorstCasePosition> {
  type Acc = {
    position: number;
    buy: number;
    sell: number;
    price: number | undefined;
    pointValue: number | undefined;
    weight: number | undefined;
    margin: number | undefined;
  };
  const acc = new Map<InstrumentId, Acc>();
  const get = (id: InstrumentId): Acc => {
    let a = acc.get(id);
    if (a === undefined) {
      a = {
        position: 0,
        buy: 0,
        sell: 0,
        price: undefined,
        pointValue: undefined,
        weight: undefined,
        margin: undefined,
      };
      acc.set(id, a);
    }
    return a;
  };
  const higher = (a: number | undefined, b: number | undefined): number | undefined =>
    a === undefined ? b : b === undefined ? a : Math.max(a, b);
  for (const p of positions) {
    const a = get(p.instrument);
    a.position += p.quantity;
    a.price = higher(a.price, p.markPrice);
    a.pointValue ??= p.pointValue;
    a.margin ??= p.marginPerContract;
  }
  for (const o of workingOrders) {
    const a = get(o.instrument);
    if (o.side === 'BUY') a.buy += o.remainingQuantity;
    else a.sell += o.remainingQuantity;
    const priced = orderTypeOf(o) === 'MARKET' ? undefined : higher(o.limitPrice, o.stopPrice);
    a.price = higher(a.price, priced);
    a.pointValue ??= o.pointValue;
    a.weight ??= o.contractWeight;
    a.margin ??= o.marginPerContract;
  }
  const out = new Map<InstrumentId, WorstCasePosition>();
  for (const [instrument, a] of acc) {
    const worstLong = a.position + a.buy;
    const worstShort = a.position - a.sell;
    out.set(instrument, {
      instrument,
      position: a.position,
      workingBuy: a.buy,
      workingSell: a.sell,
      worstLong,
      worstShort,
      worstAbs: Math.max(Math.abs(worstLong), Math.abs(worstShort)),
      price: a.price,
      pointValue: a.pointValue,
      contractWeight: a.weight,
      marginPerContract: a.margin,
    });
  }
  return out;
}
