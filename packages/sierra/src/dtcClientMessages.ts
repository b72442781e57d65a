import { z } from 'zod';
import { DTC_PROTOCOL_VERSION, DtcMessageType as T } from './dtcProtocol.js';
import {
  type AnySchema,
  type DtcParseResult,
  flag,
  flagDefault1,
  int,
  intD,
  num,
  numD,
  parseWith,
  type SameType,
  str,
  strD,
  type,
} from './internal/dtcZod.js';

/*
 * DTC messages in JSON encoding: one JSON object per frame, field names exactly as the struct members
 * of `DTCProtocol.h`, integer `Type`. Schemas are *loose* on purpose: Sierra Chart adds fields over time
 * and may omit fields at their default value, so unknown fields pass through and every field we do not
 * strictly need has the header's default. What we use is validated (types, integers, presence).
 */

// ---- both directions -------------------------------------------------------------------------

/** HEARTBEAT schema (both directions). */
export const Heartbeat = z.looseObject({
  Type: type(T.HEARTBEAT),
  NumDroppedMessages: intD(),
  CurrentDateTime: numD(),
});
/** LOGOFF schema (both directions). */
export const Logoff = z.looseObject({ Type: type(T.LOGOFF), Reason: strD, DoNotReconnect: flag });

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

// ---- types ------------------------------------------------------------------------------------

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

/** Every modelled client message with its `Type`: the parse table and the message union come from here. */
const clientEntries = [
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
] as const;

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

/** Compile-time proof that the written union is exactly the table's (a new entry fails the build). */
type ClientUnionMatchesTable = SameType<DtcClientMessage, z.output<(typeof clientEntries)[number][1]>>;
const clientUnionMatchesTable: ClientUnionMatchesTable = true;
void clientUnionMatchesTable;

/** The client message schemas by `Type`. @internal */
export const clientSchemas = new Map<number, AnySchema>(clientEntries);

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
