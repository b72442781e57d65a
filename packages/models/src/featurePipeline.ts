import type { Bar, BarColumns, TimestampUs } from '@minhos/core';
import { MinhosError } from '@minhos/core';
import { AtrStream, atr } from './atr.js';
import { BollingerStream, bollinger } from './bollinger.js';
import { checkSameLength } from './internal/indicatorArgs.js';
import { sessionValues, sessionZone } from './internal/sessionMath.js';
import { MacdStream, macd } from './macd.js';
import { logReturns, ReturnsStream } from './returns.js';
import { RsiStream, rsi } from './rsi.js';
import type { SessionSpec } from './sessionFeatures.js';
import { sessionFeatures, UTC_DAY_SESSION } from './sessionFeatures.js';
import { SmaStream, sma } from './sma.js';
import { StochasticStream, stochastic } from './stochastic.js';
import { VolatilityStream, volatility } from './volatility.js';

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

/**
 * A feature matrix: `rows` bars × `cols` features, row-major (`data[r * cols + c]`), with the
 * feature names and each row's bar time. Structurally a `Matrix` of this package, so it feeds
 * scalers, {@link sequences} and models directly. Warm-up rows hold `NaN`.
 */
export interface FeatureMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
  /** Column names, `cols` of them. */
  readonly names: readonly FeatureName[];
  /** Bar start time of each row, µs since the Unix epoch (UTC). */
  readonly time: Float64Array;
  /** Index of the first row where every feature is finite (`rows` if none). */
  readonly firstComplete: number;
}

const MINUTES_PER_DAY = 1440;
const TWO_PI = 2 * Math.PI;

function checkParams(params: FeatureParams): void {
  for (const [key, value] of Object.entries(params)) {
    const ok =
      key === 'bollingerMultiplier'
        ? Number.isFinite(value) && value > 0
        : Number.isInteger(value) && value >= 1 && value <= 100_000;
    if (!ok) {
      throw new MinhosError(
        'FEATURE_BAD_SPEC',
        `feature params.${key} must be ${key === 'bollingerMultiplier' ? 'a positive number' : 'an integer in [1, 100000]'}, got ${String(value)}`,
        { details: { param: key, value } },
      );
    }
  }
  if (params.macdFast >= params.macdSlow) {
    throw new MinhosError(
      'FEATURE_BAD_SPEC',
      `feature params.macdSlow (${params.macdSlow}) must exceed params.macdFast (${params.macdFast})`,
    );
  }
  if (params.volatilityPeriod < 2) {
    throw new MinhosError(
      'FEATURE_BAD_SPEC',
      `feature params.volatilityPeriod must be ≥ 2 (sample standard deviation), got ${params.volatilityPeriod}`,
    );
  }
}

function checkFeatures(features: readonly unknown[]): readonly FeatureName[] {
  if (features.length === 0) {
    throw new MinhosError('FEATURE_BAD_SPEC', 'features must list at least one feature name');
  }
  const seen = new Set<string>();
  for (const f of features) {
    if (typeof f !== 'string' || !(FEATURE_NAMES as readonly string[]).includes(f)) {
      throw new MinhosError(
        'FEATURE_BAD_SPEC',
        `unknown feature ${JSON.stringify(f)}; expected one of ${FEATURE_NAMES.join(', ')}`,
        { details: { feature: f } },
      );
    }
    if (seen.has(f)) throw new MinhosError('FEATURE_BAD_SPEC', `feature "${f}" is listed twice`);
    seen.add(f);
  }
  return Object.freeze([...features] as FeatureName[]);
}

// Shared per-bar formulas: the batch and streaming paths call the same functions, so they agree
// bit for bit.
function logVolumeRatio(volume: number, average: number): number {
  return Math.log((volume + 1) / (average + 1));
}
function percentB(close: number, upper: number, lower: number): number {
  const width = upper - lower;
  if (Number.isNaN(width)) return Number.NaN;
  return width > 0 ? (close - lower) / width : 0.5;
}

