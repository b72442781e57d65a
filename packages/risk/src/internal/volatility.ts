import { median, sampleStdev } from './stats.js';

/** Per-bar log-return volatility below this is treated as exactly zero (no real market is that quiet). */
export const VOLATILITY_EPSILON = 1e-12;

/**
 * Per-bar volatility of log returns over `window` returns ending at close index `end`, and the
 * median of the same measure over up to `baselineWindows` consecutive non-overlapping windows
 * ending at `end`, `end − window`, … (the current one included, so one window alone cannot move
 * the median far). `count` is the number of windows that fitted.
 */
export function windowVolatility(
  logClose: ArrayLike<number>,
  end: number,
  window: number,
  baselineWindows: number,
): { readonly volatility: number; readonly baseline: number; readonly count: number } {
  const vols: number[] = [];
  const returns = new Float64Array(window);
  for (let k = 0; k < baselineWindows; k++) {
    const e = end - k * window;
    if (e - window < 0) break;
    for (let i = 0; i < window; i++) {
      const j = e - window + 1 + i;
      returns[i] = (logClose[j] as number) - (logClose[j - 1] as number);
    }
    const sd = sampleStdev(returns);
    // Rounding noise of a perfectly smooth series (≈1e-17) would make volatility ratios arbitrary.
    vols.push(sd < VOLATILITY_EPSILON ? 0 : sd);
  }
  return { volatility: vols[0] ?? Number.NaN, baseline: median(vols), count: vols.length };
}
