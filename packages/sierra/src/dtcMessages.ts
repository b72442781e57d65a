import { z } from 'zod';
import { clientSchemas, type DtcHeartbeat, type DtcLogoff, Heartbeat, Logoff } from './dtcClientMessages.js';
import {
  type DtcMarketDataFeedStatus,
  type DtcMarketDataReject,
  type DtcMarketDataSnapshot,
  type DtcMarketDataUpdateBidAsk,
  type DtcMarketDataUpdateBidAskCompact,
  type DtcMarketDataUpdateBidAskFloatWithMicroseconds,
  type DtcMarketDataUpdateBidAskNoTimestamp,
  type DtcMarketDataUpdateLastTradeSnapshot,
  type DtcMarketDataUpdateOpenInterest,
  type DtcMarketDataUpdateSessionHigh,
  type DtcMarketDataUpdateSessionLow,
  type DtcMarketDataUpdateSessionNumTrades,
  type DtcMarketDataUpdateSessionOpen,
  type DtcMarketDataUpdateSessionSettlement,
  type DtcMarketDataUpdateSessionVolume,
  type DtcMarketDataUpdateTrade,
  type DtcMarketDataUpdateTradeCompact,
  type DtcMarketDataUpdateTradeNoTimestamp,
  type DtcMarketDataUpdateTradeWithUnbundledIndicator,
  type DtcMarketDataUpdateTradeWithUnbundledIndicator2,
  type DtcSecurityDefinitionReject,
  type DtcSecurityDefinitionResponse,
  marketDataEntries,
} from './dtcMarketDataMessages.js';
import { DtcMessageType as T } from './dtcProtocol.js';
import {
  type AnySchema,
  type DtcParseResult,
  flag,
  flagOptional,
  int,
  intD,
  num,
  numD,
  parseWith,
  type SameType,
  strD,
  type,
} from './internal/dtcZod.js';

export type {
  DtcAccountBalanceRequest,
  DtcCancelOrder,
  DtcCancelReplaceOrder,
  DtcClientMessage,
  DtcCurrentPositionsRequest,
  DtcHeartbeat,
  DtcHistoricalOrderFillsRequest,
  DtcHistoricalPriceDataRequest,
  DtcLogoff,
  DtcLogonRequest,
  DtcMarketDataRequest,
  DtcOpenOrdersRequest,
  DtcSubmitNewSingleOrder,
  DtcTradeAccountsRequest,
} from './dtcClientMessages.js';
export { parseDtcClientMessage } from './dtcClientMessages.js';
export type { DtcParseResult } from './internal/dtcZod.js';

/*
 * DTC messages in JSON encoding: one JSON object per frame, field names exactly as the struct members
 * of `DTCProtocol.h`, integer `Type`. Schemas are *loose* on purpose: Sierra Chart adds fields over time
 * and may omit fields at their default value, so unknown fields pass through and every field we do not
 * strictly need has the header's default. What we use is validated (types, integers, presence).
 */

// ---- server → client ---------------------------------------------------------------------------

