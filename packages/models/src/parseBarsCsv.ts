import {
  assertTimeZone,
  BarSeries,
  MinhosError,
  US_PER_SECOND,
  wallClock,
  zonedTimeToUs,
} from '@minhos/core';

/** CSV layouts {@link parseBarsCsv} recognises. */
export type BarsCsvLayout = 'lean-futures' | 'lean-daily' | 'sierra' | 'vendor-eastern' | 'generic';

/** Which CSV column holds each field (header names, matched case-insensitively after trimming). */
export interface BarsCsvColumns {
  /** Timestamp, or the date when `time` is a separate column. */
  readonly datetime?: string;
  /** Time of day, when the date and the time are separate columns. */
  readonly time?: string;
  readonly open?: string;
  readonly high?: string;
  readonly low?: string;
  readonly close?: string;
  readonly volume?: string;
  /** Contract column (rows are filtered by `contract`). */
  readonly contract?: string;
}

/** Options of {@link parseBarsCsv} and {@link loadBarsCsv}. */
export interface BarsCsvOptions {
  /** Force a layout instead of recognising it from the header / first line. */
  readonly layout?: BarsCsvLayout;
  /** Column mapping for a header the loader does not know (implies `layout: 'generic'`). */
  readonly columns?: BarsCsvColumns;
  /**
   * IANA zone of timestamps written without an offset (wall-clock times). Required for Sierra
   * exports (they carry the chart's time zone) and generic files with local times; the vendor
   * layout defaults to `America/New_York`. Timestamps with `Z` or `±hh:mm` ignore it.
   */
  readonly timeZone?: string;
  /** Keep only rows of this contract (Lean futures, e.g. `ES201312`). */
  readonly contract?: string;
  /** Where the text came from, for error messages. Default `'CSV'`. */
  readonly source?: string;
}

/** Result of {@link parseBarsCsv}. */
export interface BarsCsv {
  readonly bars: BarSeries;
  readonly layout: BarsCsvLayout;
  /** Zone the wall-clock times were read in (`'UTC'` for UTC layouts). */
  readonly timeZone: string;
  /** Contracts present in the file (Lean futures), in first-seen order. */
  readonly contracts: readonly string[];
  /** Data rows read (before the contract filter). */
  readonly rows: number;
}

interface Plan {
  layout: BarsCsvLayout;
  header: boolean;
  dt: number;
  time: number;
  ohlcv: [number, number, number, number, number];
  contract: number;
  zone: string | undefined;
}

const VENDOR_RE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const NAIVE_RE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?$/;
const ZONED_RE = /(Z|[+-]\d{2}:?\d{2})$/;

function fail(source: string, message: string, details: Record<string, unknown> = {}): never {
  throw new MinhosError('BARS_CSV_INVALID', `${source}: ${message}`, { details: { source, ...details } });
}

function splitLine(line: string, delim: string): string[] {
  return line.split(delim).map((f) => f.trim());
}

function find(names: readonly string[], ...candidates: string[]): number {
  for (const c of candidates) {
    const i = names.indexOf(c);
    if (i >= 0) return i;
  }
  return -1;
}

