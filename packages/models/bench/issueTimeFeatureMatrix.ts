/**
 * `FeaturePipeline.compute` as it was when issue 10 measured "250–1100 ms per 1 M bars for 8
 * features" (commit db5fc04, `packages/models/src/featurePipeline.ts`), kept verbatim as the
 * issue's own baseline in `features.bench.ts`: one full-length column per feature written through
 * a per-cell callback, and `sessionFeatures` calling the streaming path's `sessionValues` (a
 * `wallClock` look-up and an object) per bar.
 *
 * Not verbatim in one respect, which makes it a stricter (faster) baseline than the code the
 * issue timed: it calls today's indicator functions and today's `sessionValues`, which are faster
 * than db5fc04's and give today's values (db5fc04's Bollinger and volatility columns predate the
 * anchored moments), so the bench can check it bit for bit against the pipeline.
 */
import type { BarColumns } from '@minhos/core';
import {
  atr,
  bollinger,
  type FeatureMatrix,
  type FeatureName,
  type FeatureSpec,
  logReturns,
  macd,
  rsi,
  type SessionFeatures,
  type SessionSpec,
  sma,
  stochastic,
  volatility,
} from '../src/index.js';
import { logVolumeRatio, MINUTES_PER_DAY, percentB, TWO_PI } from '../src/internal/featureFormulas.js';
import { checkSameLength } from '../src/internal/indicatorArgs.js';
import { sessionValues, sessionZone } from '../src/internal/sessionMath.js';

export function issueTimeFeatureMatrix(spec: FeatureSpec, bars: BarColumns): FeatureMatrix {
  const { time, high, low, close, volume } = bars;
  const n = checkSameLength('FeaturePipeline.compute', {
    time,
    open: bars.open,
    high,
    low,
    close,
    volume,
  });
  const { features, params: p, session } = spec;
  const want = new Set<FeatureName>(features);
  const cols = features.length;
  const data = new Float64Array(n * cols);
  const column = new Float64Array(n);
  const put = (j: number, values: (i: number) => number): void => {
    for (let i = 0; i < n; i++) data[i * cols + j] = values(i);
  };
  let sessionCols: [Float64Array, Float64Array, Float64Array] | undefined;
  const sessionColumns = (): [Float64Array, Float64Array, Float64Array] => {
    if (sessionCols === undefined) {
      const f = issueTimeSessionFeatures(time, session);
      sessionCols = [f.minutesSinceOpen, f.sessionFraction, f.dayOfWeek];
    }
    return sessionCols;
  };
  const bb =
    want.has('bb_percent_b') || want.has('bb_width')
      ? bollinger(close, { period: p.bollingerPeriod, multiplier: p.bollingerMultiplier })
      : undefined;

  features.forEach((name, j) => {
    switch (name) {
      case 'log_return':
        logReturns(close, 1, column);
        put(j, (i) => column[i] as number);
        break;
      case 'log_return_5':
        logReturns(close, 5, column);
        put(j, (i) => column[i] as number);
        break;
      case 'log_volume_ratio':
        sma(volume, p.volumePeriod, column);
        put(j, (i) => logVolumeRatio(volume[i] as number, column[i] as number));
        break;
      case 'rsi':
        rsi(close, p.rsiPeriod, column);
        put(j, (i) => (column[i] as number) / 100);
        break;
      case 'macd_hist_norm': {
        const h = macd(close, { fast: p.macdFast, slow: p.macdSlow, signal: p.macdSignal }).histogram;
        put(j, (i) => (h[i] as number) / (close[i] as number));
        break;
      }
      case 'bb_percent_b': {
        const b = bb as NonNullable<typeof bb>;
        put(j, (i) => percentB(close[i] as number, b.upper[i] as number, b.lower[i] as number));
        break;
      }
      case 'bb_width': {
        const b = bb as NonNullable<typeof bb>;
        put(j, (i) => ((b.upper[i] as number) - (b.lower[i] as number)) / (b.middle[i] as number));
        break;
      }
      case 'atr_ratio':
        atr(high, low, close, p.atrPeriod, column);
        put(j, (i) => (column[i] as number) / (close[i] as number));
        break;
      case 'range_ratio':
        put(j, (i) => ((high[i] as number) - (low[i] as number)) / (close[i] as number));
        break;
      case 'volatility':
        volatility(close, { period: p.volatilityPeriod }, column);
        put(j, (i) => column[i] as number);
        break;
      case 'stoch_k': {
        const { k } = stochastic(high, low, close, {
          kPeriod: p.stochasticPeriod,
          kSmoothing: p.stochasticSmoothing,
          dPeriod: 1,
        });
        put(j, (i) => (k[i] as number) / 100);
        break;
      }
      case 'close_sma_ratio':
        sma(close, p.smaPeriod, column);
        put(j, (i) => (close[i] as number) / (column[i] as number) - 1);
        break;
      case 'time_of_day': {
        const [, fraction] = sessionColumns();
        put(j, (i) => fraction[i] as number);
        break;
      }
      case 'time_of_day_sin': {
        const [since] = sessionColumns();
        put(j, (i) => Math.sin((TWO_PI * (since[i] as number)) / MINUTES_PER_DAY));
        break;
      }
      case 'time_of_day_cos': {
        const [since] = sessionColumns();
        put(j, (i) => Math.cos((TWO_PI * (since[i] as number)) / MINUTES_PER_DAY));
        break;
      }
      case 'minutes_since_open': {
        const [since] = sessionColumns();
        put(j, (i) => since[i] as number);
        break;
      }
      case 'day_of_week': {
        const [, , dow] = sessionColumns();
        put(j, (i) => dow[i] as number);
        break;
      }
    }
  });
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

/** db5fc04's `sessionFeatures`: the streaming path's `sessionValues` per bar. */
function issueTimeSessionFeatures(time: Float64Array, session: SessionSpec): SessionFeatures {
  const zone = sessionZone(session);
  const n = time.length;
  const since = new Float64Array(n);
  const fraction = new Float64Array(n);
  const dow = new Float64Array(n);
  const tmp = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    sessionValues(time[i] as number, session, zone, tmp);
    since[i] = tmp[0] as number;
    fraction[i] = tmp[1] as number;
    dow[i] = tmp[2] as number;
  }
  return { minutesSinceOpen: since, sessionFraction: fraction, dayOfWeek: dow };
}
