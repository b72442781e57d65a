import type { Fill } from '@minhos/core';
import { sideSign } from '@minhos/core';
import type { ClosedTrade } from './ClosedTrade.js';
import type { FuturesTrade } from './futuresStats.js';

/** A round trip the event-driven backtester closed: both statistics conventions' fields. */
export interface BacktestTrade extends ClosedTrade, FuturesTrade {
  readonly instrumentId: string;
  /** Entry and exit fill times, µs. */
  readonly entryTime: number;
  readonly exitTime: number;
}

interface Lot {
  size: number;
  readonly price: number;
  readonly bar: number;
  readonly time: number;
  /** Entry commission per contract. */
  readonly commission: number;
}

/**
 * Turns fills into closed trades first-in first-out per instrument, as backtesting.py closes
 * trades: a fill against the position closes (parts of) the oldest lots, what is left opens a new
 * lot. A fill's commission is split pro rata per contract between the lots it closes and the lot it
 * opens. P&L is `size × (exit − entry) × pointValue − commissions`.
 */
export class TradeLedger {
  readonly #lots = new Map<string, Lot[]>();
  readonly #pointValue: (instrumentId: string) => number;
  /** Closed trades in the order they closed. */
  readonly trades: BacktestTrade[] = [];

  /** @param pointValue - currency per point per contract of an instrument. */
  constructor(pointValue: (instrumentId: string) => number) {
    this.#pointValue = pointValue;
  }

  /** Books one fill, `bar` being the index of the instrument's bar it happened on. */
  add(fill: Fill, bar: number): void {
    const id = fill.instrumentId;
    const lots = this.#lots.get(id) ?? [];
    this.#lots.set(id, lots);
    const pv = this.#pointValue(id);
    const perContract = fill.quantity > 0 ? fill.commission.amount / fill.quantity : 0;
    let left = sideSign(fill.side) * fill.quantity;
    while (left !== 0 && lots.length > 0 && Math.sign((lots[0] as Lot).size) !== Math.sign(left)) {
      const lot = lots[0] as Lot;
      const size = Math.sign(lot.size) * Math.min(Math.abs(lot.size), Math.abs(left));
      const commission = Math.abs(size) * (lot.commission + perContract);
      this.trades.push({
        instrumentId: id,
        size,
        quantity: size,
        entryBar: lot.bar,
        exitBar: bar,
        entryTime: lot.time,
        exitTime: fill.time,
        entryPrice: lot.price,
        exitPrice: fill.price,
        pnl: size * (fill.price - lot.price) * pv - commission,
        commission,
      });
      lot.size -= size;
      left += size;
      if (lot.size === 0) lots.shift();
    }
    if (left !== 0)
      lots.push({ size: left, price: fill.price, bar, time: fill.time, commission: perContract });
  }

  /** Contracts still open per instrument (signed). */
  openSize(instrumentId: string): number {
    let s = 0;
    for (const l of this.#lots.get(instrumentId) ?? []) s += l.size;
    return s;
  }
}
