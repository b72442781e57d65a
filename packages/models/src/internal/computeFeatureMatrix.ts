import type { BarColumns } from '@minhos/core';
import { MinhosError } from '@minhos/core';
import { atr } from '../atr.js';
import { bollinger } from '../bollinger.js';
import type { FeatureMatrix } from '../FeatureMatrix.js';
import type { FeatureComputeOptions } from '../featurePipeline.js';
import type { FeatureSpec } from '../featureSpec.js';
import { macd } from '../macd.js';
import { rsi } from '../rsi.js';
import { sma } from '../sma.js';
import { stochastic } from '../stochastic.js';
import { volatilityInto, volatilitySettings } from '../volatility.js';
import type { ColumnBuffers } from './ColumnBuffers.js';
import { logVolumeRatio, MINUTES_PER_DAY, percentB, TWO_PI } from './featureFormulas.js';
import { checkSameLength } from './indicatorArgs.js';
import { sessionColumns } from './sessionColumns.js';
import { sessionZone } from './sessionMath.js';

/**
 * Rows written per block: the block's slice of the row-major matrix (2,048 rows × 8 features ×
 * 8 bytes = 128 KiB) stays in L2 while every column's strided writes fill it.
 */
const BLOCK = 2048;

/** Where {@link computeFeatureMatrix} writes (`out`, `outTime` as `compute` takes them) and the columns it reuses. */
export type FeatureMatrixTargets = FeatureComputeOptions & {
  /** Indicator columns kept between calls (every one is overwritten in full before it is read). */
  readonly buffers: ColumnBuffers;
};

/**
 * The batch feature matrix behind `FeaturePipeline.compute`.
 *
 * Each indicator runs once into a column buffer (only those some selected feature reads; the
 * unused outputs of MACD, Bollinger and the stochastic share one scratch buffer), then the matrix
 * is written block by block: per block, one tight loop per feature applies that feature's final
 * formula (the same expression as the streaming path, so bit for bit equal) and writes its strided
 * column while the block is in cache. The one-bar and five-bar log returns, the range and the
 * session fraction/sine/cosine are computed in that loop, straight from the bars.
 *
 * The column buffers come from `targets.buffers` (reused: every one is overwritten in
 * full before it is read), so the only fresh memory of a call is the matrix and its row times,
 * and not even those when `out` / `outTime` are given. The returned matrix never aliases
 * `buffers`.
 */
