import { type FileHandle, open } from 'node:fs/promises';
import { endianness } from 'node:os';
import type { TimestampUs } from '@minhos/core';
import { allocateScidColumns, decodeScidColumns, type ScidColumn } from './decodeScidColumns.js';
import { decodeScidRecords } from './decodeScidRecords.js';
import {
  forEachScidBlock,
  pipelinedScidBlocks,
  type ScidBlockDecoder,
  type ScidBlockSource,
} from './internal/scidBlocks.js';
import { decodeColumnsLE } from './internal/scidColumnKernel.js';
import { ioError, readAt, shrunkError } from './internal/scidFileIo.js';
import { ScidError } from './ScidError.js';
import { allocateScidRecords, type ScidRecords } from './ScidRecords.js';
import {
  detectTimeFormat,
  parseScidHeader,
  SCID_EPOCH_OFFSET_DAYS,
  SCID_EPOCH_OFFSET_US,
  SCID_HEADER_SIZE,
  SCID_RECORD_SIZE,
  type ScidHeader,
  type ScidTimeFormat,
} from './scidFormat.js';

/** A summary of a `.scid` file, from {@link ScidReader.info} or {@link readScidInfo}. */
export interface ScidFileInfo {
  /** The path the reader opened. */
  readonly file: string;
  readonly header: ScidHeader;
  /** How DateTime is stored (current int64 µs, or legacy float64 days). */
  readonly timeFormat: ScidTimeFormat;
  /** File size in bytes at the last {@link ScidReader.refresh}. */
  readonly fileSize: number;
  /** Whole records in the file. */
  readonly recordCount: number;
  /** Bytes after the last whole record (a partial record; 0 in a healthy, idle file). */
  readonly trailingBytes: number;
  /** Time of the first record (µs since Unix epoch), `undefined` when empty. */
  readonly firstTime: TimestampUs | undefined;
  /** Time of the last whole record, `undefined` when empty. */
  readonly lastTime: TimestampUs | undefined;
}

/** A block of records yielded by {@link ScidReader.chunks}. */
export interface ScidChunk {
  /** Index in the file of `records[0]`. */
  readonly startIndex: number;
  readonly records: ScidRecords;
}

/** Options of {@link ScidReader.chunks}. */
export interface ScidChunkOptions {
  /** First record index (inclusive). Default 0. */
  readonly start?: number;
  /** Last record index (exclusive). Default: the record count at the call. */
  readonly end?: number;
  /** Only records with `time >= from` (µs; binary search, so the file must be time-sorted). */
  readonly from?: TimestampUs;
  /** Only records with `time < to` (µs). */
  readonly to?: TimestampUs;
  /** Records per chunk (memory per chunk ≈ 40 B read buffer + 56 B columns per record). Default 65 536. */
  readonly chunkRecords?: number;
  /** Stops the iteration (the iterator then throws the signal's reason). */
  readonly signal?: AbortSignal;
  /**
   * Decode every chunk into the same columns (views of one buffer set) instead of fresh ones: much
   * faster, but a chunk is valid only until the next one is requested — copy what you keep.
   */
  readonly reuse?: boolean;
}

/** Views of the first `n` records of `r` (no copy). */
function sliceScidRecords(r: ScidRecords, n: number): ScidRecords {
  return {
    time: r.time.subarray(0, n),
    open: r.open.subarray(0, n),
    high: r.high.subarray(0, n),
    low: r.low.subarray(0, n),
    close: r.close.subarray(0, n),
    numTrades: r.numTrades.subarray(0, n),
    totalVolume: r.totalVolume.subarray(0, n),
    bidVolume: r.bidVolume.subarray(0, n),
    askVolume: r.askVolume.subarray(0, n),
  };
}

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

// Below this many records the binary search reads the whole window at once.
const SEARCH_BLOCK = 512;

