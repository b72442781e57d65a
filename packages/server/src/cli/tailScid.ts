import { formatTimestampUs } from '@minhos/core';
import { followScid, SCID_KIND_BAR, type ScidRecords, scidRecordKind } from '@minhos/sierra';
import type { CliIo } from '../cli.js';
import { EXIT_CODES } from './exitCodes.js';
import { stopSignal } from './stopSignal.js';

/** Options of {@link tailScid}. */
export interface TailScidOptions {
  /** Print every record already in the file first (default: only records appended from now on). */
  readonly fromStart: boolean;
  /** One JSON object per line instead of CSV lines. */
  readonly json: boolean;
  /** Aggregate into bars of this many µs and print each completed bar. */
  readonly intervalUs?: number;
  /** Stop after printing this many lines. */
  readonly limit?: number;
  /** Polling interval of the tail, ms (tests). */
  readonly pollIntervalMs?: number;
}

interface OpenBar {
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
}

/**
 * Follows `file` with `@minhos/sierra`'s `ScidTail` and prints trades (tick files: time, price,
 * size, bid, ask), bar records (bar files) or, with `intervalUs`, completed bars aggregated from
 * either. A file reset (truncated, replaced, rewritten) is reported on stderr and the open bar is
 * dropped. Ends on Ctrl-C / `io.signal` (exit 0) or after `limit` lines; resolves to the exit code.
 */
export async function tailScid(io: CliIo, file: string, options: TailScidOptions): Promise<number> {
  const stop = stopSignal(io);
  const own = new AbortController();
  const onStop = () => own.abort();
  stop.signal.addEventListener('abort', onStop, { once: true });
  if (stop.signal.aborted) own.abort();
  let printed = 0;
  let bar: OpenBar | undefined;
  const emit = (row: Record<string, string | number>): void => {
    if (options.limit !== undefined && printed >= options.limit) return;
    io.out(options.json ? JSON.stringify(row) : Object.values(row).join(','));
    printed += 1;
    if (options.limit !== undefined && printed >= options.limit) own.abort();
  };
  const emitBar = (b: OpenBar): void =>
    emit({
      time: formatTimestampUs(b.start),
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
      volume: b.volume,
      trades: b.trades,
    });
  const onRecords = (r: ScidRecords): void => {
    for (let i = 0; i < r.time.length; i++) {
      const time = r.time[i] as number;
      const kind = scidRecordKind(r.open[i] as number);
      const price = r.close[i] as number;
      const volume = r.totalVolume[i] as number;
      if (options.intervalUs === undefined) {
        if (kind === SCID_KIND_BAR)
          emit({
            time: formatTimestampUs(time),
            open: r.open[i] as number,
            high: r.high[i] as number,
            low: r.low[i] as number,
            close: price,
            volume,
            trades: r.numTrades[i] as number,
          });
        else
          emit({
            time: formatTimestampUs(time),
            price,
            size: volume,
            bid: r.low[i] as number,
            ask: r.high[i] as number,
          });
        continue;
      }
      const start = Math.floor(time / options.intervalUs) * options.intervalUs;
      const isBar = kind === SCID_KIND_BAR;
      const open = isBar ? (r.open[i] as number) : price;
      const high = isBar ? (r.high[i] as number) : price;
      const low = isBar ? (r.low[i] as number) : price;
      if (bar !== undefined && start !== bar.start) {
        // A bar is complete when the first record of a later bar arrives.
        emitBar(bar);
        bar = undefined;
      }
      if (bar === undefined)
        bar = { start, open, high, low, close: price, volume, trades: r.numTrades[i] as number };
      else {
        bar.high = Math.max(bar.high, high);
        bar.low = Math.min(bar.low, low);
        bar.close = price;
        bar.volume += volume;
        bar.trades += r.numTrades[i] as number;
      }
    }
  };
  if (!options.json)
    io.out(
      options.intervalUs === undefined
        ? 'time,price,size,bid,ask (bar files: time,open,high,low,close,volume,trades)'
        : 'time,open,high,low,close,volume,trades',
    );
  io.err(
    `minhos scid tail: following ${file}${options.fromStart ? ' from its first record' : ' from its end'}; Ctrl-C stops`,
  );
  try {
    for await (const event of followScid(file, {
      signal: own.signal,
      startAt: options.fromStart ? 'beginning' : 'end',
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    })) {
      if (event.type === 'reset') {
        io.err(
          `minhos scid tail: ${file} was ${event.reason} (now ${event.fileSize} bytes); reading it again from its first record`,
        );
        bar = undefined;
        continue;
      }
      onRecords(event.records);
      if (own.signal.aborted) break;
    }
  } finally {
    stop.signal.removeEventListener('abort', onStop);
    stop.dispose();
  }
  io.err(`minhos scid tail: stopped after ${printed} lines`);
  return EXIT_CODES.ok;
}
