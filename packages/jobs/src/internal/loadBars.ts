import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Bar, BarSeries } from '@minhos/core';
import { parseBarsCsv } from '@minhos/models';
import { JobError } from '../JobError.js';
import type { DataRef } from '../JobPayload.js';

// A worker runs many jobs over the same file: parse it once per (hash, contract, zone). The hash is
// checked on the bytes that are parsed, so a file changed between check and read cannot slip in.
const cache = new Map<string, Promise<BarSeries>>();

async function parse(ref: DataRef): Promise<BarSeries> {
  let bytes: Buffer;
  try {
    bytes = await readFile(ref.path);
  } catch (cause) {
    throw new JobError(
      'JOB_DATA_UNAVAILABLE',
      `data ${ref.path} cannot be read on this worker: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== ref.sha256) {
    throw new JobError(
      'JOB_DATA_MISMATCH',
      `data ${ref.path}: sha256 on this worker is ${actual}, the job expects ${ref.sha256} (a different file at that path)`,
    );
  }
  try {
    return parseBarsCsv(bytes.toString('utf8'), {
      source: ref.path,
      ...(ref.contract !== undefined ? { contract: ref.contract } : {}),
      ...(ref.timeZone !== undefined ? { timeZone: ref.timeZone } : {}),
    }).bars;
  } catch (cause) {
    throw new JobError('JOB_BAD_INPUT', `data ${ref.path}: ${(cause as Error).message}`, { cause });
  }
}

/** The whole series a {@link DataRef} names (hash verified), sliced to `ref.bars`. */
export async function loadSeries(ref: DataRef): Promise<BarSeries> {
  const key = `${ref.sha256}|${ref.contract ?? ''}|${ref.timeZone ?? ''}|${ref.path}`;
  let series = cache.get(key);
  if (series === undefined) {
    series = parse(ref);
    cache.set(key, series);
    series.catch(() => cache.delete(key));
  }
  const all = await series;
  if (ref.bars === undefined) return all;
  const { from, to } = ref.bars;
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to > from && to <= all.length)) {
    throw new JobError(
      'JOB_BAD_INPUT',
      `data ${ref.path}: bars [${from}, ${to}) is not a range inside the ${all.length} bars of the file`,
    );
  }
  return all.slice(from, to);
}

/** The bars a {@link DataRef} names, hash verified, sliced to `ref.bars`. */
export async function loadBars(ref: DataRef): Promise<Bar[]> {
  return (await loadSeries(ref)).toBars();
}
