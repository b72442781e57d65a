import { z } from 'zod';
import { DTC_PROTOCOL_VERSION, DtcMessageType as T } from './dtcProtocol.js';

/*
 * DTC messages in JSON encoding: one JSON object per frame, field names exactly as the struct members
 * of `DTCProtocol.h`, integer `Type`. Schemas are *loose* on purpose: Sierra Chart adds fields over time
 * and may omit fields at their default value, so unknown fields pass through and every field we do not
 * strictly need has the header's default. What we use is validated (types, integers, presence).
 */

const int = z.number().int();
const num = z.number();
const str = z.string();
const intD = (d = 0) => int.default(d);
const numD = (d = 0) => num.default(d);
const strD = str.default('');
// uint8 flags: Sierra sends 0/1; accept JSON booleans too, normalise to 0 | 1.
const flag = z
  .union([z.number(), z.boolean()])
  .optional()
  .transform((v): 0 | 1 => (v === true || (typeof v === 'number' && v !== 0) ? 1 : 0));
const flagDefault1 = z
  .union([z.number(), z.boolean()])
  .optional()
  .transform((v): 0 | 1 => (v === undefined || v === true || (typeof v === 'number' && v !== 0) ? 1 : 0));
// A flag whose absence matters (the header's default differs from what old servers mean by leaving it out).
const flagOptional = z
  .union([z.number(), z.boolean()])
  .optional()
  .transform((v): 0 | 1 | undefined =>
    v === undefined ? undefined : v === true || (typeof v === 'number' && v !== 0) ? 1 : 0,
  );
const type = <N extends number>(n: N) => z.literal(n);

// ---- both directions -------------------------------------------------------------------------

const Heartbeat = z.looseObject({
  Type: type(T.HEARTBEAT),
  NumDroppedMessages: intD(),
  CurrentDateTime: numD(),
});
const Logoff = z.looseObject({ Type: type(T.LOGOFF), Reason: strD, DoNotReconnect: flag });

// ---- client → server ---------------------------------------------------------------------------

const LogonRequest = z.looseObject({
  Type: type(T.LOGON_REQUEST),
  ProtocolVersion: intD(DTC_PROTOCOL_VERSION),
  Username: strD,
  Password: strD,
  GeneralTextData: strD,
  Integer_1: intD(),
  Integer_2: intD(),
  HeartbeatIntervalInSeconds: int.nonnegative().default(0),
  TradeAccount: strD,
  HardwareIdentifier: strD,
  ClientName: strD,
});
const MarketDataRequest = z.looseObject({
  Type: type(T.MARKET_DATA_REQUEST),
  RequestAction: intD(1),
  SymbolID: int.nonnegative(),
  Symbol: strD,
  Exchange: strD,
});
const SubmitNewSingleOrder = z.looseObject({
  Type: type(T.SUBMIT_NEW_SINGLE_ORDER),
  Symbol: str,
  Exchange: strD,
  TradeAccount: strD,
  ClientOrderID: strD,
  OrderType: int,
  BuySell: int,
  Price1: numD(),
  Price2: numD(),
  Quantity: num,
  TimeInForce: intD(),
  GoodTillDateTime: numD(),
  IsAutomatedOrder: flag,
  IsParentOrder: flag,
  FreeFormText: strD,
  OpenOrClose: intD(),
});
const CancelOrder = z.looseObject({ Type: type(T.CANCEL_ORDER), ServerOrderID: strD, ClientOrderID: strD });
const CancelReplaceOrder = z.looseObject({
  Type: type(T.CANCEL_REPLACE_ORDER),
  ServerOrderID: strD,
  ClientOrderID: strD,
  Price1: num.optional(),
  Price2: num.optional(),
  Quantity: num.optional(),
  Price1IsSet: flagDefault1,
  Price2IsSet: flagDefault1,
  TimeInForce: intD(),
  GoodTillDateTime: numD(),
  UpdatePrice1OffsetToParent: flag,
});
const OpenOrdersRequest = z.looseObject({
  Type: type(T.OPEN_ORDERS_REQUEST),
  RequestID: intD(),
  RequestAllOrders: intD(1),
  ServerOrderID: strD,
  TradeAccount: strD,
});
const CurrentPositionsRequest = z.looseObject({
  Type: type(T.CURRENT_POSITIONS_REQUEST),
  RequestID: intD(),
  TradeAccount: strD,
});
const HistoricalOrderFillsRequest = z.looseObject({
  Type: type(T.HISTORICAL_ORDER_FILLS_REQUEST),
  RequestID: intD(),
  ServerOrderID: strD,
  NumberOfDays: intD(),
  TradeAccount: strD,
  StartDateTime: numD(),
});
const TradeAccountsRequest = z.looseObject({ Type: type(T.TRADE_ACCOUNTS_REQUEST), RequestID: intD() });
const AccountBalanceRequest = z.looseObject({
  Type: type(T.ACCOUNT_BALANCE_REQUEST),
  RequestID: intD(),
  TradeAccount: strD,
});
const HistoricalPriceDataRequest = z.looseObject({
  Type: type(T.HISTORICAL_PRICE_DATA_REQUEST),
  RequestID: int,
  Symbol: str,
  Exchange: strD,
  RecordInterval: int.nonnegative().default(0),
  StartDateTime: numD(),
  EndDateTime: numD(),
  MaxDaysToReturn: int.nonnegative().default(0),
  UseZLibCompression: flag,
  RequestDividendAdjustedStockData: flag,
  Integer_1: intD(),
});

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