/**
 * Turns OHLCV bars into a feature matrix, with no look-ahead: every feature at bar t is computed
 * from bars ≤ t only (a test perturbs the future and checks the past stays bit-identical).
 *
 * Use {@link FeaturePipeline.compute} for history (training, backtests) and
 * {@link FeaturePipeline.stream} for live bars: both give the same numbers, bit for bit. Keep the
 * pipeline's {@link FeaturePipeline.toJSON | spec} with the model so inference uses the same features.
 * Prices in any unit; volume in contracts/shares; times in µs (UTC).
 *
 * @example
 * ```ts
 * import { BarSeries } from '@minhos/core';
 * import { FeaturePipeline, StandardScaler, sequences } from '@minhos/models';
 * declare const bars: BarSeries; // e.g. ES 1-minute bars
 * const pipeline = new FeaturePipeline({
 *   session: { timeZone: 'America/Chicago', openMinute: 17 * 60, lengthMinutes: 23 * 60 },
 * });
 * const X = pipeline.compute(bars); // X.rows × 8, NaN in the first 33 rows
 * const scaler = new StandardScaler().fit(X, { start: 0, end: 10_000 }); // training rows only
 * const seq = sequences(scaler.transform(X), { length: 20 }); // Float32Array [N, 20, 8]
 * ```
 */
export class FeaturePipeline {
  /** The pipeline's full description (serialise it with {@link FeaturePipeline.toJSON}). */
  readonly spec: FeatureSpec;

  /**
   * @param options - features (default the 8 of {@link DEFAULT_FEATURES}), indicator periods, session.
   * @throws {@link @minhos/core!MinhosError} `FEATURE_BAD_SPEC` / `FEATURE_BAD_SESSION` for an invalid option.
   */
  constructor(options: FeaturePipelineOptions = {}) {
    const features = checkFeatures(options.features ?? DEFAULT_FEATURES);
    const params: FeatureParams = Object.freeze({ ...DEFAULT_FEATURE_PARAMS, ...(options.params ?? {}) });
    checkParams(params);
    const session = Object.freeze({ ...(options.session ?? UTC_DAY_SESSION) });
    sessionZone(session);
    this.spec = Object.freeze({ version: 1, features, params, session });
  }

  /**
   * Rebuilds a pipeline from a stored {@link FeatureSpec} (e.g. read from a model registry).
   * @throws {@link @minhos/core!MinhosError} `FEATURE_BAD_SPEC` when the value is not a valid spec.
   */
  static fromJSON(spec: unknown): FeaturePipeline {
    if (typeof spec !== 'object' || spec === null) {
      throw new MinhosError('FEATURE_BAD_SPEC', `feature spec must be an object, got ${String(spec)}`);
    }
    const s = spec as Record<string, unknown>;
    if (s.version !== 1) {
      throw new MinhosError('FEATURE_BAD_SPEC', `feature spec version must be 1, got ${String(s.version)}`);
    }
    if (!Array.isArray(s.features)) {
      throw new MinhosError('FEATURE_BAD_SPEC', 'feature spec.features must be an array of feature names');
    }
    const params = s.params as Record<string, unknown> | undefined;
    if (typeof params !== 'object' || params === null) {
      throw new MinhosError('FEATURE_BAD_SPEC', 'feature spec.params must be an object');
    }
    for (const key of Object.keys(params)) {
      if (!(key in DEFAULT_FEATURE_PARAMS)) {
        throw new MinhosError('FEATURE_BAD_SPEC', `feature spec.params has an unknown key "${key}"`);
      }
    }
    const session = s.session as SessionSpec | undefined;
    if (typeof session !== 'object' || session === null) {
      throw new MinhosError('FEATURE_BAD_SPEC', 'feature spec.session must be an object');
    }
    return new FeaturePipeline({
      features: s.features as FeatureName[],
      params: params as Partial<FeatureParams>,
      session: {
        timeZone: session.timeZone,
        openMinute: session.openMinute,
        lengthMinutes: session.lengthMinutes,
      },
    });
  }

  /** Column names, in order. */
  get names(): readonly FeatureName[] {
    return this.spec.features;
  }

  /** The spec as plain JSON data. */
  toJSON(): FeatureSpec {
    return this.spec;
  }

