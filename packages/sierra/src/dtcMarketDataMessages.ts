import { z } from 'zod';
import { DtcMessageType as T } from './dtcProtocol.js';
import { flag, int, intD, num, numD, strD, type } from './internal/dtcZod.js';

/*
 * The market data half of the DTC server messages (feed status, snapshot, trades, quotes, session
 * values, security definitions): schemas and their types. `dtcMessages.ts` joins them with the
 * session, order, account and historical messages into one parser.
 */

const MarketDataFeedStatus = z.looseObject({ Type: type(T.MARKET_DATA_FEED_STATUS), Status: intD() });
const MarketDataReject = z.looseObject({
  Type: type(T.MARKET_DATA_REJECT),
  SymbolID: int,
  RejectText: strD,
});
// Snapshot fields are optional: absent (or DBL_MAX) means "unset" per the header's Clear().
const MarketDataSnapshot = z.looseObject({
  Type: type(T.MARKET_DATA_SNAPSHOT),
  SymbolID: int,
  SessionSettlementPrice: num.optional(),
  SessionOpenPrice: num.optional(),
  SessionHighPrice: num.optional(),
  SessionLowPrice: num.optional(),
  SessionVolume: num.optional(),
  SessionNumTrades: num.optional(),
  OpenInterest: num.optional(),
  BidPrice: num.optional(),
  AskPrice: num.optional(),
  AskQuantity: num.optional(),
  BidQuantity: num.optional(),
  LastTradePrice: num.optional(),
  LastTradeVolume: num.optional(),
  LastTradeDateTime: num.optional(),
  BidAskDateTime: num.optional(),
  SessionSettlementDateTime: num.optional(),
  TradingSessionDate: num.optional(),
  TradingStatus: num.optional(),
});
const MarketDataUpdateTrade = z.looseObject({
  Type: type(T.MARKET_DATA_UPDATE_TRADE),
  SymbolID: int,
  AtBidOrAsk: intD(),
  Price: num,
  Volume: numD(),
  DateTime: num,
});
const MarketDataUpdateTradeCompact = z.looseObject({
  Type: type(T.MARKET_DATA_UPDATE_TRADE_COMPACT),
  Price: num,
  Volume: numD(),
  DateTime: num,
  SymbolID: int,
  AtBidOrAsk: intD(),
});
const MarketDataUpdateTradeWithUnbundledIndicator = z.looseObject({
  Type: type(T.MARKET_DATA_UPDATE_TRADE_WITH_UNBUNDLED_INDICATOR),
  SymbolID: int,
  AtBidOrAsk: intD(),
  UnbundledTradeIndicator: intD(),
  Price: num,
  Volume: numD(),
  DateTime: num,
});
// Newer (still protocol 8) variants: µs-integer timestamps, or none at all.
const MarketDataUpdateTradeWithUnbundledIndicator2 = z.looseObject({
  Type: type(T.MARKET_DATA_UPDATE_TRADE_WITH_UNBUNDLED_INDICATOR_2),
  SymbolID: int,
  Price: num,
  Volume: numD(),
  DateTime: num,
  AtBidOrAsk: intD(),
  UnbundledTradeIndicator: intD(),
  TradeCondition: intD(),
});
const MarketDataUpdateTradeNoTimestamp = z.looseObject({
  Type: type(T.MARKET_DATA_UPDATE_TRADE_NO_TIMESTAMP),
  SymbolID: int,
  Price: num,
  Volume: numD(),
  AtBidOrAsk: intD(),
  UnbundledTradeIndicator: intD(),
  TradeCondition: intD(),
});
const MarketDataUpdateBidAskFloatWithMicroseconds = z.looseObject({
  Type: type(T.MARKET_DATA_UPDATE_BID_ASK_FLOAT_WITH_MICROSECONDS),
  SymbolID: int,
  BidPrice: num.optional(),
  BidQuantity: numD(),
  AskPrice: num.optional(),
  AskQuantity: numD(),
  DateTime: numD(),
});
const MarketDataUpdateBidAskNoTimestamp = z.looseObject({
  Type: type(T.MARKET_DATA_UPDATE_BID_ASK_NO_TIMESTAMP),
  SymbolID: int,
  BidPrice: num.optional(),
  BidQuantity: numD(),
  AskPrice: num.optional(),
  AskQuantity: numD(),
});
const MarketDataUpdateBidAsk = z.looseObject({
  Type: type(T.MARKET_DATA_UPDATE_BID_ASK),
  SymbolID: int,
  BidPrice: num.optional(),
  BidQuantity: numD(),
  AskPrice: num.optional(),
  AskQuantity: numD(),
  DateTime: numD(),
});
const MarketDataUpdateBidAskCompact = z.looseObject({
  Type: type(T.MARKET_DATA_UPDATE_BID_ASK_COMPACT),
  BidPrice: num.optional(),
  BidQuantity: numD(),
  AskPrice: num.optional(),
  AskQuantity: numD(),
  DateTime: numD(),
  SymbolID: int,
});
// Session updates: one field of the snapshot changed (Sierra sends them after the snapshot).
const sessionPrice = <N extends number>(n: N) =>
  z.looseObject({ Type: type(n), SymbolID: int, Price: numD(), TradingSessionDate: numD() });
