import { allocateScidRecords, type ScidRecords } from '../ScidRecords.js';

/**
 * @internal Test data: `n` synthetic tick records with every column varying (times 1 µs apart plus
 * a drift, prices on the 0.25 grid, open 0 on every third record as Sierra writes for ticks).
 */
export function syntheticScidRecords(n: number): ScidRecords {
  const r = allocateScidRecords(n);
  for (let i = 0; i < n; i++) {
    r.time[i] = 1_700_000_000_000_000 + i * 1_000_003;
    r.open[i] = i % 3 === 0 ? 0 : 6000 + i;
    r.high[i] = 6000.5 + (i % 17) * 0.25;
    r.low[i] = 5999.75 + (i % 13) * 0.25;
    r.close[i] = 6000 + (i % 11) * 0.25;
    r.numTrades[i] = 1 + (i % 5);
    r.totalVolume[i] = 1 + (i % 97);
    r.bidVolume[i] = i % 7;
    r.askVolume[i] = i % 9;
  }
  return r;
}

/** @internal Index of the first element that differs (Object.is: bit-exact for floats), -1 when identical. */
export function firstMismatch(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}
