import { US_PER_MINUTE, zoneOffsetMinutes } from '@minhos/core';
import type { FeatureSpec } from '../featureSpec.js';
import { volatilitySettings } from '../volatility.js';
import { MINUTES_PER_DAY, TWO_PI } from './featureFormulas.js';
import { EXACT, exactMoments, RollingMoments } from './RollingMoments.js';
import { BUCKET_US, PROBE_US } from './SessionKernel.js';
import { trueRangeOf } from './trueRangeOf.js';

/**
 * The features {@link fusedRowBlock} computes, in the order of their slot in its `col` argument
 * (the column each goes to, −1 when not selected).
 */
export const FUSED_FEATURES = [
  'log_return',
  'log_return_5',
  'log_volume_ratio',
  'rsi',
  'macd_hist_norm',
  'bb_percent_b',
  'bb_width',
  'atr_ratio',
  'range_ratio',
  'close_sma_ratio',
  'time_of_day',
  'time_of_day_sin',
  'time_of_day_cos',
  'minutes_since_open',
  'day_of_week',
  'volatility',
] as const;

/** Slots of {@link fusedRowBlock}'s `num` argument (periods, multipliers, session). */
export const FUSED_NUM = {
  volumePeriod: 0,
  rsiPeriod: 1,
  macdFast: 2,
  macdSlow: 3,
  macdSignal: 4,
  bollingerPeriod: 5,
  bollingerMultiplier: 6,
  atrPeriod: 7,
  smaPeriod: 8,
  sessionLength: 9,
  openMinute: 10,
  nextDay: 11,
  utc: 12,
  volatilityPeriod: 13,
  volatilityDivisor: 14,
  volatilityScale: 15,
  length: 16,
} as const;

/** {@link fusedRowBlock}'s `num` argument for `spec`, with `zone` its validated session zone. */
export function fusedNumbers(spec: FeatureSpec, zone: string): Float64Array {
  const { params: p, session } = spec;
  const [vPeriod, ddof, scale] = volatilitySettings({ period: p.volatilityPeriod });
  const num = new Float64Array(FUSED_NUM.length);
  num[FUSED_NUM.volumePeriod] = p.volumePeriod;
  num[FUSED_NUM.rsiPeriod] = p.rsiPeriod;
  num[FUSED_NUM.macdFast] = p.macdFast;
  num[FUSED_NUM.macdSlow] = p.macdSlow;
  num[FUSED_NUM.macdSignal] = p.macdSignal;
  num[FUSED_NUM.bollingerPeriod] = p.bollingerPeriod;
  num[FUSED_NUM.bollingerMultiplier] = p.bollingerMultiplier;
  num[FUSED_NUM.atrPeriod] = p.atrPeriod;
  num[FUSED_NUM.smaPeriod] = p.smaPeriod;
  num[FUSED_NUM.sessionLength] = session.lengthMinutes;
  num[FUSED_NUM.openMinute] = session.openMinute;
  num[FUSED_NUM.nextDay] = session.openMinute + session.lengthMinutes > MINUTES_PER_DAY ? 1 : 0;
  num[FUSED_NUM.utc] = zone === 'UTC' || zone === 'Etc/UTC' ? 1 : 0;
  num[FUSED_NUM.volatilityPeriod] = vPeriod;
  num[FUSED_NUM.volatilityDivisor] = vPeriod - ddof;
  num[FUSED_NUM.volatilityScale] = scale;
  return num;
}

/**
 * The first row at which every indicator the fused row pass continues for `spec` is in its steady
 * state (past its seed), so its kernel's state can be carried on by `fusedRowBlock`; at least 1
 * (the pass reads the previous close) and 5 with the five-bar return.
 */
export function fusedSteadyRow(spec: FeatureSpec): number {
  const { features, params: p } = spec;
  let row = 1;
  for (const name of features) {
    if (name === 'log_return_5') row = Math.max(row, 5);
    else if (name === 'log_volume_ratio') row = Math.max(row, p.volumePeriod - 1);
    else if (name === 'rsi') row = Math.max(row, p.rsiPeriod + 1);
    else if (name === 'macd_hist_norm') row = Math.max(row, p.macdSlow + p.macdSignal - 1);
    else if (name === 'bb_percent_b' || name === 'bb_width') row = Math.max(row, p.bollingerPeriod);
    else if (name === 'atr_ratio') row = Math.max(row, p.atrPeriod + 1);
    else if (name === 'close_sma_ratio') row = Math.max(row, p.smaPeriod - 1);
    else if (name === 'volatility') row = Math.max(row, p.volatilityPeriod + 1);
  }
  return row;
}