function plan(first: string[], options: BarsCsvOptions, source: string): Plan {
  const names = first.map((f) => f.toLowerCase());
  const zone = options.timeZone;
  if (options.columns) {
    const c = options.columns;
    const col = (field: keyof BarsCsvColumns, required: boolean): number => {
      const want = c[field];
      if (want === undefined) return -1;
      const i = names.indexOf(want.trim().toLowerCase());
      if (i < 0 && required)
        fail(source, `column mapping: ${field} → "${want}" is not in the header (${first.join(', ')})`);
      return i;
    };
    for (const f of ['datetime', 'open', 'high', 'low', 'close'] as const) {
      if (c[f] === undefined)
        fail(source, `column mapping must name ${f} (and may name time, volume, contract)`);
    }
    return {
      layout: 'generic',
      header: true,
      dt: col('datetime', true),
      time: col('time', true),
      ohlcv: [
        col('open', true),
        col('high', true),
        col('low', true),
        col('close', true),
        col('volume', true),
      ],
      contract: col('contract', true),
      zone,
    };
  }
  const forced = options.layout;
  if (
    forced === 'lean-futures' ||
    (!forced && names[0] === 'time_utc_bar_start' && names[1] === 'contract_yyyymm')
  ) {
    return {
      layout: 'lean-futures',
      header: true,
      dt: 0,
      time: -1,
      ohlcv: [2, 3, 4, 5, 6],
      contract: 1,
      zone: 'UTC',
    };
  }
  if (forced === 'lean-daily' || (!forced && names.join(',') === 'date,open,high,low,close,volume')) {
    return {
      layout: 'lean-daily',
      header: true,
      dt: 0,
      time: -1,
      ohlcv: [1, 2, 3, 4, 5],
      contract: -1,
      zone: 'UTC',
    };
  }
  const sierra = find(names, 'last') >= 0 && names[0] === 'date' && names[1] === 'time';
  if (forced === 'sierra' || (!forced && sierra)) {
    if (zone === undefined) {
      fail(
        source,
        "a Sierra Chart bar export carries the chart's time zone, not UTC: pass timeZone (e.g. 'America/New_York', Global Settings >> Time Zone)",
      );
    }
    const volume = find(names, 'volume', 'vol');
    return {
      layout: 'sierra',
      header: true,
      dt: 0,
      time: 1,
      ohlcv: [find(names, 'open'), find(names, 'high'), find(names, 'low'), find(names, 'last'), volume],
      contract: -1,
      zone,
    };
  }
  if (forced === 'vendor-eastern' || (!forced && VENDOR_RE.test(first[0] ?? '') && first.length >= 5)) {
    return {
      layout: 'vendor-eastern',
      header: false,
      dt: 0,
      time: -1,
      ohlcv: [1, 2, 3, 4, first.length >= 6 ? 5 : -1],
      contract: -1,
      zone: zone ?? 'America/New_York',
    };
  }
  const dt = find(names, 'datetime', 'timestamp', 'date_time', 'date', 'time');
  const time = names[dt] === 'date' ? find(names, 'time') : -1;
  const o = find(names, 'open', 'o');
  const h = find(names, 'high', 'h');
  const l = find(names, 'low', 'l');
  const c = find(names, 'close', 'last', 'c', 'price');
  if (forced === 'generic' || (!forced && dt >= 0 && o >= 0 && h >= 0 && l >= 0 && c >= 0)) {
    if (dt < 0 || o < 0 || h < 0 || l < 0 || c < 0) {
      fail(
        source,
        `generic layout needs time, open, high, low and close columns; header is ${first.join(', ')}`,
      );
    }
    return {
      layout: 'generic',
      header: true,
      dt,
      time,
      ohlcv: [o, h, l, c, find(names, 'volume', 'vol', 'v')],
      contract: find(names, 'contract', 'symbol'),
      zone,
    };
  }
  return fail(
    source,
    `unknown bar layout (first line: "${first.join(',')}"). Recognised: Lean futures (time_utc_bar_start,contract_yyyymm,open,high,low,close,volume), Lean daily (date,open,high,low,close,volume), Sierra Chart bar export (Date, Time, Open, High, Low, Last, Volume, …), vendor "YYYY-MM-DD HH:MM:SS,open,high,low,close,volume" without header (US/Eastern), or a header with time/datetime/timestamp/date and open/high/low/close columns; otherwise pass columns: { datetime, open, high, low, close, volume }`,
    { firstLine: first.join(',') },
  );
}

/** Parses one timestamp to µs since the epoch; `zone` applies to wall-clock times. */
function parseTime(
  text: string,
  timeText: string | undefined,
  zone: string | undefined,
  where: () => string,
): number {
  const raw = timeText !== undefined && timeText !== '' ? `${text} ${timeText}` : text;
  if (/^\d+(\.\d+)?$/.test(raw)) {
    const v = Number(raw);
    // Epoch numbers: seconds, milliseconds or microseconds by magnitude.
    return v < 1e11 ? v * US_PER_SECOND : v < 1e14 ? v * 1000 : v;
  }
  if (ZONED_RE.test(raw) && /\d[T ]\d/.test(raw)) {
    const ms = Date.parse(raw.replace(' ', 'T'));
    if (!Number.isFinite(ms)) fail(where(), `cannot read the timestamp "${raw}"`);
    return ms * 1000;
  }
  const m = NAIVE_RE.exec(raw);
  if (!m)
    fail(
      where(),
      `cannot read the timestamp "${raw}" (expected YYYY-MM-DD[ HH:MM[:SS]], an ISO time with Z/offset, or epoch seconds/ms/µs)`,
    );
  const [, y, mo, d, hh, mm, ss, frac] = m;
  const epochDay = Date.UTC(Number(y), Number(mo) - 1, Number(d)) / 86_400_000;
  if (hh === undefined) return epochDay * 86_400_000_000; // a date alone labels a day (UTC midnight)
  if (zone === undefined) {
    fail(where(), `the timestamp "${raw}" has no time zone: pass timeZone (e.g. 'America/New_York')`);
  }
  const minute = Number(hh) * 60 + Number(mm);
  const seconds = Number(ss ?? 0) + Number(frac ?? 0);
  return zonedTimeToUs(zone, epochDay, minute) + Math.round(seconds * US_PER_SECOND);
}

