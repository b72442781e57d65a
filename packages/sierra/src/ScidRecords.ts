import type { TimestampUs } from '@minhos/core';

/**
 * One `.scid` record as a plain object (`s_IntradayRecord` with the time converted).
 *
 * In **bar** files the prices are the bar's OHLC. In **tick** files `high` is the ask, `low` the
 * bid, `close` the trade price and `open` a marker ({@link SCID_SINGLE_TRADE},
 * {@link SCID_FIRST_SUB_TRADE}, {@link SCID_LAST_SUB_TRADE}). Prices are in the instrument's price
 * units (points for ES), stored as float32; volumes are contracts.
 */
export interface ScidRecord {
  /** µs since the Unix epoch, UTC. */
  readonly time: TimestampUs;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly numTrades: number;
  readonly totalVolume: number;
  readonly bidVolume: number;
  readonly askVolume: number;
}

/**
 * `.scid` records in columnar form: one typed array per field, all of the same length. This is
 * what the reader decodes into and the writer encodes from; prices stay float32 as in the file (so
 * a write → read round trip is bit-exact), counts are uint32, time is µs since the Unix epoch.
 */
export interface ScidRecords {
  /** µs since the Unix epoch, UTC. */
  readonly time: Float64Array;
  readonly open: Float32Array;
  readonly high: Float32Array;
  readonly low: Float32Array;
  readonly close: Float32Array;
  readonly numTrades: Uint32Array;
  readonly totalVolume: Uint32Array;
  readonly bidVolume: Uint32Array;
  readonly askVolume: Uint32Array;
}

const FIELDS = [
  'time',
  'open',
  'high',
  'low',
  'close',
  'numTrades',
  'totalVolume',
  'bidVolume',
  'askVolume',
] as const;

/**
 * Allocates zero-filled {@link ScidRecords} columns for `length` records.
 *
 * @example
 * ```ts
 * import { allocateScidRecords } from '@minhos/sierra';
 * const r = allocateScidRecords(2);
 * r.close[0] = 4500.25;
 * ```
 */
export function allocateScidRecords(length: number): ScidRecords {
  return {
    time: new Float64Array(length),
    open: new Float32Array(length),
    high: new Float32Array(length),
    low: new Float32Array(length),
    close: new Float32Array(length),
    numTrades: new Uint32Array(length),
    totalVolume: new Uint32Array(length),
    bidVolume: new Uint32Array(length),
    askVolume: new Uint32Array(length),
  };
}

/**
 * Builds columnar {@link ScidRecords} from row objects (prices are rounded to float32, counts to
 * uint32, exactly as the file would store them).
 *
 * @example
 * ```ts
 * import { scidRecordsFromRows } from '@minhos/sierra';
 * const r = scidRecordsFromRows([
 *   { time: 0, open: 1, high: 2, low: 0.5, close: 1.5, numTrades: 3, totalVolume: 10, bidVolume: 4, askVolume: 6 },
 * ]);
 * r.totalVolume[0]; // 10
 * ```
 */
export function scidRecordsFromRows(rows: readonly ScidRecord[]): ScidRecords {
  const out = allocateScidRecords(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as ScidRecord;
    for (const f of FIELDS) out[f][i] = r[f];
  }
  return out;
}

/**
 * Row view of record `index` of columnar records (allocates; for display and tests).
 *
 * @example
 * ```ts
 * import { allocateScidRecords, scidRecordAt } from '@minhos/sierra';
 * scidRecordAt(allocateScidRecords(1), 0)?.close; // 0
 * ```
 */
export function scidRecordAt(records: ScidRecords, index: number): ScidRecord | undefined {
  if (index < 0 || index >= records.time.length) return undefined;
  return {
    time: records.time[index] as number,
    open: records.open[index] as number,
    high: records.high[index] as number,
    low: records.low[index] as number,
    close: records.close[index] as number,
    numTrades: records.numTrades[index] as number,
    totalVolume: records.totalVolume[index] as number,
    bidVolume: records.bidVolume[index] as number,
    askVolume: records.askVolume[index] as number,
  };
}

/**
 * Records `[start, end)` as views sharing memory (like `TypedArray.subarray`).
 *
 * @example
 * ```ts
 * import { allocateScidRecords, sliceScidRecords } from '@minhos/sierra';
 * sliceScidRecords(allocateScidRecords(10), 2, 5).time.length; // 3
 * ```
 */
export function sliceScidRecords(
  records: ScidRecords,
  start: number,
  end: number = records.time.length,
): ScidRecords {
  return {
    time: records.time.subarray(start, end),
    open: records.open.subarray(start, end),
    high: records.high.subarray(start, end),
    low: records.low.subarray(start, end),
    close: records.close.subarray(start, end),
    numTrades: records.numTrades.subarray(start, end),
    totalVolume: records.totalVolume.subarray(start, end),
    bidVolume: records.bidVolume.subarray(start, end),
    askVolume: records.askVolume.subarray(start, end),
  };
}

/**
 * Concatenates record chunks in order (copies), e.g. the chunks of {@link ScidReader.chunks}.
 *
 * @example
 * ```ts
 * import { allocateScidRecords, concatScidRecords } from '@minhos/sierra';
 * concatScidRecords([allocateScidRecords(2), allocateScidRecords(3)]).time.length; // 5
 * ```
 */
export function concatScidRecords(parts: readonly ScidRecords[]): ScidRecords {
  const n = parts.reduce((s, p) => s + p.time.length, 0);
  const out = allocateScidRecords(n);
  let at = 0;
  for (const p of parts) {
    for (const f of FIELDS) (out[f] as Float64Array).set(p[f] as Float64Array, at);
    at += p.time.length;
  }
  return out;
}
