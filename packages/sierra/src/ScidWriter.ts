import { type FileHandle, open } from 'node:fs/promises';
import type { Bar, BarSeries, Side, TimestampUs } from '@minhos/core';
import { encodeScidRecords } from './encodeScidRecords.js';
import { ioError, readAt } from './internal/scidFileIo.js';
import { ScidError } from './ScidError.js';
import {
  allocateScidRecords,
  type ScidRecord,
  type ScidRecords,
  scidRecordsFromRows,
} from './ScidRecords.js';
import {
  encodeScidHeader,
  parseScidHeader,
  SCID_EPOCH_OFFSET_US,
  SCID_HEADER_SIZE,
  SCID_RECORD_SIZE,
  SCID_SINGLE_TRADE,
} from './scidFormat.js';

/**
 * How {@link ScidWriter.create} treats an existing file: `'create'` fails if it exists,
 * `'overwrite'` truncates it, `'append'` validates its header and appends after its last whole
 * record (a trailing partial record is cut off).
 */
export type ScidWriteMode = 'create' | 'overwrite' | 'append';

/** A trade to write as a Sierra tick record (see {@link ScidWriter.appendTicks}). */
export interface ScidTickInput {
  /** µs since the Unix epoch, UTC. */
  readonly time: TimestampUs;
  /** Trade price. */
  readonly price: number;
  /** Contracts traded. */
  readonly size: number;
  /** Best bid at the trade (stored as `Low`); defaults to `price`. */
  readonly bid?: number;
  /** Best ask at the trade (stored as `High`); defaults to `price`. */
  readonly ask?: number;
  /** `'BUY'` counts the size as ask volume (lifted the offer), `'SELL'` as bid volume. */
  readonly aggressor?: Side;
}

const MAX_U32 = 4294967295;
const MIN_US = -SCID_EPOCH_OFFSET_US;

/**
 * Writes Sierra Chart `.scid` files: the 56-byte header then 40-byte records, DateTime as int64 µs
 * — the format Sierra Chart itself reads. Use it to create test fixtures, to export MinhOS
 * recordings to Sierra, or to feed the DTC simulator.
 *
 * Records must be appended in non-decreasing time order (checked across calls: `SCID_UNSORTED`);
 * NaN prices and counts outside uint32 are rejected (`SCID_BAD_INPUT`). Each `append*` is one
 * positional write; {@link ScidWriter.flush} forces it to disk.
 *
 * @example
 * ```ts
 * import { BarSeries } from '@minhos/core';
 * import { ScidWriter } from '@minhos/sierra';
 * const w = await ScidWriter.create('/tmp/ES.scid', { mode: 'overwrite' });
 * await w.appendBars(BarSeries.fromBars([
 *   { time: 1_700_000_000_000_000, open: 4500, high: 4501, low: 4499.75, close: 4500.5, volume: 812 },
 * ]));
 * await w.close();
 * ```
 */
export class ScidWriter {
  /** The path being written. */
  readonly file: string;
  #fh: FileHandle;
  #count: number;
  #lastTime: number;
  #closed = false;

  private constructor(file: string, fh: FileHandle, count: number, lastTime: number) {
    this.file = file;
    this.#fh = fh;
    this.#count = count;
    this.#lastTime = lastTime;
  }