/**
 * Reads OHLCV bars from CSV text into a `BarSeries`, recognising the layout from its header (or
 * first line): Lean futures (UTC, one or more contracts: pick one with `contract`), Lean daily,
 * Sierra Chart's bar export (`Date, Time, Open, High, Low, Last, Volume, …` in the chart's time
 * zone: `timeZone` required), the common vendor layout `YYYY-MM-DD HH:MM:SS,open,high,low,close,volume`
 * without header in US/Eastern, and a generic header (time/datetime/timestamp or date + time, and
 * open/high/low/close[/volume]); `columns` maps any other header. Wall-clock times are converted
 * with `@minhos/core`'s time-zone arithmetic; in the repeated hour of a DST fall-back the later
 * instant is taken when the earlier one would not move time forward. Delimiters `,` `;` or tab.
 * Every problem is a `BARS_CSV_INVALID` error naming the line and what was expected.
 *
 * @example
 * ```ts
 * import { parseBarsCsv } from '@minhos/models';
 * const { bars, layout } = parseBarsCsv('2013-11-04 09:30:00,1760.5,1761,1760.25,1760.75,1200\n');
 * layout; // 'vendor-eastern'
 * new Date(bars.time[0]! / 1000).toISOString(); // '2013-11-04T14:30:00.000Z'
 * ```
 */
export function parseBarsCsv(text: string, options: BarsCsvOptions = {}): BarsCsv {
  const source = options.source ?? 'CSV';
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const firstIdx = lines.findIndex((l) => l.trim() !== '');
  if (firstIdx < 0) fail(source, 'the file is empty');
  const firstLine = lines[firstIdx]!;
  const delim = firstLine.includes('\t')
    ? '\t'
    : firstLine.includes(';') && !firstLine.includes(',')
      ? ';'
      : ',';
  const p = plan(splitLine(firstLine, delim), options, source);
  if (p.zone !== undefined && p.zone !== 'UTC') assertTimeZone(p.zone);
  const time: number[] = [];
  const cols: [number[], number[], number[], number[], number[]] = [[], [], [], [], []];
  const contracts: string[] = [];
  let rows = 0;
  let prev = Number.NEGATIVE_INFINITY;
  for (let li = p.header ? firstIdx + 1 : firstIdx; li < lines.length; li++) {
    const line = lines[li]!;
    if (line.trim() === '') continue;
    const f = splitLine(line, delim);
    rows++;
    const where = () => `${source} line ${li + 1}`;
    if (p.contract >= 0) {
      const c = f[p.contract] ?? '';
      if (!contracts.includes(c)) contracts.push(c);
      if (options.contract !== undefined && c !== options.contract) continue;
    }
    let t = parseTime(
      f[p.dt] ?? '',
      p.time >= 0 ? f[p.time] : undefined,
      p.zone === 'UTC' ? 'UTC' : p.zone,
      where,
    );
    if (t <= prev && p.zone !== undefined && p.zone !== 'UTC') {
      // DST fall-back: the same wall time occurs twice; the later instant keeps the series moving.
      const later = t + 3_600_000_000;
      const a = wallClock(p.zone, t);
      const b = wallClock(p.zone, later);
      if (a.epochDay === b.epochDay && a.minuteOfDay === b.minuteOfDay && later > prev) t = later;
    }
    if (!(t >= prev)) {
      fail(
        where(),
        p.contract >= 0 && options.contract === undefined
          ? `times go backwards; the file holds several contracts (${contracts.join(', ')}): pass contract`
          : `time ${new Date(t / 1000).toISOString()} is before the previous bar's ${new Date(prev / 1000).toISOString()}: bars must be in time order`,
      );
    }
    prev = t;
    time.push(t);
    for (let k = 0; k < 5; k++) {
      const idx = p.ohlcv[k]!;
      if (idx < 0) {
        cols[k]!.push(0);
        continue;
      }
      const v = Number(f[idx]);
      if (f[idx] === undefined || f[idx] === '' || !Number.isFinite(v)) {
        fail(
          where(),
          `${['open', 'high', 'low', 'close', 'volume'][k]} is "${f[idx] ?? ''}", expected a number`,
        );
      }
      cols[k]!.push(v);
    }
  }
  if (options.contract !== undefined && p.contract >= 0 && time.length === 0) {
    fail(
      source,
      `no rows for contract ${options.contract}; the file holds ${contracts.join(', ') || 'none'}`,
    );
  }
  const bars = new BarSeries({
    time: Float64Array.from(time),
    open: Float64Array.from(cols[0]),
    high: Float64Array.from(cols[1]),
    low: Float64Array.from(cols[2]),
    close: Float64Array.from(cols[3]),
    volume: Float64Array.from(cols[4]),
  });
  return { bars, layout: p.layout, timeZone: p.zone ?? 'UTC', contracts, rows };
}
