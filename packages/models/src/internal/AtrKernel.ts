import type { BlockKernel, StatefulKernel } from './BlockKernel.js';
import { trueRangeOf } from './trueRangeOf.js';

/**
 * Wilder's average true range as a {@link BlockKernel}: the loop behind `atr`.
 *
 * `out[i − shift]` receives ATR(period) at row i (NaN before row `period`); state: `prev`.
 */
export function atrKernel(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out: Float64Array,
): StatefulKernel {
  const state = new Float64Array(1);
  return { state, run: (from, to, shift) => atrBlock(state, high, low, close, out, period, from, to, shift) };
}

/**
 * The loop of {@link atrKernel}: a free function over its inputs, outputs and state array, so
 * the hot path depends on no object's hidden class (see {@link BlockKernel}).
 */
export function atrBlock(
  state: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
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
  const o = out;
  const p = period;
  let i = from;
  for (const warm = Math.min(to, p); i < warm; i++) o[i - shift] = Number.NaN;
  let prev = st[0] as number;
  if (i === p && i < to) {
    let sum = 0;
    for (let j = 1; j <= p; j++)
      sum += trueRangeOf(high[j] as number, low[j] as number, close[j - 1] as number);
    prev = sum / p;
    o[i - shift] = prev;
    i++;
  }
  if (i < to) {
    const keep = (p - 1) / p;
    const gain = 1 / p;
    let pc = close[i - 1] as number;
    for (; i < to; i++) {
      prev = prev * keep + trueRangeOf(high[i] as number, low[i] as number, pc) * gain;
      o[i - shift] = prev;
      pc = close[i] as number;
    }
  }
  st[0] = prev;
}