  /**
   * Opens `path` for writing and writes (or, in `'append'` mode, validates) the header.
   * @throws {@link ScidError} `SCID_IO` (e.g. `'create'` on an existing file), header errors in
   *   `'append'` mode.
   */
  static async create(path: string, options: { readonly mode?: ScidWriteMode } = {}): Promise<ScidWriter> {
    const mode = options.mode ?? 'create';
    let fh: FileHandle;
    try {
      fh = await openForWrite(path, mode);
    } catch (cause) {
      throw ioError(path, 0, `open (${mode})`, cause);
    }
    try {
      let size = 0;
      if (mode === 'append') {
        try {
          size = (await fh.stat()).size;
        } catch (cause) {
          throw ioError(path, 0, 'stat', cause);
        }
      }
      if (size === 0) {
        await writeAt(fh, path, encodeScidHeader(), 0);
        return new ScidWriter(path, fh, 0, Number.NEGATIVE_INFINITY);
      }
      const head = new Uint8Array(SCID_HEADER_SIZE);
      parseScidHeader(head.subarray(0, await readAt(fh, path, head, SCID_HEADER_SIZE, 0)), path);
      const count = Math.floor((size - SCID_HEADER_SIZE) / SCID_RECORD_SIZE);
      const end = SCID_HEADER_SIZE + count * SCID_RECORD_SIZE;
      if (end !== size) {
        try {
          await fh.truncate(end);
        } catch (cause) {
          throw ioError(path, end, 'truncate of the partial last record', cause);
        }
      }
      let lastTime = Number.NEGATIVE_INFINITY;
      if (count > 0) {
        const b = new Uint8Array(8);
        await readAt(fh, path, b, 8, end - SCID_RECORD_SIZE);
        const v = new DataView(b.buffer);
        lastTime = v.getUint32(0, true) + v.getInt32(4, true) * 4294967296 - SCID_EPOCH_OFFSET_US;
      }
      return new ScidWriter(path, fh, count, lastTime);
    } catch (e) {
      await fh.close().catch(() => undefined);
      throw e;
    }
  }

  /** Records in the file so far. */
  get recordCount(): number {
    return this.#count;
  }

