import { readFile } from 'node:fs/promises';
import { type Bar, MinhosError, type TimestampUs, US_PER_MINUTE, US_PER_MS } from '@minhos/core';
import { type DtcBarReplayOptions, type DtcReplaySource, dtcBarSource } from './dtcReplaySource.js';

/** Options of {@link parseDtcBarCsv} / {@link dtcCsvBarSource}. */
export interface DtcBarCsvOptions {
  /**
   * Keep only rows of this contract (the `contract_yyyymm` column, e.g. `"ES201312"`). Without it the
   * file must hold a single contract, since overlapping contracts cannot be replayed as one price.
   */
  readonly contract?: string;
  /** Name used in error messages (default `"csv"`). */
  readonly file?: string;
}

const HEADER = ['time_utc_bar_start', 'contract_yyyymm', 'open', 'high', 'low', 'close', 'volume'] as const;

function bad(
  file: string,
  line: number,
  message: string,
  details: Record<string, unknown> = {},
): MinhosError {
  return new MinhosError('DTC_REPLAY_CSV_INVALID', `${file}:${line}: ${message}`, {
    details: { file, line, ...details },
  });
}

/**
 * Parses bar CSV text with the columns `time_utc_bar_start,contract_yyyymm,open,high,low,close,volume`
 * (ISO-8601 UTC bar start, prices in quote units, volume in contracts), as in
 * `data/ohlcv/es_1min_trade_lean.csv`.
 *
 * @throws {@link @minhos/core!MinhosError} `DTC_REPLAY_CSV_INVALID` naming the line for a wrong header, a bad
 *   number or time, `high < low`, rows out of time order, or several contracts without `contract`.
 * @example
 * ```ts
 * import { parseDtcBarCsv } from '@minhos/sierra';
 * const bars = parseDtcBarCsv(
 *   'time_utc_bar_start,contract_yyyymm,open,high,low,close,volume\n' +
 *     '2013-10-06T22:00:00Z,ES201312,1676.75,1677.25,1673.5,1675.25,1884\n',
 * );
 * bars[0]?.close; // 1675.25
 * ```
 */
export function parseDtcBarCsv(text: string, options: DtcBarCsvOptions = {}): Bar[] {
  const file = options.file ?? 'csv';
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').trim().split(',');
  if (header.length !== HEADER.length || HEADER.some((h, i) => header[i] !== h)) {
    throw bad(file, 1, `header must be "${HEADER.join(',')}", got "${lines[0] ?? ''}"`);
  }
  const bars: Bar[] = [];
  let seenContract: string | undefined;
  let lastTime = Number.NEGATIVE_INFINITY;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const cols = line.split(',');
    if (cols.length !== HEADER.length) throw bad(file, i + 1, `expected 7 columns, got ${cols.length}`);
    const contract = cols[1] as string;
    if (options.contract !== undefined && contract !== options.contract) continue;
    if (options.contract === undefined) {
      if (seenContract === undefined) seenContract = contract;
      else if (contract !== seenContract) {
        throw bad(file, i + 1, `several contracts (${seenContract}, ${contract}); pass options.contract`);
      }
    }
    const ms = Date.parse(cols[0] as string);
    if (!Number.isFinite(ms)) throw bad(file, i + 1, `time "${cols[0]}" is not an ISO-8601 date-time`);
    const nums = cols.slice(2).map(Number);
    const [open, high, low, close, volume] = nums as [number, number, number, number, number];
    if (nums.some((v) => !Number.isFinite(v))) throw bad(file, i + 1, `non-numeric value in "${line}"`);
    if (high < low || high < Math.max(open, close) || low > Math.min(open, close)) {
      throw bad(file, i + 1, `inconsistent OHLC (o=${open} h=${high} l=${low} c=${close})`);
    }
    if (volume < 0) throw bad(file, i + 1, `negative volume ${volume}`);
    const time: TimestampUs = ms * US_PER_MS;
    if (time <= lastTime) throw bad(file, i + 1, `bar time ${cols[0]} is not after the previous bar`);
    lastTime = time;
    bars.push({ time, open, high, low, close, volume });
  }
  return bars;
}

/**
 * A {@link DtcReplaySource} over a bar CSV file (format of {@link parseDtcBarCsv}), read on first
 * use. Bars replay as the deterministic trade/quote sequence of {@link dtcBarToEvents}; historical
 * requests get the file's bars.
 *
 * @example
 * ```ts
 * import { dtcCsvBarSource } from '@minhos/sierra';
 * const es = await dtcCsvBarSource('data/ohlcv/es_1min_trade_lean.csv', { contract: 'ES201312' });
 * ```
 */
export async function dtcCsvBarSource(
  path: string | URL,
  options: DtcBarCsvOptions & DtcBarReplayOptions = {},
): Promise<DtcReplaySource> {
  const file = options.file ?? String(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new MinhosError('DTC_REPLAY_CSV_UNREADABLE', `cannot read bar CSV ${file}`, {
      cause,
      details: { file },
    });
  }
  const bars = parseDtcBarCsv(text, { ...options, file });
  return dtcBarSource(bars, {
    barIntervalUs: options.barIntervalUs ?? US_PER_MINUTE,
    ...(options.tickSize === undefined ? {} : { tickSize: options.tickSize }),
    ...(options.quoteSize === undefined ? {} : { quoteSize: options.quoteSize }),
    description: `${file}${options.contract === undefined ? '' : ` ${options.contract}`} (${bars.length} bars)`,
  });
}
