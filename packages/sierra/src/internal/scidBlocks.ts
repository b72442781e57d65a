import type { FileHandle } from 'node:fs/promises';
import { SCID_HEADER_SIZE, SCID_RECORD_SIZE } from '../scidFormat.js';
import { readAt, readAtSync, shrunkError } from './scidFileIo.js';

/**
 * Records per synchronous positional read for short reads: 4 Ki records, 160 KiB, small enough to
 * stay in L2 between the read's copy and the decode.
 */
const SYNC_RECORDS = 1 << 12;
/** Synchronous blocks between two yields to the event loop (256 Ki records, 10 MiB of file). */
const SYNC_BLOCKS_PER_YIELD = 64;
/**
 * Records per block of a pipelined read: 64 Ki records, 2.5 MiB. While one block decodes on this
 * thread, the next is read into the other buffer on libuv's thread pool, so the kernel's copy and
 * the decode overlap. Measured (5 M records, page-cached, 3 columns into `out`, one process per
 * setting, quiet 2-core VM): 101–109 M records/s with synchronous 4 Ki-record blocks; pipelined
 * 32 Ki 91 M, 64 Ki 122–124 M, 128 Ki 128–140 M, 256 Ki 97 M, 512 Ki 86 M (the two buffers then
 * outgrow the 4 MiB L2). 64 Ki is the size that held on every run.
 */
const PIPELINE_RECORDS = 1 << 16;
/** Reads shorter than this many records stay synchronous (a pipeline needs blocks to overlap). */
const PIPELINE_MIN_RECORDS = 4 * PIPELINE_RECORDS;

/** The open file a block read comes from. */
export interface ScidBlockSource {
  readonly fh: FileHandle;
  /** The path, for errors. */
  readonly file: string;
  /** Throws when the reader was closed (checked after every wait). */
  assertOpen(): void;
}

/** `decode(bytes, index, i)`: a block of whole records, its record index in the file and in the result. */
export type ScidBlockDecoder = (bytes: Uint8Array, index: number, i: number) => void;

// Buffers kept between reads, process-wide (a reader only borrows them): one synchronous block and
// one pipeline pair. A read that finds them borrowed (concurrent reads) allocates its own.
let syncSpare: Uint8Array | undefined;
let pipelineSpare: [Uint8Array, Uint8Array] | undefined;

/**
 * Feeds records `[s, e)` of `src` to `decode` block by block: short reads with synchronous
 * positional reads of 4 Ki records (yielding to the event loop every 256 Ki), long ones as a
 * pipeline of 64 Ki-record blocks (the next block read on the thread pool while this one decodes).
 * A file that ends early fails with `SCID_IO` (retryable: it shrank while being read); an error
 * from `decode` stops the read, after the block in flight has landed (a buffer is never reused
 * while the kernel may still write into it).
 * @internal
 */
export async function forEachScidBlock(
  src: ScidBlockSource,
  s: number,
  e: number,
  decode: ScidBlockDecoder,
): Promise<void> {
  if (e - s >= PIPELINE_MIN_RECORDS) return pipelined(src, s, e, decode);
  const n = e - s;
  const buf = syncSpare ?? new Uint8Array(SYNC_RECORDS * SCID_RECORD_SIZE);
  syncSpare = undefined;
  try {
    for (let i = 0, k = 1; i < n; i += SYNC_RECORDS, k++) {
      const len = Math.min(SYNC_RECORDS, n - i) * SCID_RECORD_SIZE;
      const pos = SCID_HEADER_SIZE + (s + i) * SCID_RECORD_SIZE;
      const got = readAtSync(src.fh, src.file, buf, len, pos);
      if (got < len) throw shrunkError(src.file, pos + got);
      decode(len === buf.length ? buf : buf.subarray(0, len), s + i, i);
      if (k % SYNC_BLOCKS_PER_YIELD === 0 && i + SYNC_RECORDS < n) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        src.assertOpen();
      }
    }
  } finally {
    syncSpare = buf;
  }
}

/** One block of a {@link pipelinedScidBlocks} read. */
export interface ScidBlock {
  /** Whole records (a view of one of the two read buffers: valid until the next block is asked for). */
  readonly bytes: Uint8Array;
  /** Record index in the file of `bytes`' first record. */
  readonly index: number;
  /** Index in the read (`index − s`). */
  readonly i: number;
}

/**
 * Records `[s, e)` of `src` in blocks of `blockRecords`, read as a pipeline: while the caller works
 * on one block the next is read into the other of two buffers on libuv's thread pool. A file that
 * ends early fails with a retryable `SCID_IO`, a closed reader with its own error. When the caller
 * stops early (or a read fails) the read still in flight lands before the generator returns, so
 * the buffers can be lent again. Behind long `read`/`readColumns` calls and `chunks()`.
 * @internal
 */
export async function* pipelinedScidBlocks(
  src: ScidBlockSource,
  s: number,
  e: number,
  blockRecords: number,
  pair: readonly [Uint8Array, Uint8Array] = [
    new Uint8Array(Math.min(blockRecords, Math.max(0, e - s)) * SCID_RECORD_SIZE),
    new Uint8Array(e - s > blockRecords ? blockRecords * SCID_RECORD_SIZE : 0),
  ],
): AsyncGenerator<ScidBlock, void, undefined> {
  const n = e - s;
  if (n <= 0) return;
  const start = (i: number, buf: Uint8Array): Promise<number> => {
    const len = Math.min(blockRecords, n - i) * SCID_RECORD_SIZE;
    const p = readAt(src.fh, src.file, buf, len, SCID_HEADER_SIZE + (s + i) * SCID_RECORD_SIZE);
    // Settled below (awaited, or drained in `finally`): never an unhandled rejection.
    p.catch(() => undefined);
    return p;
  };
  let pending: Promise<number> | undefined = start(0, pair[0]);
  try {
    for (let i = 0, k = 0; i < n; i += blockRecords, k ^= 1) {
      const len = Math.min(blockRecords, n - i) * SCID_RECORD_SIZE;
      let got: number;
      try {
        got = await (pending as Promise<number>);
      } catch (err) {
        // A read that failed because the reader was closed says so.
        src.assertOpen();
        throw err;
      } finally {
        pending = undefined;
      }
      src.assertOpen();
      if (got < len) throw shrunkError(src.file, SCID_HEADER_SIZE + (s + i) * SCID_RECORD_SIZE + got);
      const next = i + blockRecords;
      if (next < n) pending = start(next, pair[k ^ 1] as Uint8Array);
      const buf = pair[k] as Uint8Array;
      yield { bytes: len === buf.length ? buf : buf.subarray(0, len), index: s + i, i };
    }
  } finally {
    // Let a read still in flight land before the buffers can be lent again.
    if (pending !== undefined) await pending.catch(() => undefined);
  }
}

async function pipelined(
  src: ScidBlockSource,
  s: number,
  e: number,
  decode: ScidBlockDecoder,
): Promise<void> {
  const size = PIPELINE_RECORDS * SCID_RECORD_SIZE;
  const pair = pipelineSpare ?? [new Uint8Array(size), new Uint8Array(size)];
  pipelineSpare = undefined;
  try {
    for await (const b of pipelinedScidBlocks(src, s, e, PIPELINE_RECORDS, pair))
      decode(b.bytes, b.index, b.i);
  } finally {
    pipelineSpare = pair;
  }
}
