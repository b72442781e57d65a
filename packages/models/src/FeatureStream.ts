import type { Bar, TimestampUs } from '@minhos/core';
import { MinhosError } from '@minhos/core';
import { AtrStream } from './atr.js';
import { BollingerStream } from './bollinger.js';
import type { FeatureName, FeatureSpec } from './featureSpec.js';
import { logVolumeRatio, MINUTES_PER_DAY, percentB, TWO_PI } from './internal/featureFormulas.js';
import { sessionValues, sessionZone } from './internal/sessionMath.js';
import { MacdStream } from './macd.js';
import { ReturnsStream } from './returns.js';
import { RsiStream } from './rsi.js';
import { SmaStream } from './sma.js';
import { StochasticStream } from './stochastic.js';
import { VolatilityStream } from './volatility.js';

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
 * Streaming counterpart of `FeaturePipeline.compute` for live trading: O(1) per bar, one
 * feature row per call. Obtain it from `FeaturePipeline.stream`.
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
