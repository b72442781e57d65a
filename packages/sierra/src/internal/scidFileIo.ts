import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { ScidError } from '../ScidError.js';

const TRANSIENT = new Set(['EAGAIN', 'EBUSY', 'EINTR', 'EMFILE', 'ENFILE', 'ETIMEDOUT', 'EPERM', 'EACCES']);

/** Wraps a Node fs error into `SCID_IO`; sharing violations and locks are retryable. */
export function ioError(file: string, offset: number, what: string, cause: unknown): ScidError {
  const code = (cause as { code?: unknown } | undefined)?.code;
  const text = cause instanceof Error ? cause.message : String(cause);
  return new ScidError('SCID_IO', file, offset, `${what} failed: ${text}`, {
    cause,
    retryable: typeof code === 'string' && TRANSIENT.has(code),
    details: { errno: code },
  });
}

/**
 * Reads `length` bytes at `position` into `target` (from index 0), looping over short reads.
 * Returns how many bytes were read (less than `length` only at end of file).
 */
export async function readAt(
  fh: FileHandle,
  file: string,
  target: Uint8Array,
  length: number,
  position: number,
): Promise<number> {
  let done = 0;
  while (done < length) {
    let n: number;
    try {
      ({ bytesRead: n } = await fh.read(target, done, length - done, position + done));
    } catch (cause) {
      throw ioError(file, position + done, 'read', cause);
    }
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * {@link readAt} without the thread-pool round trip: `readSync` on the handle's descriptor. For
 * page-cached files read in small blocks this is a plain memcpy per block; the caller yields to
 * the event loop between groups of blocks.
 */
export function readAtSync(
  fh: FileHandle,
  file: string,
  target: Uint8Array,
  length: number,
  position: number,
): number {
  let done = 0;
  while (done < length) {
    let n: number;
    try {
      n = readSync(fh.fd, target, done, length - done, position + done);
    } catch (cause) {
      throw ioError(file, position + done, 'read', cause);
    }
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** The file ended before a record this read expected (it was truncated while being read). */
export function shrunkError(file: string, pos: number): ScidError {
  return new ScidError(
    'SCID_IO',
    file,
    pos,
    'file ended before the expected record end (was it truncated while reading? call refresh())',
    { retryable: true },
  );
}
