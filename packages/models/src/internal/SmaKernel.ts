import type { BlockKernel, StatefulKernel } from './BlockKernel.js';

/**
 * Simple moving average as a {@link BlockKernel}: the loop behind `sma`.
 *
 * `out[i − shift]` receives the mean of `values[i − period + 1 … i]` (NaN before `period − 1`); state: `sum`.
 */
export function smaKernel(values: Float64Array, period: number, out: Float64Array): StatefulKernel {
  const state = new Float64Array(1);
  return { state, run: (from, to, shift) => smaBlock(state, values, out, period, from, to, shift) };
}

/**
 * The loop of {@link smaKernel}: a free function over its inputs, outputs and state array, so
 * the hot path depends on no object's hidden class (see {@link BlockKernel}).
 */
export function smaBlock(
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
  if (p === 1) {
    // A window of one: the stream's (0 + value) / 1, with no running sum that a NaN or an
    // infinity would poison for every later row.
    for (let i = from; i < to; i++) o[i - shift] = (0 + (v[i] as number)) / 1;
    return;
  }
  let sum = st[0] as number;
  const warm = Math.min(to, p - 1);
  for (let i = from; i < warm; i++) {
    sum += v[i] as number;
    o[i - shift] = Number.NaN;
  }
  for (let i = Math.max(from, p - 1); i < to; i++) {
    sum += v[i] as number;
    o[i - shift] = sum / p;
    sum -= v[i - p + 1] as number;
  }
  st[0] = sum;
}
