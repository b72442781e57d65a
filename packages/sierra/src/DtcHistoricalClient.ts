import { err, MinhosError, ok, type Result, type TimestampUs, US_PER_SECOND } from '@minhos/core';
import type { DtcTrade } from './DtcClient.js';
import { type DtcCollect, DtcSession, type DtcSessionOptions } from './DtcSession.js';
import type { DtcServerMessage } from './dtcMessages.js';
import { DtcMessageType as T } from './dtcProtocol.js';
import { dtcAutoDateTimeToUs, dtcSecondsToUs } from './dtcTime.js';
import { cmeRestrictionHint } from './internal/cmeRestrictionHint.js';
import { aggressorOf } from './internal/MarketDataBook.js';

/** Settings of {@link DtcHistoricalClient}: a session's, without heartbeats and reconnects (it has none). */
export type DtcHistoricalClientOptions = Omit<
  DtcSessionOptions,
  'heartbeatIntervalMs' | 'heartbeatTimeoutMs' | 'reconnect' | 'maxReconnectAttempts' | 'backoff'
>;

/** A historical bar: `time` = bar start (µs), volumes in contracts. */
export interface DtcHistoricalBar {
  readonly time: TimestampUs;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly numTrades: number;
  readonly bidVolume: number;
  readonly askVolume: number;
}

/** Arguments of {@link DtcHistoricalClient.historicalBars} / {@link DtcHistoricalClient.historicalTicks}. */
export interface DtcHistoricalRequest {
  readonly symbol: string;
  readonly exchange?: string;
  /** Bar length in seconds (a `DtcHistoricalInterval` value; ignored for ticks). */
  readonly intervalSeconds?: number;
  /** First bar start (µs, inclusive; DTC resolves whole seconds). Default: as far back as the server has. */
  readonly start?: TimestampUs;
  /** End (µs; default: now). */
  readonly end?: TimestampUs;
  /** `MaxDaysToReturn` (0 = no limit). */
  readonly maxDays?: number;
  /**
   * Inactivity timeout of the request in ms (each record resets it; default the options'
   * `requestTimeoutMs`, else 60 000: Sierra may stay silent while it downloads the data).
   */
  readonly timeoutMs?: number;
}

/**
 * Historical data from a DTC server's historical port. Each request opens its own connection and
 * closes it after the answer (Sierra Chart serves one request per historical connection:
 * `OneHistoricalPriceDataRequestPerConnection`), logs on with heartbeat interval 0 and runs no
 * heartbeat watchdog (Sierra can stay silent while it downloads data); the request's inactivity
 * timeout bounds the wait instead. Nothing reconnects.
 *
 * Sierra sends every intraday record, ticks included, as HISTORICAL_PRICE_DATA_RECORD_RESPONSE (803):
 * for ticks Open is 0, High the ask, Low the bid. Both 803 and 804 ticks are understood.
 *
 * @example
 * ```ts
 * import { DtcHistoricalClient } from '@minhos/sierra';
 * const history = new DtcHistoricalClient({ port: 11098 });
 * const bars = await history.historicalBars({ symbol: 'CLZ25_FUT_NYMEX', intervalSeconds: 60, maxDays: 1 });
 * if (bars.ok) console.log(bars.value.length);
 * ```
 */
export class DtcHistoricalClient {
  readonly #o: DtcHistoricalClientOptions;
  #nextRequestId = 1;

  constructor(options: DtcHistoricalClientOptions) {
    // Validates the port etc. now rather than at the first request.
    new DtcSession({ ...options, heartbeatIntervalMs: 0, reconnect: false });
    this.#o = options;
  }

