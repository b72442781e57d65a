import type { Bar, InstrumentId, TimestampUs } from '@minhos/core';

/** A streaming indicator a strategy declares up front; the runner feeds it every bar before `onBar`. */
export interface IndicatorSpec {
  /** `sma`/`ema`/`rsi`/`stddev` read closes; `atr` reads high, low and close. */
  readonly kind: 'sma' | 'ema' | 'rsi' | 'atr' | 'stddev';
  /** Window length in bars (an integer ≥ 1). */
  readonly period: number;
}

/** Read access to a strategy's declared indicators at the current bar (values from @minhos/models streams). */
export interface IndicatorView {
  /** The indicator's value at the current bar (`NaN` during its warm-up). */
  value(name: string): number;
  /** Its value at the previous bar (`NaN` before two values exist). */
  previous(name: string): number;
}

/** The recent bars of one instrument, oldest first, the current bar last (a bounded window). */
export interface BarWindow {
  /** Number of bars in the window. */
  readonly length: number;
  /** Bar `i` of the window, 0 the oldest. */
  at(i: number): Bar;
  /** Closes of the window, oldest first (a fresh array). */
  closes(): number[];
  /** Volumes of the window, oldest first (a fresh array). */
  volumes(): number[];
}

/** What a strategy sees at the close of a bar. */
export interface StrategyContext {
  readonly instrumentId: InstrumentId;
  /** The bar that just closed. */
  readonly bar: Bar;
  /** Bars of this instrument seen so far, this one included, minus one (0 on the first bar). */
  readonly index: number;
  /** The clock's time (the bar's close in a backtest). */
  readonly now: TimestampUs;
  /** Signed net position in contracts, as the order manager books it. */
  readonly position: number;
  /** Signed contracts of working (unfilled) entry orders. */
  readonly pending: number;
  /** Declared indicators. */
  readonly indicators: IndicatorView;
  /** The last `historyBars` bars (see {@link Strategy.historyBars}). */
  readonly history: BarWindow;
}

/**
 * What a strategy wants: a target net position in one instrument. The runner turns it into an
 * order for the difference (or, in the decision pipeline, into a signal that is sized, gated and
 * possibly held for approval).
 */
export interface StrategyIntent {
  readonly instrumentId: InstrumentId;
  /** Desired signed net position in contracts (0 = flat). */
  readonly target: number;
  /** Confidence in [0, 1] (1 when the strategy has no notion of it). */
  readonly confidence: number;
  /** Why, in words (kept in the decision record). */
  readonly reason: string;
  /** Protective bracket for the new position, points from the entry. */
  readonly bracket?: { readonly stopLossPoints: number; readonly takeProfitPoints: number };
  /** What the strategy looked at (members, fused signal, regime…), copied whole into the decision record. */
  readonly details?: unknown;
}

/**
 * A strategy: a plain object whose `onBar` is called at every bar close with a
 * {@link StrategyContext} and returns intents (usually none). The SMA crossover, the original's
 * traditional TA rules and user strategies all implement it.
 *
 * @example
 * ```ts
 * import type { Strategy } from '@minhos/engine';
 * const alwaysLong: Strategy = {
 *   name: 'always-long',
 *   indicators: {},
 *   historyBars: 1,
 *   onBar: (ctx) => (ctx.position === 0 ? [{ instrumentId: ctx.instrumentId, target: 1, confidence: 1, reason: 'be long' }] : []),
 * };
 * ```
 */
export interface Strategy {
  /** Name, recorded with every decision. */
  readonly name: string;
  /** Indicators by name; each instrument gets its own streams. */
  readonly indicators: Readonly<Record<string, IndicatorSpec>>;
  /** Bars kept in {@link StrategyContext.history} (≥ 1). */
  readonly historyBars: number;
  /** Called at each bar close; returns what to hold next (a promise for strategies that run models). */
  onBar(ctx: StrategyContext): readonly StrategyIntent[] | Promise<readonly StrategyIntent[]>;
}