/**
 * Random-access, streaming reader of a Sierra Chart intraday data file (`.scid`).
 *
 * Reads with positional reads on one file handle and never loads the whole file: use
 * {@link ScidReader.read} for an index range, {@link ScidReader.readRange} for a time range
 * (binary search over the file), {@link ScidReader.chunks} to stream files larger than memory as
 * columnar chunks. The file may still be growing (Sierra appends while we read): call
 * {@link ScidReader.refresh} to see new records; a partial last record is never decoded, only
 * reported in {@link ScidReader.issues}. For following a live file use {@link followScid}.
 *
 * Times are µs since the Unix epoch (UTC), prices float32 as stored, volumes in contracts.
 *
 * @example
 * ```ts
 * import { ScidReader } from '@minhos/sierra';
 * const reader = await ScidReader.open('ESZ25-CME.scid');
 * try {
 *   const day = await reader.readRange(Date.UTC(2025, 10, 3) * 1000, Date.UTC(2025, 10, 4) * 1000);
 *   console.log(reader.recordCount, day.time.length, day.close[0]);
 * } finally {
 *   await reader.close();
 * }
 * ```
 */
export class ScidReader {
  /** The path this reader opened (used in every error). */
  readonly file: string;
  /** The validated header. */
  readonly header: ScidHeader;
  #fh: FileHandle;
  #timeFormat: ScidTimeFormat;
  #fileSize: number;
  #closed = false;
  /** What the block reads need: the handle, the path, the open check. */
  readonly #source: ScidBlockSource;

  private constructor(
    file: string,
    fh: FileHandle,
    header: ScidHeader,
    timeFormat: ScidTimeFormat,
    size: number,
  ) {
    this.file = file;
    this.#fh = fh;
    this.header = header;
    this.#timeFormat = timeFormat;
    this.#fileSize = size;
    this.#source = { fh, file, assertOpen: () => this.#assertOpen() };
  }

