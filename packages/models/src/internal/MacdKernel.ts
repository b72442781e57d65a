import type { BlockKernel, StatefulKernel } from './BlockKernel.js';

/**
 * MACD as a {@link BlockKernel}: the loop behind `macd` (EMAs seeded with SMAs as TA-Lib does;
 * the first value at row `slow + signal − 2`).
 *
 * `line`, `sig` and `hist` receive row i's MACD line, signal and histogram at `i − shift` (may be
 * one array for values not read); state: `fastPrev`, `slowPrev`, `sigPrev`.
 */
export function macdKernel(
  values: Float64Array,
  periods: readonly [fast: number, slow: number, signal: number],
  line: Float64Array,
  sig: Float64Array,
  hist: Float64Array,
): StatefulKernel {
  const state = new Float64Array(3);
  const [fast, slow, signal] = periods;
  return {
    state,
    run: (from, to, shift) => macdBlock(state, values, line, sig, hist, fast, slow, signal, from, to, shift),
  };
}

/**
 * The loop of {@link macdKernel}: a free function over its inputs, outputs and state array, so
 * the hot path depends on no object's hidden class (see {@link BlockKernel}).
 */
export function macdBlock(
  state: Float64Array,
  values: Float64Array,
  line: Float64Array,
  sig: Float64Array,
  hist: Float64Array,
  fast: number,
  slow: number,
  signal: number,
  start: number,
  end: number,
  outShift: number,
): void {
  // Int32 row indices (see BlockKernel): V8 then drops its overflow and range checks in the loops.
  const from = start | 0;
  const to = end | 0;
  const shift = outShift | 0;
  const st = state;
  const m = line;
  const s = sig;
  const h = hist;
  const kf = 2 / (fast + 1);
  const ks = 2 / (slow + 1);
  const kg = 2 / (signal + 1);
  const first = slow + signal - 2;
  let i = from;
  for (const warm = Math.min(to, first); i < warm; i++) {
    m[i - shift] = Number.NaN;
    s[i - shift] = Number.NaN;
    h[i - shift] = Number.NaN;
  }
  let fastPrev = st[0] as number;
  let slowPrev = st[1] as number;
  let sigPrev = st[2] as number;
  if (i === first && i < to) {
    // Seeds: the slow EMA averages closes [0, slow), the fast one [slow − fast, slow), both
    // summed in order as TA-Lib does.
    let slowSum = 0;
    for (let j = 0; j < slow - 1; j++) slowSum += values[j] as number;
    let fastSum = 0;
    for (let j = slow - fast; j < slow - 1; j++) fastSum += values[j] as number;
    const xs = values[slow - 1] as number;
    fastPrev = (fastSum + xs) / fast;
    slowPrev = (slowSum + xs) / slow;
    let sigSum = fastPrev - slowPrev;
    for (let j = slow; j < first; j++) {
      const x = values[j] as number;
      fastPrev = (x - fastPrev) * kf + fastPrev;
      slowPrev = (x - slowPrev) * ks + slowPrev;
      sigSum += fastPrev - slowPrev;
    }
    // The signal seed needs the MACD at `first` itself (the signal − 1 earlier ones are summed).
    let line: number;
    if (first === slow - 1) {
      line = fastPrev - slowPrev;
      sigSum = 0;
    } else {
      const x = values[first] as number;
      fastPrev = (x - fastPrev) * kf + fastPrev;
      slowPrev = (x - slowPrev) * ks + slowPrev;
      line = fastPrev - slowPrev;
    }
    sigPrev = (sigSum + line) / signal;
    m[i - shift] = line;
    s[i - shift] = sigPrev;
    h[i - shift] = line - sigPrev;
    i++;
  }
  for (; i < to; i++) {
    const x = values[i] as number;
    fastPrev = (x - fastPrev) * kf + fastPrev;
    slowPrev = (x - slowPrev) * ks + slowPrev;
    const line = fastPrev - slowPrev;
    sigPrev = (line - sigPrev) * kg + sigPrev;
    m[i - shift] = line;
    s[i - shift] = sigPrev;
    h[i - shift] = line - sigPrev;
  }
  st[0] = fastPrev;
  st[1] = slowPrev;
  st[2] = sigPrev;
}
