import type { BlockKernel, StatefulKernel } from './BlockKernel.js';
import { EXACT, exactMoments, firstResyncRow, RollingMoments } from './RollingMoments.js';

/**
 * Bollinger bands as a {@link BlockKernel}, the loop behind `bollinger`: one pass with exactly
 * {@link RollingMoments}' arithmetic (same anchor, flat-run and resync steps, so the bands equal
 * the stream's bit for bit) and the middle band as `sum / period` of the raw values; NaN before
 * row `period − 1`.
 *
 * Row i's bands go to `up`, `mid`, `lo` at `i − shift` (`mid` may be a scratch shared with nothing
 * read); state: `mean`, `m2`, `anchor`, `run`, `last`, `sum`, `nextResync`.
 */
export function bollingerKernel(
  values: Float64Array,
  period: number,
  k: number,
  up: Float64Array,
  mid: Float64Array,
  lo: Float64Array,
): StatefulKernel {
  const state = Float64Array.of(0, 0, 0, 0, Number.NaN, 0, firstResyncRow(period));
  return {
    state,
    run: (from, to, shift) => bollingerBlock(state, values, up, mid, lo, period, k, from, to, shift),
  };
}

/**
 * The loop of {@link bollingerKernel}: a free function over its inputs, outputs and state array, so
 * the hot path depends on no object's hidden class (see {@link BlockKernel}).
 */
export function bollingerBlock(
  state: Float64Array,
  values: Float64Array,
  up: Float64Array,
  mid: Float64Array,
  lo: Float64Array,
  period: number,
  k: number,
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
  let sum = st[5] as number;
  let nextResync = st[6] as number;
  for (let c = from, warm = Math.min(to, period); c < warm; c++) {
    const v = values[c] as number;
    if (c === 0) anchor = v;
    run = v === last ? run + 1 : 1;
    last = v;
    const x = v - anchor;
    const d = x - mean;
    const next = mean + d / (c + 1);
    m2 = m2 + d * (x - next);
    mean = next;
    sum += v;
    if (c === period - 1) {
      const m = sum / period;
      // A window of one keeps no running sum (the stream's SMA of one is `(0 + value) / 1`): a NaN
      // or an infinity would otherwise poison every later middle band.
      sum = period === 1 ? 0 : sum - (values[0] as number);
      const w = Math.sqrt(Math.max(m2, 0) / period) * k;
      mid[c - shift] = m;
      up[c - shift] = m + w;
      lo[c - shift] = m - w;
      if (period % resync === 0) {
        // committed === period after the warm-up: the class resyncs here too.
        exactMoments(values, 0, period - 1, period);
        mean = EXACT[0] as number;
        m2 = EXACT[1] as number;
        anchor = EXACT[2] as number;
      }
    } else {
      mid[c - shift] = Number.NaN;
      up[c - shift] = Number.NaN;
      lo[c - shift] = Number.NaN;
    }
  }
  // The window is one price (variance exactly 0) when the run of equal values, this one
  // included, reaches the period (two for a period of 1: the class's `same && run >= period − 1`).
  const flatRun = Math.max(period, 2);
  for (let c = Math.max(from, period); c < to; ) {
    // Resync after the row c with (c + 1) % RESYNC === 0, as the class does; the rows between
    // two resyncs run in a tight inner loop without the call.
    const stop = Math.min(to, nextResync + 1);
    // The value leaving the window next: read once, carried in a register (one load per bar
    // less, ~10 % of the pass; same arithmetic).
    let leaving = values[c - period] as number;
    for (; c < stop; c++) {
      const v = values[c] as number;
      const x = v - anchor;
      const old = leaving - anchor;
      const next = mean + (x - old) / period;
      m2 = m2 + (x - old) * (x - next + old - mean);
      mean = next;
      // No branch on `v === last` (ticks repeat unpredictably; a mispredicted branch per bar
      // cost ~10 % of the pass): the run restarts at 1 when the price moved. A window of one
      // price (rare, so its branch predicts well) has variance exactly 0.
      run = +(v === last) * run + 1;
      last = v;
      leaving = values[c - period + 1] as number;
      sum += v;
      const m = sum / period;
      sum = period === 1 ? 0 : sum - leaving; // see the warm-up: a window of one keeps no sum
      const w = Math.sqrt(Math.max(run >= flatRun ? 0 : m2, 0) / period) * k;
      mid[c - shift] = m;
      up[c - shift] = m + w;
      lo[c - shift] = m - w;
    }
    if (c === nextResync + 1) {
      exactMoments(values, 0, nextResync, period);
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
  st[5] = sum;
  st[6] = nextResync;
}
