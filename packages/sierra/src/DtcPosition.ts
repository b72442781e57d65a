import type { TimestampUs } from '@minhos/core';
import type { DtcPositionUpdate } from './dtcMessages.js';
import { dtcSecondsToUs } from './dtcTime.js';

/** A POSITION_UPDATE in domain units. */
export interface DtcPosition {
  readonly symbol: string;
  readonly exchange: string;
  readonly tradeAccount: string;
  /** Signed contracts: positive long, negative short, 0 flat. */
  readonly quantity: number;
  readonly averagePrice: number;
  /** When the position was opened (µs), when the server says. */
  readonly entryTime?: TimestampUs;
  /** Sent by the server on its own (a change), not as an answer to a request. */
  readonly unsolicited: boolean;
  readonly raw: DtcPositionUpdate;
}

/**
 * Converts a POSITION_UPDATE to a {@link DtcPosition}; `undefined` for the "no positions" marker. Pure.
 *
 * @example
 * ```ts
 * import { dtcPositionFromUpdate, parseDtcServerMessage } from '@minhos/sierra';
 * const r = parseDtcServerMessage({ Type: 306, Symbol: 'ESZ25', Quantity: -2, AveragePrice: 4500 });
 * if (r.kind === 'message' && r.message.Type === 306) dtcPositionFromUpdate(r.message)?.quantity; // -2
 * ```
 */
export function dtcPositionFromUpdate(m: DtcPositionUpdate): DtcPosition | undefined {
  if (m.NoPositions === 1) return undefined;
  return {
    symbol: m.Symbol,
    exchange: m.Exchange,
    tradeAccount: m.TradeAccount,
    quantity: m.Quantity,
    averagePrice: m.AveragePrice,
    ...(m.EntryDateTime > 0 ? { entryTime: dtcSecondsToUs(m.EntryDateTime) } : {}),
    unsolicited: m.Unsolicited === 1,
    raw: m,
  };
}