const LogonResponse = z.looseObject({
  Type: type(T.LOGON_RESPONSE),
  ProtocolVersion: intD(),
  Result: int,
  ResultText: strD,
  ReconnectAddress: strD,
  Integer_1: intD(),
  ServerName: strD,
  MarketDepthUpdatesBestBidAndAsk: flag,
  TradingIsSupported: flagOptional,
  OCOOrdersSupported: flag,
  OrderCancelReplaceSupported: flag,
  SymbolExchangeDelimiter: strD,
  SecurityDefinitionsSupported: flag,
  HistoricalPriceDataSupported: flag,
  ResubscribeWhenMarketDataFeedAvailable: flag,
  MarketDepthIsSupported: flag,
  OneHistoricalPriceDataRequestPerConnection: flag,
  BracketOrdersSupported: flag,
  UsesMultiplePositionsPerSymbolAndTradeAccount: flag,
  MarketDataSupported: flag,
});
const OrderUpdate = z.looseObject({
  Type: type(T.ORDER_UPDATE),
  RequestID: intD(),
  TotalNumMessages: intD(),
  MessageNumber: intD(),
  Symbol: strD,
  Exchange: strD,
  PreviousServerOrderID: strD,
  ServerOrderID: strD,
  ClientOrderID: strD,
  ExchangeOrderID: strD,
  OrderStatus: intD(),
  OrderUpdateReason: intD(),
  OrderType: intD(),
  BuySell: intD(),
  Price1: num.optional(),
  Price2: num.optional(),
  TimeInForce: intD(),
  GoodTillDateTime: numD(),
  OrderQuantity: num.optional(),
  FilledQuantity: num.optional(),
  RemainingQuantity: num.optional(),
  AverageFillPrice: num.optional(),
  LastFillPrice: num.optional(),
  LastFillDateTime: numD(),
  LastFillQuantity: num.optional(),
  LastFillExecutionID: strD,
  TradeAccount: strD,
  InfoText: strD,
  NoOrders: flag,
  ParentServerOrderID: strD,
  OCOLinkedOrderServerOrderID: strD,
  OpenOrClose: intD(),
  PreviousClientOrderID: strD,
  FreeFormText: strD,
  OrderReceivedDateTime: numD(),
  LatestTransactionDateTime: numD(),
  Username: strD,
});
const HistoricalOrderFillResponse = z.looseObject({
  Type: type(T.HISTORICAL_ORDER_FILL_RESPONSE),
  RequestID: intD(),
  TotalNumberMessages: intD(),
  MessageNumber: intD(),
  Symbol: strD,
  Exchange: strD,
  ServerOrderID: strD,
  BuySell: intD(),
  Price: numD(),
  DateTime: numD(),
  Quantity: numD(),
  UniqueExecutionID: strD,
  TradeAccount: strD,
  OpenClose: intD(),
  NoOrderFills: flag,
  InfoText: strD,
  HighPriceDuringPosition: numD(),
  LowPriceDuringPosition: numD(),
  PositionQuantity: num.optional(),
  Username: strD,
  ExchangeOrderID: strD,
  SenderSubID: strD,
});
const rejectWithRequestId = <N extends number>(n: N) =>
  z.looseObject({ Type: type(n), RequestID: intD(), RejectText: strD });
const OpenOrdersReject = rejectWithRequestId(T.OPEN_ORDERS_REJECT);
const CurrentPositionsReject = rejectWithRequestId(T.CURRENT_POSITIONS_REJECT);
const HistoricalOrderFillsReject = rejectWithRequestId(T.HISTORICAL_ORDER_FILLS_REJECT);
const AccountBalanceReject = rejectWithRequestId(T.ACCOUNT_BALANCE_REJECT);
const PositionUpdate = z.looseObject({
  Type: type(T.POSITION_UPDATE),
  RequestID: intD(),
  TotalNumberMessages: intD(),
  MessageNumber: intD(),
  Symbol: strD,
  Exchange: strD,
  Quantity: numD(),
  AveragePrice: numD(),
  PositionIdentifier: strD,
  TradeAccount: strD,
  NoPositions: flag,
  Unsolicited: flag,
  MarginRequirement: numD(),
  EntryDateTime: numD(),
});
const TradeAccountResponse = z.looseObject({
  Type: type(T.TRADE_ACCOUNT_RESPONSE),
  TotalNumberMessages: intD(),
  MessageNumber: intD(),
  TradeAccount: strD,
  RequestID: intD(),
});
const AccountBalanceUpdate = z.looseObject({
  Type: type(T.ACCOUNT_BALANCE_UPDATE),
  RequestID: intD(),
  CashBalance: numD(),
  BalanceAvailableForNewPositions: numD(),
  AccountCurrency: strD,
  TradeAccount: strD,
  SecuritiesValue: numD(),
  MarginRequirement: numD(),
  TotalNumberMessages: intD(),
  MessageNumber: intD(),
  NoAccountBalances: flag,
  Unsolicited: flag,
  OpenPositionsProfitLoss: numD(),
  DailyProfitLoss: numD(),
  InfoText: strD,
});
const HistoricalPriceDataResponseHeader = z.looseObject({
  Type: type(T.HISTORICAL_PRICE_DATA_RESPONSE_HEADER),
  RequestID: int,
  RecordInterval: intD(),
  UseZLibCompression: flag,
  NoRecordsToReturn: flag,
  IntToFloatPriceDivisor: numD(),
});
const HistoricalPriceDataReject = z.looseObject({
  Type: type(T.HISTORICAL_PRICE_DATA_REJECT),
  RequestID: int,
  RejectText: strD,
  RejectReasonCode: intD(),
  RetryTimeInSeconds: intD(),
});
const HistoricalPriceDataRecordResponse = z.looseObject({
  Type: type(T.HISTORICAL_PRICE_DATA_RECORD_RESPONSE),
  RequestID: int,
  StartDateTime: numD(),
  OpenPrice: numD(),
  HighPrice: numD(),
  LowPrice: numD(),
  LastPrice: numD(),
  Volume: numD(),
  OpenInterest: num.optional(),
  NumTrades: num.optional(),
  BidVolume: numD(),
  AskVolume: numD(),
  IsFinalRecord: flag,
});
const HistoricalPriceDataTickRecordResponse = z.looseObject({
  Type: type(T.HISTORICAL_PRICE_DATA_TICK_RECORD_RESPONSE),
  RequestID: int,
  DateTime: numD(),
  AtBidOrAsk: intD(),
  Price: numD(),
  Volume: numD(),
  IsFinalRecord: flag,
});
const HistoricalPriceDataResponseTrailer = z.looseObject({
  Type: type(T.HISTORICAL_PRICE_DATA_RESPONSE_TRAILER),
  RequestID: int,
  FinalRecordLastDateTime: numD(),
});