const MarketDataUpdateSessionOpen = sessionPrice(T.MARKET_DATA_UPDATE_SESSION_OPEN);
const MarketDataUpdateSessionHigh = sessionPrice(T.MARKET_DATA_UPDATE_SESSION_HIGH);
const MarketDataUpdateSessionLow = sessionPrice(T.MARKET_DATA_UPDATE_SESSION_LOW);
const MarketDataUpdateSessionSettlement = z.looseObject({
  Type: type(T.MARKET_DATA_UPDATE_SESSION_SETTLEMENT),
  SymbolID: int,
  Price: numD(),
  DateTime: numD(),
});
const MarketDataUpdateSessionVolume = z.looseObject({
  Type: type(T.MARKET_DATA_UPDATE_SESSION_VOLUME),
  SymbolID: int,
  Volume: numD(),
  TradingSessionDate: numD(),
  IsFinalSessionVolume: flag,
});
const MarketDataUpdateOpenInterest = z.looseObject({
  Type: type(T.MARKET_DATA_UPDATE_OPEN_INTEREST),
  SymbolID: int,
  OpenInterest: numD(),
  TradingSessionDate: numD(),
});
const MarketDataUpdateSessionNumTrades = z.looseObject({
  Type: type(T.MARKET_DATA_UPDATE_SESSION_NUM_TRADES),
  SymbolID: int,
  NumTrades: numD(),
  TradingSessionDate: numD(),
});
const MarketDataUpdateLastTradeSnapshot = z.looseObject({
  Type: type(T.MARKET_DATA_UPDATE_LAST_TRADE_SNAPSHOT),
  SymbolID: int,
  LastTradePrice: numD(),
  LastTradeVolume: numD(),
  LastTradeDateTime: numD(),
});
const SecurityDefinitionResponse = z.looseObject({
  Type: type(T.SECURITY_DEFINITION_RESPONSE),
  RequestID: intD(),
  Symbol: strD,
  Exchange: strD,
  SecurityType: intD(),
  Description: strD,
  MinPriceIncrement: numD(),
  PriceDisplayFormat: intD(-1),
  CurrencyValuePerIncrement: numD(),
  IsFinalMessage: flag,
  DisplayPriceMultiplier: numD(1),
});
const SecurityDefinitionReject = z.looseObject({
  Type: type(T.SECURITY_DEFINITION_REJECT),
  RequestID: intD(),
  RejectText: strD,
});

/**
 * The market data schemas with their `Type`, one entry per message: `dtcMessages.ts` builds its
 * parse table and its message union from these. @internal
 */
