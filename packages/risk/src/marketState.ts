import { err, MinhosError, ok, type Result } from '@minhos/core';
import { linearTrend } from './internal/stats.js';
import { windowVolatility } from './internal/volatility.js';

/** The eight market states. */
export type MarketState =
  | 'BULL_STRONG'
  | 'BULL_WEAK'
  | 'BEAR_STRONG'
  | 'BEAR_WEAK'
  | 'SIDEWAYS_TIGHT'
  | 'SIDEWAYS_WIDE'
  | 'VOLATILE'
  | 'CHOPPY';

/** Every {@link MarketState}, in a fixed order (for tables). */
export const MARKET_STATES: readonly MarketState[] = Object.freeze([
  'BULL_STRONG',
  'BULL_WEAK',
  'BEAR_STRONG',
  'BEAR_WEAK',
  'SIDEWAYS_TIGHT',
  'SIDEWAYS_WIDE',
  'VOLATILE',
  'CHOPPY',
]);

/** The rule that decided a classification (the rules are tried in this order; the first that holds wins). */
export type MarketStateRule =
  | 'VOLATILITY_SHOCK'
  | 'STRONG_TREND'
  | 'WEAK_TREND'
  | 'ELEVATED_VOLATILITY'
  | 'WIDE_RANGE'
  | 'TIGHT_RANGE';

/**
 * The measured features, all dimensionless so the rules work on any timeframe.
 * "Volatility" is the sample standard deviation of per-bar log returns.
 */
export interface MarketStateFeatures {
  /** Bars (returns) in the window. */
  readonly window: number;
  /** OLS slope of ln(close) per bar over the window's `window + 1` closes. */
  readonly slopePerBar: number;
  /**
   * Trend strength: `slopePerBar × √window / baselineVolatility` — the fitted move over the window
   * in units of the move a driftless random walk at the **baseline** volatility makes. Measured
   * against the baseline, not the window's own volatility, so a volatility jump (a sell-off) does
   * not shrink the trend it comes with: direction and volatility are read independently.
   */
  readonly trendZ: number;
  /** The same move in units of the window's own volatility (≈ a t-statistic; reported, not used by the rules). */
  readonly trendZWindow: number;
  /** R² of that regression: how consistently price follows the line, 0..1. */
  readonly r2: number;
  /** Kaufman efficiency ratio |net log move| / Σ |log returns|, 0..1 (reported, not used by the rules). */
  readonly efficiency: number;
  /** Volatility over the window. */
  readonly volatility: number;
  /** Median volatility of the last `baselineWindows` non-overlapping windows (this one included). */
  readonly baselineVolatility: number;
  /** Windows that fed the baseline. */
  readonly baselineCount: number;
  /** `volatility / baselineVolatility`. */
  readonly volRatio: number;
  /** (max − min of ln(close) over the window) / (baselineVolatility × √window); a driftless random walk at baseline volatility averages ≈ 1.6 (the expected range of Brownian motion, √(8/π)). */
  readonly rangeWidth: number;
}

/** The thresholds of the rules (see {@link classifyMarketState}). */
export interface MarketStateThresholds {
  /** VOLATILE when `volRatio ≥` this. Default 2. */
  readonly volatileRatio: number;
  /** STRONG trend when `|trendZ| ≥` this and `r2 ≥ strongTrendR2`. Defaults 2.5 and 0.6. */
  readonly strongTrendZ: number;
  readonly strongTrendR2: number;
  /** WEAK trend when `|trendZ| ≥` this and `r2 ≥ weakTrendR2`. Defaults 1.5 and 0.3. */
  readonly weakTrendZ: number;
  readonly weakTrendR2: number;
  /** CHOPPY (no trend, volatility elevated) when `volRatio ≥` this. Default 1.3. */
  readonly choppyRatio: number;
  /** SIDEWAYS_WIDE when `rangeWidth ≥` this, else SIDEWAYS_TIGHT. Default 1.25. */
  readonly wideRange: number;
}

