import type { BlockKernel, StatefulKernel } from './BlockKernel.js';

/**
 * Wilder's RSI as a {@link BlockKernel}: the loop behind `rsi`.
 *
 * `out[i − shift]` receives RSI(period) at row i (NaN before row `period`); state: `gain`, `loss`.
 */
export function rsiKernel(values: Float64Array, period: number, out: Float64Array): StatefulKernel {
  const state = new Float64Array(2);
  return { state, run: (from, to, shift) => rsiBlock(state, values, out, period, from, to, shift) };
}

/**
 * The loop of {@link rsiKernel}: a free function over its inputs, outputs and state array, so
 * the hot path depends on no object's hidden class (see {@link BlockKernel}).
 */
export function rsiBlock(
  state: Float64Array,
  values: Float64Array,
  out: Float64Array,
  period: number,
  start: number,
  end: number,
  outShift: number,
): void {
  // Int32 row indices (see BlockKernel): V8 then drops its overflow and range checks in the loops.
  const from = start | 0;
  const to = end | 0;
  const shift = outShift | 0;
  const st = state;
  const v = values;
  const o = out;
  const p = period;
  let i = from;
  for (const warm = Math.min(to, p); i < warm; i++) o[i - shift] = Number.NaN;
  let gain = st[0] as number;
  let loss = st[1] as number;
  if (i === p && i < to) {
    // The seed: plain averages of the first `period` gains and losses.
    let prev = v[0] as number;
    for (let j = 1; j <= p; j++) {
      const x = v[j] as number;
      const d = x - prev;
      prev = x;
      if (d < 0) loss -= d;
      else gain += d;
    }
    gain /= p;
    loss /= p;
    const s = gain + loss;
    o[i - shift] = s !== 0 ? 100 * (gain / s) : 0;
    i++;
  }
  if (i < to) {
    const keep = (p - 1) / p;
    const w = 0.5 / p;
    let prev = v[i - 1] as number;
    for (; i < to; i++) {
      const x = v[i] as number;
      const d = x - prev;
      prev = x;
      gain = gain * keep + (d + Math.abs(d)) * w;
      loss = loss * keep + (Math.abs(d) - d) * w;
      const s = gain + loss;
      o[i - shift] = s !== 0 ? 100 * (gain / s) : 0;
    }
  }
  st[0] = gain;
  st[1] = loss;
}
