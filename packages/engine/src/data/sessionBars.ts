import type { Bar, CancelTimer, InstrumentId, TimerClock, TimestampUs } from '@minhos/core';
import { MinhosError } from '@minhos/core';
import { type SessionWindow, sessionWindows, type TradingSession } from '@minhos/sierra';
import type { MarketDataSink } from './barReplaySource.js';

const US_PER_MINUTE = 60_000_000;
const US_PER_DAY = 86_400_000_000;

/**
 * A higher timeframe built by {@link sessionBars}: a label such as `'30m'`, `'4h'` or `'1d'` (one
 * exchange trade date), or an explicit `{ label, intervalUs }` for intraday bars.
 */
export type SessionTimeframe = string | { readonly label: string; readonly intervalUs: number };

/** Options of {@link sessionBars}. */
export interface SessionBarsOptions {
  /**
   * Trading hours the bars follow (e.g. `tradingSessionOf(ES, cmeHolidayCalendar())` or sierra's
   * `CME_EQUITY_SESSION`): intraday buckets start at each session open and end at its close at the
   * latest; the daily bar is the trade date.
   */
  readonly session: TradingSession;
  /** Timeframes to build, e.g. `['30m', '1d']`. */
  readonly timeframes: readonly SessionTimeframe[];
  /** The timeframe label of the bars the source delivers (default `'1m'`); other labels pass through. */
  readonly baseTimeframe?: string;
  /** Length of a base bar in µs (default one minute): a trade inside a base bar already counted is skipped. */
  readonly baseIntervalUs?: number;
  /**
   * With a clock, a bar still open at its session's close is emitted by the clock at the close plus
   * {@link SessionBarsOptions.closeGraceUs}, instead of waiting for the next session's first print.
   */
  readonly clock?: TimerClock;
  /** Wait after the session close before the clock emits (µs, default 5 s): records Sierra writes late. */
  readonly closeGraceUs?: number;
}

/** Counters of a {@link SessionBarsSink}. */
export interface SessionBarsStats {
  /** Base bars and trades outside every session window (maintenance break, weekend, holiday): not aggregated. */
  readonly outsideSession: number;
  /** Base bars and trades for a period already emitted (arrived after its close): not aggregated. */
  readonly late: number;
}

/**
 * The sink returned by {@link sessionBars}: pass it to a data source in place of the engine's
 * sink. `onTrade` exists so it can stand in for a `ScidTailSink` too.
 */
export interface SessionBarsSink extends MarketDataSink {
  onTrade(instrumentId: InstrumentId, price: number, volume: number, time: TimestampUs): void;
  /** Emits every bar still open (end of a replay); later data of those periods counts as late. */
  flush(): void;
  /** Cancels the session-close timers. */
  stop(): void;
  /** What was left out, and why. */
  readonly stats: SessionBarsStats;
}

interface Frame {
  readonly label: string;
  /** Intraday interval in µs, or `undefined` for the daily (trade date) bar. */
  readonly intervalUs: number | undefined;
}

interface Open {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Exclusive end of the period (µs). */
  end: number;
  /** End of the last session window the period belongs to: the clock closes the bar there. */
  sessionEnd: number;
}

interface InstrumentState {
  readonly open: Map<string, Open>;
  /** Closed bars waiting for the source's last base bar of their period, in emit order. */
  readonly pending: Array<{ frame: string; bar: Bar }>;
  /** Emitted periods end here: data before it is late. Per frame. */
  readonly closedUntil: Map<string, number>;
  /** Set once a trade was seen: from then on bars come from trades, base bars only pass through. */
  fromTrades: boolean;
  /** End of the last base bar aggregated: a trade before it is already counted in that bar. */
  barsUntil: number;
  timer: CancelTimer | undefined;
  timerAt: number;
}

