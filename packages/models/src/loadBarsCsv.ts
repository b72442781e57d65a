import { readFile } from 'node:fs/promises';
import { MinhosError } from '@minhos/core';
import { type BarsCsv, type BarsCsvOptions, parseBarsCsv } from './parseBarsCsv.js';

/**
 * Reads a bar CSV file with {@link parseBarsCsv} (layout recognised from the header, wall-clock
 * times converted from `timeZone`). A missing or unreadable file is a `BARS_CSV_INVALID` error
 * naming the path.
 *
 * @example
 * ```ts
 * import { loadBarsCsv } from '@minhos/models';
 * // const { bars } = await loadBarsCsv('data/ohlcv/es_1min_trade_lean.csv', { contract: 'ES201312' });
 * // const sierra = await loadBarsCsv('ESZ25-BarData.txt', { timeZone: 'America/New_York' });
 * ```
 */
export async function loadBarsCsv(path: string, options: BarsCsvOptions = {}): Promise<BarsCsv> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new MinhosError('BARS_CSV_INVALID', `${path}: cannot read the file`, { cause, details: { path } });
  }
  return parseBarsCsv(text, { source: path, ...options });
}
