/**
 * The batch feature computation as it was before the block-wise rewrite (per-feature columns, a
 * map look-up-free but allocation-heavy `sessionFeatures`, then one interleaving pass), kept
 * verbatim as the "previous implementation" baseline of `features.bench.ts`.
 */
import type { BarColumns } from '@minhos/core';
import { US_PER_MINUTE, zoneOffsetMinutes } from '@minhos/core';
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
import { sessionZone } from '../src/internal/sessionMath.js';

export function previousFeatureMatrix(spec: FeatureSpec, bars: BarColumns): FeatureMatrix {
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
  let sessionCols: [Float64Array, Float64Array, Float64Array] | undefined;
  const sessionColumns = (): [Float64Array, Float64Array, Float64Array] => {
    if (sessionCols === undefined) {
      const f = previousSessionFeatures(time, session);
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

const BUCKET_US = 15 * US_PER_MINUTE;
/**
 * An offset equal at both ends of this span is taken as constant across it: no IANA zone changes
 * its UTC offset and back within two days (changes are months apart; Ramadan suspensions weeks),
 * so one pair of look-ups serves ~2,900 one-minute bars.
 */
const PROBE_US = 48 * 60 * US_PER_MINUTE;

/** `sessionFeatures` before the incremental-day rewrite. */
export function previousSessionFeatures(time: Float64Array, session: SessionSpec): SessionFeatures {
  const zone = sessionZone(session);
  const n = time.length;
  const since = new Float64Array(n);
  const fraction = new Float64Array(n);
  const dow = new Float64Array(n);
  const { openMinute, lengthMinutes } = session;
  const nextDay = openMinute + lengthMinutes > 1440 ? 1 : 0;
  const utc = zone === 'UTC' || zone === 'Etc/UTC';
  // The same arithmetic as the streaming path (`sessionValues`), with the zone offset cached over
  // spans where it is constant instead of a map look-up and an object per bar.
  let offset = 0;
  let validFrom = Number.POSITIVE_INFINITY;
  let validTo = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!utc && !(t >= validFrom && t < validTo)) {
      offset = zoneOffsetMinutes(zone, t);
      const bucket = Math.floor(Math.floor(t / 1000) / (BUCKET_US / 1000)) * BUCKET_US;
      if (zoneOffsetMinutes(zone, bucket + PROBE_US) === offset) {
        validFrom = bucket;
        validTo = bucket + PROBE_US + BUCKET_US;
      } else {
        validFrom = bucket;
        validTo = bucket + BUCKET_US;
      }
    }
    if (!Number.isFinite(t)) zoneOffsetMinutes(zone, t); // throws the core's INVALID_TIME error
    // Integer arithmetic only, so any exact formulation equals `sessionValues` bit for bit.
    const local = Math.floor(t / US_PER_MINUTE) + offset;
    const epochDay = Math.floor(local / 1440);
    const minuteOfDay = local - epochDay * 1440;
    let s = minuteOfDay - openMinute;
    if (s < 0) s += 1440;
    // The open was s minutes ago: on this local day, or the day before when s > minuteOfDay.
    const tradingDay = (s > minuteOfDay ? epochDay - 1 : epochDay) + nextDay;
    since[i] = s;
    fraction[i] = s / lengthMinutes;
    // 1970-01-01 was a Thursday (4).
    let d = (tradingDay + 4) % 7;
    if (d < 0) d += 7;
    dow[i] = d;
  }
  return { minutesSinceOpen: since, sessionFraction: fraction, dayOfWeek: dow };
}