  /**
   * Opens `path`, validates the header and detects the DateTime format from the first record.
   *
   * @throws {@link ScidError} `SCID_IO` (missing/unreadable), `SCID_TRUNCATED_HEADER`,
   *   `SCID_BAD_MAGIC`, `SCID_BAD_HEADER_SIZE`, `SCID_BAD_RECORD_SIZE`, `SCID_BAD_TIME`.
   */
  static async open(path: string): Promise<ScidReader> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (cause) {
      throw ioError(path, 0, 'open', cause);
    }
    try {
      let size: number;
      try {
        size = (await fh.stat()).size;
      } catch (cause) {
        throw ioError(path, 0, 'stat', cause);
      }
      const head = new Uint8Array(SCID_HEADER_SIZE + 8);
      const got = await readAt(fh, path, head, head.length, 0);
      const header = parseScidHeader(head.subarray(0, Math.min(got, SCID_HEADER_SIZE)), path);
      let timeFormat: ScidTimeFormat = 'int64-us';
      if (got >= SCID_HEADER_SIZE + 8) {
        const detected = detectTimeFormat(new DataView(head.buffer), SCID_HEADER_SIZE);
        if (detected === undefined) {
          throw new ScidError(
            'SCID_BAD_TIME',
            path,
            SCID_HEADER_SIZE,
            'first record DateTime is neither int64 µs nor float64 days since 1899-12-30 within 1950..2200',
          );
        }
        timeFormat = detected;
      }
      return new ScidReader(path, fh, header, timeFormat, size);
    } catch (e) {
      await fh.close().catch(() => undefined);
      throw e;
    }
  }

  /** DateTime encoding of this file (detected at open). */
  get timeFormat(): ScidTimeFormat {
    return this.#timeFormat;
  }

  /** File size in bytes as of the last {@link refresh} (or open). */
  get fileSize(): number {
    return this.#fileSize;
  }

  /** Number of whole records as of the last {@link refresh}. */
  get recordCount(): number {
    return Math.floor((this.#fileSize - SCID_HEADER_SIZE) / SCID_RECORD_SIZE);
  }

  /** Bytes after the last whole record (a record Sierra has not finished writing, or corruption). */
  get trailingBytes(): number {
    return (this.#fileSize - SCID_HEADER_SIZE) % SCID_RECORD_SIZE;
  }

  /**
   * Non-fatal problems found in the file, as errors you can log: a trailing partial record
   * (`SCID_PARTIAL_RECORD` with its byte offset). Empty for a healthy file.
   */
  get issues(): readonly ScidError[] {
    const trailing = this.trailingBytes;
    if (trailing === 0) return [];
    const offset = SCID_HEADER_SIZE + this.recordCount * SCID_RECORD_SIZE;
    return [
      new ScidError(
        'SCID_PARTIAL_RECORD',
        this.file,
        offset,
        `file ends with ${trailing} bytes of a partial record (size ${this.#fileSize} is not 56 + k·40); it is ignored`,
        { details: { trailingBytes: trailing } },
      ),
    ];
  }

  /** Re-reads the file size (to see records appended since open). Returns the new record count. */
  async refresh(): Promise<number> {
    this.#assertOpen();
    try {
      this.#fileSize = (await this.#fh.stat()).size;
    } catch (cause) {
      throw ioError(this.file, 0, 'stat', cause);
    }
    if (this.#fileSize < SCID_HEADER_SIZE) {
      throw new ScidError(
        'SCID_TRUNCATED_HEADER',
        this.file,
        this.#fileSize,
        `file shrank to ${this.#fileSize} bytes, below the ${SCID_HEADER_SIZE}-byte header`,
      );
    }
    return this.recordCount;
  }

  /** Header, format, size, record count and first/last record times. */
  async info(): Promise<ScidFileInfo> {
    const n = this.recordCount;
    return {
      file: this.file,
      header: this.header,
      timeFormat: this.#timeFormat,
      fileSize: this.#fileSize,
      recordCount: n,
      trailingBytes: this.trailingBytes,
      firstTime: n > 0 ? await this.timeAt(0) : undefined,
      lastTime: n > 0 ? await this.timeAt(n - 1) : undefined,
    };
  }

  /**
   * Decodes records `[start, end)` (clamped to the record count) into new columns, or into the
   * caller-owned `out` (at `outOffset`; it must hold them) — reusing `out` across calls avoids
   * paying for fresh memory each time.
   * @throws {@link ScidError} `SCID_NAN_PRICE` / `SCID_BAD_TIME` on corrupt records, `SCID_IO`,
   *   `SCID_BAD_INPUT` when `out` is too small.
   */
  async read(
    start = 0,
    end: number = this.recordCount,
    options: { readonly out?: ScidRecords; readonly outOffset?: number } = {},
  ): Promise<ScidRecords> {
    this.#assertOpen();
    const s = clampIndex(start, this.recordCount);
    const e = Math.max(s, clampIndex(end, this.recordCount));
    const out = options.out ?? allocateScidRecords(e - s);
    const o = options.outOffset ?? 0;
    await this.#blocks(s, e, (bytes, index, i) => this.#decode(bytes, index, out, o + i));
    return out;
  }

  /**
   * Like {@link ScidReader.read} for only the `columns` asked for (e.g. `['time', 'close',
   * 'totalVolume']`): a fraction of the decode work and of the memory written. Checks what it
   * decodes (see {@link decodeScidColumns}).
   */
  async readColumns<K extends ScidColumn>(
    columns: readonly K[],
    options: {
      readonly start?: number;
      readonly end?: number;
      readonly out?: Pick<ScidRecords, K>;
      readonly outOffset?: number;
    } = {},
  ): Promise<Pick<ScidRecords, K>> {
    this.#assertOpen();
    const s = clampIndex(options.start ?? 0, this.recordCount);
    const e = Math.max(s, clampIndex(options.end ?? this.recordCount, this.recordCount));
    const out = options.out ?? allocateScidColumns(columns, e - s);
    const o = options.outOffset ?? 0;
    if (this.#timeFormat !== 'int64-us' || !LITTLE_ENDIAN_HOST) {
      await this.#blocks(s, e, (bytes, index, i) => this.#decodeColumns(bytes, columns, index, out, o + i));
      return out;
    }
    // Checked once (not per block): the columns asked for, each large enough.
    const dst: Partial<Record<ScidColumn, ScidRecords[ScidColumn]>> = {};
    for (const c of columns) {
      const col = out[c] as ScidRecords[ScidColumn] | undefined;
      if (col === undefined || col.length < o + (e - s)) {
        throw new ScidError(
          'SCID_BAD_INPUT',
          this.file,
          SCID_HEADER_SIZE,
          `decode target column ${c} holds ${col?.length ?? 0} records, needs ${o + (e - s)}`,
        );
      }
      dst[c] = col;
    }
    let views: [Uint8Array, Uint32Array, Int32Array, Float32Array] | undefined;
    await this.#blocks(s, e, (bytes, index, i) => {
      if (views?.[0].buffer !== bytes.buffer) {
        const w = bytes.buffer.byteLength >> 2;
        views = [
          bytes,
          new Uint32Array(bytes.buffer, 0, w),
          new Int32Array(bytes.buffer, 0, w),
          new Float32Array(bytes.buffer, 0, w),
        ];
      }
      const m = bytes.length / SCID_RECORD_SIZE;
      const bad = decodeColumnsLE(views[1], views[2], views[3], m, dst as Partial<ScidRecords>, o + i);
      // The column decoder of that block builds the precise error (file, offset, code).
      if (bad >= 0) this.#decodeColumns(bytes, columns, index, out, o + i);
    });
    return out;
  }

  /** Feeds records `[s, e)` to `decode` block by block (see {@link forEachScidBlock}). */
  #blocks(s: number, e: number, decode: ScidBlockDecoder): Promise<void> {
    return forEachScidBlock(this.#source, s, e, decode);
  }

  /** Time (µs since Unix epoch) of record `index`. */
  async timeAt(index: number): Promise<TimestampUs> {
    this.#assertOpen();
    if (!(index >= 0 && index < this.recordCount)) {
      throw new ScidError(
        'SCID_BAD_INPUT',
        this.file,
        SCID_HEADER_SIZE,
        `record index ${index} out of range [0, ${this.recordCount})`,
      );
    }
    const pos = SCID_HEADER_SIZE + index * SCID_RECORD_SIZE;
    const b = new Uint8Array(8);
    if ((await readAt(this.#fh, this.file, b, 8, pos)) < 8) throw this.#shrunk(pos);
    return this.#timeOf(new DataView(b.buffer), 0, pos);
  }

  /**
   * Index of the first record with `time >= t` (`recordCount` when none), by search with
   * positional reads: interpolation on time (few reads on evenly spread data) safeguarded by
   * bisection (O(log n) reads worst case), then one block read for the last 512 records. The file
   * must be sorted by time, as Sierra writes it.
   */
  async lowerBound(t: TimestampUs): Promise<number> {
    this.#assertOpen();
    const n = this.recordCount;
    let lo = 0;
    let hi = n;
    if (n > SEARCH_BLOCK) {
      const probe = new Uint8Array(8);
      const view = new DataView(probe.buffer);
      const timeAt = async (i: number): Promise<number> => {
        const pos = SCID_HEADER_SIZE + i * SCID_RECORD_SIZE;
        if ((await readAt(this.#fh, this.file, probe, 8, pos)) < 8) throw this.#shrunk(pos);
        return this.#timeOf(view, 0, pos);
      };
      let tA = await timeAt(0);
      if (tA >= t) return 0;
      let tB = await timeAt(n - 1);
      if (tB < t) return n;
      // Invariant: time(lo - 1) = tA < t <= tB = time(hi); the answer is in [lo, hi].
      lo = 1;
      hi = n - 1;
      let bisect = false;
      while (hi - lo > SEARCH_BLOCK) {
        const span = hi - lo;
        const m = bisect
          ? (lo + hi) >>> 1
          : Math.min(hi - 1, Math.max(lo, lo - 1 + Math.ceil(((t - tA) / (tB - tA)) * (hi - lo + 1))));
        const tm = await timeAt(m);
        if (tm < t) {
          lo = m + 1;
          tA = tm;
        } else {
          hi = m;
          tB = tm;
        }
        // Fall back to one bisection step whenever interpolation failed to halve the range.
        bisect = !bisect && hi - lo > span / 2;
      }
      hi = Math.min(n, hi + 1);
    }
    const count = hi - lo;
    if (count <= 0) return lo;
    const block = new Uint8Array(count * SCID_RECORD_SIZE);
    const pos0 = SCID_HEADER_SIZE + lo * SCID_RECORD_SIZE;
    if ((await readAt(this.#fh, this.file, block, block.length, pos0)) < block.length)
      throw this.#shrunk(pos0);
    const view = new DataView(block.buffer);
    let a = 0;
    let b = count;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (this.#timeOf(view, mid * SCID_RECORD_SIZE, pos0 + mid * SCID_RECORD_SIZE) < t) a = mid + 1;
      else b = mid;
    }
    return lo + a;
  }

  /** Records with `from <= time < to` (µs), located by {@link lowerBound}. */
  async readRange(from: TimestampUs, to: TimestampUs): Promise<ScidRecords> {
    const start = await this.lowerBound(from);
    const end = await this.lowerBound(to);
    return this.read(start, Math.max(start, end));
  }

  /**
   * Streams records as columnar chunks, reading `chunkRecords` at a time, so files larger than
   * memory can be processed. Each chunk owns fresh arrays (safe to keep).
   *
   * @example
   * ```ts
   * import { ScidReader } from '@minhos/sierra';
   * const reader = await ScidReader.open('ESZ25-CME.scid');
   * let volume = 0;
   * for await (const { records } of reader.chunks({ chunkRecords: 100_000 })) {
   *   for (const v of records.totalVolume) volume += v;
   * }
   * await reader.close();
   * ```
   */
  async *chunks(options: ScidChunkOptions = {}): AsyncGenerator<ScidChunk, void, undefined> {
    this.#assertOpen();
    const chunkRecords = options.chunkRecords ?? 1 << 16;
    if (!(Number.isInteger(chunkRecords) && chunkRecords > 0)) {
      throw new ScidError(
        'SCID_BAD_INPUT',
        this.file,
        0,
        `chunkRecords must be a positive integer, got ${chunkRecords}`,
      );
    }
    let start = clampIndex(options.start ?? 0, this.recordCount);
    let end = clampIndex(options.end ?? this.recordCount, this.recordCount);
    if (options.from !== undefined) start = Math.max(start, await this.lowerBound(options.from));
    if (options.to !== undefined) end = Math.min(end, await this.lowerBound(options.to));
    let shared: ScidRecords | undefined;
    // Two buffers: the next chunk is read while the consumer works on this one.
    for await (const { bytes, index } of pipelinedScidBlocks(this.#source, start, end, chunkRecords)) {
      options.signal?.throwIfAborted();
      const count = bytes.length / SCID_RECORD_SIZE;
      let records: ScidRecords;
      if (options.reuse === true) {
        shared ??= allocateScidRecords(Math.min(chunkRecords, end - start));
        records = count === shared.time.length ? shared : sliceScidRecords(shared, count);
      } else records = allocateScidRecords(count);
      this.#decode(bytes, index, records, 0);
      yield { startIndex: index, records };
    }
  }

  /** Closes the file handle. Further calls throw `SCID_BAD_INPUT`. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#fh.close();
  }

  #decode(bytes: Uint8Array, index: number, out: ScidRecords, outOffset: number): void {
    decodeScidRecords(bytes, {
      timeFormat: this.#timeFormat,
      file: this.file,
      fileOffset: SCID_HEADER_SIZE + index * SCID_RECORD_SIZE,
      out,
      outOffset,
    });
  }

  #decodeColumns<K extends ScidColumn>(
    bytes: Uint8Array,
    columns: readonly K[],
    index: number,
    out: Pick<ScidRecords, K>,
    outOffset: number,
  ): void {
    decodeScidColumns(bytes, columns, {
      timeFormat: this.#timeFormat,
      file: this.file,
      fileOffset: SCID_HEADER_SIZE + index * SCID_RECORD_SIZE,
      out,
      outOffset,
    });
  }

  #timeOf(view: DataView, at: number, filePos: number): TimestampUs {
    if (this.#timeFormat === 'float64-days') {
      const days = view.getFloat64(at, true);
      if (!Number.isFinite(days)) throw this.#badTime(filePos);
      return Math.round((days - SCID_EPOCH_OFFSET_DAYS) * 86_400_000_000);
    }
    return view.getUint32(at, true) + view.getInt32(at + 4, true) * 4294967296 - SCID_EPOCH_OFFSET_US;
  }

  #badTime(pos: number): ScidError {
    return new ScidError(
      'SCID_BAD_TIME',
      this.file,
      pos,
      'record DateTime is not a finite float64 day count',
    );
  }

  #shrunk(pos: number): ScidError {
    return shrunkError(this.file, pos);
  }

  #assertOpen(): void {
    if (this.#closed) throw new ScidError('SCID_BAD_INPUT', this.file, 0, 'reader is closed');
  }
}

function clampIndex(i: number, n: number): number {
  if (Number.isNaN(i)) return 0;
  return Math.min(Math.max(0, Math.trunc(i)), n);
}