// ---- types -------------------------------------------------------------------------------------

/** HEARTBEAT (3), both directions. `CurrentDateTime` is `t_DateTime` (whole seconds). */
export type DtcHeartbeat = z.output<typeof Heartbeat>;
/** LOGOFF (5), both directions. */
export type DtcLogoff = z.output<typeof Logoff>;
/** LOGON_REQUEST (1), client → server. `HeartbeatIntervalInSeconds` must be set (> 0). */
export type DtcLogonRequest = z.output<typeof LogonRequest>;
/** MARKET_DATA_REQUEST (101), client → server. `SymbolID` is chosen by the client. */
export type DtcMarketDataRequest = z.output<typeof MarketDataRequest>;
/** SUBMIT_NEW_SINGLE_ORDER (208), client → server. `Quantity` in contracts. */
export type DtcSubmitNewSingleOrder = z.output<typeof SubmitNewSingleOrder>;
/** CANCEL_ORDER (203), client → server. */
export type DtcCancelOrder = z.output<typeof CancelOrder>;
/** CANCEL_REPLACE_ORDER (204), client → server. */
export type DtcCancelReplaceOrder = z.output<typeof CancelReplaceOrder>;
/** OPEN_ORDERS_REQUEST (300), client → server. */
export type DtcOpenOrdersRequest = z.output<typeof OpenOrdersRequest>;
/** CURRENT_POSITIONS_REQUEST (305), client → server. */
export type DtcCurrentPositionsRequest = z.output<typeof CurrentPositionsRequest>;
/** HISTORICAL_ORDER_FILLS_REQUEST (303), client → server. `StartDateTime` is `t_DateTime` seconds. */
export type DtcHistoricalOrderFillsRequest = z.output<typeof HistoricalOrderFillsRequest>;
/** TRADE_ACCOUNTS_REQUEST (400), client → server. */
export type DtcTradeAccountsRequest = z.output<typeof TradeAccountsRequest>;
/** ACCOUNT_BALANCE_REQUEST (601), client → server. */
export type DtcAccountBalanceRequest = z.output<typeof AccountBalanceRequest>;
/** HISTORICAL_PRICE_DATA_REQUEST (800), client → server. Start/End are `t_DateTime` seconds (0 = open). */
export type DtcHistoricalPriceDataRequest = z.output<typeof HistoricalPriceDataRequest>;

/** LOGON_RESPONSE (2). */
export type DtcLogonResponse = z.output<typeof LogonResponse>;
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
  | DtcMarketDataUpdateBidAsk
  | DtcMarketDataUpdateBidAskCompact
  | DtcMarketDataUpdateBidAskFloatWithMicroseconds
  | DtcMarketDataUpdateBidAskNoTimestamp
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

/** Every message a DTC client sends that this package models (discriminated by `Type`). */
export type DtcClientMessage =
  | DtcLogonRequest
  | DtcHeartbeat
  | DtcLogoff
  | DtcMarketDataRequest
  | DtcSubmitNewSingleOrder
  | DtcCancelOrder
  | DtcCancelReplaceOrder
  | DtcOpenOrdersRequest
  | DtcHistoricalOrderFillsRequest
  | DtcCurrentPositionsRequest
  | DtcTradeAccountsRequest
  | DtcAccountBalanceRequest
  | DtcHistoricalPriceDataRequest;