// ---- types ------------------------------------------------------------------------------------

/** LOGON_RESPONSE (2). */
export type DtcLogonResponse = z.output<typeof LogonResponse>;
/**
 * ORDER_UPDATE (301). Quantities in contracts. Times as in the header: `LastFillDateTime` integer
 * **milliseconds** (`t_DateTimeWithMillisecondsInt`), `OrderReceivedDateTime` whole seconds,
 * `LatestTransactionDateTime` fractional seconds.
 */
export type DtcOrderUpdate = z.output<typeof OrderUpdate>;
/** HISTORICAL_ORDER_FILL_RESPONSE (304). `DateTime` is `t_DateTime` (whole seconds); `Quantity` in contracts. */
export type DtcHistoricalOrderFillResponse = z.output<typeof HistoricalOrderFillResponse>;
/** HISTORICAL_ORDER_FILLS_REJECT (308). */
export type DtcHistoricalOrderFillsReject = z.output<typeof HistoricalOrderFillsReject>;
/** OPEN_ORDERS_REJECT (302). */
export type DtcOpenOrdersReject = z.output<typeof OpenOrdersReject>;
/** POSITION_UPDATE (306). `Quantity` is signed (negative = short), in contracts. */
export type DtcPositionUpdate = z.output<typeof PositionUpdate>;
/** CURRENT_POSITIONS_REJECT (307). */
export type DtcCurrentPositionsReject = z.output<typeof CurrentPositionsReject>;
/** TRADE_ACCOUNT_RESPONSE (401). */
export type DtcTradeAccountResponse = z.output<typeof TradeAccountResponse>;
/** ACCOUNT_BALANCE_UPDATE (600). Amounts in `AccountCurrency`. */
export type DtcAccountBalanceUpdate = z.output<typeof AccountBalanceUpdate>;
/** ACCOUNT_BALANCE_REJECT (602). */
export type DtcAccountBalanceReject = z.output<typeof AccountBalanceReject>;
/** HISTORICAL_PRICE_DATA_RESPONSE_HEADER (801). */
export type DtcHistoricalPriceDataResponseHeader = z.output<typeof HistoricalPriceDataResponseHeader>;
/** HISTORICAL_PRICE_DATA_REJECT (802). */
export type DtcHistoricalPriceDataReject = z.output<typeof HistoricalPriceDataReject>;
/** HISTORICAL_PRICE_DATA_RECORD_RESPONSE (803). `StartDateTime`: seconds or µs, see `dtcAutoDateTimeToUs`. */
export type DtcHistoricalPriceDataRecordResponse = z.output<typeof HistoricalPriceDataRecordResponse>;
/** HISTORICAL_PRICE_DATA_TICK_RECORD_RESPONSE (804). `DateTime` is fractional seconds. */
export type DtcHistoricalPriceDataTickRecordResponse = z.output<typeof HistoricalPriceDataTickRecordResponse>;
/** HISTORICAL_PRICE_DATA_RESPONSE_TRAILER (807). */
export type DtcHistoricalPriceDataResponseTrailer = z.output<typeof HistoricalPriceDataResponseTrailer>;

