import { mean, variance } from './statsMath.js';

/**
 * The Sharpe ratio as QuantConnect LEAN's statistics compute it from daily performance
 * (`Statistics.SharpeRatio`): the ARITHMETIC mean daily return annualised linearly,
 * `mean(rᵈ) × D`, minus the annual risk-free rate, over the sample standard deviation annualised
 * by `√D`: `(mean(rᵈ)·D − r) / (std(rᵈ)·√D)`, D = 252 by default. backtesting.py instead
 * compounds the GEOMETRIC mean and uses its compounded-volatility formula (see
 * {@link BacktestingPyStats.sharpeRatio}); the two disagree most when daily returns are volatile
 * or trending. `null` with fewer than two returns or zero spread.
 *
 * @example
 * ```ts
 * import { leanSharpeRatio } from '@minhos/engine';
 * leanSharpeRatio([0.01, -0.005, 0.002, 0.004]); // ≈ 7.06
 * ```
 */
export function leanSharpeRatio(
  dailyReturns: readonly number[],
  riskFreeRate = 0,
  tradingDaysPerYear = 252,
): number | null {
  const sd = Math.sqrt(variance(dailyReturns, 1));
  if (!(sd > 0)) return null;
  return (mean(dailyReturns) * tradingDaysPerYear - riskFreeRate) / (sd * Math.sqrt(tradingDaysPerYear));
}
