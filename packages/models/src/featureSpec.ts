import type { SessionSpec } from './sessionFeatures.js';

/**
 * Every feature the pipeline can compute. All are dimensionless (ratios of prices, fractions,
 * oscillators scaled to 0..1) so that models trained on one price level transfer to another,
 * except `minutes_since_open` (minutes) and `day_of_week` (0 = Sunday … 6 = Saturday).
 *
 * | name | value at bar t |
 * |---|---|
 * | `log_return` | ln(close_t / close_{t−1}) |
 * | `log_return_5` | ln(close_t / close_{t−5}) |
 * | `log_volume_ratio` | ln((volume_t + 1) / (SMA(volume, volumePeriod)_t + 1)) |
 * | `rsi` | RSI(rsiPeriod)_t / 100 (Wilder) |
 * | `macd_hist_norm` | MACD histogram(fast, slow, signal)_t / close_t |
 * | `bb_percent_b` | (close − lower)/(upper − lower) of Bollinger(period, multiplier); 0.5 if the band is flat |
 * | `bb_width` | (upper − lower) / middle |
 * | `atr_ratio` | ATR(atrPeriod)_t / close_t |
 * | `range_ratio` | (high_t − low_t) / close_t |
 * | `volatility` | sample stdev of the last volatilityPeriod one-bar log returns |
 * | `stoch_k` | slow stochastic %K(kPeriod, kSmoothing)_t / 100 |
 * | `close_sma_ratio` | close_t / SMA(close, smaPeriod)_t − 1 |
 * | `time_of_day` | minutes since session open / session length (0 at the open, → 1 at the close) |
 * | `time_of_day_sin`, `time_of_day_cos` | sin / cos(2π · minutes since open / 1440) |
 * | `minutes_since_open` | minutes since the latest session open, exchange time zone |
 * | `day_of_week` | weekday of the session's trading date |
 */
export type FeatureName =
  | 'log_return'
  | 'log_return_5'
  | 'log_volume_ratio'
  | 'rsi'
  | 'macd_hist_norm'
  | 'bb_percent_b'
  | 'bb_width'
  | 'atr_ratio'
  | 'range_ratio'
  | 'volatility'
  | 'stoch_k'
  | 'close_sma_ratio'
  | 'time_of_day'
  | 'time_of_day_sin'
  | 'time_of_day_cos'
  | 'minutes_since_open'
  | 'day_of_week';

/** All feature names, in catalogue order. */
export const FEATURE_NAMES: readonly FeatureName[] = Object.freeze([
  'log_return',
  'log_return_5',
  'log_volume_ratio',
  'rsi',
  'macd_hist_norm',
  'bb_percent_b',
  'bb_width',
  'atr_ratio',
  'range_ratio',
  'volatility',
  'stoch_k',
  'close_sma_ratio',
  'time_of_day',
  'time_of_day_sin',
  'time_of_day_cos',
  'minutes_since_open',
  'day_of_week',
] as const);

/**
 * The 8 default features, the original MinhOS LSTM's 20×8 input made real: return, log volume
 * ratio, RSI, normalised MACD histogram, Bollinger %B, ATR/price, range/price, time of day.
 */
export const DEFAULT_FEATURES: readonly FeatureName[] = Object.freeze([
  'log_return',
  'log_volume_ratio',
  'rsi',
  'macd_hist_norm',
  'bb_percent_b',
  'atr_ratio',
  'range_ratio',
  'time_of_day',
] as const);

/** Indicator periods used by the features (all in bars). */
export interface FeatureParams {
  readonly rsiPeriod: number;
  readonly macdFast: number;
  readonly macdSlow: number;
  readonly macdSignal: number;
  readonly bollingerPeriod: number;
  readonly bollingerMultiplier: number;
  readonly atrPeriod: number;
  readonly volumePeriod: number;
  readonly volatilityPeriod: number;
  readonly stochasticPeriod: number;
  readonly stochasticSmoothing: number;
  readonly smaPeriod: number;
}

/** Default {@link FeatureParams}: RSI 14, MACD 12/26/9, Bollinger 20/2, ATR 14, 20-bar volume/volatility/SMA, stochastic 14/3. */
export const DEFAULT_FEATURE_PARAMS: FeatureParams = Object.freeze({
  rsiPeriod: 14,
  macdFast: 12,
  macdSlow: 26,
  macdSignal: 9,
  bollingerPeriod: 20,
  bollingerMultiplier: 2,
  atrPeriod: 14,
  volumePeriod: 20,
  volatilityPeriod: 20,
  stochasticPeriod: 14,
  stochasticSmoothing: 3,
  smaPeriod: 20,
});

/** Options of {@link FeaturePipeline}; everything defaults. */
export interface FeaturePipelineOptions {
  /** Features in column order (default {@link DEFAULT_FEATURES}). */
  readonly features?: readonly FeatureName[];
  /** Indicator periods, merged over {@link DEFAULT_FEATURE_PARAMS}. */
  readonly params?: Partial<FeatureParams>;
  /** Exchange session for the time features (default {@link UTC_DAY_SESSION}). */
  readonly session?: SessionSpec;
}

/**
 * The complete, JSON-serialisable description of a pipeline: store it with a model so the same
 * features are computed at inference time.
 */
export interface FeatureSpec {
  readonly version: 1;
  readonly features: readonly FeatureName[];
  readonly params: FeatureParams;
  readonly session: SessionSpec;
}