/** Every modelled server message with its `Type`: the parse table and the message union come from here. */
const serverEntries = [
  [T.LOGON_RESPONSE, LogonResponse],
  [T.HEARTBEAT, Heartbeat],
  [T.LOGOFF, Logoff],
  ...marketDataEntries,
  [T.ORDER_UPDATE, OrderUpdate],
  [T.OPEN_ORDERS_REJECT, OpenOrdersReject],
  [T.HISTORICAL_ORDER_FILL_RESPONSE, HistoricalOrderFillResponse],
  [T.HISTORICAL_ORDER_FILLS_REJECT, HistoricalOrderFillsReject],
  [T.POSITION_UPDATE, PositionUpdate],
  [T.CURRENT_POSITIONS_REJECT, CurrentPositionsReject],
  [T.TRADE_ACCOUNT_RESPONSE, TradeAccountResponse],
  [T.ACCOUNT_BALANCE_UPDATE, AccountBalanceUpdate],
  [T.ACCOUNT_BALANCE_REJECT, AccountBalanceReject],
  [T.HISTORICAL_PRICE_DATA_RESPONSE_HEADER, HistoricalPriceDataResponseHeader],
  [T.HISTORICAL_PRICE_DATA_REJECT, HistoricalPriceDataReject],
  [T.HISTORICAL_PRICE_DATA_RECORD_RESPONSE, HistoricalPriceDataRecordResponse],
  [T.HISTORICAL_PRICE_DATA_TICK_RECORD_RESPONSE, HistoricalPriceDataTickRecordResponse],
  [T.HISTORICAL_PRICE_DATA_RESPONSE_TRAILER, HistoricalPriceDataResponseTrailer],
] as const;

/** Every message a DTC server sends that this package models (discriminated by `Type`). */
export type DtcServerMessage =
  | DtcLogonResponse
  | DtcHeartbeat
  | DtcLogoff
  | DtcMarketDataFeedStatus
  | DtcMarketDataReject
  | DtcMarketDataSnapshot
  | DtcMarketDataUpdateTrade
  | DtcMarketDataUpdateTradeCompact
  | DtcMarketDataUpdateTradeWithUnbundledIndicator
  | DtcMarketDataUpdateTradeWithUnbundledIndicator2
  | DtcMarketDataUpdateTradeNoTimestamp
  | DtcMarketDataUpdateBidAskFloatWithMicroseconds
  | DtcMarketDataUpdateBidAskNoTimestamp
  | DtcMarketDataUpdateBidAsk
  | DtcMarketDataUpdateBidAskCompact
  | DtcMarketDataUpdateSessionOpen
  | DtcMarketDataUpdateSessionHigh
  | DtcMarketDataUpdateSessionLow
  | DtcMarketDataUpdateSessionSettlement
  | DtcMarketDataUpdateSessionVolume
  | DtcMarketDataUpdateOpenInterest
  | DtcMarketDataUpdateSessionNumTrades
  | DtcMarketDataUpdateLastTradeSnapshot
  | DtcSecurityDefinitionResponse
  | DtcSecurityDefinitionReject
  | DtcOrderUpdate
  | DtcOpenOrdersReject
  | DtcHistoricalOrderFillResponse
  | DtcHistoricalOrderFillsReject
  | DtcPositionUpdate
  | DtcCurrentPositionsReject
  | DtcTradeAccountResponse
  | DtcAccountBalanceUpdate
  | DtcAccountBalanceReject
  | DtcHistoricalPriceDataResponseHeader
  | DtcHistoricalPriceDataReject
  | DtcHistoricalPriceDataRecordResponse
  | DtcHistoricalPriceDataTickRecordResponse
  | DtcHistoricalPriceDataResponseTrailer;

/** Compile-time proof that the written union is exactly the table's (a new entry fails the build). */
type ServerUnionMatchesTable = SameType<DtcServerMessage, z.output<(typeof serverEntries)[number][1]>>;
const serverUnionMatchesTable: ServerUnionMatchesTable = true;
void serverUnionMatchesTable;

const serverSchemas = new Map<number, AnySchema>(serverEntries);

/**
 * The field names each modelled message schema checks, by `Type` (for the conformance test against
 * the header). Not exported from the package index.
 */