/** Options of the classifier. */
export interface MarketStateOptions {
  /** Returns per window (the trend/volatility horizon), bars. Default 60. */
  readonly window?: number;
  /** Non-overlapping windows in the volatility baseline. Default 20. */
  readonly baselineWindows?: number;
  /** Fewest baseline windows needed to classify. Default 5. */
  readonly minBaselineWindows?: number;
  readonly thresholds?: Partial<MarketStateThresholds>;
}

/** Default thresholds (calibration notes in the README). */
export const DEFAULT_MARKET_STATE_THRESHOLDS: MarketStateThresholds = Object.freeze({
  volatileRatio: 2,
  strongTrendZ: 2.5,
  strongTrendR2: 0.6,
  weakTrendZ: 1.5,
  weakTrendR2: 0.3,
  choppyRatio: 1.3,
  wideRange: 1.25,
});

/**
 * The volatility regime reported beside the state, from `volRatio`: `EXTREME` at or above
 * `volatileRatio` (2), `ELEVATED` at or above `choppyRatio` (1.3), else `NORMAL`.
 */
export type VolatilityRegime = 'NORMAL' | 'ELEVATED' | 'EXTREME';

/** A classification: the state, the rule that fired, a sentence with the numbers, and the features. */
export interface MarketStateReading {
  readonly state: MarketState;
  /** Volatility beside the direction: a volatile strong down-trend is `BEAR_STRONG` with `EXTREME` here. */
  readonly volatility: VolatilityRegime;
  readonly rule: MarketStateRule;
  readonly explanation: string;
  readonly features: MarketStateFeatures;
}

interface Resolved {
  readonly window: number;
  readonly baselineWindows: number;
  readonly minBaselineWindows: number;
  readonly thresholds: MarketStateThresholds;
}

function resolve(options: MarketStateOptions): Resolved {
  const window = options.window ?? 60;
  const baselineWindows = options.baselineWindows ?? 20;
  const minBaselineWindows = options.minBaselineWindows ?? 5;
  const bad = (name: string, value: number, expected: string): never => {
    throw new MinhosError(
      'MARKET_STATE_OPTIONS_INVALID',
      `market state: ${name} must be ${expected}, got ${value}`,
      {
        details: { [name]: value },
      },
    );
  };
  if (!Number.isInteger(window) || window < 3) bad('window', window, 'an integer ≥ 3');
  if (!Number.isInteger(baselineWindows) || baselineWindows < 1)
    bad('baselineWindows', baselineWindows, 'an integer ≥ 1');
  if (
    !Number.isInteger(minBaselineWindows) ||
    minBaselineWindows < 1 ||
    minBaselineWindows > baselineWindows
  ) {
    bad('minBaselineWindows', minBaselineWindows, `an integer in [1, baselineWindows=${baselineWindows}]`);
  }
  return {
    window,
    baselineWindows,
    minBaselineWindows,
    thresholds: Object.freeze({ ...DEFAULT_MARKET_STATE_THRESHOLDS, ...options.thresholds }),
  };
}

function logCloses(closes: ArrayLike<number>): Float64Array {
  const out = new Float64Array(closes.length);
  for (let i = 0; i < closes.length; i++) {
    const c = closes[i] as number;
    if (!(Number.isFinite(c) && c > 0)) {
      throw new MinhosError(
        'MARKET_STATE_BAD_PRICE',
        `market state: close[${i}] must be a positive finite price, got ${c}`,
        {
          details: { index: i, value: c },
        },
      );
    }
    out[i] = Math.log(c);
  }
  return out;
}