export const marketDataEntries = [
  [T.MARKET_DATA_FEED_STATUS, MarketDataFeedStatus],
  [T.MARKET_DATA_REJECT, MarketDataReject],
  [T.MARKET_DATA_SNAPSHOT, MarketDataSnapshot],
  [T.MARKET_DATA_UPDATE_TRADE, MarketDataUpdateTrade],
  [T.MARKET_DATA_UPDATE_TRADE_COMPACT, MarketDataUpdateTradeCompact],
  [T.MARKET_DATA_UPDATE_TRADE_WITH_UNBUNDLED_INDICATOR, MarketDataUpdateTradeWithUnbundledIndicator],
  [T.MARKET_DATA_UPDATE_TRADE_WITH_UNBUNDLED_INDICATOR_2, MarketDataUpdateTradeWithUnbundledIndicator2],
  [T.MARKET_DATA_UPDATE_TRADE_NO_TIMESTAMP, MarketDataUpdateTradeNoTimestamp],
  [T.MARKET_DATA_UPDATE_BID_ASK_FLOAT_WITH_MICROSECONDS, MarketDataUpdateBidAskFloatWithMicroseconds],
  [T.MARKET_DATA_UPDATE_BID_ASK_NO_TIMESTAMP, MarketDataUpdateBidAskNoTimestamp],
  [T.MARKET_DATA_UPDATE_BID_ASK, MarketDataUpdateBidAsk],
  [T.MARKET_DATA_UPDATE_BID_ASK_COMPACT, MarketDataUpdateBidAskCompact],
  [T.MARKET_DATA_UPDATE_SESSION_OPEN, MarketDataUpdateSessionOpen],
  [T.MARKET_DATA_UPDATE_SESSION_HIGH, MarketDataUpdateSessionHigh],
  [T.MARKET_DATA_UPDATE_SESSION_LOW, MarketDataUpdateSessionLow],
  [T.MARKET_DATA_UPDATE_SESSION_SETTLEMENT, MarketDataUpdateSessionSettlement],
  [T.MARKET_DATA_UPDATE_SESSION_VOLUME, MarketDataUpdateSessionVolume],
  [T.MARKET_DATA_UPDATE_OPEN_INTEREST, MarketDataUpdateOpenInterest],
  [T.MARKET_DATA_UPDATE_SESSION_NUM_TRADES, MarketDataUpdateSessionNumTrades],
  [T.MARKET_DATA_UPDATE_LAST_TRADE_SNAPSHOT, MarketDataUpdateLastTradeSnapshot],
  [T.SECURITY_DEFINITION_RESPONSE, SecurityDefinitionResponse],
  [T.SECURITY_DEFINITION_REJECT, SecurityDefinitionReject],
] as const;

// ---- types ------------------------------------------------------------------------------------

/** MARKET_DATA_FEED_STATUS (100). */
export type DtcMarketDataFeedStatus = z.output<typeof MarketDataFeedStatus>;
/** MARKET_DATA_REJECT (103). */
export type DtcMarketDataReject = z.output<typeof MarketDataReject>;
/** MARKET_DATA_SNAPSHOT (104). Absent fields (or `DBL_MAX`) are unset. */
export type DtcMarketDataSnapshot = z.output<typeof MarketDataSnapshot>;
/** MARKET_DATA_UPDATE_TRADE (107). `DateTime` is fractional seconds; `Volume` in contracts. */
export type DtcMarketDataUpdateTrade = z.output<typeof MarketDataUpdateTrade>;
/** MARKET_DATA_UPDATE_TRADE_COMPACT (112). `DateTime` is whole seconds. */
export type DtcMarketDataUpdateTradeCompact = z.output<typeof MarketDataUpdateTradeCompact>;
/** MARKET_DATA_UPDATE_TRADE_WITH_UNBUNDLED_INDICATOR (137). */
export type DtcMarketDataUpdateTradeWithUnbundledIndicator = z.output<
  typeof MarketDataUpdateTradeWithUnbundledIndicator
