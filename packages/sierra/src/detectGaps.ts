import { MinhosError, type TimestampUs } from '@minhos/core';
import { parseSession, type TradingSession, windowsOf } from './TradingSession.js';

/** A run of consecutive missing bars inside trading hours, found by {@link detectGaps}. */
export interface BarGap {
  /** Start of the first missing bar (µs since the Unix epoch). */
  readonly from: TimestampUs;
  /** End of the last missing bar, exclusive (µs). */
  readonly to: TimestampUs;
  /** Number of missing bars. */
  readonly bars: number;
  /** Trade date (`YYYY-MM-DD`) of the session the gap is in. */
  readonly tradeDate: string;
}

/** Options of {@link detectGaps}. */
export interface DetectGapsOptions {
  /** Bar size in µs (e.g. `US_PER_MINUTE`). Expected bars start at session open + k·barSize. */
  readonly barSizeUs: number;
  /** The trading hours to check against. */
  readonly session: TradingSession;
  /** Start of the checked range (µs, inclusive). Default: the first bar time. */
  readonly from?: TimestampUs;
  /** End of the checked range (µs, exclusive). Default: the last bar time + barSize. */
  readonly to?: TimestampUs;
}

/**
 * Lists the intervals inside trading hours where bars are missing: given bar start times (sorted),
 * a bar size and a {@link TradingSession}, every expected bar slot of every session window in
 * `[from, to)` with no bar starting in it is missing; consecutive missing slots are merged. Time
 * outside the session (maintenance breaks, weekends, listed holidays) is never reported.
 *
 * A reported gap is not necessarily lost data: a quiet minute in the overnight session has no
 * trades, hence no bar. Backfill it with {@link backfillGaps} to tell the two apart.
 *
 * @throws {@link @minhos/core!MinhosError} `GAPS_BAD_INPUT` (bar size), `AGGREGATE_UNSORTED`, `SESSION_INVALID`.
 * @example
 * ```ts
 * import { US_PER_MINUTE } from '@minhos/core';
 * import { CME_EQUITY_SESSION, detectGaps } from '@minhos/sierra';
 * declare const bars: import('@minhos/core').BarSeries;
 * for (const g of detectGaps(bars.time, { barSizeUs: US_PER_MINUTE, session: CME_EQUITY_SESSION })) {
 *   console.log(g.tradeDate, new Date(g.from / 1000).toISOString(), g.bars);
 * }
 * ```
 */
export function detectGaps(times: ArrayLike<number>, options: DetectGapsOptions): BarGap[] {
  const bar = options.barSizeUs;
  if (!(Number.isInteger(bar) && bar > 0)) {
    throw new MinhosError(
      'GAPS_BAD_INPUT',
      `detectGaps barSizeUs must be a positive integer of µs, got ${bar}`,
      {
        details: { barSizeUs: bar },
      },
    );
  }
  const s = parseSession(options.session);
  const n = times.length;
  for (let i = 1; i < n; i++) {
    if ((times[i] as number) < (times[i - 1] as number)) {
      throw new MinhosError(
        'AGGREGATE_UNSORTED',
        `detectGaps times must be sorted: time[${i}] < time[${i - 1}]`,
        {
          details: { index: i },
        },
      );
    }
  }
  if (n === 0 && (options.from === undefined || options.to === undefined)) return [];
  const from = options.from ?? (times[0] as number);
  const to = options.to ?? (times[n - 1] as number) + bar;
  const gaps: BarGap[] = [];
  let j = 0;
  for (const w of windowsOf(s, from, to)) {
    let runStart = Number.NaN;
    let runBars = 0;
    const flush = (end: number): void => {
      if (runBars > 0) gaps.push({ from: runStart, to: end, bars: runBars, tradeDate: w.tradeDate });
      runBars = 0;
    };
    for (let a = w.start; a < w.end; a += bar) {
      if (a < from || a >= to) {
        flush(a);
        continue;
      }
      const b = Math.min(a + bar, w.end);
      while (j < n && (times[j] as number) < a) j++;
      const present = j < n && (times[j] as number) < b;
      if (present) flush(a);
      else {
        if (runBars === 0) runStart = a;
        runBars++;
      }
    }
    flush(Math.min(w.end, runStart + runBars * bar));
  }
  return gaps;
}
