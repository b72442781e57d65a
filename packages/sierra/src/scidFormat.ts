import { type TimestampUs, US_PER_DAY } from '@minhos/core';
import { ScidError } from './ScidError.js';

/** Size in bytes of a `.scid` file header (`s_IntradayHeader`). */
export const SCID_HEADER_SIZE = 56;
/** Size in bytes of one `.scid` record (`s_IntradayRecord`). */
export const SCID_RECORD_SIZE = 40;
/** The header `Version` Sierra Chart currently writes. */
export const SCID_VERSION = 1;
/** Days from Sierra Chart's epoch (1899-12-30 UTC) to the Unix epoch (1970-01-01 UTC). */
export const SCID_EPOCH_OFFSET_DAYS = 25569;
/** Microseconds from Sierra Chart's epoch (1899-12-30 UTC) to the Unix epoch. */
export const SCID_EPOCH_OFFSET_US: number = SCID_EPOCH_OFFSET_DAYS * US_PER_DAY;

/**
 * `Open` value of a tick record that is a whole trade with its bid/ask (`SINGLE_TRADE_WITH_BID_ASK`).
 * In tick records `High` is the ask, `Low` the bid, `Close` the trade price.
 */
export const SCID_SINGLE_TRADE = 0;
/** `Open` value (float32) of the first sub-trade of an unbundled trade. */
export const SCID_FIRST_SUB_TRADE: number = Math.fround(-1.99900095e37);
/** `Open` value (float32) of the last sub-trade of an unbundled trade. */
export const SCID_LAST_SUB_TRADE: number = Math.fround(-1.99900197e37);

/**
 * How a file stores `DateTime`: `'int64-us'` (current Sierra: int64 µs since 1899-12-30 UTC) or
 * `'float64-days'` (legacy: float64 days since 1899-12-30, fraction = time of day).
 */
export type ScidTimeFormat = 'int64-us' | 'float64-days';

/** The decoded `s_IntradayHeader` of a `.scid` file. */
export interface ScidHeader {
  /** `HeaderSize` (56 for every file this library accepts). */
  readonly headerSize: number;
  /** `RecordSize` (40). */
  readonly recordSize: number;
  /** `Version` (Sierra writes 1). */
  readonly version: number;
  /** `UTCStartIndex` (documented as "should be 0"). */
  readonly utcStartIndex: number;
}

// Plausible record times: 1950-01-01 .. 2200-01-01. Anything outside is corruption or a wrong format.
const MIN_DAYS = 18263;
const MAX_DAYS = 109574;
/** Smallest plausible int64 µs DateTime (1950-01-01). @internal */
export const MIN_SCID_US: number = MIN_DAYS * US_PER_DAY;
/** Largest plausible int64 µs DateTime (2200-01-01). @internal */
export const MAX_SCID_US: number = MAX_DAYS * US_PER_DAY;

/**
 * Converts a Sierra int64 DateTime (µs since 1899-12-30 UTC) to a {@link TimestampUs}.
 *
 * @example
 * ```ts
 * import { scidTimeToTimestampUs, SCID_EPOCH_OFFSET_US } from '@minhos/sierra';
 * scidTimeToTimestampUs(SCID_EPOCH_OFFSET_US); // 0 (1970-01-01T00:00:00Z)
 * ```
 */
export function scidTimeToTimestampUs(scidUs: number): TimestampUs {
  return scidUs - SCID_EPOCH_OFFSET_US;
}

/**
 * Converts a {@link TimestampUs} to Sierra's int64 DateTime (µs since 1899-12-30 UTC).
 *
 * @example
 * ```ts
 * import { timestampUsToScidTime } from '@minhos/sierra';
 * timestampUsToScidTime(0); // 2_209_161_600_000_000
 * ```
 */
export function timestampUsToScidTime(time: TimestampUs): number {
  return time + SCID_EPOCH_OFFSET_US;
}

