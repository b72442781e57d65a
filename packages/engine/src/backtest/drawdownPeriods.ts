/** One drawdown as backtesting.py counts it: from the bar of a peak to the bar of recovery. */
export interface DrawdownPeriod {
  /** Bar index of the peak (the last bar at the running maximum before the fall). */
  readonly fromBar: number;
  /** Bar index where equity is back at its running maximum, or the last bar if it never is. */
  readonly toBar: number;
  /** `time[toBar] − time[fromBar]`, µs. */
  readonly durationUs: number;
  /** Deepest drawdown inside the period, a fraction (0.2 = 20 % below the peak). */
  readonly depth: number;
}

/**
 * The drawdown fraction per bar, `1 − equity / running max(equity)` (0 at a new high).
 *
 * @example
 * ```ts
 * import { drawdownSeries } from '@minhos/engine';
 * drawdownSeries([100, 80, 120]); // Float64Array [0, 0.2, 0]
 * ```
 */
export function drawdownSeries(equity: ArrayLike<number>): Float64Array {
  const dd = new Float64Array(equity.length);
  let peak = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i] as number;
    // np.maximum.accumulate propagates NaN; so does this.
    peak = Number.isNaN(e) || Number.isNaN(peak) ? Number.NaN : Math.max(peak, e);
    dd[i] = 1 - e / peak;
  }
  return dd;
}

/**
 * backtesting.py's drawdown periods: take the bars where the drawdown is exactly 0 plus the last
 * bar; every gap of more than one bar between consecutive such bars is a period, from the earlier
 * to the later, with its duration in time and its deepest drawdown. A drawdown that starts on the
 * last bar alone forms no period (a quirk kept for compatibility).
 *
 * @example
 * ```ts
 * import { drawdownPeriods, drawdownSeries } from '@minhos/engine';
 * drawdownPeriods(drawdownSeries([100, 90, 95, 100]), [0, 1, 2, 3]);
 * // [{ fromBar: 0, toBar: 3, durationUs: 3, depth: 0.1 }]
 * ```
 */
export function drawdownPeriods(dd: ArrayLike<number>, times: ArrayLike<number>): DrawdownPeriod[] {
  const n = dd.length;
  const marks: number[] = [];
  for (let i = 0; i < n; i++) if (dd[i] === 0) marks.push(i);
  if (n > 0 && marks[marks.length - 1] !== n - 1) marks.push(n - 1);
  const periods: DrawdownPeriod[] = [];
  for (let k = 1; k < marks.length; k++) {
    const from = marks[k - 1] as number;
    const to = marks[k] as number;
    if (to <= from + 1) continue;
    let depth = Number.NaN;
    for (let i = from; i <= to; i++) {
      const d = dd[i] as number;
      if (!Number.isNaN(d) && (Number.isNaN(depth) || d > depth)) depth = d;
    }
    periods.push({
      fromBar: from,
      toBar: to,
      durationUs: (times[to] as number) - (times[from] as number),
      depth,
    });
  }
  return periods;
}
