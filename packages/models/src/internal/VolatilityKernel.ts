import type { BlockKernel } from './BlockKernel.js';
import { rollingM2Block, rollingM2State } from './RollingM2Kernel.js';

/**
 * Rolling standard deviation of one-bar log returns as a {@link BlockKernel}, the loop behind
 * `volatility`: row i's return `ln(close_i / close_{i−1})` goes to `returns[i − 1]` (full length,
 * n − 1: the rolling window and its resyncs read it back), and the stdev of the last `period`
 * returns, `√(max(M2, 0) / (period − ddof)) · scale`, to `out[i − shift]` (NaN before row `period`).
 */
export class VolatilityKernel implements BlockKernel {
  readonly #close: Float64Array;
  readonly #period: number;
  readonly #div: number;
  readonly #scale: number;
  readonly #returns: Float64Array;
  readonly #out: Float64Array;
  /** The rolling M2's state (see {@link rollingM2Block}). */
  readonly #m2State: Float64Array;

  /** `returns` must hold at least n − 1 values; it is overwritten row by row. */
  constructor(
    close: Float64Array,
    period: number,
    ddof: number,
    scale: number,
    returns: Float64Array,
    out: Float64Array,
  ) {
    this.#close = close;
    this.#period = period;
    this.#div = period - ddof;
    this.#scale = scale;
    this.#returns = returns;
    this.#out = out;
    this.#m2State = rollingM2State(period);
  }

  /** The log returns written so far (`returns[i − 1]` is row i's). */
  get returns(): Float64Array {
    return this.#returns;
  }

  /** The rolling M2's carried state, for the pipeline's fused row pass (see {@link rollingM2State}). */
  get m2State(): Float64Array {
    return this.#m2State;
  }

  run(start: number, end: number, outShift: number): void {
    volatilityBlock(
      this.#close,
      this.#period,
      this.#div,
      this.#scale,
      this.#returns,
      this.#out,
      this.#m2State,
      start,
      end,
      outShift,
    );
  }
}

/**
 * The loop of {@link VolatilityKernel}: a free function over its inputs, outputs and state
 * arrays, so the hot path depends on no object's hidden class (see {@link BlockKernel}).
 */
export function volatilityBlock(
  close: Float64Array,
  period: number,
  div: number,
  scale: number,
  returns: Float64Array,
  out: Float64Array,
  m2State: Float64Array,
  start: number,
  end: number,
  outShift: number,
): void {
  const from = start | 0;
  const to = end | 0;
  const shift = outShift | 0;
  const r = returns;
  const o = out;
  const first = Math.max(from, 1);
  for (let i = first; i < to; i++) r[i - 1] = Math.log((close[i] as number) / (close[i - 1] as number));
  if (from === 0 && to > 0) o[-shift] = Number.NaN;
  // Return c is row c + 1's: its M2 goes to out[c + 1 − shift].
  if (to - 1 > first - 1) rollingM2Block(m2State, r, 0, o, period, first - 1, to - 1, shift - 1);
  for (let i = Math.max(from, period); i < to; i++)
    o[i - shift] = Math.sqrt(Math.max(o[i - shift] as number, 0) / div) * scale;
}
