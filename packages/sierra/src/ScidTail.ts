import { type FSWatcher, watch } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { isMinhosError } from '@minhos/core';
import { decodeScidRecords } from './decodeScidRecords.js';
import { ioError, readAt } from './internal/scidFileIo.js';
import { TailQueue } from './internal/tailQueue.js';
import { ScidError } from './ScidError.js';
import type { ScidRecords } from './ScidRecords.js';
import {
  detectTimeFormat,
  parseScidHeader,
  SCID_HEADER_SIZE,
  SCID_RECORD_SIZE,
  type ScidTimeFormat,
} from './scidFormat.js';

/**
 * What {@link ScidTail} emits:
 * - `records`: whole records that landed in the file, `startIndex` = file index of the first one;
 * - `reset`: the file was `truncated` (shrank below what we had read), `replaced` (a new file at
 *   the path) or `rewritten` (the last record we emitted changed). Discard what you derived from
 *   earlier records; the tail re-reads the file from its first record and emits it again.
 */
export type ScidTailEvent =
  | { readonly type: 'records'; readonly startIndex: number; readonly records: ScidRecords }
  | {
      readonly type: 'reset';
      readonly reason: 'truncated' | 'replaced' | 'rewritten';
      readonly fileSize: number;
    };

/** Options of {@link followScid}. */
export interface FollowScidOptions {
  /** Stops following (the iteration then ends normally). */
  readonly signal?: AbortSignal;
  /**
   * Polling interval in ms (default 250). Polling always runs, as the fallback for file systems
   * where `fs.watch` is missing or unreliable (network shares, some Windows setups) and to notice
   * replaced files.
   */
  readonly pollIntervalMs?: number;
  /** Also react to `fs.watch` change events for low latency (default true). */
  readonly watch?: boolean;
  /**
   * Where to start: `'beginning'` (default: every record in the file, then new ones), `'end'`
   * (only records appended after the first check; a file that does not exist yet is read from its
   * first record when it appears) or a record index.
   */
  readonly startAt?: 'beginning' | 'end' | number;
  /** Largest number of records per `records` event (default 65 536). */
  readonly maxChunkRecords?: number;
  /** Events buffered before the tail stops reading and waits for the consumer (default 8). */
  readonly highWaterMark?: number;
}

/**
 * Follows a `.scid` file that Sierra Chart is appending to and emits new records as they land.
 *
 * - A partially written last record is held until all 40 bytes are there: never emitted half.
 * - Truncation, replacement (new inode at the path) and rewrites are detected and announced with a
 *   `reset` event before re-syncing from the first record.
 * - A missing file is waited for (Sierra creates it on the first trade).
 * - Stops cleanly on `signal` abort or {@link ScidTail.stop}: the iteration ends, the file handle
 *   and watcher are closed. A corrupt header ends the iteration with a {@link ScidError}.
 *
 * Single consumer: iterate it once.
 *
 * @example
 * ```ts
 * import { followScid } from '@minhos/sierra';
 * const ac = new AbortController();
 * for await (const ev of followScid('C:/SierraChart/Data/ESZ25-CME.scid', { signal: ac.signal, startAt: 'end' })) {
 *   if (ev.type === 'records') console.log(ev.startIndex, ev.records.close.at(-1));
 *   else console.warn('file reset:', ev.reason);
 * }
 * ```
 */
