import { BarSeries, MinhosError } from '@minhos/core';
import type { OhlcvColumns } from './aggregateBars.js';
import {
  localEpochDay,
  parseSession,
  type SessionWindow,
  type TradingSession,
  windowsOfDay,
} from './TradingSession.js';

/** Result of {@link aggregateDaily}. */
export interface DailyBars {
  /** One bar per trade date with data; `time` = the session's start (µs). */
  readonly bars: BarSeries;
  /** Trade date (`YYYY-MM-DD`) of each bar. */
  readonly tradeDates: readonly string[];
  /** Input rows whose time fell outside every session window (not counted in any bar). */
  readonly outsideSession: number;
}

/**
 * Aggregates intraday bars (or tick records converted with `scidToBarSeries`) into **session**
 * daily bars: one bar per exchange trade date, covering `[session open, session close)` in the
 * session's time zone with DST — e.g. ES with {@link CME_EQUITY_SESSION}: trade date 2025-11-04 is
 * 2025-11-03 17:00 to 2025-11-04 16:00 Chicago time. Input rows outside every session (maintenance
 * break, weekend prints, holidays) are counted in `outsideSession` and left out.
 *
 * @throws {@link @minhos/core!MinhosError} `SESSION_INVALID`, `AGGREGATE_UNSORTED`.
 * @example
 * ```ts
 * import { aggregateDaily, CME_EQUITY_SESSION } from '@minhos/sierra';
 * declare const minuteBars: import('@minhos/core').BarSeries;
 * const { bars, tradeDates } = aggregateDaily(minuteBars, CME_EQUITY_SESSION);
 * ```
 */
export function aggregateDaily(input: OhlcvColumns, session: TradingSession): DailyBars {
  const s = parseSession(session);
  const n = input.time.length;
  const time: number[] = [];
  const open: number[] = [];
  const high: number[] = [];
  const low: number[] = [];
  const close: number[] = [];
  const volume: number[] = [];
  const tradeDates: string[] = [];
  let outside = 0;
  // Upcoming windows, generated day by day as time advances: O(rows + days) zone look-ups.
  const pending: SessionWindow[] = [];
  let day = Number.NaN;
  let guard = 0;
  const windowAfter = (t: number): SessionWindow | undefined => {
    for (;;) {
      while (pending.length > 0 && (pending[0] as SessionWindow).end <= t) pending.shift();
      if (pending.length > 0) return pending[0];
      day = Number.isNaN(day) ? localEpochDay(s, t) - 1 : day + 1;
      const next = windowsOfDay(s, day);
      // Ten years without a window: the session has no trade days at all.
      guard = next.length > 0 ? 0 : guard + 1;
      if (guard > 3660) return undefined;
      pending.push(...next);
    }
  };
  let barDate = '';
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = input.time[i] as number;
    if (t < prev) {
      throw new MinhosError(
        'AGGREGATE_UNSORTED',
        `aggregateDaily input must be time-sorted: time[${i}]=${t} < ${prev}`,
        {
          details: { index: i },
        },
      );
    }
    prev = t;
    const w = windowAfter(t);
    if (w === undefined || t < w.start) {
      outside++;
      continue;
    }
    const o = input.open[i] as number;
    const h = input.high[i] as number;
    const l = input.low[i] as number;
    const c = input.close[i] as number;
    const v = input.volume[i] as number;
    if (w.tradeDate !== barDate) {
      barDate = w.tradeDate;
      // A daily bar starts at its trade date's first session, even when that session had no data.
      const first = windowsOfDay(s, Math.round(Date.parse(`${w.tradeDate}T00:00:00Z`) / 86_400_000))[0];
      time.push(first?.start ?? w.start);
      open.push(o);
      high.push(h);
      low.push(l);
      close.push(c);
      volume.push(v);
      tradeDates.push(w.tradeDate);
    } else {
      const k = time.length - 1;
      if (h > (high[k] as number)) high[k] = h;
      if (l < (low[k] as number)) low[k] = l;
      close[k] = c;
      volume[k] = (volume[k] as number) + v;
    }
  }
  const bars = new BarSeries({
    time: Float64Array.from(time),
    open: Float64Array.from(open),
    high: Float64Array.from(high),
    low: Float64Array.from(low),
    close: Float64Array.from(close),
    volume: Float64Array.from(volume),
  });
  return { bars, tradeDates, outsideSession: outside };
}
