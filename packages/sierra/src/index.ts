/**
 * Sierra Chart adapter: .scid/.dly files, tail-follow, bar aggregation, DTC protocol client and simulator server.
 *
 * @packageDocumentation
 */

export type { AggregateOptions, OhlcvColumns, TradeColumns } from './aggregateBars.js';
export { aggregateBars, aggregateScidRecords, aggregateTicks } from './aggregateBars.js';
export type { DailyBars } from './aggregateDaily.js';
export { aggregateDaily } from './aggregateDaily.js';
export type { BackfillOptions, BackfillResult, GapFetcher } from './backfillGaps.js';
export { backfillGaps, mergeBars } from './backfillGaps.js';
export type { DtcAccountBalance } from './DtcAccountBalance.js';
export { dtcAccountBalanceFromUpdate } from './DtcAccountBalance.js';
export type {
  DtcClientEvents,
  DtcClientOptions,
  DtcMarketDataRejection,
  DtcQuote,
  DtcSnapshot,
  DtcStreamOptions,
  DtcSubscription,
  DtcTrade,
} from './DtcClient.js';
export { DtcClient } from './DtcClient.js';
export type { DtcFill } from './DtcFill.js';
export { dtcFillFromResponse } from './DtcFill.js';
export type {
  DtcHistoricalBar,
  DtcHistoricalClientOptions,
  DtcHistoricalRequest,
} from './DtcHistoricalClient.js';
export { DtcHistoricalClient } from './DtcHistoricalClient.js';
export type {
  DtcLastFill,
  DtcOrder,
  DtcOrderStatusName,
  DtcOrderUpdateReasonName,
  DtcReportedOrderType,
} from './DtcOrder.js';
export { dtcOrderFromUpdate, isDtcOrderRejection } from './DtcOrder.js';
export type { DtcPosition } from './DtcPosition.js';
export { dtcPositionFromUpdate } from './DtcPosition.js';
export type {
  DtcClientState,
  DtcClientStats,
  DtcCollect,
  DtcEncodingHandshake,
  DtcRequestOptions,
  DtcSessionEvents,
  DtcSessionOptions,
} from './DtcSession.js';
export { DtcSession } from './DtcSession.js';
export { DtcSimulator } from './DtcSimulator.js';
export type {
  DtcSimulatorInstrument,
  DtcSimulatorOptions,
  DtcSimulatorStats,
} from './DtcSimulatorOptions.js';
export type {
  DtcFillsRequest,
  DtcNewOrder,
  DtcOrderChange,
  DtcOrderFlowStreamOptions,
  DtcOrderKind,
  DtcOrderRef,
  DtcReconcileRequest,
  DtcReconciliation,
  DtcTradingEvents,
} from './DtcTradingClient.js';
export { DtcTradingClient } from './DtcTradingClient.js';
export type { DecodeScidColumnsOptions, ScidColumn } from './decodeScidColumns.js';
export { allocateScidColumns, decodeScidColumns } from './decodeScidColumns.js';
export type { DecodeScidOptions } from './decodeScidRecords.js';
export { decodeScidRecords } from './decodeScidRecords.js';
export type { BarGap, DetectGapsOptions } from './detectGaps.js';
export { detectGaps } from './detectGaps.js';
export type { DtcBackoffOptions } from './dtcBackoffDelay.js';
export { dtcBackoffDelay } from './dtcBackoffDelay.js';
export type { DtcBarCsvOptions } from './dtcCsvBarSource.js';
export { dtcCsvBarSource, parseDtcBarCsv } from './dtcCsvBarSource.js';
export type {
  DtcEncodingMessage,
  DtcFrameDecoderOptions,
  DtcFrameEvent,
  DtcJsonFrame,
} from './dtcFraming.js';
export {
  DTC_ENCODING_MESSAGE_SIZE,
  DtcFrameDecoder,
  decodeDtcEncodingMessage,
  encodeDtcEncodingMessage,
  encodeDtcJsonFrame,
} from './dtcFraming.js';
export type {
  DtcMarketDataFeedStatus,
  DtcMarketDataReject,
  DtcMarketDataSnapshot,
  DtcMarketDataUpdateBidAsk,
  DtcMarketDataUpdateBidAskCompact,
  DtcMarketDataUpdateBidAskFloatWithMicroseconds,
  DtcMarketDataUpdateBidAskNoTimestamp,
  DtcMarketDataUpdateLastTradeSnapshot,
  DtcMarketDataUpdateOpenInterest,
  DtcMarketDataUpdateSessionHigh,
  DtcMarketDataUpdateSessionLow,
  DtcMarketDataUpdateSessionNumTrades,
  DtcMarketDataUpdateSessionOpen,
  DtcMarketDataUpdateSessionSettlement,
  DtcMarketDataUpdateSessionVolume,
  DtcMarketDataUpdateTrade,
  DtcMarketDataUpdateTradeCompact,
  DtcMarketDataUpdateTradeNoTimestamp,
  DtcMarketDataUpdateTradeWithUnbundledIndicator,
  DtcMarketDataUpdateTradeWithUnbundledIndicator2,
  DtcSecurityDefinitionReject,
  DtcSecurityDefinitionResponse,
} from './dtcMarketDataMessages.js';
export type {
  DtcAccountBalanceReject,
  DtcAccountBalanceRequest,
  DtcAccountBalanceUpdate,
  DtcCancelOrder,
  DtcCancelReplaceOrder,
  DtcClientMessage,
  DtcCurrentPositionsReject,
  DtcCurrentPositionsRequest,
  DtcHeartbeat,
  DtcHistoricalOrderFillResponse,
  DtcHistoricalOrderFillsReject,
  DtcHistoricalOrderFillsRequest,
  DtcHistoricalPriceDataRecordResponse,
  DtcHistoricalPriceDataReject,
  DtcHistoricalPriceDataRequest,
  DtcHistoricalPriceDataResponseHeader,
  DtcHistoricalPriceDataResponseTrailer,
  DtcHistoricalPriceDataTickRecordResponse,
  DtcLogoff,
  DtcLogonRequest,
  DtcLogonResponse,
  DtcMarketDataRequest,
  DtcOpenOrdersReject,
  DtcOpenOrdersRequest,
  DtcOrderUpdate,
  DtcParseResult,
  DtcPositionUpdate,
  DtcServerMessage,
  DtcSubmitNewSingleOrder,
  DtcTradeAccountResponse,
  DtcTradeAccountsRequest,
} from './dtcMessages.js';
export { isDtcUnset, parseDtcClientMessage, parseDtcServerMessage } from './dtcMessages.js';
export type { DtcMessageTypeNumber } from './dtcProtocol.js';
export {
  DTC_PROTOCOL_VERSION,
  DTC_UNSET_DOUBLE,
  DtcAtBidOrAsk,
  DtcBuySell,
  DtcEncoding,
  DtcHistoricalInterval,
  DtcHistoricalRejectReason,
  DtcLogonStatus,
  DtcMessageType,
  DtcOpenClose,
  DtcOrderStatus,
  DtcOrderType,
  DtcOrderUpdateReason,
  DtcRequestAction,
  DtcTimeInForce,
} from './dtcProtocol.js';
export type { DtcBarReplayOptions, DtcReplayEvent, DtcReplaySource } from './dtcReplaySource.js';
export { dtcBarSource, dtcBarToEvents, dtcMemorySource } from './dtcReplaySource.js';
export type { DtcScidSourceOptions } from './dtcScidSource.js';
export { dtcScidSource } from './dtcScidSource.js';
export { dtcAutoDateTimeToUs, dtcSecondsToUs, usToDtcSeconds, usToDtcWholeSeconds } from './dtcTime.js';
export { encodeScidFile, encodeScidRecords } from './encodeScidRecords.js';
export type { OverflowPolicy } from './internal/AsyncQueue.js';
export type { DlyData, DlyErrorCode } from './readDly.js';
export { DlyError, parseDly, readDly } from './readDly.js';
export type { ReadScidOptions } from './readScid.js';
export { readScid, readScidInfo } from './readScid.js';
export type { HugePageSkipReason, ReexecOutcome, ReexecWithHugePagesOptions } from './reexecWithHugePages.js';
export { HUGE_PAGE_MALLOC_TUNABLE, reexecWithHugePages } from './reexecWithHugePages.js';
export type { ScidErrorCode } from './ScidError.js';
export { ScidError } from './ScidError.js';
export type { ScidChunk, ScidChunkOptions, ScidFileInfo } from './ScidReader.js';
export { ScidReader } from './ScidReader.js';
export type { ScidRecord, ScidRecords } from './ScidRecords.js';
export {
  allocateScidRecords,
  concatScidRecords,
  scidRecordAt,
  scidRecordsFromRows,
  sliceScidRecords,
} from './ScidRecords.js';
export type { FollowScidOptions, ScidTailEvent } from './ScidTail.js';
export { followScid, ScidTail } from './ScidTail.js';
export type { ScidTickInput, ScidWriteMode } from './ScidWriter.js';
export { ScidWriter } from './ScidWriter.js';
export type { ScidHeader, ScidTimeFormat } from './scidFormat.js';
export {
  encodeScidHeader,
  parseScidHeader,
  SCID_EPOCH_OFFSET_DAYS,
  SCID_EPOCH_OFFSET_US,
  SCID_FIRST_SUB_TRADE,
  SCID_HEADER_SIZE,
  SCID_LAST_SUB_TRADE,
  SCID_RECORD_SIZE,
  SCID_SINGLE_TRADE,
  SCID_VERSION,
  scidDaysToTimestampUs,
  scidTimeToTimestampUs,
  timestampUsToScidTime,
} from './scidFormat.js';
export { scidToBarSeries } from './scidToBarSeries.js';
export type { ScidTicks } from './scidToTicks.js';
export {
  SCID_KIND_BAR,
  SCID_KIND_FIRST_SUB_TRADE,
  SCID_KIND_LAST_SUB_TRADE,
  SCID_KIND_TRADE,
  scidRecordKind,
  scidToTickArray,
  scidToTicks,
} from './scidToTicks.js';
export type {
  HolidayLookup,
  SessionHours,
  SessionWindow,
  TradingSession,
  TradingSessionBase,
} from './TradingSession.js';
export { CME_EQUITY_SESSION, sessionWindows } from './TradingSession.js';
export { tradingSessionOf } from './tradingSessionOf.js';
export type { ScidRecordProblem, ScidVerification } from './verifyScidRecords.js';
export { newScidVerification, verifyScidRecords } from './verifyScidRecords.js';
export { writeScid } from './writeScid.js';
