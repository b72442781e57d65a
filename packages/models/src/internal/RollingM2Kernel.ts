import type { BlockKernel, StatefulKernel } from './BlockKernel.js';
import { EXACT, exactMoments, firstResyncRow, RollingMoments } from './RollingMoments.js';

/**
 * Batch form of {@link RollingMoments} as a {@link BlockKernel}, with the very same arithmetic
 * inlined for speed: row c's value is `values[c + base]`, and the M2 of the window ending there
 * goes to `out[c − shift]` (NaN before row `period − 1`; exactly 0 for a window of one value).
 *
 * The series is `values[base …]`; `out` receives its rolling M2 over `period` values. Row c's
 * value is read only when row c runs, so `values` may be filled block by block ahead of it.
 */
export function rollingM2Kernel(
  values: Float64Array,
  base: number,
  period: number,
  out: Float64Array,
): StatefulKernel {
  const state = rollingM2State(period);
  return {
    state,
    run: (from, to, shift) => rollingM2Block(state, values, base, out, period, from, to, shift),
  };
}

/**
 * The loop of {@link rollingM2Kernel}: a free function over its inputs, outputs and state array, so
 * the hot path depends on no object's hidden class (see {@link BlockKernel}).
 */
export function rollingM2Block(
  state: Float64Array,
  values: Float64Array,
  base: number,
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
  const resync = RollingMoments.RESYNC;
  let mean = st[0] as number;
  let m2 = st[1] as number;
  let anchor = st[2] as number;
  let run = (st[3] as number) | 0;
  let last = st[4] as number;
  let nextResync = st[5] as number;
  for (let c = from, warm = Math.min(to, period); c < warm; c++) {
    const v = values[c + base] as number;
    if (c === 0) anchor = v;
    run = v === last ? run + 1 : 1;
    last = v;
    const x = v - anchor;
    const d = x - mean;
    const next = mean + d / (c + 1);
    m2 = m2 + d * (x - next);
    mean = next;
    out[c - shift] = c === period - 1 ? m2 : Number.NaN;
    if (c === period - 1 && period % resync === 0) {
      // committed === period after the warm-up: the class resyncs here too.
      exactMoments(values, base, period - 1, period);
      mean = EXACT[0] as number;
      m2 = EXACT[1] as number;
      anchor = EXACT[2] as number;
    }
  }
  // The same flat-window rule and carried value as the Bollinger kernel (see there).
  const flatRun = Math.max(period, 2);
  for (let c = Math.max(from, period); c < to; ) {
    const stop = Math.min(to, nextResync + 1);
    let leaving = values[c - period + base] as number;
    for (; c < stop; c++) {
      const v = values[c + base] as number;
      const x = v - anchor;
      const old = leaving - anchor;
      const next = mean + (x - old) / period;
      m2 = m2 + (x - old) * (x - next + old - mean);
      mean = next;
      run = +(v === last) * run + 1;
      last = v;
      leaving = values[c - period + 1 + base] as number;
      out[c - shift] = run >= flatRun ? 0 : m2;
    }
    if (c === nextResync + 1) {
      exactMoments(values, base, nextResync, period);
      mean = EXACT[0] as number;
      m2 = EXACT[1] as number;
      anchor = EXACT[2] as number;
      nextResync += resync;
    }
  }
  st[0] = mean;
  st[1] = m2;
  st[2] = anchor;
  st[3] = run;
  st[4] = last;
  st[5] = nextResync;
}

/** A fresh {@link rollingM2Block} state for `period`: `mean`, `m2`, `anchor`, `run`, `last`, `nextResync`. */
export function rollingM2State(period: number): Float64Array {
  return Float64Array.of(0, 0, 0, 0, Number.NaN, firstResyncRow(period));
}
