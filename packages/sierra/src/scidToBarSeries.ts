import { BarSeries } from '@minhos/core';
import type { ScidRecords } from './ScidRecords.js';
import { SCID_FIRST_SUB_TRADE, SCID_LAST_SUB_TRADE } from './scidFormat.js';

/**
 * Converts `.scid` records to a `@minhos/core` {@link BarSeries} (volume = `TotalVolume`).
 *
 * Bar records map field for field. A tick record (Open = 0 or a sub-trade marker, High/Low = ask/
 * bid) becomes a one-trade bar at its trade price (`Close`), so the bid/ask never leak into the
 * bar's high/low. To aggregate into N-second/N-minute bars use {@link aggregateScidRecords}.
 *
 * @example
 * ```ts
 * import { readScid, scidToBarSeries } from '@minhos/sierra';
 * const bars = scidToBarSeries(await readScid('ES-1min.scid'));
 * bars.close.at(-1);
 * ```
 */
export function scidToBarSeries(records: ScidRecords): BarSeries {
  const n = records.time.length;
  const s = BarSeries.allocate(n);
  s.time.set(records.time);
  s.volume.set(records.totalVolume);
  const { open, high, low, close } = records;
  for (let i = 0; i < n; i++) {
    const o = open[i] as number;
    const c = close[i] as number;
    if (o === 0 || o === SCID_FIRST_SUB_TRADE || o === SCID_LAST_SUB_TRADE) {
      s.open[i] = c;
      s.high[i] = c;
      s.low[i] = c;
    } else {
      s.open[i] = o;
      s.high[i] = high[i] as number;
      s.low[i] = low[i] as number;
    }
    s.close[i] = c;
  }
  return new BarSeries(s);
}