/**
 * Converts a legacy float64 Sierra DateTime (days since 1899-12-30, fraction = time of day) to a
 * {@link TimestampUs}, rounded to the nearest µs (float64 days resolve ~1 µs at today's dates).
 *
 * @example
 * ```ts
 * import { scidDaysToTimestampUs } from '@minhos/sierra';
 * scidDaysToTimestampUs(25569.5); // 43_200_000_000 (1970-01-01T12:00Z)
 * ```
 */
export function scidDaysToTimestampUs(days: number): TimestampUs {
  return Math.round((days - SCID_EPOCH_OFFSET_DAYS) * US_PER_DAY);
}

/**
 * Guesses the DateTime encoding from the 8 raw bytes of one record's DateTime: a legacy float64 is
 * a plausible day count (1950..2200), an int64 is a plausible µs count. `undefined` when neither.
 * @internal
 */
export function detectTimeFormat(view: DataView, offset: number): ScidTimeFormat | undefined {
  const days = view.getFloat64(offset, true);
  if (days >= MIN_DAYS && days <= MAX_DAYS) return 'float64-days';
  const us = view.getUint32(offset, true) + view.getInt32(offset + 4, true) * 4294967296;
  if (us >= MIN_SCID_US && us <= MAX_SCID_US) return 'int64-us';
  return undefined;
}

/**
 * Parses and validates the 56-byte header at the start of `bytes`.
 *
 * Use it on bytes you already hold (a network buffer, a test fixture); {@link ScidReader} calls it
 * for files.
 *
 * @param file Name used in error messages.
 * @throws {@link ScidError} `SCID_TRUNCATED_HEADER`, `SCID_BAD_MAGIC`, `SCID_BAD_HEADER_SIZE`,
 *   `SCID_BAD_RECORD_SIZE`.
 * @example
 * ```ts
 * import { encodeScidHeader, parseScidHeader } from '@minhos/sierra';
 * parseScidHeader(encodeScidHeader(), 'mem').recordSize; // 40
 * ```
 */
export function parseScidHeader(bytes: Uint8Array, file: string): ScidHeader {
  if (bytes.length < SCID_HEADER_SIZE) {
    throw new ScidError(
      'SCID_TRUNCATED_HEADER',
      file,
      bytes.length,
      `file has ${bytes.length} bytes, a .scid header needs ${SCID_HEADER_SIZE}`,
    );
  }
  const magic = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0, bytes[2] ?? 0, bytes[3] ?? 0);
  if (magic !== 'SCID') {
    throw new ScidError(
      'SCID_BAD_MAGIC',
      file,
      0,
      `header magic is ${JSON.stringify(magic)}, expected "SCID"`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, SCID_HEADER_SIZE);
  const headerSize = view.getUint32(4, true);
  if (headerSize !== SCID_HEADER_SIZE) {
    throw new ScidError(
      'SCID_BAD_HEADER_SIZE',
      file,
      4,
      `HeaderSize is ${headerSize}, expected ${SCID_HEADER_SIZE}`,
    );
  }
  const recordSize = view.getUint32(8, true);
  if (recordSize !== SCID_RECORD_SIZE) {
    throw new ScidError(
      'SCID_BAD_RECORD_SIZE',
      file,
      8,
      `RecordSize is ${recordSize}, expected ${SCID_RECORD_SIZE}`,
    );
  }
  return {
    headerSize,
    recordSize,
    version: view.getUint16(12, true),
    utcStartIndex: view.getUint32(16, true),
  };
}

/**
 * Encodes a valid 56-byte `.scid` header (`SCID`, 56, 40, version 1, zeros elsewhere).
 *
 * @example
 * ```ts
 * import { encodeScidHeader } from '@minhos/sierra';
 * encodeScidHeader().length; // 56
 * ```
 */
export function encodeScidHeader(version: number = SCID_VERSION): Uint8Array {
  const bytes = new Uint8Array(SCID_HEADER_SIZE);
  const view = new DataView(bytes.buffer);
  bytes.set([0x53, 0x43, 0x49, 0x44]);
  view.setUint32(4, SCID_HEADER_SIZE, true);
  view.setUint32(8, SCID_RECORD_SIZE, true);
  view.setUint16(12, version, true);
  return bytes;
}