export function dtcModelledFields(): { server: Map<number, string[]>; client: Map<number, string[]> } {
  const fields = (m: Map<number, AnySchema>) =>
    new Map([...m].map(([t, schema]) => [t, Object.keys((schema as unknown as { shape: object }).shape)]));
  return { server: fields(serverSchemas), client: fields(clientSchemas) };
}

/**
 * Validates one decoded JSON frame received **from a DTC server** (what a client parses).
 *
 * Pure: no I/O. Unknown fields pass through (Sierra Chart adds fields over versions); fields we use
 * are checked and defaulted as in `DTCProtocol.h`.
 *
 * @example
 * ```ts
 * import { parseDtcServerMessage } from '@minhos/sierra';
 * const r = parseDtcServerMessage({ Type: 107, SymbolID: 1, Price: 4500.25, Volume: 2, DateTime: 1.7e9 });
 * if (r.kind === 'message' && r.message.Type === 107) r.message.Price; // 4500.25
 * ```
 */
export function parseDtcServerMessage(value: unknown): DtcParseResult<DtcServerMessage> {
  const fast = fastMarketData(value);
  if (fast !== undefined) return { kind: 'message', message: fast };
  return parseWith<DtcServerMessage>(serverSchemas, value);
}

// zod's .int() means a safe integer.
const isInt = Number.isSafeInteger;
const isNum = (v: unknown): v is number => typeof v === 'number';
const optNum = (v: unknown) => v === undefined || typeof v === 'number';

/**
 * Hand-written check of the two hot market-data messages, equivalent to their zod schemas (a property
 * test holds them equal). zod costs ~3× the JSON parse on these; trades and quotes are >90% of a
 * busy feed. Returns undefined whenever the frame is not a clean trade/quote, so zod then decides
 * and reports.
 */
function fastMarketData(value: unknown): DtcServerMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  // A null (DTC "unset") anywhere: let the zod path drop it.
  for (const k in v) if (v[k] === null) return undefined;
  if (v.Type === T.MARKET_DATA_UPDATE_TRADE) {
    if (!isInt(v.SymbolID) || !isNum(v.Price) || !isNum(v.DateTime)) return undefined;
    if (v.AtBidOrAsk !== undefined && !isInt(v.AtBidOrAsk)) return undefined;
    if (!optNum(v.Volume)) return undefined;
    if (v.AtBidOrAsk !== undefined && v.Volume !== undefined) return v as DtcMarketDataUpdateTrade;
    return { ...v, AtBidOrAsk: v.AtBidOrAsk ?? 0, Volume: v.Volume ?? 0 } as DtcMarketDataUpdateTrade;
  }
  if (v.Type === T.MARKET_DATA_UPDATE_BID_ASK) {
    if (!isInt(v.SymbolID) || !optNum(v.BidPrice) || !optNum(v.AskPrice)) return undefined;
    if (!optNum(v.BidQuantity) || !optNum(v.AskQuantity) || !optNum(v.DateTime)) return undefined;
    if (v.BidQuantity !== undefined && v.AskQuantity !== undefined && v.DateTime !== undefined) {
      return v as DtcMarketDataUpdateBidAsk;
    }
    return {
      ...v,
      BidQuantity: v.BidQuantity ?? 0,
      AskQuantity: v.AskQuantity ?? 0,
      DateTime: v.DateTime ?? 0,
    } as DtcMarketDataUpdateBidAsk;
  }
  return undefined;
}

/** The zod-only path of {@link parseDtcServerMessage}, for tests that hold the fast path to it. */
export function parseDtcServerMessageWithZod(value: unknown): DtcParseResult<DtcServerMessage> {
  return parseWith<DtcServerMessage>(serverSchemas, value);
}

// FLT_MAX, the unset sentinel of the float fields of compact messages; DBL_MAX is far above it.
const FLT_MAX = 3.4028234663852886e38;

/**
 * Whether a DTC price/quantity is "unset": absent, non-finite, or the header's sentinel (`DBL_MAX`
 * for double fields, `FLT_MAX` for the float fields of compact messages).
 *
 * @example
 * ```ts
 * import { isDtcUnset } from '@minhos/sierra';
 * isDtcUnset(1.7976931348623157e308); // true
 * isDtcUnset(4500.25); // false
 * ```
 */
export function isDtcUnset(value: number | undefined): value is undefined {
  return value === undefined || !Number.isFinite(value) || Math.abs(value) >= FLT_MAX;
}