  /** Appends columnar records (validated: sorted times, no NaN prices). */
  async append(records: ScidRecords): Promise<void> {
    this.#assertOpen();
    const n = records.time.length;
    if (n === 0) return;
    let last = this.#lastTime;
    for (let i = 0; i < n; i++) {
      const t = records.time[i] as number;
      if (!Number.isFinite(t) || t < MIN_US) {
        throw this.#inputError(i, `time ${t} is not a finite µs timestamp after 1899-12-30`);
      }
      if (t < last) {
        throw new ScidError(
          'SCID_UNSORTED',
          this.file,
          this.#offsetOf(i),
          `record ${this.#count + i} time ${t} µs is before the previous record's ${last} µs; .scid records must be time-sorted`,
        );
      }
      last = t;
      const o = records.open[i] as number;
      const h = records.high[i] as number;
      const l = records.low[i] as number;
      const c = records.close[i] as number;
      if (Number.isNaN(o) || Number.isNaN(h) || Number.isNaN(l) || Number.isNaN(c)) {
        throw new ScidError(
          'SCID_NAN_PRICE',
          this.file,
          this.#offsetOf(i),
          `record ${this.#count + i} has a NaN price`,
        );
      }
    }
    await writeAt(this.#fh, this.file, encodeScidRecords(records), this.#offsetOf(0));
    this.#count += n;
    this.#lastTime = last;
  }

  /** Appends row records (counts must be integers in uint32 range). */
  async appendRows(rows: readonly ScidRecord[]): Promise<void> {
    rows.forEach((r, i) => {
      for (const k of ['numTrades', 'totalVolume', 'bidVolume', 'askVolume'] as const) {
        const v = r[k];
        if (!(Number.isInteger(v) && v >= 0 && v <= MAX_U32)) {
          throw this.#inputError(i, `${k} ${v} is not an integer in [0, 2^32)`);
        }
      }
    });
    await this.append(scidRecordsFromRows(rows));
  }

  /**
   * Appends OHLCV bars as bar records: `numTrades` 0 (unknown), `totalVolume` = volume (contracts,
   * rounded), bid/ask volume 0.
   */
  async appendBars(bars: BarSeries | readonly Bar[]): Promise<void> {
    const list = Array.isArray(bars) ? (bars as readonly Bar[]) : null;
    const series = list === null ? (bars as BarSeries) : null;
    const n = list ? list.length : (series as BarSeries).length;
    const r = allocateScidRecords(n);
    for (let i = 0; i < n; i++) {
      const b = list ? (list[i] as Bar) : ((series as BarSeries).at(i) as Bar);
      const v = Math.round(b.volume);
      if (!(v >= 0 && v <= MAX_U32)) throw this.#inputError(i, `bar volume ${b.volume} is outside [0, 2^32)`);
      r.time[i] = b.time;
      r.open[i] = b.open;
      r.high[i] = b.high;
      r.low[i] = b.low;
      r.close[i] = b.close;
      r.totalVolume[i] = v;
    }
    await this.append(r);
  }

  /**
   * Appends trades as Sierra tick records: `Open` = 0 (single trade), `High` = ask, `Low` = bid,
   * `Close` = price, `NumTrades` = 1, volume split into ask/bid volume by `aggressor`.
   *
   * Like Sierra Chart, a trade whose time is not after the previous record's is moved to previous
   * + 1 µs so every record time is unique (`bumpDuplicateTimes: false` keeps times as given).
   */
  async appendTicks(
    ticks: readonly ScidTickInput[],
    options: { readonly bumpDuplicateTimes?: boolean } = {},
  ): Promise<void> {
    const bump = options.bumpDuplicateTimes ?? true;
    const r = allocateScidRecords(ticks.length);
    let last = this.#lastTime;
    for (let i = 0; i < ticks.length; i++) {
      const t = ticks[i] as ScidTickInput;
      const size = t.size;
      if (!(Number.isInteger(size) && size >= 0 && size <= MAX_U32)) {
        throw this.#inputError(i, `tick size ${size} is not an integer in [0, 2^32)`);
      }
      const time = bump && t.time <= last ? last + 1 : t.time;
      last = time;
      r.time[i] = time;
      r.open[i] = SCID_SINGLE_TRADE;
      r.high[i] = t.ask ?? t.price;
      r.low[i] = t.bid ?? t.price;
      r.close[i] = t.price;
      r.numTrades[i] = 1;
      r.totalVolume[i] = size;
      if (t.aggressor === 'BUY') r.askVolume[i] = size;
      else if (t.aggressor === 'SELL') r.bidVolume[i] = size;
    }
    await this.append(r);
  }

  /** Forces written records to disk (`fdatasync`). */
  async flush(): Promise<void> {
    this.#assertOpen();
    try {
      await this.#fh.datasync();
    } catch (cause) {
      throw ioError(this.file, 0, 'datasync', cause);
    }
  }

  /** Flushes and closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.flush();
    this.#closed = true;
    await this.#fh.close();
  }

  #offsetOf(i: number): number {
    return SCID_HEADER_SIZE + (this.#count + i) * SCID_RECORD_SIZE;
  }

  #inputError(i: number, message: string): ScidError {
    return new ScidError(
      'SCID_BAD_INPUT',
      this.file,
      this.#offsetOf(i),
      `record ${this.#count + i}: ${message}`,
    );
  }

  #assertOpen(): void {
    if (this.#closed) throw new ScidError('SCID_BAD_INPUT', this.file, 0, 'writer is closed');
  }
}

// Append mode reopens with 'r+' (not 'a'): positional writes must land where we say, and a
// trailing partial record must be overwritten, which O_APPEND would not allow.
async function openForWrite(path: string, mode: ScidWriteMode): Promise<FileHandle> {
  if (mode === 'create') return open(path, 'wx+');
  if (mode === 'overwrite') return open(path, 'w+');
  try {
    return await open(path, 'r+');
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return open(path, 'wx+');
    throw e;
  }
}

async function writeAt(fh: FileHandle, file: string, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    try {
      const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, position + done);
      done += bytesWritten;
    } catch (cause) {
      throw ioError(file, position + done, 'write', cause);
    }
  }
}