/**
 * What the parsers make of one decoded JSON frame:
 * - `message`: a modelled message, validated;
 * - `other`: a DTC message type this package knows but does not model (session statistics, security
 *   definitions, log messages …): passed through unvalidated;
 * - `unknown`: a `Type` that is not part of DTC as known here (to be ignored and counted);
 * - `invalid`: no integer `Type`, or a modelled message whose fields we use are missing/mistyped.
 */
export type DtcParseResult<M> =
  | { readonly kind: 'message'; readonly message: M }
  | { readonly kind: 'other'; readonly type: number; readonly value: Readonly<Record<string, unknown>> }
  | { readonly kind: 'unknown'; readonly type: number }
  | { readonly kind: 'invalid'; readonly type: number | undefined; readonly error: string };

type AnySchema = z.ZodType<unknown, unknown>;

const serverSchemas = new Map<number, AnySchema>([
  [T.LOGON_RESPONSE, LogonResponse],
  [T.HEARTBEAT, Heartbeat],
  [T.LOGOFF, Logoff],
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
]);

const clientSchemas = new Map<number, AnySchema>([
  [T.LOGON_REQUEST, LogonRequest],
  [T.HEARTBEAT, Heartbeat],
  [T.LOGOFF, Logoff],
  [T.MARKET_DATA_REQUEST, MarketDataRequest],
  [T.SUBMIT_NEW_SINGLE_ORDER, SubmitNewSingleOrder],
  [T.CANCEL_ORDER, CancelOrder],
  [T.CANCEL_REPLACE_ORDER, CancelReplaceOrder],
  [T.OPEN_ORDERS_REQUEST, OpenOrdersRequest],
  [T.HISTORICAL_ORDER_FILLS_REQUEST, HistoricalOrderFillsRequest],
  [T.CURRENT_POSITIONS_REQUEST, CurrentPositionsRequest],
  [T.TRADE_ACCOUNTS_REQUEST, TradeAccountsRequest],
  [T.ACCOUNT_BALANCE_REQUEST, AccountBalanceRequest],
  [T.HISTORICAL_PRICE_DATA_REQUEST, HistoricalPriceDataRequest],
]);

/**
 * The field names each modelled message schema checks, by `Type` (for the conformance test against
 * the header). Not exported from the package index.
 */
export function dtcModelledFields(): { server: Map<number, string[]>; client: Map<number, string[]> } {
  const fields = (m: Map<number, AnySchema>) =>
    new Map([...m].map(([t, schema]) => [t, Object.keys((schema as unknown as { shape: object }).shape)]));
  return { server: fields(serverSchemas), client: fields(clientSchemas) };
}

const knownTypes: ReadonlySet<number> = new Set(Object.values(T));

/** JSON `null` means "unset" in DTC: drop those fields so the header's defaults apply. */
function withoutNulls(v: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const k in v) {
    if (v[k] === null) {
      out ??= { ...v };
      delete out[k];
    }
  }
  return out ?? v;
}

function parseWith<M>(schemas: Map<number, AnySchema>, value: unknown): DtcParseResult<M> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', type: undefined, error: 'frame is not a JSON object' };
  }
  const rawType = (value as { Type?: unknown }).Type;
  if (typeof rawType !== 'number' || !Number.isInteger(rawType)) {
    return {
      kind: 'invalid',
      type: undefined,
      error: `"Type" must be an integer, got ${JSON.stringify(rawType)}`,
    };
  }
  const schema = schemas.get(rawType);
  if (schema === undefined) {
    return knownTypes.has(rawType)
      ? { kind: 'other', type: rawType, value: value as Record<string, unknown> }
      : { kind: 'unknown', type: rawType };
  }
  const parsed = schema.safeParse(withoutNulls(value as Record<string, unknown>));
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    return { kind: 'invalid', type: rawType, error: `DTC message Type ${rawType}: ${issues}` };
  }
  return { kind: 'message', message: parsed.data as M };
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

/**
 * Validates one decoded JSON frame received **from a DTC client** (what a server, e.g. the
 * simulator, parses). Same rules as {@link parseDtcServerMessage}.
 *
 * @example
 * ```ts
 * import { parseDtcClientMessage } from '@minhos/sierra';
 * const r = parseDtcClientMessage({ Type: 1, HeartbeatIntervalInSeconds: 5 });
 * r.kind; // 'message'
 * ```
 */
export function parseDtcClientMessage(value: unknown): DtcParseResult<DtcClientMessage> {
  return parseWith<DtcClientMessage>(clientSchemas, value);
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