function featuresAt(logClose: Float64Array, end: number, o: Resolved): MarketStateFeatures | undefined {
  const n = o.window;
  const start = end - n;
  if (start < 0) return undefined;
  const vol = windowVolatility(logClose, end, n, o.baselineWindows);
  if (vol.count < o.minBaselineWindows) return undefined;
  const { slope, r2 } = linearTrend(logClose, start, end + 1);
  let absSum = 0;
  let hi = -Infinity;
  let lo = Infinity;
  for (let i = start; i <= end; i++) {
    const y = logClose[i] as number;
    if (y > hi) hi = y;
    if (y < lo) lo = y;
    if (i > start) absSum += Math.abs(y - (logClose[i - 1] as number));
  }
  const net = (logClose[end] as number) - (logClose[start] as number);
  const sigma = vol.volatility;
  const base = vol.baseline;
  // A perfectly smooth series has zero volatility: any slope is then an infinitely strong trend.
  const zOf = (scale: number): number =>
    scale > 0 ? (slope * Math.sqrt(n)) / scale : slope === 0 ? 0 : Math.sign(slope) * Infinity;
  const trendZ = zOf(base);
  const trendZWindow = zOf(sigma);
  const volRatio = base > 0 ? sigma / base : sigma > 0 ? Infinity : 1;
  const rangeWidth = base > 0 ? (hi - lo) / (base * Math.sqrt(n)) : hi > lo ? Infinity : 0;
  return {
    window: n,
    slopePerBar: slope,
    trendZ,
    trendZWindow,
    r2,
    efficiency: absSum > 0 ? Math.abs(net) / absSum : 0,
    volatility: sigma,
    baselineVolatility: base,
    baselineCount: vol.count,
    volRatio,
    rangeWidth,
  };
}

const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : String(x));

function decide(x: MarketStateFeatures, t: MarketStateThresholds): MarketStateReading {
  const z = Math.abs(x.trendZ);
  const bull = x.trendZ > 0;
  const volatility: VolatilityRegime =
    x.volRatio >= t.volatileRatio ? 'EXTREME' : x.volRatio >= t.choppyRatio ? 'ELEVATED' : 'NORMAL';
  const vol = `volatility ${f(x.volRatio)}× its baseline (${volatility})`;
  const reading = (state: MarketState, rule: MarketStateRule, explanation: string): MarketStateReading => ({
    state,
    volatility,
    rule,
    explanation,
    features: x,
  });
  if (z >= t.strongTrendZ && x.r2 >= t.strongTrendR2) {
    return reading(
      bull ? 'BULL_STRONG' : 'BEAR_STRONG',
      'STRONG_TREND',
      `trend z ${f(x.trendZ)} (|z| ≥ ${t.strongTrendZ}) with R² ${f(x.r2)} ≥ ${t.strongTrendR2}; ${vol}`,
    );
  }
  if (z >= t.weakTrendZ && x.r2 >= t.weakTrendR2) {
    return reading(
      bull ? 'BULL_WEAK' : 'BEAR_WEAK',
      'WEAK_TREND',
      `trend z ${f(x.trendZ)} (|z| ≥ ${t.weakTrendZ}) with R² ${f(x.r2)} ≥ ${t.weakTrendR2}; ${vol}`,
    );
  }
  if (x.volRatio >= t.volatileRatio) {
    return reading(
      'VOLATILE',
      'VOLATILITY_SHOCK',
      `no trend (z ${f(x.trendZ)}, R² ${f(x.r2)}) and volatility ${f(x.volRatio)}× its baseline ≥ ${t.volatileRatio}×`,
    );
  }
  if (x.volRatio >= t.choppyRatio) {
    return reading(
      'CHOPPY',
      'ELEVATED_VOLATILITY',
      `no trend (z ${f(x.trendZ)}, R² ${f(x.r2)}) while volatility is ${f(x.volRatio)}× its baseline ≥ ${t.choppyRatio}×`,
    );
  }
  if (x.rangeWidth >= t.wideRange) {
    return reading(
      'SIDEWAYS_WIDE',
      'WIDE_RANGE',
      `no trend, normal volatility, range width ${f(x.rangeWidth)} ≥ ${t.wideRange}`,
    );
  }
  return reading(
    'SIDEWAYS_TIGHT',
    'TIGHT_RANGE',
    `no trend, normal or low volatility, range width ${f(x.rangeWidth)} < ${t.wideRange}`,
  );
}