/**
 * The steady state of the feature pipeline's recurrent indicators and their final formulas in one
 * row loop: rows `[from, to)` of every selected {@link FUSED_FEATURES} column, written straight
 * into the row-major matrix. In separate per-indicator loops each pass waits on its own chain of
 * dependent arithmetic (the EMAs, Wilder's averages, the Welford moments, the divisions); in one
 * loop those chains overlap. Measured on 1 M bars, the 8 default features: 61–64 ms as kernels
 * plus per-feature writers, against ~40 ms for the same arithmetic in one hand-fused loop.
 *
 * Every expression is the one of the indicator's kernel (`smaBlock`, `rsiBlock`, `macdBlock`,
 * `bollingerBlock`, `atrBlock`, `sessionBlock`, `volatilityBlock` with `rollingM2Block`) and of the
 * feature's writer, in the same order, so
 * the values are the same bits (tested against the stream and at every block size). The kernels'
 * carried states come in and go back out through their state arrays; every selected indicator
 * must be past its warm-up at `from` (the caller runs the kernels until then). The session
 * cache restarts per call, as `sessionBlock` does per block. With the volatility selected,
 * `returns` is its full-length column of one-bar log returns: the pass writes row c's at c − 1
 * and reads the window's leaving values and resync windows back from it (`log_return` is the same
 * value).
 */