export function computeFeatureMatrix(
  spec: FeatureSpec,
  bars: BarColumns,
  targets: FeatureMatrixTargets,
): FeatureMatrix {
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
  const want = new Set<string>(features);
  const cols = features.length;
  checkTargets(targets, n, cols);
  const data = targets.out === undefined ? new Float64Array(n * cols) : targets.out.subarray(0, n * cols);
  const kept = targets.buffers;
  // Slots are taken in the same order on every call of one spec, so slot k is always one column.
  let slot = 0;
  const buffer = (length: number): Float64Array => kept.take(slot++, length);
  const column = (needed: boolean): Float64Array => (needed ? buffer(n) : EMPTY);
  let scratch: Float64Array | undefined;
  const junk = (): Float64Array => {
    scratch ??= buffer(n);
    return scratch;
  };

  const volSma = column(want.has('log_volume_ratio'));
  if (want.has('log_volume_ratio')) sma(volume, p.volumePeriod, volSma);
  const rsiV = column(want.has('rsi'));
  if (want.has('rsi')) rsi(close, p.rsiPeriod, rsiV);
  const hist = column(want.has('macd_hist_norm'));
  if (want.has('macd_hist_norm')) {
    // The line and the signal are written, never read back: one scratch serves both.
    macd(
      close,
      { fast: p.macdFast, slow: p.macdSlow, signal: p.macdSignal },
      { macd: junk(), signal: junk(), histogram: hist },
    );
  }
  const needBands = want.has('bb_percent_b') || want.has('bb_width');
  const upper = column(needBands);
  const lower = column(needBands);
  const middle = column(want.has('bb_width'));
  if (needBands) {
    bollinger(
      close,
      { period: p.bollingerPeriod, multiplier: p.bollingerMultiplier },
      { upper, lower, middle: want.has('bb_width') ? middle : junk() },
    );
  }
  const atrV = column(want.has('atr_ratio'));
  if (want.has('atr_ratio')) atr(high, low, close, p.atrPeriod, atrV);
  const volV = column(want.has('volatility'));
  if (want.has('volatility')) {
    const [period, ddof, scale] = volatilitySettings({ period: p.volatilityPeriod });
    volatilityInto(close, period, ddof, scale, volV, buffer(Math.max(n - 1, 0)));
  }
  const stochK = column(want.has('stoch_k'));
  if (want.has('stoch_k')) {
    stochastic(
      high,
      low,
      close,
      { kPeriod: p.stochasticPeriod, kSmoothing: p.stochasticSmoothing, dPeriod: 1 },
      { k: stochK, d: junk() },
    );
  }
  const closeSma = column(want.has('close_sma_ratio'));
  if (want.has('close_sma_ratio')) sma(close, p.smaPeriod, closeSma);
  const needSince = ['time_of_day', 'time_of_day_sin', 'time_of_day_cos', 'minutes_since_open'].some((f) =>
    want.has(f),
  );
  const since = column(needSince);
  const dow = column(want.has('day_of_week'));
  if (needSince || want.has('day_of_week')) {
    sessionColumns(
      time,
      session,
      sessionZone(session),
      needSince ? since : undefined,
      want.has('day_of_week') ? dow : undefined,
    );
  }
  const length = session.lengthMinutes;
  // One writer per column, each a small monomorphic function over one block's strided slots.
  const writers = features.map((name): ((from: number, to: number, o: number) => void) => {
    switch (name) {
      case 'log_return':
        return (from, to, o) => writeLogReturn(data, cols, from, to, o, close, 1);
      case 'log_return_5':
        return (from, to, o) => writeLogReturn(data, cols, from, to, o, close, 5);
      case 'log_volume_ratio':
        return (from, to, o) => writeVolumeRatio(data, cols, from, to, o, volume, volSma);
      case 'rsi':
        return (from, to, o) => writeScaled(data, cols, from, to, o, rsiV, 100);
      case 'macd_hist_norm':
        return (from, to, o) => writeRatio(data, cols, from, to, o, hist, close);
      case 'bb_percent_b':
        return (from, to, o) => writePercentB(data, cols, from, to, o, close, upper, lower);
      case 'bb_width':
        return (from, to, o) => writeWidth(data, cols, from, to, o, upper, lower, middle);
      case 'atr_ratio':
        return (from, to, o) => writeRatio(data, cols, from, to, o, atrV, close);
      case 'range_ratio':
        return (from, to, o) => writeWidth(data, cols, from, to, o, high, low, close);
      case 'volatility':
        return (from, to, o) => writeScaled(data, cols, from, to, o, volV, 1);
      case 'stoch_k':
        return (from, to, o) => writeScaled(data, cols, from, to, o, stochK, 100);
      case 'close_sma_ratio':
        return (from, to, o) => writeRatioMinusOne(data, cols, from, to, o, close, closeSma);
      case 'time_of_day':
        return (from, to, o) => writeScaled(data, cols, from, to, o, since, length);
      case 'time_of_day_sin':
        return (from, to, o) => writeCircle(data, cols, from, to, o, since, Math.sin);
      case 'time_of_day_cos':
        return (from, to, o) => writeCircle(data, cols, from, to, o, since, Math.cos);
      case 'minutes_since_open':
        return (from, to, o) => writeScaled(data, cols, from, to, o, since, 1);
      default: // 'day_of_week' (the names were validated with the spec)
        return (from, to, o) => writeScaled(data, cols, from, to, o, dow, 1);
    }
  });
  for (let from = 0; from < n; from += BLOCK) {
    const to = Math.min(n, from + BLOCK);
    for (let j = 0; j < cols; j++)
      (writers[j] as (from: number, to: number, o: number) => void)(from, to, from * cols + j);
  }

  let firstComplete = n;
  for (let i = 0, row = 0; i < n; i++, row += cols) {
    let all = true;
    for (let j = 0; j < cols; j++) {
      if (!Number.isFinite(data[row + j] as number)) {
        all = false;
        break;
      }
    }
    if (all) {
      firstComplete = i;
      break;
    }
  }
  let rowTime: Float64Array;
  if (targets.outTime === undefined) rowTime = time.slice();
  else {
    rowTime = targets.outTime.subarray(0, n);
    rowTime.set(time);
  }
  return { rows: n, cols, data, names: features, time: rowTime, firstComplete };
}