function parseFrame(tf: SessionTimeframe): Frame {
  if (typeof tf !== 'string') {
    if (!(typeof tf.label === 'string' && tf.label.length > 0)) {
      throw new MinhosError(
        'SESSION_BARS_INVALID',
        `session bar timeframe needs a label, got ${JSON.stringify(tf)}`,
      );
    }
    if (!(Number.isInteger(tf.intervalUs) && tf.intervalUs > 0 && tf.intervalUs <= US_PER_DAY)) {
      throw new MinhosError(
        'SESSION_BARS_INVALID',
        `session bar timeframe ${tf.label}: intervalUs must be a whole number of µs in (0, one day], got ${tf.intervalUs}`,
      );
    }
    return { label: tf.label, intervalUs: tf.intervalUs };
  }
  const m = /^(\d+)([mhd])$/.exec(tf);
  const n = m ? Number(m[1]) : Number.NaN;
  if (m?.[2] === 'd') {
    if (n !== 1) {
      throw new MinhosError(
        'SESSION_BARS_INVALID',
        `session bar timeframe ${tf}: only '1d' (one trade date) is supported`,
      );
    }
    return { label: tf, intervalUs: undefined };
  }
  const intervalUs = n * (m?.[2] === 'h' ? 60 : 1) * US_PER_MINUTE;
  if (!(n > 0 && intervalUs <= US_PER_DAY)) {
    throw new MinhosError(
      'SESSION_BARS_INVALID',
      `session bar timeframe must look like '30m', '4h' or '1d', got ${JSON.stringify(tf)}`,
    );
  }
  return { label: tf, intervalUs };
}

/** Session windows around an instant, cached: one zone computation per few days of data. */
class WindowCache {
  private windows: SessionWindow[] = [];
  private from = Number.POSITIVE_INFINITY;
  private to = Number.NEGATIVE_INFINITY;
  constructor(private readonly session: TradingSession) {}

  private cover(t: number): void {
    if (t >= this.from && t < this.to) return;
    this.from = t - 3 * US_PER_DAY;
    this.to = t + 10 * US_PER_DAY;
    this.windows = sessionWindows(this.session, this.from, this.to + 3 * US_PER_DAY);
  }

  /** The window containing `t`, or `undefined` when `t` is outside every session. */
  at(t: number): SessionWindow | undefined {
    this.cover(t);
    for (const w of this.windows) {
      if (t < w.start) return undefined;
      if (t < w.end) return w;
    }
    return undefined;
  }

  /** All windows of `tradeDate` (those near `t`, which lies in one of them). */
  ofTradeDate(t: number, tradeDate: string): SessionWindow[] {
    this.cover(t);
    return this.windows.filter((w) => w.tradeDate === tradeDate);
  }
}

/**
 * Session-aware higher timeframes for the live path: wraps the engine's sink so that a source of
 * 1-minute bars (`barReplaySource`, `rollingSource`) or of trades and 1-minute bars
 * (`scidTailSource`, `dtcMarketDataSource`) also delivers e.g. 30-minute and daily bars, computed
 * the same way as sierra's batch `aggregateBars` and `aggregateDaily`:
 *
 * - intraday buckets start at each session open and never span a break (a bucket that would cross
 *   the session close ends there); the daily bar is the exchange trade date (CME: the session that
 *   opens 17:00 America/Chicago the evening before), with DST and holidays from the session;
 * - a bar is emitted when its period is over: on the first trade (or base bar, for bar-only
 *   sources) of a later period, or by the clock at the session close — never before, so no bar
 *   carries data from after the event that released it (no look-ahead). With trades, the closed bar
 *   is held until the source has delivered its last 1-minute bar, so the 1-minute bar comes first;
 * - data outside every session and data of a period already emitted are counted, not aggregated.
 *
 * Base bars and trades are forwarded unchanged. Bars come from the base bars until the first trade
 * of an instrument, then from its trades (a trade inside a base bar already counted is skipped).
 *
 * @throws `MinhosError` `SESSION_BARS_INVALID` for a timeframe it cannot build, `SESSION_INVALID` for a bad session.
 * @example
 * ```ts
 * import { instrumentId, LiveClock } from '@minhos/core';
 * import { CME_EQUITY_SESSION } from '@minhos/sierra';
 * import { scidTailSource, sessionBars } from '@minhos/engine';
 * const clock = new LiveClock();
 * const sink = sessionBars(
 *   { onBar: (id, tf, bar) => console.log(id, tf, bar.close) },
 *   { session: CME_EQUITY_SESSION, timeframes: ['30m', '1d'], clock },
 * );
 * const run = scidTailSource({ file: './ESZ25-CME.scid', instrumentId: instrumentId('ESZ25.CME') }, sink);
 * run.stop();
 * sink.stop();
 * ```
 */
