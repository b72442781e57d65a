import type { TimestampUs } from '@minhos/core';
import type { ScidFileInfo } from './ScidReader.js';
import { ScidReader } from './ScidReader.js';
import type { ScidRecords } from './ScidRecords.js';

/** Options of {@link readScid}. */
export interface ReadScidOptions {
  /** Only records with `time >= from` (µs since Unix epoch). */
  readonly from?: TimestampUs;
  /** Only records with `time < to` (µs since Unix epoch). */
  readonly to?: TimestampUs;
  /** Throw `SCID_PARTIAL_RECORD` instead of ignoring a trailing partial record. Default false. */
  readonly strict?: boolean;
}

/**
 * Reads a whole `.scid` file (or the `[from, to)` time range of it) into columnar records.
 *
 * The one-call convenience over {@link ScidReader}; for files that do not fit in memory use
 * {@link ScidReader.chunks}.
 *
 * @throws {@link ScidError} on a corrupt or unreadable file (see {@link ScidErrorCode}).
 * @example
 * ```ts
 * import { readScid } from '@minhos/sierra';
 * const r = await readScid('ESZ25-CME.scid');
 * console.log(r.time.length, r.close[r.close.length - 1]);
 * ```
 */
export async function readScid(path: string, options: ReadScidOptions = {}): Promise<ScidRecords> {
  const reader = await ScidReader.open(path);
  try {
    if (options.strict) {
      const [issue] = reader.issues;
      if (issue) throw issue;
    }
    if (options.from === undefined && options.to === undefined) return await reader.read();
    const start = options.from === undefined ? 0 : await reader.lowerBound(options.from);
    const end = options.to === undefined ? reader.recordCount : await reader.lowerBound(options.to);
    return await reader.read(start, Math.max(start, end));
  } finally {
    await reader.close();
  }
}

/**
 * Header, DateTime format, record count and first/last times of a `.scid` file, without reading
 * its records.
 *
 * @example
 * ```ts
 * import { readScidInfo } from '@minhos/sierra';
 * const info = await readScidInfo('ESZ25-CME.scid');
 * console.log(info.recordCount, info.timeFormat, info.trailingBytes);
 * ```
 */
export async function readScidInfo(path: string): Promise<ScidFileInfo> {
  const reader = await ScidReader.open(path);
  try {
    return await reader.info();
  } finally {
    await reader.close();
  }
}
