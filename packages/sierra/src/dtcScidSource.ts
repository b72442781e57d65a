import type { Bar, Side, TimestampUs } from '@minhos/core';
import {
  type DtcBarReplayOptions,
  type DtcReplayEvent,
  type DtcReplaySource,
  dtcBarToEvents,
} from './dtcReplaySource.js';
import { ScidReader } from './ScidReader.js';
import { SCID_KIND_BAR, scidRecordKind } from './scidToTicks.js';

/** Options of {@link dtcScidSource}. */
export interface DtcScidSourceOptions extends DtcBarReplayOptions {
  /** Records decoded per read (default 65 536): the replay streams, it never loads the whole file. */
  readonly chunkRecords?: number;
  /**
   * Set when the file holds **bar** records (Sierra's "intraday data storage time unit" > 1 tick):
   * their duration in µs. Bars then replay as {@link dtcBarToEvents} describes and serve historical
   * requests natively. Tick records are always replayed as they are.
   */
  readonly barIntervalUs?: number;
}

/**
 * A {@link DtcReplaySource} over a Sierra Chart `.scid` file, streamed with {@link ScidReader}.
 *
 * Tick records replay as a quote (`Low` = bid, `High` = ask, emitted only when they change and are
 * both positive; `.scid` stores no quote sizes, so sizes are 0) followed by the trade (`Close`,
 * `TotalVolume`), whose aggressor is BUY when all its volume is ask volume, SELL when all of it is
 * bid volume, unknown otherwise. Bar records (an `Open` that is not a tick sentinel) replay as a
 * deterministic trade sequence (see {@link dtcBarToEvents}).
 *
 * @example
 * ```ts
 * import { DtcSimulator, dtcScidSource } from '@minhos/sierra';
 * const source = dtcScidSource('C:/SierraChart/Data/ESZ25-CME.scid');
 * const sim = new DtcSimulator({ instruments: [{ symbol: 'ESZ25-CME', source }], speed: 10 });
 * ```
 */
export function dtcScidSource(path: string, options: DtcScidSourceOptions = {}): DtcReplaySource {
  const chunkRecords = options.chunkRecords ?? 1 << 16;
  const barInterval = options.barIntervalUs;
  const source: DtcReplaySource = {
    description: path,
    async *events(from?: TimestampUs): AsyncGenerator<DtcReplayEvent> {
      const reader = await ScidReader.open(path);
      try {
        let bid = Number.NaN;
        let ask = Number.NaN;
        let prevClose: number | undefined;
        // Start one bar early so a bar containing `from` replays its remaining prints.
        const startAt = from === undefined ? undefined : from - (barInterval ?? 0);
        for await (const { records: r } of reader.chunks({
          chunkRecords,
          ...(startAt === undefined ? {} : { from: startAt }),
        })) {
          for (let i = 0; i < r.time.length; i++) {
            const time = r.time[i] as number;
            const open = r.open[i] as number;
            const close = r.close[i] as number;
            if (scidRecordKind(open) === SCID_KIND_BAR) {
              const bar: Bar = {
                time,
                open,
                high: r.high[i] as number,
                low: r.low[i] as number,
                close,
                volume: r.totalVolume[i] as number,
              };
              for (const e of dtcBarToEvents(bar, prevClose, options))
                if (from === undefined || e.time >= from) yield e;
              prevClose = close;
              continue;
            }
            prevClose = close;
            if (from !== undefined && time < from) continue;
            const b = r.low[i] as number;
            const a = r.high[i] as number;
            if (b > 0 && a > 0 && (b !== bid || a !== ask)) {
              bid = b;
              ask = a;
              yield { kind: 'quote', time, bid, ask, bidSize: 0, askSize: 0 };
            }
            const size = r.totalVolume[i] as number;
            const bidVol = r.bidVolume[i] as number;
            const askVol = r.askVolume[i] as number;
            const aggressor: Side | undefined =
              askVol > 0 && bidVol === 0 ? 'BUY' : bidVol > 0 && askVol === 0 ? 'SELL' : undefined;
            yield aggressor === undefined
              ? { kind: 'trade', time, price: close, size }
              : { kind: 'trade', time, price: close, size, aggressor };
          }
        }
      } finally {
        await reader.close();
      }
    },
  };
  if (barInterval === undefined) return source;
  return {
    ...source,
    barIntervalUs: barInterval,
    async *bars(from: TimestampUs, to: TimestampUs): AsyncGenerator<Bar> {
      const reader = await ScidReader.open(path);
      try {
        for await (const { records: r } of reader.chunks({ chunkRecords, from, to })) {
          for (let i = 0; i < r.time.length; i++) {
            if (scidRecordKind(r.open[i] as number) !== SCID_KIND_BAR) continue;
            yield {
              time: r.time[i] as number,
              open: r.open[i] as number,
              high: r.high[i] as number,
              low: r.low[i] as number,
              close: r.close[i] as number,
              volume: r.totalVolume[i] as number,
            };
          }
        }
      } finally {
        await reader.close();
      }
    },
  };
}
