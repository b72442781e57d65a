import type { BlockKernel, StatefulKernel } from './BlockKernel.js';
import { rollingM2Block, rollingM2State } from './RollingM2Kernel.js';

/**
 * Rolling standard deviation of one-bar log returns as a {@link BlockKernel}, the loop behind
 * `volatility`: row i's return `ln(close_i / close_{i−1})` goes to `returns[i − 1]` (full length,
 * n − 1: the rolling window and its resyncs read it back), and the stdev of the last `period`
 * returns, `√(max(M2, 0) / (period − ddof)) · scale`, to `out[i − shift]` (NaN before row `period`).
 *
 * `returns` must hold at least n − 1 values; it is overwritten row by row. The state is the rolling
 * M2's (see {@link rollingM2State}).
 */
export function volatilityKernel(
  close: Float64Array,
  settings: readonly [period: number, ddof: number, scale: number],
  returns: Float64Array,
  out: Float64Array,
): StatefulKernel {
  const [period, ddof, scale] = settings;
  const state = rollingM2State(period);
  return {
    state,
    run: (from, to, shift) =>
      volatilityBlock(close, period, period - ddof, scale, returns, out, state, from, to, shift),
  };
}

/**
 * The loop of {@link volatilityKernel}: a free function over its inputs, outputs and state
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
