import type { Clock, Side, TimestampUs } from '@minhos/core';
import type { DtcQuote, DtcSnapshot, DtcTrade } from '../DtcClient.js';
import { type DtcServerMessage, isDtcUnset } from '../dtcMessages.js';
import { DtcAtBidOrAsk, DtcMessageType as T } from '../dtcProtocol.js';
import { dtcSecondsToUs } from '../dtcTime.js';

/** The aggressor side of a DTC `AtBidOrAsk`. */
export function aggressorOf(atBidOrAsk: number): Side | undefined {
  if (atBidOrAsk === DtcAtBidOrAsk.AT_ASK) return 'BUY';
  if (atBidOrAsk === DtcAtBidOrAsk.AT_BID) return 'SELL';
  return undefined;
}

type MutableSnapshot = { -readonly [K in keyof DtcSnapshot]: DtcSnapshot[K] | undefined } & {
  symbolId: number;
  symbol: string;
  exchange: string;
  priceMultiplier: number;
  raw: DtcServerMessage;
};

interface Sub {
  readonly symbolId: number;
  readonly symbol: string;
  readonly exchange: string;
  readonly multiplier: number;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  snapshot: MutableSnapshot | undefined;
}

/** A price field: unset when absent, DBL_MAX or 0 (Sierra sends 0 for what it does not know). */
function price(v: number | undefined): number | undefined {
  return isDtcUnset(v) || v === 0 ? undefined : v;
}

function quantity(v: number | undefined): number | undefined {
  return isDtcUnset(v) ? undefined : v;
}

/** A copy without the unset fields. */
function frozen(s: MutableSnapshot): DtcSnapshot {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (v !== undefined) out[k] = v;
  return out as unknown as DtcSnapshot;
}

