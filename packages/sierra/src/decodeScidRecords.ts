import { endianness } from 'node:os';
import { ScidError } from './ScidError.js';
import { allocateScidRecords, type ScidRecords } from './ScidRecords.js';
import {
  MAX_SCID_US,
  MIN_SCID_US,
  SCID_EPOCH_OFFSET_DAYS,
  SCID_EPOCH_OFFSET_US,
  SCID_RECORD_SIZE,
  type ScidTimeFormat,
} from './scidFormat.js';

const LITTLE_ENDIAN_HOST = endianness() === 'LE';
const TWO_32 = 4294967296;
const US_PER_DAY = 86_400_000_000;
const MIN_DAYS = MIN_SCID_US / US_PER_DAY;
const MAX_DAYS = MAX_SCID_US / US_PER_DAY;

/** Options of {@link decodeScidRecords}. */
export interface DecodeScidOptions {
  /** DateTime encoding of the source file (see {@link ScidReader.timeFormat}). Default `'int64-us'`. */
  readonly timeFormat?: ScidTimeFormat;
  /** File name for error messages. Default `'<memory>'`. */
  readonly file?: string;
  /** Byte offset of `bytes[0]` in the file, so errors name the real file offset. Default 56. */
  readonly fileOffset?: number;
  /** Decode into these columns (at `outOffset`) instead of allocating new ones. */
  readonly out?: ScidRecords;
  /** Index in `out` of the first decoded record. Default 0. */
  readonly outOffset?: number;
}

/**
 * Decodes whole 40-byte `.scid` records from raw bytes into columnar {@link ScidRecords}.
 *
 * This is the hot path of every reader: it reads the buffer through aligned `Uint32`/`Int32`/
 * `Float32` views (the 56-byte header and 40-byte records keep 8-byte alignment), not per-field
 * `DataView` calls, and falls back to `DataView` only on big-endian hosts. Trailing bytes that do
 * not make a whole record are ignored (callers report them). Prices are checked for NaN and times
 * for plausibility (1950..2200) so corruption surfaces as an error, not garbage.
 *
 * @param bytes Record bytes starting at a record boundary (not including the header).
 * @throws {@link ScidError} `SCID_NAN_PRICE` or `SCID_BAD_TIME` naming the record's file offset.
 * @example
 * ```ts
 * import { decodeScidRecords, encodeScidRecords, scidRecordsFromRows } from '@minhos/sierra';
 * const bytes = encodeScidRecords(scidRecordsFromRows([
 *   { time: 1_700_000_000_000_000, open: 0, high: 4500.25, low: 4500, close: 4500.25,
 *     numTrades: 1, totalVolume: 2, bidVolume: 0, askVolume: 2 },
 * ]));
 * decodeScidRecords(bytes).close[0]; // 4500.25
 * ```
 */
export function decodeScidRecords(bytes: Uint8Array, options: DecodeScidOptions = {}): ScidRecords {
  const n = Math.floor(bytes.length / SCID_RECORD_SIZE);
  const outOffset = options.outOffset ?? 0;
  const out = options.out ?? allocateScidRecords(n);
  if (out.time.length < outOffset + n) {
    throw new ScidError(
      'SCID_BAD_INPUT',
      options.file ?? '<memory>',
      options.fileOffset ?? 56,
      `decode target holds ${out.time.length} records, needs ${outOffset + n}`,
    );
  }
  const legacy = options.timeFormat === 'float64-days';
  let bad: number;
  if (LITTLE_ENDIAN_HOST) {
    // Typed-array views need an aligned byteOffset; a misaligned caller buffer is copied once.
    const src = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice(0, n * SCID_RECORD_SIZE);
    bad = legacy ? decodeLegacyLE(src, n, out, outOffset) : decodeLE(src, n, out, outOffset);
  } else {
    bad = decodeDataView(bytes, n, out, outOffset, legacy);
  }
  if (bad >= 0) throw badRecordError(bytes, bad, options, legacy);
  return out;
}

function decodeLE(bytes: Uint8Array, n: number, out: ScidRecords, o: number): number {
  const words = n * 10;
  const u32 = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
  const i32 = new Int32Array(bytes.buffer, bytes.byteOffset, words);
  const f32 = new Float32Array(bytes.buffer, bytes.byteOffset, words);
  const { time, open, high, low, close, numTrades, totalVolume, bidVolume, askVolume } = out;
  // Locals, not module bindings (imports are re-loaded each iteration): registers in the hot loop.
  const minUs = MIN_SCID_US;
  const maxUs = MAX_SCID_US;
  const epoch = SCID_EPOCH_OFFSET_US;
  const two32 = TWO_32;
  let bad = -1;
  for (let i = 0, b = 0; i < n; i++, b += 10) {
    const us = (u32[b] as number) + (i32[b + 1] as number) * two32;
    const op = f32[b + 2] as number;
    const hi = f32[b + 3] as number;
    const lo = f32[b + 4] as number;
    const cl = f32[b + 5] as number;
    // One combined test keeps the loop branch-light: the sum is NaN when any price is NaN.
    if (!(us >= minUs && us <= maxUs) || Number.isNaN(op + hi + lo + cl)) {
      bad = i;
      break;
    }
    const j = o + i;
    time[j] = us - epoch;
    open[j] = op;
    high[j] = hi;
    low[j] = lo;
    close[j] = cl;
    numTrades[j] = u32[b + 6] as number;
    totalVolume[j] = u32[b + 7] as number;
    bidVolume[j] = u32[b + 8] as number;
    askVolume[j] = u32[b + 9] as number;
  }
  return bad;
}

