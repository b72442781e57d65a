import { BarSeries, type InstrumentId, US_PER_SECOND } from '@minhos/core';
import { openStore } from '@minhos/engine';
import { loadBarsCsv } from '@minhos/models';
import { aggregateScidRecords, ScidReader } from '@minhos/sierra';

/** Bars read by {@link loadBarsFile}, with what was read. */
export interface LoadedBars {
  readonly bars: BarSeries;
  /** `scid` or the CSV layout `loadBarsCsv` recognised. */
  readonly layout: string;
  /** One line for reports: the file, contract and bar size. */
  readonly description: string;
}

/** Options of {@link loadBarsFile}. */
export interface LoadBarsFileOptions {
  /** Lean futures CSV with several contracts: the one to use (`ES201312`). */
  readonly contract?: string;
  /** Time zone of wall-clock CSV times (Sierra Chart exports). */
  readonly timeZone?: string;
  /** Bar size for `.scid` files and the engine store (default `1m`). */
  readonly interval?: string;
  /** Engine store (`.sqlite`): the instrument whose stored bars to read (`ESZ13.CME`). */
  readonly symbol?: string;
}

/** The `parseArgs` options every command that reads a bars file shares (`--bars` and how to read it). */
export const BARS_FILE_ARGS = {
  bars: { type: 'string' },
  contract: { type: 'string' },
  tz: { type: 'string' },
  interval: { type: 'string' },
  symbol: { type: 'string' },
} as const;

/** {@link LoadBarsFileOptions} from the parsed {@link BARS_FILE_ARGS} values (unset ones left out). */
export function barsFileOptions(values: {
  readonly contract?: string | undefined;
  readonly tz?: string | undefined;
  readonly interval?: string | undefined;
  readonly symbol?: string | undefined;
}): LoadBarsFileOptions {
  return {
    ...(values.contract === undefined ? {} : { contract: values.contract }),
    ...(values.tz === undefined ? {} : { timeZone: values.tz }),
    ...(values.interval === undefined ? {} : { interval: values.interval }),
    ...(values.symbol === undefined ? {} : { symbol: values.symbol }),
  };
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `30s`, `1m`, `5m`, `1h`, `1d` → µs; undefined when malformed. */
export function parseInterval(text: string): number | undefined {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (m === null) return undefined;
  const n = Number(m[1]);
  return n > 0 ? n * (UNITS[m[2] as string] as number) * US_PER_SECOND : undefined;
}

/**
 * Reads bars from an OHLCV CSV (every layout `loadBarsCsv` knows), from a Sierra Chart `.scid`
 * file (records aggregated into `interval` bars) or from the engine store (`.sqlite`: the bars
 * `minhos serve` stored for `symbol`, opened read-only so a running server is not disturbed).
 * Throws an error naming the file and the problem.
 */
export async function loadBarsFile(path: string, options: LoadBarsFileOptions = {}): Promise<LoadedBars> {
  if (path.toLowerCase().endsWith('.sqlite')) {
    const opened = openStore(path, { readonly: true });
    if (!opened.ok) throw opened.error;
    try {
      const timeframe = options.interval ?? '1m';
      if (options.symbol === undefined)
        throw new Error(
          `${path} is an engine store: pass --symbol with the instrument whose bars to read (e.g. ESZ13.CME)`,
        );
      const bars = opened.value.bars(options.symbol as InstrumentId, timeframe);
      if (bars.length === 0)
        throw new Error(`the engine store ${path} holds no ${timeframe} bars of ${options.symbol}`);
      return {
        bars: BarSeries.fromBars(bars),
        layout: 'store',
        description: `${options.symbol} ${timeframe} bars stored in ${path}`,
      };
    } finally {
      opened.value.close();
    }
  }
  if (path.toLowerCase().endsWith('.scid')) {
    const interval = parseInterval(options.interval ?? '1m');
    if (interval === undefined)
      throw new Error(`--interval must look like 30s, 1m, 5m or 1h, got "${options.interval}"`);
    const reader = await ScidReader.open(path);
    try {
      const records = await reader.readRange(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
      const bars = aggregateScidRecords(records, interval);
      if (bars.length === 0) throw new Error(`${path} holds no records`);
      return { bars, layout: 'scid', description: `${path} (${options.interval ?? '1m'} bars from .scid)` };
    } finally {
      await reader.close();
    }
  }
  const loaded = await loadBarsCsv(path, {
    ...(options.contract === undefined ? {} : { contract: options.contract }),
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
  });
  if (loaded.bars.length === 0)
    throw new Error(
      `${path} holds no bars${options.contract === undefined ? '' : ` of contract ${options.contract}`} (contracts in the file: ${loaded.contracts.join(', ') || 'none'})`,
    );
  return {
    bars: loaded.bars,
    layout: loaded.layout,
    description: `${path}${options.contract === undefined ? '' : ` ${options.contract}`} (${loaded.layout})`,
  };
}