  /**
   * Computes the feature matrix of `bars` (O(rows × features)).
   * @param bars - a `BarSeries` or any object with equal-length `time/open/high/low/close/volume` columns.
   * @throws {@link @minhos/core!MinhosError} `INDICATOR_BAD_INPUT` when the columns differ in length.
   */
  compute(bars: BarColumns): FeatureMatrix {
    const { time, high, low, close, volume } = bars;
    const n = checkSameLength('FeaturePipeline.compute', {
      time,
      open: bars.open,
      high,
      low,
      close,
      volume,
    });
    const { features, params: p, session } = this.spec;
    const want = new Set<FeatureName>(features);
    const cols = features.length;
    const data = new Float64Array(n * cols);
    const column = new Float64Array(n);
    let sessionCols: [Float64Array, Float64Array, Float64Array] | undefined;
    const sessionColumns = (): [Float64Array, Float64Array, Float64Array] => {
      if (sessionCols === undefined) {
        const f = sessionFeatures(time, session);
        sessionCols = [f.minutesSinceOpen, f.sessionFraction, f.dayOfWeek];
      }
      return sessionCols;
    };
    const bb =
      want.has('bb_percent_b') || want.has('bb_width')
        ? bollinger(close, { period: p.bollingerPeriod, multiplier: p.bollingerMultiplier })
        : undefined;

    // Each feature is computed into its own column, then all are interleaved into the row-major
    // matrix in one sequential pass (strided writes per column touch every cache line once per feature).
    const columns: Float64Array[] = [];
    features.forEach((name) => {
      const out = new Float64Array(n);
      columns.push(out);
      switch (name) {
        case 'log_return':
          logReturns(close, 1, column);
          for (let i = 0; i < n; i++) out[i] = column[i] as number;
          break;
        case 'log_return_5':
          logReturns(close, 5, column);
          for (let i = 0; i < n; i++) out[i] = column[i] as number;
          break;
        case 'log_volume_ratio':
          sma(volume, p.volumePeriod, column);
          for (let i = 0; i < n; i++) out[i] = logVolumeRatio(volume[i] as number, column[i] as number);
          break;
        case 'rsi':
          rsi(close, p.rsiPeriod, column);
          for (let i = 0; i < n; i++) out[i] = (column[i] as number) / 100;
          break;
        case 'macd_hist_norm': {
          const h = macd(close, { fast: p.macdFast, slow: p.macdSlow, signal: p.macdSignal }).histogram;
          for (let i = 0; i < n; i++) out[i] = (h[i] as number) / (close[i] as number);
          break;
        }
        case 'bb_percent_b': {
          const b = bb as NonNullable<typeof bb>;
          for (let i = 0; i < n; i++)
            out[i] = percentB(close[i] as number, b.upper[i] as number, b.lower[i] as number);
          break;
        }
        case 'bb_width': {
          const b = bb as NonNullable<typeof bb>;
          for (let i = 0; i < n; i++)
            out[i] = ((b.upper[i] as number) - (b.lower[i] as number)) / (b.middle[i] as number);
          break;
        }
        case 'atr_ratio':
          atr(high, low, close, p.atrPeriod, column);
          for (let i = 0; i < n; i++) out[i] = (column[i] as number) / (close[i] as number);
          break;
        case 'range_ratio':
          for (let i = 0; i < n; i++)
            out[i] = ((high[i] as number) - (low[i] as number)) / (close[i] as number);
          break;
        case 'volatility':
          volatility(close, { period: p.volatilityPeriod }, column);
          for (let i = 0; i < n; i++) out[i] = column[i] as number;
          break;
        case 'stoch_k': {
          const { k } = stochastic(high, low, close, {
            kPeriod: p.stochasticPeriod,
            kSmoothing: p.stochasticSmoothing,
            dPeriod: 1,
          });
          for (let i = 0; i < n; i++) out[i] = (k[i] as number) / 100;
          break;
        }
        case 'close_sma_ratio':
          sma(close, p.smaPeriod, column);
          for (let i = 0; i < n; i++) out[i] = (close[i] as number) / (column[i] as number) - 1;
          break;
        case 'time_of_day': {
          const [, fraction] = sessionColumns();
          for (let i = 0; i < n; i++) out[i] = fraction[i] as number;
          break;
        }
        case 'time_of_day_sin': {
          const [since] = sessionColumns();
          for (let i = 0; i < n; i++) out[i] = Math.sin((TWO_PI * (since[i] as number)) / MINUTES_PER_DAY);
          break;
        }
        case 'time_of_day_cos': {
          const [since] = sessionColumns();
          for (let i = 0; i < n; i++) out[i] = Math.cos((TWO_PI * (since[i] as number)) / MINUTES_PER_DAY);
          break;
        }
        case 'minutes_since_open': {
          const [since] = sessionColumns();
          for (let i = 0; i < n; i++) out[i] = since[i] as number;
          break;
        }
        case 'day_of_week': {
          const [, , dow] = sessionColumns();
          for (let i = 0; i < n; i++) out[i] = dow[i] as number;
          break;
        }
      }
    });
    for (let i = 0; i < n; i++) {
      const row = i * cols;
      for (let j = 0; j < cols; j++) data[row + j] = (columns[j] as Float64Array)[i] as number;
    }
    let firstComplete = n;
    for (let i = 0; i < n && firstComplete === n; i++) {
      let all = true;
      for (let j = 0; j < cols; j++) {
        if (!Number.isFinite(data[i * cols + j] as number)) {
          all = false;
          break;
        }
      }
      if (all) firstComplete = i;
    }
    return { rows: n, cols, data, names: features, time: time.slice(), firstComplete };
  }

