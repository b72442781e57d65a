import {
  type Bar,
  BarSeries,
  type InstrumentId,
  MinhosError,
  type TimerClock,
  type TimestampUs,
} from '@minhos/core';

/** Where market data goes: the engine marks positions and feeds the paper broker from it. */
export interface MarketDataSink {
  onBar(instrumentId: InstrumentId, timeframe: string, bar: Bar): void;
}

/** One replayed series: an instrument, a timeframe label (`'1m'`, `'30m'`, `'1d'`) and its bars. */
export interface ReplayFeed {
  readonly instrumentId: InstrumentId;
  readonly timeframe: string;
  readonly bars: BarSeries | readonly Bar[];
}

/** Options of {@link barReplaySource}. */
export interface BarReplayOptions {
  readonly feeds: readonly ReplayFeed[];
  /** `1` = real time, `N` = N× faster, `'max'` = as fast as possible (no timers). */
  readonly speed: number | 'max';
  /** Timers for paced replay (a `SimulatedClock` in tests, `LiveClock` live). */
  readonly clock: TimerClock;
}

/** A running replay. */
export interface BarReplay {
  /** Resolves when every bar was delivered (or the replay was stopped). */
  readonly done: Promise<{ readonly delivered: number }>;
  /** Stops delivering (pending timers are cancelled). */
  stop(): void;
}

interface Item {
  readonly feed: ReplayFeed;
  readonly bar: Bar;
}

function barsOf(feed: ReplayFeed): readonly Bar[] {
  if (!(feed.bars instanceof BarSeries)) return feed.bars;
  const out: Bar[] = [];
  for (let i = 0; i < feed.bars.length; i++) out.push(feed.bars.at(i) as Bar);
  return out;
}

/**
 * Replays historical bars of several instruments and timeframes in time order (ties in feed order)
 * into a sink: at 1×, N× (bar `t` is delivered `(t − t₀) / N` after the start) or as fast as
 * possible. Paced replay runs on the clock's timers, so a `SimulatedClock` makes it deterministic.
 * Wrap the sink with {@link sessionBars} to build session-aware 30-minute and daily bars from
 * replayed 1-minute bars as the live path does.
 *
 * @throws `MinhosError` `REPLAY_INVALID` for a speed that is not `'max'` or a finite number > 0.
 * @example
 * ```ts
 * import { LiveClock, instrumentId } from '@minhos/core';
 * import { barReplaySource } from '@minhos/engine';
 * const es = instrumentId('ESZ13.CME');
 * const replay = barReplaySource(
 *   { feeds: [{ instrumentId: es, timeframe: '1m', bars: [] }], speed: 60, clock: new LiveClock() },
 *   { onBar: (id, tf, bar) => console.log(id, tf, bar.close) },
 * );
 * await replay.done;
 * ```
 */
export function barReplaySource(options: BarReplayOptions, sink: MarketDataSink): BarReplay {
  const { speed, clock } = options;
  if (speed !== 'max' && !(Number.isFinite(speed) && speed > 0)) {
    throw new MinhosError(
      'REPLAY_INVALID',
      `replay speed must be 'max' or a finite number > 0, got ${speed}`,
    );
  }
  const items: Item[] = [];
  for (const feed of options.feeds) for (const bar of barsOf(feed)) items.push({ feed, bar });
  items.sort((a, b) => a.bar.time - b.bar.time); // stable: ties keep feed order
  let stopped = false;
  let delivered = 0;
  let cancel: (() => boolean) | undefined;
  let finish: (v: { delivered: number }) => void = () => {};
  const done = new Promise<{ delivered: number }>((resolve) => {
    finish = resolve;
  });
  const deliver = (item: Item): void => {
    sink.onBar(item.feed.instrumentId, item.feed.timeframe, item.bar);
    delivered += 1;
  };
  if (speed === 'max') {
    for (const item of items) {
      if (stopped) break;
      deliver(item);
    }
    finish({ delivered });
  } else {
    const t0 = items[0]?.bar.time ?? 0;
    const start: TimestampUs = clock.now();
    let i = 0;
    const next = (): void => {
      if (stopped || i >= items.length) {
        finish({ delivered });
        return;
      }
      const item = items[i] as Item;
      cancel = clock.scheduleAt(start + (item.bar.time - t0) / speed, () => {
        i += 1;
        deliver(item);
        next();
      });
    };
    next();
  }
  return {
    done,
    stop: () => {
      stopped = true;
      cancel?.();
      finish({ delivered });
    },
  };
}
