import type { Socket } from 'node:net';
import { type TimestampUs, US_PER_DAY, US_PER_SECOND } from '@minhos/core';
import type { DtcJsonFrame } from '../dtcFraming.js';
import type { DtcHistoricalPriceDataRequest } from '../dtcMessages.js';
import { DtcAtBidOrAsk, DtcHistoricalRejectReason, DtcMessageType as T } from '../dtcProtocol.js';
import type { DtcReplaySource } from '../dtcReplaySource.js';
import { usToDtcSeconds } from '../dtcTime.js';
import { historicalBars, historicalTicks } from './dtcHistory.js';

/** Where {@link serveHistorical} writes. */
export interface SimHistoricalOutput {
  send(frame: DtcJsonFrame): void;
  /** For write backpressure on long answers. */
  readonly socket: Socket;
  readonly maxBuffered: number;
  /** Sierra's historical port: ticks as 803 records (Open 0, High = ask, Low = bid). */
  readonly sierraMode: boolean;
}

/**
 * Answers one HISTORICAL_PRICE_DATA_REQUEST from a replay source: header, records (bars as 803;
 * ticks as 804, or 803 in Sierra mode), never at or after `asOf` (no look-ahead); a reject for an
 * unknown symbol or an unreadable source.
 */
export async function serveHistorical(
  out: SimHistoricalOutput,
  source: DtcReplaySource | undefined,
  m: DtcHistoricalPriceDataRequest,
  asOf: TimestampUs,
): Promise<void> {
  if (source === undefined) {
    out.send({
      Type: T.HISTORICAL_PRICE_DATA_REJECT,
      RequestID: m.RequestID,
      RejectText: `unknown symbol "${m.Symbol}" exchange "${m.Exchange}"`,
      RejectReasonCode: DtcHistoricalRejectReason.HPDR_UNABLE_TO_SERVE_DATA_DO_NOT_RETRY,
      RetryTimeInSeconds: 0,
    });
    return;
  }
  const end = m.EndDateTime > 0 ? m.EndDateTime * US_PER_SECOND : Number.POSITIVE_INFINITY;
  let start = m.StartDateTime > 0 ? m.StartDateTime * US_PER_SECOND : Number.NEGATIVE_INFINITY;
  if (m.MaxDaysToReturn > 0 && Number.isFinite(asOf)) {
    start = Math.max(start, Math.min(end, asOf) - m.MaxDaysToReturn * US_PER_DAY);
  }
  let records: (Record<string, unknown> & { Type: number })[];
  try {
    if (m.RecordInterval === 0) {
      const ticks = await historicalTicks(source, start, end, asOf);
      records = ticks.map((t) =>
        out.sierraMode
          ? {
              // How Sierra sends a tick: an 803 record with Open 0, High = ask, Low = bid.
              Type: T.HISTORICAL_PRICE_DATA_RECORD_RESPONSE,
              RequestID: m.RequestID,
              StartDateTime: t.time,
              OpenPrice: 0,
              HighPrice: t.price,
              LowPrice: t.price,
              LastPrice: t.price,
              Volume: t.size,
              NumTrades: 1,
              BidVolume: t.aggressor === 'SELL' ? t.size : 0,
              AskVolume: t.aggressor === 'BUY' ? t.size : 0,
              IsFinalRecord: 0,
            }
          : {
              Type: T.HISTORICAL_PRICE_DATA_TICK_RECORD_RESPONSE,
              RequestID: m.RequestID,
              DateTime: usToDtcSeconds(t.time),
              AtBidOrAsk:
                t.aggressor === 'BUY'
                  ? DtcAtBidOrAsk.AT_ASK
                  : t.aggressor === 'SELL'
                    ? DtcAtBidOrAsk.AT_BID
                    : 0,
              Price: t.price,
              Volume: t.size,
              IsFinalRecord: 0,
            },
      );
    } else {
      const bars = await historicalBars(source, m.RecordInterval * US_PER_SECOND, start, end, asOf);
      records = bars.map((b) => ({
        Type: T.HISTORICAL_PRICE_DATA_RECORD_RESPONSE,
        RequestID: m.RequestID,
        // t_DateTimeWithMicrosecondsInt, as in the current header.
        StartDateTime: b.time,
        OpenPrice: b.open,
        HighPrice: b.high,
        LowPrice: b.low,
        LastPrice: b.close,
        Volume: b.volume,
        NumTrades: b.numTrades,
        BidVolume: b.bidVolume,
        AskVolume: b.askVolume,
        IsFinalRecord: 0,
      }));
    }
  } catch (e) {
    out.send({
      Type: T.HISTORICAL_PRICE_DATA_REJECT,
      RequestID: m.RequestID,
      RejectText: `cannot read ${source.description}: ${e instanceof Error ? e.message : String(e)}`.slice(
        0,
        95,
      ),
      RejectReasonCode: DtcHistoricalRejectReason.HPDR_GENERAL_REJECT_ERROR,
      RetryTimeInSeconds: 0,
    });
    return;
  }
  out.send({
    Type: T.HISTORICAL_PRICE_DATA_RESPONSE_HEADER,
    RequestID: m.RequestID,
    RecordInterval: m.RecordInterval,
    UseZLibCompression: 0,
    NoRecordsToReturn: records.length === 0 ? 1 : 0,
    IntToFloatPriceDivisor: 1,
  });
  const last = records[records.length - 1];
  if (last !== undefined) last.IsFinalRecord = 1;
  for (let i = 0; i < records.length; i++) {
    if (out.socket.destroyed) return;
    out.send(records[i] as DtcJsonFrame);
    if (i % 1024 === 1023 && out.socket.writableLength > out.maxBuffered / 2) {
      await new Promise<void>((r) => {
        out.socket.once('drain', r);
        out.socket.once('close', r);
      });
    }
  }
}