const EMPTY = new Float64Array(0);

function checkTargets({ out, outTime }: FeatureMatrixTargets, rows: number, cols: number): void {
  if (out !== undefined && out.length < rows * cols) {
    throw new MinhosError(
      'FEATURE_BAD_OUTPUT',
      `FeaturePipeline.compute: out has length ${out.length}, expected at least ${rows * cols} (${rows} rows × ${cols} features)`,
      { details: { output: 'out', length: out.length, expected: rows * cols, rows, cols } },
    );
  }
  if (outTime !== undefined && outTime.length < rows) {
    throw new MinhosError(
      'FEATURE_BAD_OUTPUT',
      `FeaturePipeline.compute: outTime has length ${outTime.length}, expected at least ${rows} (one per row)`,
      { details: { output: 'outTime', length: outTime.length, expected: rows } },
    );
  }
}

// The column writers: row i of the block goes to data[o], o advancing by `cols`. Each applies the
// same expression as the streaming path.

function writeLogReturn(
  data: Float64Array,
  cols: number,
  from: number,
  to: number,
  o: number,
  close: Float64Array,
  period: number,
): void {
  for (let i = from; i < to; i++, o += cols)
    data[o] = i < period ? Number.NaN : Math.log((close[i] as number) / (close[i - period] as number));
}

function writeVolumeRatio(
  data: Float64Array,
  cols: number,
  from: number,
  to: number,
  o: number,
  volume: Float64Array,
  average: Float64Array,
): void {
  const f = logVolumeRatio;
  for (let i = from; i < to; i++, o += cols) data[o] = f(volume[i] as number, average[i] as number);
}

/** `x / divisor` (1 copies: x / 1 is x exactly). */
function writeScaled(
  data: Float64Array,
  cols: number,
  from: number,
  to: number,
  o: number,
  x: Float64Array,
  divisor: number,
): void {
  for (let i = from; i < to; i++, o += cols) data[o] = (x[i] as number) / divisor;
}

function writeRatio(
  data: Float64Array,
  cols: number,
  from: number,
  to: number,
  o: number,
  x: Float64Array,
  y: Float64Array,
): void {
  for (let i = from; i < to; i++, o += cols) data[o] = (x[i] as number) / (y[i] as number);
}

function writeRatioMinusOne(
  data: Float64Array,
  cols: number,
  from: number,
  to: number,
  o: number,
  x: Float64Array,
  y: Float64Array,
): void {
  for (let i = from; i < to; i++, o += cols) data[o] = (x[i] as number) / (y[i] as number) - 1;
}

/** `(a − b) / c`: band width over the middle, range over the close. */
function writeWidth(
  data: Float64Array,
  cols: number,
  from: number,
  to: number,
  o: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
): void {
  for (let i = from; i < to; i++, o += cols)
    data[o] = ((a[i] as number) - (b[i] as number)) / (c[i] as number);
}

function writePercentB(
  data: Float64Array,
  cols: number,
  from: number,
  to: number,
  o: number,
  close: Float64Array,
  upper: Float64Array,
  lower: Float64Array,
): void {
  const f = percentB;
  for (let i = from; i < to; i++, o += cols)
    data[o] = f(close[i] as number, upper[i] as number, lower[i] as number);
}

function writeCircle(
  data: Float64Array,
  cols: number,
  from: number,
  to: number,
  o: number,
  since: Float64Array,
  f: (x: number) => number,
): void {
  const twoPi = TWO_PI;
  const day = MINUTES_PER_DAY;
  for (let i = from; i < to; i++, o += cols) data[o] = f((twoPi * (since[i] as number)) / day);
}