export class ScidTail implements AsyncIterable<ScidTailEvent> {
  /** The followed path. */
  readonly file: string;
  readonly #opts: Required<Omit<FollowScidOptions, 'signal' | 'startAt'>> & Pick<FollowScidOptions, 'signal'>;
  readonly #queue = new TailQueue<ScidTailEvent>();
  #startAt: 'beginning' | 'end' | number;
  #fh: FileHandle | undefined;
  #ino: number | undefined;
  #seenFile = false;
  #headerOk = false;
  #timeFormat: ScidTimeFormat | undefined;
  #offset = SCID_HEADER_SIZE;
  #last: Uint8Array | undefined;
  #timer: NodeJS.Timeout | undefined;
  #watcher: FSWatcher | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #transientFailures = 0;
  #stopped = false;
  #onAbort = (): void => {
    void this.stop();
  };

  constructor(file: string, options: FollowScidOptions = {}) {
    this.file = file;
    const pollIntervalMs = options.pollIntervalMs ?? 250;
    const maxChunkRecords = options.maxChunkRecords ?? 1 << 16;
    const highWaterMark = options.highWaterMark ?? 8;
    for (const [name, v] of [
      ['pollIntervalMs', pollIntervalMs],
      ['maxChunkRecords', maxChunkRecords],
      ['highWaterMark', highWaterMark],
    ] as const) {
      if (!(Number.isFinite(v) && v > 0)) {
        throw new ScidError(
          'SCID_BAD_INPUT',
          file,
          0,
          `followScid option ${name} must be a positive number, got ${v}`,
        );
      }
    }
    this.#opts = {
      pollIntervalMs,
      maxChunkRecords: Math.floor(maxChunkRecords),
      highWaterMark,
      watch: options.watch ?? true,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    this.#startAt = options.startAt ?? 'beginning';
    if (options.signal?.aborted) {
      this.#stopped = true;
      this.#queue.end();
      return;
    }
    options.signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#timer = setInterval(() => void this.check(), pollIntervalMs);
    void this.check();
  }

  /** File index of the next record to be emitted. */
  get position(): number {
    return (this.#offset - SCID_HEADER_SIZE) / SCID_RECORD_SIZE;
  }

  /** Events emitted but not yet consumed. */
  get bufferedEvents(): number {
    return this.#queue.size;
  }

  /**
   * Looks at the file now (instead of waiting for the next poll or watch event) and emits what
   * is new. Concurrent calls coalesce into one extra pass.
   */
  check(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await this.#pass();
          this.#transientFailures = 0;
        } while (this.#again && !this.#stopped);
      } catch (e) {
        // A locked or briefly unavailable file (Sierra writing, antivirus scans) is retried on the
        // next poll; only a persistent or non-retryable failure ends the iteration.
        if (isMinhosError(e) && e.retryable && ++this.#transientFailures < MAX_TRANSIENT_FAILURES) return;
        this.#queue.fail(e);
        await this.#shutdown();
        await this.#closeFile();
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  /** Stops following: ends the iteration, closes the watcher and file handle. Idempotent. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#queue.end();
    const running = this.#running;
    await this.#shutdown();
    await running;
    await this.#closeFile();
  }

  [Symbol.asyncIterator](): AsyncIterator<ScidTailEvent> {
    return {
      next: () => this.#queue.next(),
      return: async () => {
        await this.stop();
        return { value: undefined, done: true };
      },
    };
  }

  async #shutdown(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#watcher?.close();
    this.#watcher = undefined;
    this.#opts.signal?.removeEventListener('abort', this.#onAbort);
    if (!this.#running) await this.#closeFile();
  }

  async #closeFile(): Promise<void> {
    const fh = this.#fh;
    this.#fh = undefined;
    await fh?.close().catch(() => undefined);
  }

  async #pass(): Promise<void> {
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(this.file);
    } catch (e) {
      if ((e as { code?: unknown }).code === 'ENOENT') {
        // Deleted (maybe about to be replaced): forget it; the new file will be announced as 'replaced'.
        // A file that appears after we started holds only new records: emit all of them.
        await this.#closeFile();
        this.#ino = undefined;
        this.#startAt = 'beginning';
        return;
      }
      throw ioError(this.file, 0, 'stat', e);
    }
    if (this.#fh === undefined || st.ino !== this.#ino) {
      const replaced = this.#seenFile;
      await this.#closeFile();
      try {
        this.#fh = await open(this.file, 'r');
      } catch (e) {
        if ((e as { code?: unknown }).code === 'ENOENT') return;
        throw ioError(this.file, 0, 'open', e);
      }
      this.#ino = st.ino;
      this.#seenFile = true;
      this.#headerOk = false;
      this.#timeFormat = undefined;
      this.#offset = SCID_HEADER_SIZE;
      this.#last = undefined;
      this.#startWatching();
      if (replaced) {
        this.#startAt = 'beginning';
        this.#queue.push({ type: 'reset', reason: 'replaced', fileSize: st.size });
      }
    }
    const fh = this.#fh;
    let size: number;
    try {
      size = (await fh.stat()).size;
    } catch (e) {
      throw ioError(this.file, 0, 'stat', e);
    }
    if (this.#headerOk && size < this.#offset) {
      this.#queue.push({ type: 'reset', reason: 'truncated', fileSize: size });
      this.#resync();
    }
    if (!this.#headerOk) {
      if (size < SCID_HEADER_SIZE) return;
      const head = new Uint8Array(SCID_HEADER_SIZE);
      await readAt(fh, this.file, head, SCID_HEADER_SIZE, 0);
      parseScidHeader(head, this.file);
      this.#headerOk = true;
      this.#offset = SCID_HEADER_SIZE;
      const startAt = this.#startAt;
      this.#startAt = 'beginning';
      const whole = Math.floor((size - SCID_HEADER_SIZE) / SCID_RECORD_SIZE);
      if (startAt === 'end') this.#offset = SCID_HEADER_SIZE + whole * SCID_RECORD_SIZE;
      else if (typeof startAt === 'number') {
        this.#offset =
          SCID_HEADER_SIZE + Math.min(Math.max(0, Math.floor(startAt)), whole) * SCID_RECORD_SIZE;
      }
      if (this.#offset > SCID_HEADER_SIZE) {
        this.#last = new Uint8Array(SCID_RECORD_SIZE);
        await readAt(fh, this.file, this.#last, SCID_RECORD_SIZE, this.#offset - SCID_RECORD_SIZE);
      }
    }
    if (this.#last !== undefined && size >= this.#offset) {
      const now = new Uint8Array(SCID_RECORD_SIZE);
      const got = await readAt(fh, this.file, now, SCID_RECORD_SIZE, this.#offset - SCID_RECORD_SIZE);
      if (got < SCID_RECORD_SIZE || !sameBytes(now, this.#last)) {
        this.#queue.push({ type: 'reset', reason: 'rewritten', fileSize: size });
        this.#resync();
      }
    }
    await this.#emitWhole(fh, size);
  }

  #resync(): void {
    this.#headerOk = false;
    this.#timeFormat = undefined;
    this.#offset = SCID_HEADER_SIZE;
    this.#last = undefined;
    this.#startAt = 'beginning';
  }

  async #emitWhole(fh: FileHandle, size: number): Promise<void> {
    if (!this.#headerOk) return;
    while (!this.#stopped) {
      const whole = Math.floor((size - this.#offset) / SCID_RECORD_SIZE);
      if (whole <= 0) return;
      const n = Math.min(whole, this.#opts.maxChunkRecords);
      const len = n * SCID_RECORD_SIZE;
      const buf = new Uint8Array(len);
      const got = await readAt(fh, this.file, buf, len, this.#offset);
      const complete = Math.floor(got / SCID_RECORD_SIZE);
      // The file shrank between stat and read: the next pass reports the truncation.
      if (complete === 0) return;
      const bytes = buf.subarray(0, complete * SCID_RECORD_SIZE);
      if (this.#timeFormat === undefined) {
        const detected = detectTimeFormat(new DataView(bytes.buffer, bytes.byteOffset), 0);
        if (detected === undefined) {
          throw new ScidError(
            'SCID_BAD_TIME',
            this.file,
            this.#offset,
            'record DateTime is neither int64 µs nor float64 days since 1899-12-30 within 1950..2200',
          );
        }
        this.#timeFormat = detected;
      }
      const records = decodeScidRecords(bytes, {
        timeFormat: this.#timeFormat,
        file: this.file,
        fileOffset: this.#offset,
      });
      const startIndex = this.position;
      this.#offset += bytes.length;
      this.#last = bytes.slice(bytes.length - SCID_RECORD_SIZE);
      this.#queue.push({ type: 'records', startIndex, records });
      await this.#queue.whenBelow(this.#opts.highWaterMark);
    }
  }

  #startWatching(): void {
    if (!this.#opts.watch || this.#stopped) return;
    this.#watcher?.close();
    this.#watcher = undefined;
    try {
      const w = watch(this.file, { persistent: false }, () => void this.check());
      w.on('error', () => {
        w.close();
        if (this.#watcher === w) this.#watcher = undefined;
      });
      this.#watcher = w;
    } catch {
      // fs.watch is unsupported here (or the file vanished): polling alone keeps following.
    }
  }
}

// Consecutive retryable I/O failures tolerated before the tail gives up (≈5 s at the default poll).
const MAX_TRANSIENT_FAILURES = 20;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Starts following a `.scid` file (see {@link ScidTail}); iterate the result with `for await`.
 *
 * @example
 * ```ts
 * import { followScid } from '@minhos/sierra';
 * const tail = followScid('ESZ25-CME.scid', { startAt: 'end', pollIntervalMs: 100 });
 * setTimeout(() => void tail.stop(), 60_000);
 * for await (const ev of tail) if (ev.type === 'records') console.log(ev.records.time.length);
 * ```
 */
export function followScid(path: string, options: FollowScidOptions = {}): ScidTail {
  return new ScidTail(path, options);
}
