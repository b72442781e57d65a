import {
  type Bar,
  err,
  type InstrumentId,
  MinhosError,
  ok,
  type Result,
  type TimestampUs,
  US_PER_MINUTE,
} from '@minhos/core';
import { aggregateTicks, type DtcClient } from '@minhos/sierra';
import type { ScidTailSink } from './scidTailSource.js';

/** The part of `@minhos/sierra`'s `DtcClient` the DTC source uses. */
export type DtcMarketDataClient = Pick<DtcClient, 'subscribe' | 'trades' | 'unsubscribe'>;

/** Options of {@link dtcMarketDataSource}. */
export interface DtcMarketDataSourceOptions {
  /** A connected client; the subscription is re-sent by the client after every reconnect. */
  readonly client: DtcMarketDataClient;
  /** Sierra Chart's symbol and exchange (`VXZ13`, `CFE`; or `CLZ25_FUT_NYMEX` with exchange `''`). */
  readonly symbol: string;
  readonly exchange?: string;
  readonly instrumentId: InstrumentId;
  /** Bar interval in µs (default one minute) and its label (default `'1m'`). */
  readonly intervalUs?: number;
  readonly timeframe?: string;
  /** Subscription timeout in ms (default: the client's request timeout). */
  readonly timeoutMs?: number;
}

/** A running DTC feed. */
export interface DtcMarketDataRun {
  /** Resolves when the feed ends (after {@link DtcMarketDataRun.stop}, or when the client closes). */
  readonly done: Promise<void>;
  /** Unsubscribes and ends the feed. */
  stop(): void;
}

/**
 * The live feed for symbols Sierra Chart's DTC server relays (not CME Group: for ES/NQ use
 * {@link scidTailSource}). Subscribes through `@minhos/sierra`'s `DtcClient`, delivers every trade,
 * and turns the trades of each interval into a bar with sierra's `aggregateTicks` (a bar is delivered
 * when the first trade of the next interval arrives), into the same sink as the SCID tail source.
 * For session-aware 30-minute and daily bars, pass {@link sessionBars}' sink in place of `sink`.
 *
 * Errors (as values): `DATA_CME_RESTRICTED` when Sierra refuses the symbol as CME data (its
 * `DTC_CME_RESTRICTED`, kept as the cause), naming the SCID tail source to use instead; any other
 * subscription failure as the client reported it (`DTC_REJECTED`, `DTC_TIMEOUT`, …).
 *
 * @throws `MinhosError` `DTC_SOURCE_INVALID` for an interval that is not a whole number of µs > 0.
 * @example
 * ```ts
 * import { instrumentId } from '@minhos/core';
 * import { DtcClient } from '@minhos/sierra';
 * import { dtcMarketDataSource } from '@minhos/engine';
 * const client = new DtcClient({ port: 11099, heartbeatIntervalMs: 5000 });
 * await client.connect();
 * const run = await dtcMarketDataSource(
 *   { client, symbol: 'VXZ25', exchange: 'CFE', instrumentId: instrumentId('VXZ25.CFE') },
 *   { onTrade: () => {}, onBar: (_id, _tf, bar) => console.log(bar.close) },
 * );
 * if (!run.ok) console.error(run.error.message);
 * ```
 */
export async function dtcMarketDataSource(
  options: DtcMarketDataSourceOptions,
  sink: ScidTailSink,
): Promise<Result<DtcMarketDataRun, MinhosError>> {
  const interval = options.intervalUs ?? US_PER_MINUTE;
  if (!(Number.isInteger(interval) && interval > 0)) {
    throw new MinhosError(
      'DTC_SOURCE_INVALID',
      `dtc source interval must be a whole number of µs > 0, got ${interval}`,
    );
  }
  const { client, symbol, instrumentId } = options;
  const exchange = options.exchange ?? '';
  const timeframe = options.timeframe ?? '1m';
  // Open the stream before subscribing so the first trades after the snapshot are not missed.
  const trades = client.trades({ symbol });
  const sub = await client.subscribe(symbol, exchange, options.timeoutMs);
  if (!sub.ok) {
    await trades.return?.();
    if (sub.error.code === 'DTC_CME_RESTRICTED') {
      return err(
        new MinhosError(
          'DATA_CME_RESTRICTED',
          `Sierra Chart refused DTC market data for ${symbol}${exchange === '' ? '' : ` ${exchange}`}: its DTC server does not relay CME Group data. ` +
            `Follow the .scid file Sierra writes for this contract with scidTailSource({ file: '<SierraChart>/Data/${symbol}${exchange === '' ? '' : `-${exchange}`}.scid', instrumentId }) and keep DTC for orders.`,
          { cause: sub.error, details: { symbol, exchange } },
        ),
      );
    }
    return sub;
  }
  let stopped = false;
  let bucket = Number.NaN;
  const time: TimestampUs[] = [];
  const price: number[] = [];
  const size: number[] = [];
  const flush = (): void => {
    if (time.length === 0) return;
    const bars = aggregateTicks({ time, price, size }, interval);
    for (let i = 0; i < bars.length; i++) sink.onBar(instrumentId, timeframe, bars.at(i) as Bar);
    time.length = 0;
    price.length = 0;
    size.length = 0;
  };
  const done = (async () => {
    for await (const t of trades) {
      if (stopped) break;
      if (t.exchange !== exchange && exchange !== '' && t.exchange !== '') continue;
      sink.onTrade(instrumentId, t.price, t.size, t.time);
      const b = Math.floor(t.time / interval) * interval;
      if (b !== bucket && time.length > 0 && b > bucket) flush();
      bucket = Math.max(Number.isNaN(bucket) ? b : bucket, b);
      // A late trade (earlier than the bar in progress) still belongs to the bar in progress.
      time.push(Math.max(t.time, bucket));
      price.push(t.price);
      size.push(t.size);
    }
  })();
  return ok({
    done,
    stop: () => {
      if (stopped) return;
      stopped = true;
      client.unsubscribe(symbol, exchange);
      void trades.return?.();
    },
  });
}
