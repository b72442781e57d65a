/**
 * The shape every streaming indicator shares: feed one bar at a time with `next`, revise the bar that
 * is still forming with `update`, read the latest output with `value`.
 *
 * Streams are O(1) per call and give bit-for-bit the same numbers as the batch function of the same
 * indicator (e.g. {@link SmaStream} and {@link sma}), so a live system and a backtest agree exactly.
 * `update` replaces the latest bar without advancing: call `next` when a new bar opens and `update` on
 * every later tick of that bar. Outputs are `NaN` during the warm-up.
 *
 * @typeParam In - one bar's input (a price, or an object with `high`/`low`/`close`…).
 * @typeParam Out - the output (a number, or an object for multi-output indicators).
 *
 * @example
 * ```ts
 * import { RsiStream } from '@minhos/models';
 * const rsi = new RsiStream(14);
 * for (const close of [44.3, 44.1, 44.2]) rsi.next(close); // NaN until 15 closes are in
 * rsi.update(44.25); // the last bar is still forming: replace its close
 * ```
 */
export interface IndicatorStream<In, Out> {
  /** Appends a new bar and returns the output at it. */
  next(input: In): Out;
  /**
   * Replaces the latest bar (still forming) and returns the recomputed output at it.
   * @throws {@link @minhos/core!MinhosError} `INDICATOR_NO_BAR` before the first `next`.
   */
  update(input: In): Out;
  /** The output at the latest bar (`NaN`s before the first bar and during the warm-up). */
  readonly value: Out;
  /** Number of bars seen, the forming one included. */
  readonly count: number;
  /** Whether the warm-up is over (the latest output is defined). */
  readonly ready: boolean;
  /** Forgets every bar. */
  reset(): void;
}

/** High, low and close of one bar (prices, any unit as long as it is consistent). */
export interface HlcBar {
  readonly high: number;
  readonly low: number;
  readonly close: number;
}