/** Subscriptions and their top of book / snapshot, converting DTC market data to domain objects. */
export class MarketDataBook {
  readonly #subs = new Map<number, Sub>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  add(symbolId: number, symbol: string, exchange: string, multiplier: number): void {
    this.#subs.set(symbolId, {
      symbolId,
      symbol,
      exchange,
      multiplier,
      bid: Number.NaN,
      ask: Number.NaN,
      bidSize: 0,
      askSize: 0,
      snapshot: undefined,
    });
  }

  remove(symbolId: number): void {
    this.#subs.delete(symbolId);
  }

  clear(): void {
    this.#subs.clear();
  }

  get(symbolId: number): Sub | undefined {
    return this.#subs.get(symbolId);
  }

  find(symbol: string, exchange: string): Sub | undefined {
    for (const s of this.#subs.values()) if (s.symbol === symbol && s.exchange === exchange) return s;
    return undefined;
  }

  all(): Sub[] {
    return [...this.#subs.values()];
  }

  snapshotOf(symbolId: number): DtcSnapshot | undefined {
    const s = this.#subs.get(symbolId)?.snapshot;
    return s === undefined ? undefined : frozen(s);
  }

  trade(
    symbolId: number,
    p: number,
    volume: number,
    time: TimestampUs,
    aggressor: Side | undefined,
  ): DtcTrade | undefined {
    const sub = this.#subs.get(symbolId);
    if (sub === undefined) return undefined;
    return {
      symbolId,
      symbol: sub.symbol,
      exchange: sub.exchange,
      time,
      price: p * sub.multiplier,
      size: volume,
      ...(aggressor === undefined ? {} : { aggressor }),
    };
  }

  /** Applies a bid/ask update (an unset side means "unchanged"); `time` undefined = our clock. */
  quote(
    symbolId: number,
    bidPrice: number | undefined,
    bidQty: number,
    askPrice: number | undefined,
    askQty: number,
    time: TimestampUs | undefined,
  ): DtcQuote | undefined {
    const sub = this.#subs.get(symbolId);
    if (sub === undefined) return undefined;
    if (!isDtcUnset(bidPrice)) {
      sub.bid = bidPrice * sub.multiplier;
      sub.bidSize = bidQty;
    }
    if (!isDtcUnset(askPrice)) {
      sub.ask = askPrice * sub.multiplier;
      sub.askSize = askQty;
    }
    return {
      symbolId,
      symbol: sub.symbol,
      exchange: sub.exchange,
      time: time ?? this.#clock.now(),
      bid: sub.bid,
      ask: sub.ask,
      bidSize: sub.bidSize,
      askSize: sub.askSize,
    };
  }

  /** MARKET_DATA_SNAPSHOT or a session update: the changed snapshot, or undefined when not ours / not a snapshot message. */
  snapshotUpdate(m: DtcServerMessage): DtcSnapshot | undefined {
    const id = (m as { SymbolID?: unknown }).SymbolID;
    if (typeof id !== 'number') return undefined;
    const sub = this.#subs.get(id);
    if (sub === undefined) return undefined;
    const k = sub.multiplier;
    const scaled = (v: number | undefined) => {
      const x = price(v);
      return x === undefined ? undefined : x * k;
    };
    if (m.Type === T.MARKET_DATA_SNAPSHOT) {
      const s: NonNullable<Sub['snapshot']> = {
        symbolId: sub.symbolId,
        symbol: sub.symbol,
        exchange: sub.exchange,
        priceMultiplier: k,
        raw: m,
      };
      const set = <K extends keyof DtcSnapshot>(key: K, v: DtcSnapshot[K] | undefined) => {
        if (v !== undefined) s[key] = v;
      };
      set('lastPrice', scaled(m.LastTradePrice));
      set('lastSize', quantity(m.LastTradeVolume));
      set(
        'lastTime',
        m.LastTradeDateTime !== undefined && m.LastTradeDateTime > 0
          ? dtcSecondsToUs(m.LastTradeDateTime)
          : undefined,
      );
      set('bid', scaled(m.BidPrice));
      set('ask', scaled(m.AskPrice));
      if (s.bid !== undefined) set('bidSize', quantity(m.BidQuantity));
      if (s.ask !== undefined) set('askSize', quantity(m.AskQuantity));
      set('sessionOpen', scaled(m.SessionOpenPrice));
      set('sessionHigh', scaled(m.SessionHighPrice));
      set('sessionLow', scaled(m.SessionLowPrice));
      set('sessionVolume', quantity(m.SessionVolume));
      set(
        'sessionNumTrades',
        m.SessionNumTrades === undefined || m.SessionNumTrades >= 4294967295 ? undefined : m.SessionNumTrades,
      );
      set('settlementPrice', scaled(m.SessionSettlementPrice));
      set(
        'openInterest',
        m.OpenInterest === undefined || m.OpenInterest >= 4294967295 ? undefined : m.OpenInterest,
      );
      sub.snapshot = s;
      if (s.bid !== undefined) {
        sub.bid = s.bid;
        sub.bidSize = s.bidSize ?? 0;
      }
      if (s.ask !== undefined) {
        sub.ask = s.ask;
        sub.askSize = s.askSize ?? 0;
      }
      return frozen(s);
    }
    const s = sub.snapshot;
    if (s === undefined) return undefined;
    switch (m.Type) {
      case T.MARKET_DATA_UPDATE_SESSION_OPEN:
        s.sessionOpen = scaled(m.Price) ?? s.sessionOpen;
        break;
      case T.MARKET_DATA_UPDATE_SESSION_HIGH:
        s.sessionHigh = scaled(m.Price) ?? s.sessionHigh;
        break;
      case T.MARKET_DATA_UPDATE_SESSION_LOW:
        s.sessionLow = scaled(m.Price) ?? s.sessionLow;
        break;
      case T.MARKET_DATA_UPDATE_SESSION_SETTLEMENT:
        s.settlementPrice = scaled(m.Price) ?? s.settlementPrice;
        break;
      case T.MARKET_DATA_UPDATE_SESSION_VOLUME:
        s.sessionVolume = m.Volume;
        break;
      case T.MARKET_DATA_UPDATE_OPEN_INTEREST:
        s.openInterest = m.OpenInterest;
        break;
      case T.MARKET_DATA_UPDATE_SESSION_NUM_TRADES:
        s.sessionNumTrades = m.NumTrades;
        break;
      case T.MARKET_DATA_UPDATE_LAST_TRADE_SNAPSHOT:
        s.lastPrice = scaled(m.LastTradePrice) ?? s.lastPrice;
        s.lastSize = m.LastTradeVolume;
        if (m.LastTradeDateTime > 0) s.lastTime = dtcSecondsToUs(m.LastTradeDateTime);
        break;
      default:
        return undefined;
    }
    s.raw = m;
    return frozen(s);
  }
}
