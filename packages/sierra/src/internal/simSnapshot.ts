import type { TimestampUs } from '@minhos/core';
import type { DtcJsonFrame } from '../dtcFraming.js';
import { DtcAtBidOrAsk, DtcMessageType as T } from '../dtcProtocol.js';
import type { DtcReplayEvent } from '../dtcReplaySource.js';
import { usToDtcSeconds, usToDtcWholeSeconds } from '../dtcTime.js';

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

/** Applies one replayed trade or quote to the instrument's session state. */
export function simApply(inst: SimMarketState, ev: DtcReplayEvent): void {
  if (ev.kind === 'quote') {
    inst.bid = ev.bid;
    inst.ask = ev.ask;
    inst.bidSize = ev.bidSize;
    inst.askSize = ev.askSize;
    inst.quoteTime = ev.time;
    return;
  }
  inst.lastPrice = ev.price;
  inst.lastSize = ev.size;
  inst.lastTime = ev.time;
  inst.sessionOpen ??= ev.price;
  inst.sessionHigh = Math.max(inst.sessionHigh ?? ev.price, ev.price);
  inst.sessionLow = Math.min(inst.sessionLow ?? ev.price, ev.price);
  inst.sessionVolume += ev.size;
  inst.sessionTrades++;
}

/** The MARKET_DATA_UPDATE_TRADE or MARKET_DATA_UPDATE_BID_ASK of a replayed event for one subscription. */
export function simUpdateFrame(ev: DtcReplayEvent, symbolId: number): DtcJsonFrame {
  if (ev.kind === 'quote') {
    return {
      Type: T.MARKET_DATA_UPDATE_BID_ASK,
      SymbolID: symbolId,
      BidPrice: ev.bid,
      BidQuantity: ev.bidSize,
      AskPrice: ev.ask,
      AskQuantity: ev.askSize,
      DateTime: usToDtcWholeSeconds(ev.time),
    };
  }
  const side =
    ev.aggressor === 'BUY'
      ? DtcAtBidOrAsk.AT_ASK
      : ev.aggressor === 'SELL'
        ? DtcAtBidOrAsk.AT_BID
        : DtcAtBidOrAsk.BID_ASK_UNSET;
  return {
    Type: T.MARKET_DATA_UPDATE_TRADE,
    SymbolID: symbolId,
    AtBidOrAsk: side,
    Price: ev.price,
    Volume: ev.size,
    DateTime: usToDtcSeconds(ev.time),
  };
}
