import { MinhosError } from '@minhos/core';

/**
 * Stable codes of {@link ScidError}:
 * - `SCID_IO` — the file could not be opened/read/written (see `cause`; `retryable` when transient).
 * - `SCID_TRUNCATED_HEADER` — fewer than 56 bytes where the header should be.
 * - `SCID_BAD_MAGIC` — the first 4 bytes are not `SCID`.
 * - `SCID_BAD_HEADER_SIZE` — `HeaderSize` is not 56 (or larger than the file).
 * - `SCID_BAD_RECORD_SIZE` — `RecordSize` is not 40.
 * - `SCID_PARTIAL_RECORD` — the file size is not header + k·40: a trailing partial record (reported,
 *   not thrown, by {@link ScidReader}; Sierra may be mid-write).
 * - `SCID_BAD_TIME` — a record's DateTime is neither plausible int64 µs nor legacy float64 days.
 * - `SCID_NAN_PRICE` — a record has a NaN open/high/low/close.
 * - `SCID_UNSORTED` — record times decrease where sorted data is required (writer, range reads).
 * - `SCID_BAD_INPUT` — invalid arguments given to a writer or reader method.
 */
export type ScidErrorCode =
  | 'SCID_IO'
  | 'SCID_TRUNCATED_HEADER'
  | 'SCID_BAD_MAGIC'
  | 'SCID_BAD_HEADER_SIZE'
  | 'SCID_BAD_RECORD_SIZE'
  | 'SCID_PARTIAL_RECORD'
  | 'SCID_BAD_TIME'
  | 'SCID_NAN_PRICE'
  | 'SCID_UNSORTED'
  | 'SCID_BAD_INPUT';

/**
 * The error of every `.scid` operation: a stable {@link ScidErrorCode}, the `file` and the byte
 * `offset` where the problem is (both also in `details`), so a corrupt file is reported precisely
 * instead of decoded into garbage.
 *
 * @example
 * ```ts
 * import { ScidError, ScidReader } from '@minhos/sierra';
 * try {
 *   await ScidReader.open('ESZ25-CME.scid');
 * } catch (e) {
 *   if (e instanceof ScidError && e.code === 'SCID_BAD_MAGIC') console.error(e.file, e.offset);
 * }
 * ```
 */
export class ScidError extends MinhosError {
  declare readonly code: ScidErrorCode;
  /** The file (path or label) the error is about. */
  readonly file: string;
  /** Byte offset in the file where the problem was found (0 for the header). */
  readonly offset: number;

  constructor(
    code: ScidErrorCode,
    file: string,
    offset: number,
    message: string,
    options: { cause?: unknown; retryable?: boolean; details?: Record<string, unknown> } = {},
  ) {
    super(code, `${file} @ byte ${offset}: ${message}`, {
      ...options,
      details: { file, offset, ...(options.details ?? {}) },
    });
    this.file = file;
    this.offset = offset;
  }
}