export function fusedRowBlock(
  close: Float64Array,
  high: Float64Array,
  low: Float64Array,
  volume: Float64Array,
  time: Float64Array,
  data: Float64Array,
  cols: number,
  col: Int32Array,
  num: Float64Array,
  zone: string,
  states: readonly [
    vol: Float64Array,
    rsi: Float64Array,
    macd: Float64Array,
    bb: Float64Array,
    atr: Float64Array,
    sma: Float64Array,
    volatility: Float64Array,
  ],
  tables: readonly [sin: Float64Array, cos: Float64Array],
  returns: Float64Array | undefined,
  start: number,
  end: number,
): void {
  const from = start | 0;
  const to = end | 0;
  const N = FUSED_NUM;
  const jLr = col[0] as number;
  const jLr5 = col[1] as number;
  const jVol = col[2] as number;
  const jRsi = col[3] as number;
  const jMacd = col[4] as number;
  const jPctB = col[5] as number;
  const jWidth = col[6] as number;
  const jAtr = col[7] as number;
  const jRange = col[8] as number;
  const jSma = col[9] as number;
  const jTod = col[10] as number;
  const jSin = col[11] as number;
  const jCos = col[12] as number;
  const jMin = col[13] as number;
  const jDow = col[14] as number;
  const jVola = col[15] as number;
  const bbOn = jPctB >= 0 || jWidth >= 0;
  const sessionOn = jTod >= 0 || jSin >= 0 || jCos >= 0 || jMin >= 0 || jDow >= 0;
  const [volSt, rsiSt, macdSt, bbSt, atrSt, smaSt, volaSt] = states;
  // The volatility: the rolling M2 of the one-bar log returns (`volatilityBlock`), which this pass
  // writes into `returns` (row c's at c − 1) as it goes: the window and its resyncs read them back.
  const volaOn = jVola >= 0 && returns !== undefined;
  const vP = num[N.volatilityPeriod] as number;
  const vDiv = num[N.volatilityDivisor] as number;
  const vScale = num[N.volatilityScale] as number;
  const vFlat = Math.max(vP, 2);
  let vMean = volaSt[0] as number;
  let vM2 = volaSt[1] as number;
  let vAnchor = volaSt[2] as number;
  let vRun = (volaSt[3] as number) | 0;
  let vLast = volaSt[4] as number;
  // The return index after which the M2 is recomputed exactly (row vNext + 1's return).
  let vNext = volaOn ? (volaSt[5] as number) : Number.POSITIVE_INFINITY;
  const rv = returns ?? close;
  const [sinTable, cosTable] = tables;
  // SMA(volume)
  const volP = num[N.volumePeriod] as number;
  let volSum = volSt[0] as number;
  // RSI
  const rsiP = num[N.rsiPeriod] as number;
  const rsiKeep = (rsiP - 1) / rsiP;
  const rsiW = 0.5 / rsiP;
  let gain = rsiSt[0] as number;
  let loss = rsiSt[1] as number;
  // MACD
  const kf = 2 / ((num[N.macdFast] as number) + 1);
  const ks = 2 / ((num[N.macdSlow] as number) + 1);
  const kg = 2 / ((num[N.macdSignal] as number) + 1);
  let fastPrev = macdSt[0] as number;
  let slowPrev = macdSt[1] as number;
  let sigPrev = macdSt[2] as number;
  // Bollinger
  const bbP = num[N.bollingerPeriod] as number;
  const bbK = num[N.bollingerMultiplier] as number;
  const flatRun = Math.max(bbP, 2);
  const resync = RollingMoments.RESYNC;
  let mean = bbSt[0] as number;
  let m2 = bbSt[1] as number;
  let anchor = bbSt[2] as number;
  let run = (bbSt[3] as number) | 0;
  let last = bbSt[4] as number;
  let bbSum = bbSt[5] as number;
  let nextResync = bbOn ? (bbSt[6] as number) : Number.POSITIVE_INFINITY;
  // ATR
  const atrP = num[N.atrPeriod] as number;
  const atrKeep = (atrP - 1) / atrP;
  const atrGain = 1 / atrP;
  let atr = atrSt[0] as number;
  // SMA(close)
  const smaP = num[N.smaPeriod] as number;
  let smaSum = smaSt[0] as number;
  // Session: the cache restarts here, as in `sessionBlock`.
  const length = num[N.sessionLength] as number;
  const openMinute = (num[N.openMinute] as number) | 0;
  const nextDay = (num[N.nextDay] as number) | 0;
  const utc = num[N.utc] === 1;
  const usPerMinute = US_PER_MINUTE;
  let offset = 0;
  let validFrom = utc ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  let validTo = utc ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  let dayStart = 0;
  let dayEnd = -1;
  let dowToday = 0;
  let dowYesterday = 0;

  for (let c = from; c < to; ) {
    // Chunks end after the Bollinger resync rows, as in `bollingerBlock`.
    // ... and after the volatility's: its M2 resyncs after return vNext, which is row vNext + 1's.
    const stop = Math.min(to, nextResync + 1, vNext + 2);
    let leaving = bbOn ? (close[c - bbP] as number) : 0;
    let vLeaving = volaOn ? (rv[c - 1 - vP] as number) : 0;
    for (let o = c * cols; c < stop; c++, o += cols) {
      const x = close[c] as number;
      const cp = close[c - 1] as number;
      if (volaOn) {
        // `volatilityBlock`: the return, then `rollingM2Block`'s steady step on it.
        const r = Math.log(x / cp);
        rv[c - 1] = r;
        if (jLr >= 0) data[o + jLr] = r;
        const xa = r - vAnchor;
        const old = vLeaving - vAnchor;
        const next = vMean + (xa - old) / vP;
        vM2 = vM2 + (xa - old) * (xa - next + old - vMean);
        vMean = next;
        vRun = +(r === vLast) * vRun + 1;
        vLast = r;
        vLeaving = rv[c - vP] as number;
        data[o + jVola] = Math.sqrt(Math.max(vRun >= vFlat ? 0 : vM2, 0) / vDiv) * vScale;
      } else if (jLr >= 0) data[o + jLr] = Math.log(x / cp);
      if (jLr5 >= 0) data[o + jLr5] = Math.log(x / (close[c - 5] as number));
      if (jVol >= 0) {
        const v = volume[c] as number;
        let avg: number;
        if (volP === 1)
          avg = (0 + v) / 1; // as `smaBlock` for a window of one
        else {
          volSum += v;
          avg = volSum / volP;
          volSum -= volume[c - volP + 1] as number;
        }
        data[o + jVol] = Math.log((v + 1) / (avg + 1));
      }
      if (jRsi >= 0) {
        const d = x - cp;
        gain = gain * rsiKeep + (d + Math.abs(d)) * rsiW;
        loss = loss * rsiKeep + (Math.abs(d) - d) * rsiW;
        const s = gain + loss;
        data[o + jRsi] = (s !== 0 ? 100 * (gain / s) : 0) / 100;
      }
      if (jMacd >= 0) {
        fastPrev = (x - fastPrev) * kf + fastPrev;
        slowPrev = (x - slowPrev) * ks + slowPrev;
        const line = fastPrev - slowPrev;
        sigPrev = (line - sigPrev) * kg + sigPrev;
        data[o + jMacd] = (line - sigPrev) / x;
      }
      if (bbOn) {
        const xa = x - anchor;
        const old = leaving - anchor;
        const next = mean + (xa - old) / bbP;
        m2 = m2 + (xa - old) * (xa - next + old - mean);
        mean = next;
        run = +(x === last) * run + 1;
        last = x;
        leaving = close[c - bbP + 1] as number;
        bbSum += x;
        const m = bbSum / bbP;
        bbSum = bbP === 1 ? 0 : bbSum - leaving; // as `bollingerBlock`
        const w = Math.sqrt(Math.max(run >= flatRun ? 0 : m2, 0) / bbP) * bbK;
        const up = m + w;
        const lo = m - w;
        if (jPctB >= 0) {
          // `percentB`
          const width = up - lo;
          data[o + jPctB] = Number.isNaN(width) ? Number.NaN : width > 0 ? (x - lo) / width : 0.5;
        }
        if (jWidth >= 0) data[o + jWidth] = (up - lo) / m;
      }
      if (jAtr >= 0 || jRange >= 0) {
        const h = high[c] as number;
        const l = low[c] as number;
        if (jAtr >= 0) {
          atr = atr * atrKeep + trueRangeOf(h, l, cp) * atrGain;
          data[o + jAtr] = atr / x;
        }
        if (jRange >= 0) data[o + jRange] = (h - l) / x;
      }
      if (jSma >= 0) {
        let sma: number;
        if (smaP === 1)
          sma = (0 + x) / 1; // as `smaBlock` for a window of one
        else {
          smaSum += x;
          sma = smaSum / smaP;
          smaSum -= close[c - smaP + 1] as number;
        }
        data[o + jSma] = x / sma - 1;
      }
      if (sessionOn) {
        const t = time[c] as number;
        if (!(t >= validFrom && t < validTo)) {
          offset = zoneOffsetMinutes(zone, t);
          if (!utc) {
            const bucket = Math.floor(Math.floor(t / 1000) / (BUCKET_US / 1000)) * BUCKET_US;
            validFrom = bucket;
            validTo =
              zoneOffsetMinutes(zone, bucket + PROBE_US) === offset
                ? bucket + PROBE_US + BUCKET_US
                : bucket + BUCKET_US;
          }
        }
        const local = Math.floor(t / usPerMinute) + offset;
        if (!(local >= dayStart && local < dayEnd)) {
          const epochDay = Math.floor(local / 1440);
          dayStart = epochDay * 1440;
          dayEnd = dayStart + 1440;
          dowToday = (((epochDay + nextDay + 4) % 7) + 7) % 7;
          dowYesterday = (((epochDay - 1 + nextDay + 4) % 7) + 7) % 7;
        }
        const minuteOfDay = local - dayStart;
        let s = minuteOfDay - openMinute;
        if (s < 0) s += 1440;
        if (jTod >= 0) data[o + jTod] = s / length;
        if (jSin >= 0 || jCos >= 0) {
          // `writeByMinute`: the table for whole minutes 1 … 1439, the expression otherwise.
          const mi = s | 0;
          const whole = mi === s && mi > 0 && mi < MINUTES_PER_DAY;
          if (jSin >= 0)
            data[o + jSin] = whole ? (sinTable[mi] as number) : Math.sin((TWO_PI * s) / MINUTES_PER_DAY);
          if (jCos >= 0)
            data[o + jCos] = whole ? (cosTable[mi] as number) : Math.cos((TWO_PI * s) / MINUTES_PER_DAY);
        }
        if (jMin >= 0) data[o + jMin] = s;
        if (jDow >= 0) data[o + jDow] = s > minuteOfDay ? dowYesterday : dowToday;
      }
    }
    if (c === vNext + 2) {
      exactMoments(rv, 0, vNext, vP);
      vMean = EXACT[0] as number;
      vM2 = EXACT[1] as number;
      vAnchor = EXACT[2] as number;
      vNext += resync;
    }
    if (c === nextResync + 1) {
      exactMoments(close, 0, nextResync, bbP);
      mean = EXACT[0] as number;
      m2 = EXACT[1] as number;
      anchor = EXACT[2] as number;
      nextResync += resync;
    }
  }
  volSt[0] = volSum;
  rsiSt[0] = gain;
  rsiSt[1] = loss;
  macdSt[0] = fastPrev;
  macdSt[1] = slowPrev;
  macdSt[2] = sigPrev;
  if (bbOn) {
    bbSt[0] = mean;
    bbSt[1] = m2;
    bbSt[2] = anchor;
    bbSt[3] = run;
    bbSt[4] = last;
    bbSt[5] = bbSum;
    bbSt[6] = nextResync;
  }
  atrSt[0] = atr;
  if (volaOn) {
    volaSt[0] = vMean;
    volaSt[1] = vM2;
    volaSt[2] = vAnchor;
    volaSt[3] = vRun;
    volaSt[4] = vLast;
    volaSt[5] = vNext;
  }
  smaSt[0] = smaSum;
}