/**
 * Classifies the market state at the last close of `closes` with transparent rules over three
 * dimensionless features of the last `window` bars (see {@link MarketStateFeatures}): trend
 * strength `trendZ` (regression slope of ln price normalised by the baseline volatility), trend
 * consistency `r2`, and volatility relative to its own median over `baselineWindows` past windows
 * `volRatio`. Direction and volatility do not hide each other: the trend rules come first and the
 * volatility regime is reported beside the state (`volatility`: NORMAL / ELEVATED / EXTREME).
 *
 * Rules, first match wins (defaults in brackets):
 * 1. BULL_STRONG / BEAR_STRONG — `|trendZ| ≥ strongTrendZ` [2.5] and `r2 ≥ strongTrendR2` [0.6]; sign of trendZ.
 * 2. BULL_WEAK / BEAR_WEAK — `|trendZ| ≥ weakTrendZ` [1.5] and `r2 ≥ weakTrendR2` [0.3].
 * 3. VOLATILE — no trend and `volRatio ≥ volatileRatio` [2].
 * 4. CHOPPY — no trend but `volRatio ≥ choppyRatio` [1.3] (whipsaw: moving a lot, going nowhere).
 * 5. SIDEWAYS_WIDE — `rangeWidth ≥ wideRange` [1.25].
 * 6. SIDEWAYS_TIGHT — otherwise.
 *
 * Needs at least `window × minBaselineWindows + 1` closes (default 301); fewer is an error value
 * `MARKET_STATE_INSUFFICIENT_DATA`. Bars are taken as consecutive (session gaps are not removed).
 *
 * @throws {@link @minhos/core!MinhosError} `MARKET_STATE_OPTIONS_INVALID` for bad options, `MARKET_STATE_BAD_PRICE`
 *   for a non-positive or non-finite close.
 * @example
 * ```ts
 * import { classifyMarketState } from '@minhos/risk';
 * const closes = Array.from({ length: 400 }, (_, i) => 100 * Math.exp(0.001 * i + 0.0005 * Math.sin(i * 1.7)));
 * const r = classifyMarketState(closes);
 * if (r.ok) r.value.state; // 'BULL_STRONG'
 * ```
 */
export function classifyMarketState(
  closes: ArrayLike<number>,
  options: MarketStateOptions = {},
): Result<MarketStateReading, MinhosError> {
  const o = resolve(options);
  const logClose = logCloses(closes);
  const features = featuresAt(logClose, logClose.length - 1, o);
  if (features === undefined) {
    const need = o.window * o.minBaselineWindows + 1;
    return err(
      new MinhosError(
        'MARKET_STATE_INSUFFICIENT_DATA',
        `market state: need at least ${need} closes (window ${o.window} × ${o.minBaselineWindows} baseline windows + 1), got ${closes.length}`,
        { details: { need, got: closes.length } },
      ),
    );
  }
  return ok(decide(features, o.thresholds));
}

/**
 * Classifies every bar of `closes` (as {@link classifyMarketState} would with the closes up to and
 * including that bar; no look-ahead). Entries before enough history are `undefined`.
 *
 * @throws {@link @minhos/core!MinhosError} as {@link classifyMarketState}.
 * @example
 * ```ts
 * import { classifyMarketStates } from '@minhos/risk';
 * declare const closes: Float64Array;
 * const states = classifyMarketStates(closes).map((r) => r?.state);
 * ```
 */
export function classifyMarketStates(
  closes: ArrayLike<number>,
  options: MarketStateOptions = {},
): (MarketStateReading | undefined)[] {
  const o = resolve(options);
  const logClose = logCloses(closes);
  const out: (MarketStateReading | undefined)[] = new Array(logClose.length);
  for (let end = 0; end < logClose.length; end++) {
    const features = featuresAt(logClose, end, o);
    out[end] = features === undefined ? undefined : decide(features, o.thresholds);
  }
  return out;
}