  async #run<V>(
    req: DtcHistoricalRequest,
    intervalSeconds: number,
    convert: (m: DtcServerMessage) => V | undefined,
  ): Promise<Result<V[], MinhosError>> {
    const session = new DtcSession({
      ...this.#o,
      heartbeatIntervalMs: 0,
      reconnect: false,
      requestTimeoutMs: this.#o.requestTimeoutMs ?? 60_000,
    });
    const logon = await session.connect();
    if (!logon.ok) return logon;
    const requestId = this.#nextRequestId++;
    const rows: V[] = [];
    const label = `HISTORICAL_PRICE_DATA_REQUEST ${req.symbol}`;
    const collect = (m: DtcServerMessage): DtcCollect<V[]> => {
      if (!('RequestID' in m) || m.RequestID !== requestId) return undefined;
      switch (m.Type) {
        case T.HISTORICAL_PRICE_DATA_REJECT: {
          const hint = cmeRestrictionHint(req.symbol, req.exchange ?? '', m.RejectText);
          return err(
            new MinhosError(
              hint === undefined ? 'DTC_REJECTED' : 'DTC_CME_RESTRICTED',
              `historical data for ${req.symbol} rejected: ${m.RejectText || '(no text)'}${hint === undefined ? '' : `. ${hint}`}`,
              {
                retryable: m.RejectReasonCode === 1,
                details: { rejectReasonCode: m.RejectReasonCode, retryTimeInSeconds: m.RetryTimeInSeconds },
              },
            ),
          );
        }
        case T.HISTORICAL_PRICE_DATA_RESPONSE_HEADER:
          if (m.UseZLibCompression === 1) {
            return err(
              new MinhosError(
                'DTC_UNSUPPORTED',
                'server sent zlib-compressed historical data, which was not requested',
              ),
            );
          }
          return m.NoRecordsToReturn === 1 ? ok(rows) : 'partial';
        case T.HISTORICAL_PRICE_DATA_RECORD_RESPONSE:
        case T.HISTORICAL_PRICE_DATA_TICK_RECORD_RESPONSE: {
          const v = convert(m);
          if (v !== undefined) rows.push(v);
          return m.IsFinalRecord === 1 ? ok(rows) : 'partial';
        }
        case T.HISTORICAL_PRICE_DATA_RESPONSE_TRAILER:
          return ok(rows);
        default:
          return undefined;
      }
    };
    const r = await session.request<V[]>(
      label,
      {
        Type: T.HISTORICAL_PRICE_DATA_REQUEST,
        RequestID: requestId,
        Symbol: req.symbol,
        Exchange: req.exchange ?? '',
        RecordInterval: intervalSeconds,
        StartDateTime: req.start === undefined ? 0 : Math.floor(req.start / US_PER_SECOND),
        EndDateTime: req.end === undefined ? 0 : Math.ceil(req.end / US_PER_SECOND),
        MaxDaysToReturn: req.maxDays ?? 0,
        UseZLibCompression: 0,
        RequestDividendAdjustedStockData: 0,
        Integer_1: 0,
      },
      collect,
      { timeoutMs: req.timeoutMs },
    );
    await session.close('historical request done');
    return r;
  }

  /**
   * Requests historical bars (`RecordInterval` > 0) on a connection of its own. Resolves with every
   * record once the final one arrives.
   */
  historicalBars(req: DtcHistoricalRequest): Promise<Result<DtcHistoricalBar[], MinhosError>> {
    const interval = req.intervalSeconds ?? 60;
    if (!(Number.isInteger(interval) && interval > 0)) {
      return Promise.resolve(
        err(
          new MinhosError(
            'DTC_INVALID_REQUEST',
            `intervalSeconds must be a positive integer, got ${interval}`,
          ),
        ),
      );
    }
    return this.#run<DtcHistoricalBar>(req, interval, (m) => {
      if (m.Type !== T.HISTORICAL_PRICE_DATA_RECORD_RESPONSE) return undefined;
      // Some servers close with an empty final record (StartDateTime 0): not a bar.
      if (m.StartDateTime === 0) return undefined;
      return {
        time: dtcAutoDateTimeToUs(m.StartDateTime),
        open: m.OpenPrice,
        high: m.HighPrice,
        low: m.LowPrice,
        close: m.LastPrice,
        volume: m.Volume,
        numTrades: m.NumTrades ?? m.OpenInterest ?? 0,
        bidVolume: m.BidVolume,
        askVolume: m.AskVolume,
      };
    });
  }

  /**
   * Requests historical trades (`RecordInterval` 0) on a connection of its own: ticks with µs times
   * and the aggressor when known — from 804 records, or from Sierra's 803 tick records (price =
   * Last, aggressor from which of Bid/Ask volume is set).
   */
  historicalTicks(req: DtcHistoricalRequest): Promise<Result<DtcTrade[], MinhosError>> {
    const symbol = req.symbol;
    const exchange = req.exchange ?? '';
    return this.#run<DtcTrade>(req, 0, (m) => {
      if (m.Type === T.HISTORICAL_PRICE_DATA_TICK_RECORD_RESPONSE) {
        if (m.DateTime === 0) return undefined;
        const aggressor = aggressorOf(m.AtBidOrAsk);
        return {
          symbolId: 0,
          symbol,
          exchange,
          time: dtcSecondsToUs(m.DateTime),
          price: m.Price,
          size: m.Volume,
          ...(aggressor === undefined ? {} : { aggressor }),
        };
      }
      if (m.Type === T.HISTORICAL_PRICE_DATA_RECORD_RESPONSE) {
        if (m.StartDateTime === 0) return undefined;
        const aggressor =
          m.AskVolume > 0 && m.BidVolume === 0
            ? 'BUY'
            : m.BidVolume > 0 && m.AskVolume === 0
              ? 'SELL'
              : undefined;
        return {
          symbolId: 0,
          symbol,
          exchange,
          time: dtcAutoDateTimeToUs(m.StartDateTime),
          price: m.LastPrice,
          size: m.Volume,
          ...(aggressor === undefined ? {} : { aggressor }),
        };
      }
      return undefined;
    });
  }
}
