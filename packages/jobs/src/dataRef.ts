import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { JobError } from './JobError.js';
import type { DataRef } from './JobPayload.js';

/**
 * Makes a {@link DataRef} for a bars file: its absolute path and the sha256 of its bytes, read now.
 * A worker that later reads different bytes at that path refuses the job (`JOB_DATA_MISMATCH`).
 *
 * @example
 * ```ts
 * import { dataRef } from '@minhos/jobs';
 * const ref = await dataRef('data/ohlcv/es_1min_trade_lean.csv', { contract: 'ES201312' });
 * ref.sha256.length; // 64
 * ```
 */
export async function dataRef(
  path: string,
  options: {
    readonly contract?: string;
    readonly timeZone?: string;
    readonly bars?: { from: number; to: number };
  } = {},
): Promise<DataRef> {
  const absolute = resolve(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (cause) {
    throw new JobError(
      'JOB_DATA_UNAVAILABLE',
      `data file ${absolute} cannot be read: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  return {
    path: absolute,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    ...(options.contract !== undefined ? { contract: options.contract } : {}),
    ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}),
    ...(options.bars !== undefined ? { bars: { from: options.bars.from, to: options.bars.to } } : {}),
  };
}
