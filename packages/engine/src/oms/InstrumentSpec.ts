import type { Currency, InstrumentId } from '@minhos/core';

/** What the engine needs to know about a tradeable contract. */
export interface InstrumentSpec {
  readonly instrumentId: InstrumentId;
  /** Currency per point per contract (ES 50, NQ 20). */
  readonly pointValue: number;
  /** Minimum price increment, points (ES 0.25). */
  readonly tickSize: number;
  readonly currency: Currency;
  /** Initial margin per contract, in `currency` (0 when unknown). */
  readonly marginPerContract: number;
  /** µs timestamp of the contract's roll date, if it rolls; the engine stops opening positions from then. */
  readonly rollAt?: number;
}

/** Rounds `price` to the nearest multiple of `tickSize` (and cleans binary noise). */
export function roundToTick(price: number, tickSize: number): number {
  const ticks = Math.round(price / tickSize);
  return Number((ticks * tickSize).toFixed(10));
}
