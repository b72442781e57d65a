import { BarSeries, MinhosError, type TimestampUs } from '@minhos/core';
import type { ScidRecords } from './ScidRecords.js';
import { SCID_FIRST_SUB_TRADE, SCID_LAST_SUB_TRADE } from './scidFormat.js';

/** Columnar OHLCV input (a `BarSeries`, or any object with these typed/plain arrays). */
export interface OhlcvColumns {
  /** Bar start times, µs since the Unix epoch, non-decreasing. */
  readonly time: ArrayLike<number>;
  readonly open: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly volume: ArrayLike<number>;
}

/** Columnar trades: time (µs), price (points), size (contracts). `ScidTicks` fits. */
export interface TradeColumns {
  readonly time: ArrayLike<number>;
  readonly price: ArrayLike<number>;
  readonly size: ArrayLike<number>;
}

/** Options of the bar aggregators. */
export interface AggregateOptions {
  /**
   * Bucket origin (µs): buckets are `[origin + k·interval, origin + (k+1)·interval)`. Default 0, so
   * N-second/N-minute buckets align with the UTC clock (and with exchange clocks on whole-hour
   * offsets). For daily bars use {@link aggregateDaily}, which follows the trading session.
   */
  readonly originUs?: TimestampUs;
}

function checkInterval(intervalUs: number): void {
  if (!(Number.isInteger(intervalUs) && intervalUs > 0)) {
    throw new MinhosError(
      'AGGREGATE_BAD_INTERVAL',
      `bar interval must be a positive integer of µs, got ${intervalUs}`,
      {
        details: { intervalUs },
      },
    );
  }
}

function unsorted(i: number, t: number, prev: number): MinhosError {
  return new MinhosError(
    'AGGREGATE_UNSORTED',
    `aggregation input must be time-sorted: time[${i}]=${t} < time[${i - 1}]=${prev}`,
    { details: { index: i } },
  );
}

/**
 * Core kernel: aggregates rows `[0, n)` where row i has OHLCV given by the accessor arrays.
 * `tradeOnly[i]` true means use `close[i]` for all four prices (tick records).
 */
function kernel(
  time: ArrayLike<number>,
  open: ArrayLike<number>,
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  volume: ArrayLike<number>,
  isTick: ((i: number) => boolean) | undefined,
  intervalUs: number,
  origin: number,
): BarSeries {
  checkInterval(intervalUs);
  const n = time.length;
  // Worst case one bar per row; trimmed with subarray (shares memory) at the end.
  const out = BarSeries.allocate(n);
  let k = -1;
  let bucketEnd = Number.NEGATIVE_INFINITY;
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (t < prev) throw unsorted(i, t, prev);
    prev = t;
    const c = close[i] as number;
    const tick = isTick?.(i) ?? false;
    const o = tick ? c : (open[i] as number);
    const h = tick ? c : (high[i] as number);
    const l = tick ? c : (low[i] as number);
    const v = volume[i] as number;
    if (t >= bucketEnd) {
      const start = origin + Math.floor((t - origin) / intervalUs) * intervalUs;
      bucketEnd = start + intervalUs;
      k++;
      out.time[k] = start;
      out.open[k] = o;
      out.high[k] = h;
      out.low[k] = l;
      out.close[k] = c;
      out.volume[k] = v;
    } else {
      if (h > (out.high[k] as number)) out.high[k] = h;
      if (l < (out.low[k] as number)) out.low[k] = l;
      out.close[k] = c;
      out.volume[k] = (out.volume[k] as number) + v;
    }
  }
  return out.slice(0, k + 1);
}

/**
 * Aggregates OHLCV bars into bars of `intervalUs` (e.g. 1-minute → 5-minute). Buckets with no input
 * produce no bar (use {@link detectGaps} to find them). Bar time = bucket start (µs).
 *
 * @throws {@link @minhos/core!MinhosError} `AGGREGATE_BAD_INTERVAL`, `AGGREGATE_UNSORTED`.
 * @example
 * ```ts
 * import { US_PER_MINUTE } from '@minhos/core';
 * import { aggregateBars } from '@minhos/sierra';
 * declare const oneMinute: import('@minhos/core').BarSeries;
 * const fiveMinute = aggregateBars(oneMinute, 5 * US_PER_MINUTE);
 * ```
 */
export function aggregateBars(
  bars: OhlcvColumns,
  intervalUs: number,
  options: AggregateOptions = {},
): BarSeries {
  return kernel(
    bars.time,
    bars.open,
    bars.high,
    bars.low,
    bars.close,
    bars.volume,
    undefined,
    intervalUs,
    options.originUs ?? 0,
  );
}

/**
 * Aggregates trades (columnar time/price/size) into N-second/N-minute OHLCV bars.
 *
 * @example
 * ```ts
 * import { US_PER_SECOND } from '@minhos/core';
 * import { aggregateTicks, readScid, scidToTicks } from '@minhos/sierra';
 * const bars = aggregateTicks(scidToTicks(await readScid('ESZ25-CME.scid')), 30 * US_PER_SECOND);
 * ```
 */
export function aggregateTicks(
  trades: TradeColumns,
  intervalUs: number,
  options: AggregateOptions = {},
): BarSeries {
  const p = trades.price;
  return kernel(trades.time, p, p, p, p, trades.size, undefined, intervalUs, options.originUs ?? 0);
}

/**
 * Aggregates `.scid` records straight from the reader's columns: tick records (Open = 0 or a
 * sub-trade marker) count as trades at `Close` (their High/Low are the ask/bid, not trades); bar
 * records contribute their OHLC. Volume = `TotalVolume`.
 *
 * @example
 * ```ts
 * import { US_PER_MINUTE } from '@minhos/core';
 * import { aggregateScidRecords, readScid } from '@minhos/sierra';
 * const m5 = aggregateScidRecords(await readScid('ESZ25-CME.scid'), 5 * US_PER_MINUTE);
 * ```
 */
export function aggregateScidRecords(
  records: ScidRecords,
  intervalUs: number,
  options: AggregateOptions = {},
): BarSeries {
  const open = records.open;
  const isTick = (i: number): boolean => {
    const o = open[i] as number;
    return o === 0 || o === SCID_FIRST_SUB_TRADE || o === SCID_LAST_SUB_TRADE;
  };
  return kernel(
    records.time,
    open,
    records.high,
    records.low,
    records.close,
    records.totalVolume,
    isTick,
    intervalUs,
    options.originUs ?? 0,
  );
}
