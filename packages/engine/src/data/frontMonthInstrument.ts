import type { InstrumentId, TimestampUs } from '@minhos/core';
import { type FuturesContract, type FuturesSpec, frontMonth, type RollOptions } from '@minhos/symbols';
import type { InstrumentSpec } from '../oms/InstrumentSpec.js';

/** The front-month contract of a root at an instant, ready for the order manager and the data sources. */
export interface FrontMonthInstrument {
  /** The contract that is front month at the instant asked for (`ESZ13`). */
  readonly contract: FuturesContract;
  /** The contract that takes over at {@link FrontMonthInstrument.rollAt} (`ESH14`). */
  readonly next: FuturesContract;
  /** Our instrument id of `contract` (`ESZ13.CME`). */
  readonly instrumentId: InstrumentId;
  /** Sierra Chart's symbol and exchange of `contract` (`ESZ13`, `CME`), as DTC and `.scid` files name it. */
  readonly symbol: string;
  readonly exchange: string;
  /** Trade date (`YYYY-MM-DD`) from which `next` is the front month. */
  readonly rollDate: string;
  /** The instant (µs) the roll takes effect: the start of trade date `rollDate`. */
  readonly rollAt: TimestampUs;
  /**
   * The order manager's spec of `contract`, carrying `rollAt`: from the roll the engine refuses
   * orders that would open or increase a position in the expiring contract (`CONTRACT_ROLLED`).
   */
  readonly spec: InstrumentSpec;
}

/** Options of {@link frontMonthInstrument}: the roll rule and calendar of `@minhos/symbols`, and a margin. */
export interface FrontMonthOptions extends RollOptions {
  /** Initial margin per contract (default: the spec's `initialMargin`, else 0). */
  readonly marginPerContract?: number;
}

/**
 * Resolves the front month of a futures root (ES, NQ, …) at an instant with `@minhos/symbols`' roll
 * calendar: the contract, the next one, the roll instant and the order manager's spec carrying it.
 * Nothing is hard-coded per contract, so a roll never needs a code change.
 *
 * @throws `MinhosError` `INVALID_TIMESTAMP` for an instant that is not plausible µs (from `frontMonth`).
 * @example
 * ```ts
 * import { ES } from '@minhos/symbols';
 * import { frontMonthInstrument } from '@minhos/engine';
 * const fm = frontMonthInstrument(ES, Date.parse('2013-12-05T15:00:00Z') * 1000);
 * fm.instrumentId; // 'ESZ13.CME'
 * fm.next.code; // 'ESH14'
 * new Date(fm.rollAt / 1000).toISOString(); // '2013-12-11T23:00:00.000Z'
 * ```
 */
export function frontMonthInstrument(
  spec: FuturesSpec,
  at: TimestampUs,
  options: FrontMonthOptions = {},
): FrontMonthInstrument {
  const { marginPerContract, ...roll } = options;
  const entry = frontMonth(spec, at, roll);
  const c = entry.contract;
  return {
    contract: c,
    next: entry.next,
    instrumentId: c.id,
    symbol: c.code,
    exchange: spec.exchange,
    rollDate: entry.rollDate,
    rollAt: entry.rollAt,
    spec: {
      instrumentId: c.id,
      pointValue: spec.pointValue,
      tickSize: spec.tickSize,
      currency: spec.currency,
      marginPerContract: marginPerContract ?? spec.initialMargin ?? 0,
      rollAt: entry.rollAt,
    },
  };
}