>;
/** MARKET_DATA_UPDATE_TRADE_WITH_UNBUNDLED_INDICATOR_2 (146). `DateTime` is **µs** (`t_DateTimeWithMicrosecondsInt`). */
export type DtcMarketDataUpdateTradeWithUnbundledIndicator2 = z.output<
  typeof MarketDataUpdateTradeWithUnbundledIndicator2
>;
/** MARKET_DATA_UPDATE_TRADE_NO_TIMESTAMP (142): the receiver stamps it. */
export type DtcMarketDataUpdateTradeNoTimestamp = z.output<typeof MarketDataUpdateTradeNoTimestamp>;
/** MARKET_DATA_UPDATE_BID_ASK_FLOAT_WITH_MICROSECONDS (144). `DateTime` is **µs**; `FLT_MAX` price = side unchanged. */
export type DtcMarketDataUpdateBidAskFloatWithMicroseconds = z.output<
  typeof MarketDataUpdateBidAskFloatWithMicroseconds
>;
/** MARKET_DATA_UPDATE_BID_ASK_NO_TIMESTAMP (143): the receiver stamps it. */
export type DtcMarketDataUpdateBidAskNoTimestamp = z.output<typeof MarketDataUpdateBidAskNoTimestamp>;
/** MARKET_DATA_UPDATE_BID_ASK (108). `DateTime` is whole seconds; an absent/`DBL_MAX` price means that side is unchanged. */
export type DtcMarketDataUpdateBidAsk = z.output<typeof MarketDataUpdateBidAsk>;
/** MARKET_DATA_UPDATE_BID_ASK_COMPACT (117). */
export type DtcMarketDataUpdateBidAskCompact = z.output<typeof MarketDataUpdateBidAskCompact>;
/** MARKET_DATA_UPDATE_SESSION_OPEN (120). */
export type DtcMarketDataUpdateSessionOpen = z.output<typeof MarketDataUpdateSessionOpen>;
/** MARKET_DATA_UPDATE_SESSION_HIGH (114). */
export type DtcMarketDataUpdateSessionHigh = z.output<typeof MarketDataUpdateSessionHigh>;
/** MARKET_DATA_UPDATE_SESSION_LOW (115). */
export type DtcMarketDataUpdateSessionLow = z.output<typeof MarketDataUpdateSessionLow>;
/** MARKET_DATA_UPDATE_SESSION_SETTLEMENT (119). */
export type DtcMarketDataUpdateSessionSettlement = z.output<typeof MarketDataUpdateSessionSettlement>;
/** MARKET_DATA_UPDATE_SESSION_VOLUME (113). */
export type DtcMarketDataUpdateSessionVolume = z.output<typeof MarketDataUpdateSessionVolume>;
/** MARKET_DATA_UPDATE_OPEN_INTEREST (124). */
export type DtcMarketDataUpdateOpenInterest = z.output<typeof MarketDataUpdateOpenInterest>;
/** MARKET_DATA_UPDATE_SESSION_NUM_TRADES (135). */
export type DtcMarketDataUpdateSessionNumTrades = z.output<typeof MarketDataUpdateSessionNumTrades>;
/** MARKET_DATA_UPDATE_LAST_TRADE_SNAPSHOT (134). `LastTradeDateTime` fractional seconds. */
export type DtcMarketDataUpdateLastTradeSnapshot = z.output<typeof MarketDataUpdateLastTradeSnapshot>;
/** SECURITY_DEFINITION_RESPONSE (507); only the fields this package uses are checked. */
export type DtcSecurityDefinitionResponse = z.output<typeof SecurityDefinitionResponse>;
/** SECURITY_DEFINITION_REJECT (509). */
export type DtcSecurityDefinitionReject = z.output<typeof SecurityDefinitionReject>;