function decodeLegacyLE(bytes: Uint8Array, n: number, out: ScidRecords, o: number): number {
  const words = n * 10;
  const u32 = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
  const f32 = new Float32Array(bytes.buffer, bytes.byteOffset, words);
  const f64 = new Float64Array(bytes.buffer, bytes.byteOffset, words / 2);
  const { time, open, high, low, close, numTrades, totalVolume, bidVolume, askVolume } = out;
  const minDays = MIN_DAYS;
  const maxDays = MAX_DAYS;
  const epochDays = SCID_EPOCH_OFFSET_DAYS;
  const usPerDay = US_PER_DAY;
  let bad = -1;
  for (let i = 0, b = 0; i < n; i++, b += 10) {
    const days = f64[b / 2] as number;
    const op = f32[b + 2] as number;
    const hi = f32[b + 3] as number;
    const lo = f32[b + 4] as number;
    const cl = f32[b + 5] as number;
    if (!(days >= minDays && days <= maxDays) || Number.isNaN(op + hi + lo + cl)) {
      bad = i;
      break;
    }
    const j = o + i;
    time[j] = Math.round((days - epochDays) * usPerDay);
    open[j] = op;
    high[j] = hi;
    low[j] = lo;
    close[j] = cl;
    numTrades[j] = u32[b + 6] as number;
    totalVolume[j] = u32[b + 7] as number;
    bidVolume[j] = u32[b + 8] as number;
    askVolume[j] = u32[b + 9] as number;
  }
  return bad;
}

function decodeDataView(bytes: Uint8Array, n: number, out: ScidRecords, o: number, legacy: boolean): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, n * SCID_RECORD_SIZE);
  for (let i = 0; i < n; i++) {
    const p = i * SCID_RECORD_SIZE;
    let t: number;
    if (legacy) {
      const days = v.getFloat64(p, true);
      if (!(days >= MIN_DAYS && days <= MAX_DAYS)) return i;
      t = Math.round((days - SCID_EPOCH_OFFSET_DAYS) * US_PER_DAY);
    } else {
      const us = v.getUint32(p, true) + v.getInt32(p + 4, true) * TWO_32;
      if (!(us >= MIN_SCID_US && us <= MAX_SCID_US)) return i;
      t = us - SCID_EPOCH_OFFSET_US;
    }
    const op = v.getFloat32(p + 8, true);
    const hi = v.getFloat32(p + 12, true);
    const lo = v.getFloat32(p + 16, true);
    const cl = v.getFloat32(p + 20, true);
    if (Number.isNaN(op) || Number.isNaN(hi) || Number.isNaN(lo) || Number.isNaN(cl)) return i;
    const j = o + i;
    out.time[j] = t;
    out.open[j] = op;
    out.high[j] = hi;
    out.low[j] = lo;
    out.close[j] = cl;
    out.numTrades[j] = v.getUint32(p + 24, true);
    out.totalVolume[j] = v.getUint32(p + 28, true);
    out.bidVolume[j] = v.getUint32(p + 32, true);
    out.askVolume[j] = v.getUint32(p + 36, true);
  }
  return -1;
}

function badRecordError(
  bytes: Uint8Array,
  i: number,
  options: DecodeScidOptions,
  legacy: boolean,
): ScidError {
  const file = options.file ?? '<memory>';
  const offset = (options.fileOffset ?? 56) + i * SCID_RECORD_SIZE;
  const record = Math.floor((offset - 56) / SCID_RECORD_SIZE);
  const v = new DataView(bytes.buffer, bytes.byteOffset + i * SCID_RECORD_SIZE, SCID_RECORD_SIZE);
  const names = ['open', 'high', 'low', 'close'] as const;
  for (let k = 0; k < 4; k++) {
    if (Number.isNaN(v.getFloat32(8 + 4 * k, true))) {
      return new ScidError(
        'SCID_NAN_PRICE',
        file,
        offset + 8 + 4 * k,
        `record ${record} has a NaN ${names[k]} price; expected a finite float32`,
        { details: { record, field: names[k] } },
      );
    }
  }
  const timeOk = legacy
    ? v.getFloat64(0, true) >= MIN_DAYS && v.getFloat64(0, true) <= MAX_DAYS
    : v.getUint32(0, true) + v.getInt32(4, true) * TWO_32 >= MIN_SCID_US &&
      v.getUint32(0, true) + v.getInt32(4, true) * TWO_32 <= MAX_SCID_US;
  if (timeOk) {
    // Only +Infinity and -Infinity together make the price sum NaN without a NaN field.
    return new ScidError(
      'SCID_NAN_PRICE',
      file,
      offset + 8,
      `record ${record} has infinite prices of both signs`,
      {
        details: { record },
      },
    );
  }
  const raw = legacy
    ? `${v.getFloat64(0, true)} days`
    : `${v.getUint32(0, true) + v.getInt32(4, true) * TWO_32} µs`;
  return new ScidError(
    'SCID_BAD_TIME',
    file,
    offset,
    `record ${record} has DateTime ${raw} since 1899-12-30, outside 1950..2200 (${legacy ? 'legacy float64 days' : 'int64 µs'} format)`,
    { details: { record } },
  );
}
