import { readFile } from 'node:fs/promises';
import { BarSeries, MinhosError, US_PER_MS } from '@minhos/core';

/**
 * Stable codes of {@link DlyError}: `DLY_IO` (unreadable file), `DLY_BAD_HEADER` (missing a
 * required column), `DLY_BAD_ROW` (wrong field count, bad date or number), `DLY_UNSORTED`
 * (dates going backwards).
 */
export type DlyErrorCode = 'DLY_IO' | 'DLY_BAD_HEADER' | 'DLY_BAD_ROW' | 'DLY_UNSORTED';

/**
 * The error of `.dly` parsing: a stable {@link DlyErrorCode}, the `file` and the 1-based `line`.
 *
 * @example
 * ```ts
 * import { DlyError, parseDly } from '@minhos/sierra';
 * try {
 *   parseDly('Date, Open\n2025/01/02, x', 'ES.dly');
 * } catch (e) {
 *   if (e instanceof DlyError) console.error(e.file, e.line, e.code);
 * }
 * ```
 */
export class DlyError extends MinhosError {
  declare readonly code: DlyErrorCode;
  /** The file (path or label). */
  readonly file: string;
  /** 1-based line number (0 when the whole file is concerned). */
  readonly line: number;

  constructor(code: DlyErrorCode, file: string, line: number, message: string, cause?: unknown) {
    super(code, `${file}:${line}: ${message}`, { cause, details: { file, line } });
    this.file = file;
    this.line = line;
  }
}

/** A parsed `.dly` file. */
export interface DlyData {
  /** Daily bars; `time` = UTC midnight of the date (a date label, µs), prices in points, volume in contracts. */
  readonly bars: BarSeries;
  /** Open interest per bar (0 when the file has no OpenInterest column or an empty field). */
  readonly openInterest: Float64Array;
  /** The dates as written, normalised to `YYYY-MM-DD`. */
  readonly dates: readonly string[];
}

const REQUIRED = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;
const DATE = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/;

/**
 * Parses Sierra Chart daily data text (`.dly`: `Date, Open, High, Low, Close, Volume,
 * OpenInterest` with dates `YYYY/MM/DD`). Tolerates Sierra's spaced headers, extra whitespace,
 * CRLF line ends, a BOM and blank lines; columns are located by header name (case-insensitive),
 * `OpenInterest` is optional.
 *
 * @param file Name used in error messages.
 * @throws {@link DlyError} naming the line of the first bad row.
 * @example
 * ```ts
 * import { parseDly } from '@minhos/sierra';
 * const { bars, openInterest } = parseDly(
 *   'Date, Open, High, Low, Close, Volume, OpenInterest\r\n2013/12/02, 1805.5, 1809, 1797, 1800, 1138161, 2750000\r\n',
 * );
 * bars.close[0]; // 1800
 * ```
 */
export function parseDly(text: string, file = '<memory>'): DlyData {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  let headerLine = -1;
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i] as string).trim() !== '') {
      headerLine = i;
      break;
    }
  }
  if (headerLine < 0)
    throw new DlyError(
      'DLY_BAD_HEADER',
      file,
      0,
      'file is empty; expected a "Date, Open, High, Low, Close, Volume, OpenInterest" header',
    );
  const names = (lines[headerLine] as string)
    .split(',')
    .map((h) => h.trim().toLowerCase().replace(/\s+/g, ''));
  const col: Record<string, number> = {};
  names.forEach((h, i) => {
    if (!(h in col)) col[h] = i;
  });
  for (const r of REQUIRED) {
    if (col[r] === undefined) {
      throw new DlyError(
        'DLY_BAD_HEADER',
        file,
        headerLine + 1,
        `header has no "${r}" column (found ${names.join(', ')}); expected Date, Open, High, Low, Close, Volume[, OpenInterest]`,
      );
    }
  }
  const oiCol = col.openinterest ?? col.oi;
  const time: number[] = [];
  const open: number[] = [];
  const high: number[] = [];
  const low: number[] = [];
  const close: number[] = [];
  const volume: number[] = [];
  const oi: number[] = [];
  const dates: string[] = [];
  for (let i = headerLine + 1; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const f = line.split(',').map((x) => x.trim());
    const lineNo = i + 1;
    if (
      f.length < names.length &&
      !(oiCol !== undefined && f.length === names.length - 1 && oiCol === names.length - 1)
    ) {
      throw new DlyError(
        'DLY_BAD_ROW',
        file,
        lineNo,
        `row has ${f.length} fields, expected ${names.length}: ${JSON.stringify(line)}`,
      );
    }
    const m = DATE.exec(f[col.date as number] ?? '');
    const y = m ? Number(m[1]) : Number.NaN;
    const mo = m ? Number(m[2]) : Number.NaN;
    const d = m ? Number(m[3]) : Number.NaN;
    const ms = Date.UTC(y, mo - 1, d);
    const check = new Date(ms);
    if (!m || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
      throw new DlyError(
        'DLY_BAD_ROW',
        file,
        lineNo,
        `bad date ${JSON.stringify(f[col.date as number])}, expected YYYY/MM/DD`,
      );
    }
    const num = (name: string, idx: number | undefined, optional: boolean): number => {
      const raw = idx === undefined ? '' : (f[idx] ?? '');
      if (raw === '' && optional) return 0;
      const v = Number(raw);
      if (raw === '' || !Number.isFinite(v)) {
        throw new DlyError(
          'DLY_BAD_ROW',
          file,
          lineNo,
          `bad ${name} ${JSON.stringify(raw)}, expected a finite number`,
        );
      }
      return v;
    };
    const t = ms * US_PER_MS;
    if (time.length > 0 && t < (time[time.length - 1] as number)) {
      throw new DlyError(
        'DLY_UNSORTED',
        file,
        lineNo,
        `date ${f[col.date as number]} is before the previous row's; .dly rows must be in date order`,
      );
    }
    time.push(t);
    open.push(num('Open', col.open, false));
    high.push(num('High', col.high, false));
    low.push(num('Low', col.low, false));
    close.push(num('Close', col.close, false));
    volume.push(num('Volume', col.volume, false));
    oi.push(num('OpenInterest', oiCol, true));
    dates.push(`${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  }
  return {
    bars: new BarSeries({
      time: Float64Array.from(time),
      open: Float64Array.from(open),
      high: Float64Array.from(high),
      low: Float64Array.from(low),
      close: Float64Array.from(close),
      volume: Float64Array.from(volume),
    }),
    openInterest: Float64Array.from(oi),
    dates,
  };
}

/**
 * Reads and parses a Sierra Chart `.dly` file (see {@link parseDly}).
 *
 * @throws {@link DlyError} `DLY_IO` when unreadable, else as {@link parseDly}.
 * @example
 * ```ts
 * import { readDly } from '@minhos/sierra';
 * const { bars, openInterest, dates } = await readDly('C:/SierraChart/Data/ESZ25-CME.dly');
 * ```
 */
export async function readDly(path: string): Promise<DlyData> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new DlyError(
      'DLY_IO',
      path,
      0,
      `read failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      cause,
    );
  }
  return parseDly(text, path);
}