  /**
   * A live feature stream: feed bars one at a time (`next`), revise the forming bar (`update`);
   * each call returns that bar's feature row, equal bit for bit to the matching row of
   * {@link FeaturePipeline.compute}.
   */
  stream(): FeatureStream {
    return new FeatureStream(this.spec);
  }
}

type NeededStream =
  | 'ret5'
  | 'volSma'
  | 'rsi'
  | 'macd'
  | 'bb'
  | 'atr'
  | 'volatility'
  | 'stoch'
  | 'closeSma'
  | 'session';

/**
 * Streaming counterpart of {@link FeaturePipeline.compute} for live trading: O(1) per bar, one
 * feature row per call. Obtain it from {@link FeaturePipeline.stream}.
 *
 * @example
 * ```ts
 * import { FeaturePipeline } from '@minhos/models';
 * const live = new FeaturePipeline().stream();
 * const row = live.next({ time: 0, open: 1, high: 1, low: 1, close: 1, volume: 5 }); // Float64Array(8)
 * live.update({ time: 0, open: 1, high: 1.5, low: 1, close: 1.25, volume: 9 }); // same bar, revised
 * ```
 */
export class FeatureStream {
  /** The spec this stream computes. */
  readonly spec: FeatureSpec;
  private readonly ret1: ReturnsStream;
  private readonly ret5: ReturnsStream;
  private readonly volSma: SmaStream;
  private readonly rsiS: RsiStream;
  private readonly macdS: MacdStream;
  private readonly bbS: BollingerStream;
  private readonly atrS: AtrStream;
  private readonly volS: VolatilityStream;
  private readonly stochS: StochasticStream;
  private readonly closeSma: SmaStream;
  private readonly zone: string;
  private readonly tmp = new Float64Array(3);
  private readonly need: Readonly<Record<NeededStream, boolean>>;
  private has = false;
  private lastTime: TimestampUs = Number.NEGATIVE_INFINITY;

  /** @param spec - a pipeline spec, usually `pipeline.spec`. */
  constructor(spec: FeatureSpec) {
    this.spec = spec;
    const p = spec.params;
    this.ret1 = new ReturnsStream(1, 'log');
    this.ret5 = new ReturnsStream(5, 'log');
    this.volSma = new SmaStream(p.volumePeriod);
    this.rsiS = new RsiStream(p.rsiPeriod);
    this.macdS = new MacdStream({ fast: p.macdFast, slow: p.macdSlow, signal: p.macdSignal });
    this.bbS = new BollingerStream({ period: p.bollingerPeriod, multiplier: p.bollingerMultiplier });
    this.atrS = new AtrStream(p.atrPeriod);
    this.volS = new VolatilityStream({ period: p.volatilityPeriod });
    this.stochS = new StochasticStream({
      kPeriod: p.stochasticPeriod,
      kSmoothing: p.stochasticSmoothing,
      dPeriod: 1,
    });
    this.closeSma = new SmaStream(p.smaPeriod);
    this.zone = sessionZone(spec.session);
    const f = new Set<FeatureName>(spec.features);
    this.need = {
      ret5: f.has('log_return_5'),
      volSma: f.has('log_volume_ratio'),
      rsi: f.has('rsi'),
      macd: f.has('macd_hist_norm'),
      bb: f.has('bb_percent_b') || f.has('bb_width'),
      atr: f.has('atr_ratio'),
      volatility: f.has('volatility'),
      stoch: f.has('stoch_k'),
      closeSma: f.has('close_sma_ratio'),
      session: [
        'time_of_day',
        'time_of_day_sin',
        'time_of_day_cos',
        'minutes_since_open',
        'day_of_week',
      ].some((x) => f.has(x as FeatureName)),
    };
  }

  /** Number of bars seen (the forming one included). */
  get count(): number {
    return this.ret1.count;
  }

