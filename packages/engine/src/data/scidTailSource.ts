import type { Bar, InstrumentId, TimestampUs } from '@minhos/core';
import { MinhosError } from '@minhos/core';
import { followScid } from '@minhos/sierra';

/** What {@link scidTailSource} delivers: every record as a trade, and each completed bar. */
export interface ScidTailSink {
  onTrade(instrumentId: InstrumentId, price: number, volume: number, time: TimestampUs): void;
  onBar(instrumentId: InstrumentId, timeframe: string, bar: Bar): void;
}

/** Options of {@link scidTailSource}. */
export interface ScidTailSourceOptions {
  /** The `.scid` file Sierra Chart appends to (e.g. `C:/SierraChart/Data/ESZ25-CME.scid`). */
  readonly file: string;
  readonly instrumentId: InstrumentId;
  /** Bar interval in µs (default one minute) and its label (default `'1m'`). */
  readonly intervalUs?: number;
  readonly timeframe?: string;
  /** Start with the records already in the file (`'beginning'`) or only new ones (`'end'`, default). */
  readonly startAt?: 'beginning' | 'end';
  /** Polling interval of the tail in ms (default 250). */
  readonly pollIntervalMs?: number;
}

/** A running tail. */
export interface ScidTailRun {
  /** Resolves when the tail stops (after {@link ScidTailRun.stop}). */
  readonly done: Promise<void>;
  stop(): void;
}

/**
 * The live feed for CME symbols: Sierra Chart's DTC server does not redistribute CME data, so the
 * engine follows the `.scid` file Sierra writes (`@minhos/sierra`'s `followScid`) and turns each new
 * record into a trade and the records into bars (a bar is delivered when the first record of the
 * next interval arrives). A truncated or replaced file restarts the bar in progress.
 * For session-aware 30-minute and daily bars, pass {@link sessionBars}' sink in place of `sink`.
 *
 * @throws `MinhosError` `SCID_SOURCE_INVALID` for an interval that is not a whole number of µs > 0.
 * @example
 * ```ts
 * import { instrumentId } from '@minhos/core';
 * import { scidTailSource } from '@minhos/engine';
 * const run = scidTailSource(
 *   { file: './ESZ25-CME.scid', instrumentId: instrumentId('ESZ25.CME') },
 *   { onTrade: (_id, price) => console.log(price), onBar: (_id, _tf, bar) => console.log(bar.close) },
 * );
 * run.stop();
 * ```
 */
export function scidTailSource(options: ScidTailSourceOptions, sink: ScidTailSink): ScidTailRun {
  const interval = options.intervalUs ?? 60_000_000;
  if (!(Number.isInteger(interval) && interval > 0)) {
    throw new MinhosError(
      'SCID_SOURCE_INVALID',
      `scid source interval must be a whole number of µs > 0, got ${interval}`,
    );
  }
  const timeframe = options.timeframe ?? '1m';
  const abort = new AbortController();
  const tail = followScid(options.file, {
    signal: abort.signal,
    startAt: options.startAt ?? 'end',
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
  });
  let bar:
    | { time: number; open: number; high: number; low: number; close: number; volume: number }
    | undefined;
  const done = (async () => {
    for await (const ev of tail) {
      if (ev.type === 'reset') {
        bar = undefined;
        continue;
      }
      const r = ev.records;
      for (let i = 0; i < r.time.length; i++) {
        const time = r.time[i] as number;
        const price = r.close[i] as number;
        const volume = r.totalVolume[i] as number;
        sink.onTrade(options.instrumentId, price, volume, time);
        const bucket = Math.floor(time / interval) * interval;
        if (bar !== undefined && bucket > bar.time) {
          sink.onBar(options.instrumentId, timeframe, bar);
          bar = undefined;
        }
        if (bar === undefined)
          bar = { time: bucket, open: price, high: price, low: price, close: price, volume };
        else {
          bar.high = Math.max(bar.high, price);
          bar.low = Math.min(bar.low, price);
          bar.close = price;
          bar.volume += volume;
        }
      }
    }
  })();
  return { done, stop: () => abort.abort() };
}
