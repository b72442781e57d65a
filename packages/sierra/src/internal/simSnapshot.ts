import type { TimestampUs } from '@minhos/core';
import type { DtcJsonFrame } from '../dtcFraming.js';
import { DtcMessageType as T } from '../dtcProtocol.js';
import { usToDtcSeconds } from '../dtcTime.js';

/** What the simulator knows of one instrument's session so far. */
export interface SimMarketState {
  lastPrice?: number;
  lastSize?: number;
  lastTime?: TimestampUs;
  bid?: number;
  ask?: number;
  bidSize?: number;
  askSize?: number;
  quoteTime?: TimestampUs;
  sessionOpen?: number;
  sessionHigh?: number;
  sessionLow?: number;
  sessionVolume: number;
  sessionTrades: number;
}

/** The MARKET_DATA_SNAPSHOT of an instrument; unset fields are left out (the header's DBL_MAX convention). */
export function simSnapshot(inst: SimMarketState, symbolId: number): DtcJsonFrame {
  const s: Record<string, unknown> & { Type: number } = {
    Type: T.MARKET_DATA_SNAPSHOT,
    SymbolID: symbolId,
  };
  // Unset fields are omitted (the header's DBL_MAX convention) rather than sent as 1.797e308.
  if (inst.sessionOpen !== undefined) {
    s.SessionOpenPrice = inst.sessionOpen;
    s.SessionHighPrice = inst.sessionHigh;
    s.SessionLowPrice = inst.sessionLow;
    s.SessionVolume = inst.sessionVolume;
    s.SessionNumTrades = inst.sessionTrades;
  }
  if (inst.bid !== undefined) {
    s.BidPrice = inst.bid;
    s.BidQuantity = inst.bidSize;
    s.AskPrice = inst.ask;
    s.AskQuantity = inst.askSize;
    s.BidAskDateTime = usToDtcSeconds(inst.quoteTime ?? 0);
  }
  if (inst.lastPrice !== undefined) {
    s.LastTradePrice = inst.lastPrice;
    s.LastTradeVolume = inst.lastSize;
    s.LastTradeDateTime = usToDtcSeconds(inst.lastTime ?? 0);
  }
  return s;
}