export function sessionBars(
  sink: MarketDataSink & {
    onTrade?(instrumentId: InstrumentId, price: number, volume: number, time: TimestampUs): void;
  },
  options: SessionBarsOptions,
): SessionBarsSink {
  const frames = options.timeframes.map(parseFrame);
  const labels = new Set<string>();
  for (const f of frames) {
    if (labels.has(f.label)) {
      throw new MinhosError('SESSION_BARS_INVALID', `session bar timeframe ${f.label} is listed twice`);
    }
    labels.add(f.label);
  }
  const base = options.baseTimeframe ?? '1m';
  if (labels.has(base)) {
    throw new MinhosError(
      'SESSION_BARS_INVALID',
      `session bar timeframe ${base} is the base timeframe itself`,
    );
  }
  const baseInterval = options.baseIntervalUs ?? US_PER_MINUTE;
  if (!(Number.isInteger(baseInterval) && baseInterval > 0)) {
    throw new MinhosError(
      'SESSION_BARS_INVALID',
      `baseIntervalUs must be a whole number of µs > 0, got ${baseInterval}`,
    );
  }
  const grace = options.closeGraceUs ?? 5_000_000;
  if (!(Number.isFinite(grace) && grace >= 0)) {
    throw new MinhosError(
      'SESSION_BARS_INVALID',
      `closeGraceUs must be a finite number of µs ≥ 0, got ${grace}`,
    );
  }
  const windows = new WindowCache(options.session);
  // Validates the session now rather than at the first bar.
  windows.at(0);
  const states = new Map<InstrumentId, InstrumentState>();
  const stats = { outsideSession: 0, late: 0 };

  const stateOf = (id: InstrumentId): InstrumentState => {
    let s = states.get(id);
    if (s === undefined) {
      s = {
        open: new Map(),
        pending: [],
        closedUntil: new Map(),
        fromTrades: false,
        barsUntil: Number.NEGATIVE_INFINITY,
        timer: undefined,
        timerAt: Number.NaN,
      };
      states.set(id, s);
    }
    return s;
  };

  const emitPending = (id: InstrumentId, s: InstrumentState): void => {
    while (s.pending.length > 0) {
      const p = s.pending.shift() as { frame: string; bar: Bar };
      sink.onBar(id, p.frame, p.bar);
    }
  };

  const close = (s: InstrumentState, frame: string, o: Open): void => {
    s.open.delete(frame);
    s.closedUntil.set(frame, o.end);
    const bar: Bar = {
      time: o.time,
      open: o.open,
      high: o.high,
      low: o.low,
      close: o.close,
      volume: o.volume,
    };
    s.pending.push({ frame, bar });
  };

  /** Closes, by the clock, every bar of `id` whose session has ended by `now`. */
  const closeBySession = (id: InstrumentId, s: InstrumentState, now: number): void => {
    s.timer = undefined;
    s.timerAt = Number.NaN;
    for (const f of frames) {
      const o = s.open.get(f.label);
      if (o !== undefined && o.sessionEnd + grace <= now) close(s, f.label, o);
    }
    emitPending(id, s);
    arm(id, s);
  };

  const arm = (id: InstrumentId, s: InstrumentState): void => {
    const clock = options.clock;
    if (clock === undefined) return;
    let at = Number.POSITIVE_INFINITY;
    for (const o of s.open.values()) at = Math.min(at, o.sessionEnd + grace);
    if (at === s.timerAt) return;
    s.timer?.();
    s.timer = undefined;
    s.timerAt = Number.NaN;
    if (at === Number.POSITIVE_INFINITY) return;
    s.timerAt = at;
    s.timer = clock.scheduleAt(at, (now) => closeBySession(id, s, now));
  };

  /** Adds one print or bar (`time` = its start) to every frame of `id`. */
  const add = (
    id: InstrumentId,
    s: InstrumentState,
    time: number,
    o: number,
    h: number,
    l: number,
    c: number,
    v: number,
  ): void => {
    // Any print at or past a period's end (even one outside the session) shows the period is over.
    for (const f of frames) {
      const cur = s.open.get(f.label);
      if (cur !== undefined && time >= cur.end) close(s, f.label, cur);
    }
    const w = windows.at(time);
    if (w === undefined) {
      stats.outsideSession++;
      arm(id, s);
      return;
    }
    let late = false;
    for (const f of frames) {
      const cur = s.open.get(f.label);
      if (time < (s.closedUntil.get(f.label) ?? Number.NEGATIVE_INFINITY)) {
        late = true;
        continue;
      }
      if (cur === undefined) {
        let start: number;
        let end: number;
        let sessionEnd: number;
        if (f.intervalUs === undefined) {
          const day = windows.ofTradeDate(time, w.tradeDate);
          start = (day[0] as SessionWindow).start;
          end = (day.at(-1) as SessionWindow).end;
          sessionEnd = end;
        } else {
          start = w.start + Math.floor((time - w.start) / f.intervalUs) * f.intervalUs;
          end = Math.min(start + f.intervalUs, w.end);
          sessionEnd = w.end;
        }
        s.open.set(f.label, { time: start, open: o, high: h, low: l, close: c, volume: v, end, sessionEnd });
      } else {
        if (h > cur.high) cur.high = h;
        if (l < cur.low) cur.low = l;
        cur.close = c;
        cur.volume += v;
      }
    }
    if (late) stats.late++;
    arm(id, s);
  };

  return {
    onBar(id, timeframe, bar) {
      if (timeframe !== base) {
        sink.onBar(id, timeframe, bar);
        return;
      }
      const s = stateOf(id);
      if (s.fromTrades) {
        // The source delivers the last base bar of a period right after the trade that closed
        // the period: the higher bar follows it.
        sink.onBar(id, timeframe, bar);
        emitPending(id, s);
        return;
      }
      // From bars: this bar opens a later period, so the closed bar goes out before it.
      add(id, s, bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume);
      s.barsUntil = Math.max(s.barsUntil, bar.time + baseInterval);
      emitPending(id, s);
      sink.onBar(id, timeframe, bar);
    },
    onTrade(id, price, volume, time) {
      const s = stateOf(id);
      // A trade not followed by a base bar (the source had none to finish): release now.
      emitPending(id, s);
      sink.onTrade?.(id, price, volume, time);
      s.fromTrades = true;
      if (time < s.barsUntil) return;
      add(id, s, time, price, price, price, price, volume);
      // Closed by this trade: held until the source's base bar (see onBar) or the next trade.
    },
    flush() {
      for (const [id, s] of states) {
        for (const f of frames) {
          const o = s.open.get(f.label);
          if (o !== undefined) close(s, f.label, o);
        }
        emitPending(id, s);
        arm(id, s);
      }
    },
    stop() {
      for (const s of states.values()) {
        s.timer?.();
        s.timer = undefined;
        s.timerAt = Number.NaN;
      }
    },
    stats,
  };
}