  /**
   * Appends a new bar; returns its feature row (a new array of `spec.features.length` values).
   * @throws {@link @minhos/core!MinhosError} `FEATURE_BAD_INPUT` when the bar's time goes backwards.
   */
  next(bar: Bar): Float64Array {
    if (this.has && !(bar.time >= this.lastTime)) {
      throw new MinhosError(
        'FEATURE_BAD_INPUT',
        `FeatureStream.next(): bar time ${bar.time} is before the previous bar's ${this.lastTime}`,
      );
    }
    this.has = true;
    this.lastTime = bar.time;
    return this.row(bar, false);
  }

  /**
   * Replaces the latest (still forming) bar; returns its recomputed feature row.
   * @throws {@link @minhos/core!MinhosError} `INDICATOR_NO_BAR` before the first `next`.
   */
  update(bar: Bar): Float64Array {
    if (!this.has) {
      throw new MinhosError('INDICATOR_NO_BAR', 'FeatureStream.update(): no bar yet; call next() first');
    }
    return this.row(bar, true);
  }

  private row(bar: Bar, revise: boolean): Float64Array {
    const { close, high, low, volume } = bar;
    // Only the streams some selected feature reads are fed; log_return's also keeps `count`.
    const need = this.need;
    const r1 = revise ? this.ret1.update(close) : this.ret1.next(close);
    const r5 = need.ret5 ? (revise ? this.ret5.update(close) : this.ret5.next(close)) : Number.NaN;
    const vAvg = need.volSma ? (revise ? this.volSma.update(volume) : this.volSma.next(volume)) : Number.NaN;
    const rsiV = need.rsi ? (revise ? this.rsiS.update(close) : this.rsiS.next(close)) : Number.NaN;
    const m = need.macd ? (revise ? this.macdS.update(close) : this.macdS.next(close)) : this.macdS.value;
    const b = need.bb ? (revise ? this.bbS.update(close) : this.bbS.next(close)) : this.bbS.value;
    const a = need.atr ? (revise ? this.atrS.update(bar) : this.atrS.next(bar)) : Number.NaN;
    const vol = need.volatility ? (revise ? this.volS.update(close) : this.volS.next(close)) : Number.NaN;
    const st = need.stoch ? (revise ? this.stochS.update(bar) : this.stochS.next(bar)) : this.stochS.value;
    const cs = need.closeSma
      ? revise
        ? this.closeSma.update(close)
        : this.closeSma.next(close)
      : Number.NaN;
    if (need.session) sessionValues(bar.time, this.spec.session, this.zone, this.tmp);
    const since = this.tmp[0] as number;
    const features = this.spec.features;
    const out = new Float64Array(features.length);
    for (let j = 0; j < features.length; j++) {
      let v: number;
      switch (features[j] as FeatureName) {
        case 'log_return':
          v = r1;
          break;
        case 'log_return_5':
          v = r5;
          break;
        case 'log_volume_ratio':
          v = logVolumeRatio(volume, vAvg);
          break;
        case 'rsi':
          v = rsiV / 100;
          break;
        case 'macd_hist_norm':
          v = m.histogram / close;
          break;
        case 'bb_percent_b':
          v = percentB(close, b.upper, b.lower);
          break;
        case 'bb_width':
          v = (b.upper - b.lower) / b.middle;
          break;
        case 'atr_ratio':
          v = a / close;
          break;
        case 'range_ratio':
          v = (high - low) / close;
          break;
        case 'volatility':
          v = vol;
          break;
        case 'stoch_k':
          v = st.k / 100;
          break;
        case 'close_sma_ratio':
          v = close / cs - 1;
          break;
        case 'time_of_day':
          v = this.tmp[1] as number;
          break;
        case 'time_of_day_sin':
          v = Math.sin((TWO_PI * since) / MINUTES_PER_DAY);
          break;
        case 'time_of_day_cos':
          v = Math.cos((TWO_PI * since) / MINUTES_PER_DAY);
          break;
        case 'minutes_since_open':
          v = since;
          break;
        case 'day_of_week':
          v = this.tmp[2] as number;
          break;
      }
      out[j] = v;
    }
    return out;
  }
}

/**
 * One-call form of `new FeaturePipeline(options).compute(bars)`.
 *
 * @example
 * ```ts
 * import { BarSeries } from '@minhos/core';
 * import { computeFeatures } from '@minhos/models';
 * declare const bars: BarSeries;
 * const X = computeFeatures(bars, { features: ['log_return', 'rsi', 'atr_ratio'] });
 * ```
 */
export function computeFeatures(bars: BarColumns, options: FeaturePipelineOptions = {}): FeatureMatrix {
  return new FeaturePipeline(options).compute(bars);
}
