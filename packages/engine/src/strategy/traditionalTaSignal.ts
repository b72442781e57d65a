import { MinhosError } from '@minhos/core';

/** The original's signal labels. */
export type TaAction = 'STRONG_BUY' | 'BUY' | 'HOLD' | 'SELL' | 'STRONG_SELL';

/** Everything {@link traditionalTaSignal} concluded, kept in the decision record. */
export interface TaSignal {
  readonly action: TaAction;
  /** Confidence in [0, 0.95]; below 0.6 the action is HOLD. */
  readonly confidence: number;
  readonly trend: 'up' | 'down' | 'sideways';
  /** min(1, |p_last / p_first − 1| × 100) over the window. */
  readonly strength: number;
  readonly sma10: number;
  readonly sma20: number;
  /** Wilder RSI(14) of the window's closes (NaN with fewer than 15). */
  readonly rsi: number;
  readonly rsiState: 'overbought' | 'oversold' | 'neutral';
  /** Sample standard deviation of the window's simple returns. */
  readonly volatility: number;
  readonly volatilityLevel: 'high' | 'medium' | 'low';
  /** mean(last 5 volumes) / mean(all volumes of the window). */
  readonly volumeRatio: number;
  readonly volumeTrend: 'rising' | 'falling' | 'stable';
  /** Last close beyond the previous 9 closes' high (breakout) or low (breakdown) by 0.2 %. */
  readonly breakout: 'breakout' | 'breakdown' | 'none';
  /** Target and stop for the action: ±1 % / ∓0.5 % of the last close (NaN for HOLD). */
  readonly targetPrice: number;
  readonly stopPrice: number;
  /** The rule that fired, in words. */
  readonly reason: string;
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function wilderRsi(closes: readonly number[], period: number): number {
  if (closes.length <= period) return Number.NaN;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = (closes[i] as number) - (closes[i - 1] as number);
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= period;
  loss /= period;
  for (let i = period + 1; i < closes.length; i++) {
    const d = (closes[i] as number) - (closes[i - 1] as number);
    gain = (gain * (period - 1) + Math.max(d, 0)) / period;
    loss = (loss * (period - 1) + Math.max(-d, 0)) / period;
  }
  if (loss === 0) return gain === 0 ? 50 : 100;
  return 100 - 100 / (1 + gain / loss);
}

/**
 * The "traditional TA" signal of the original AI brain, rule for rule (reference
 * `original-system.md`), over a window of at least 20 closes and volumes (oldest first):
 *
 * - trend: SMA10 vs SMA20 beyond ±0.2 % → up / down, else sideways; strength
 *   `min(1, |p_last/p_first − 1| × 100)` with `p_first` the window's first close;
 * - RSI 14 (> 70 overbought, < 30 oversold; reported, not a trigger, as in the original);
 * - volatility = sample stdev of simple returns (> 2 % high, > 1 % medium);
 * - volume ratio = mean(last 5)/mean(window) (> 1.2 rising, < 0.8 falling);
 * - breakout/breakdown: last close beyond the previous 9 closes' high/low by 0.2 %.
 *
 * Decision: an up/down trend with strength > 0.6 and rising volume → BUY/SELL (STRONG_ when
 * strength > 0.8), confidence `min(0.95, 0.6 + 0.3 s)`; any other up/down trend, or a
 * breakout/breakdown in a sideways market → BUY/SELL with `min(0.8, 0.5 + 0.3 s)`; high volatility
 * × 0.8; a confidence below 0.6 → HOLD. Target/stop ±1 % / ∓0.5 % of the last close.
 *
 * @throws {@link @minhos/core!MinhosError} `INVALID_STRATEGY` for fewer than 20 bars or mismatched lengths.
 *
 * @example
 * ```ts
 * import { traditionalTaSignal } from '@minhos/engine';
 * const closes = Array.from({ length: 20 }, (_, i) => 100 + i * 0.1);
 * traditionalTaSignal(closes, closes.map(() => 1000)).trend; // 'up'
 * ```
 */
export function traditionalTaSignal(closes: readonly number[], volumes: readonly number[]): TaSignal {
  const n = closes.length;
  if (n < 20 || volumes.length !== n) {
    throw new MinhosError(
      'INVALID_STRATEGY',
      `traditionalTaSignal: need ≥ 20 closes and as many volumes, got ${n} closes and ${volumes.length} volumes`,
    );
  }
  const last = closes[n - 1] as number;
  const sma10 = mean(closes.slice(n - 10));
  const sma20 = mean(closes.slice(n - 20));
  const trend = sma10 > sma20 * 1.002 ? 'up' : sma10 < sma20 * 0.998 ? 'down' : 'sideways';
  const strength = Math.min(1, Math.abs(last / (closes[0] as number) - 1) * 100);
  const rsi = wilderRsi(closes, 14);
  const rsiState = rsi > 70 ? 'overbought' : rsi < 30 ? 'oversold' : 'neutral';
  const rets: number[] = [];
  for (let i = 1; i < n; i++) rets.push((closes[i] as number) / (closes[i - 1] as number) - 1);
  const m = mean(rets);
  const volatility = Math.sqrt(rets.reduce((a, r) => a + (r - m) ** 2, 0) / (rets.length - 1));
  const volatilityLevel = volatility > 0.02 ? 'high' : volatility > 0.01 ? 'medium' : 'low';
  const allVol = mean(volumes);
  const volumeRatio = allVol > 0 ? mean(volumes.slice(n - 5)) / allVol : 1;
  const volumeTrend = volumeRatio > 1.2 ? 'rising' : volumeRatio < 0.8 ? 'falling' : 'stable';
  const prior = closes.slice(n - 10, n - 1);
  const hi = Math.max(...prior);
  const lo = Math.min(...prior);
  const breakout = last > hi * 1.002 ? 'breakout' : last < lo * 0.998 ? 'breakdown' : 'none';

  let dir = 0;
  let confidence = 0;
  let strong = false;
  let reason: string;
  if (trend !== 'sideways' && strength > 0.6 && volumeTrend === 'rising') {
    dir = trend === 'up' ? 1 : -1;
    strong = strength > 0.8;
    confidence = Math.min(0.95, 0.6 + 0.3 * strength);
    reason = `${trend} trend, strength ${strength.toFixed(3)} > 0.6 with rising volume`;
  } else if (trend !== 'sideways') {
    dir = trend === 'up' ? 1 : -1;
    confidence = Math.min(0.8, 0.5 + 0.3 * strength);
    reason = `${trend} trend, strength ${strength.toFixed(3)}, volume ${volumeTrend}`;
  } else if (breakout !== 'none') {
    dir = breakout === 'breakout' ? 1 : -1;
    confidence = Math.min(0.8, 0.5 + 0.3 * strength);
    reason = `sideways market, ${breakout} beyond the 9-bar ${dir > 0 ? 'high' : 'low'} by 0.2 %`;
  } else {
    reason = 'sideways market without breakout';
  }
  if (volatilityLevel === 'high') {
    confidence *= 0.8;
    reason += '; high volatility × 0.8';
  }
  if (dir !== 0 && confidence < 0.6) {
    reason += `; confidence ${confidence.toFixed(3)} < 0.6 → HOLD`;
    dir = 0;
  }
  const action: TaAction =
    dir === 0 ? 'HOLD' : dir > 0 ? (strong ? 'STRONG_BUY' : 'BUY') : strong ? 'STRONG_SELL' : 'SELL';
  return {
    action,
    confidence,
    trend,
    strength,
    sma10,
    sma20,
    rsi,
    rsiState,
    volatility,
    volatilityLevel,
    volumeRatio,
    volumeTrend,
    breakout,
    targetPrice: dir === 0 ? Number.NaN : last * (1 + 0.01 * dir),
    stopPrice: dir === 0 ? Number.NaN : last * (1 - 0.005 * dir),
    reason,
  };
}

/** +1 for BUY/STRONG_BUY, −1 for SELL/STRONG_SELL, 0 for HOLD (the direction, not the strength). */
export function actionDirection(action: TaAction): -1 | 0 | 1 {
  return action === 'BUY' || action === 'STRONG_BUY' ? 1 : action === 'HOLD' ? 0 : -1;
}
