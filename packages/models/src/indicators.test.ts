import { isMinhosError } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import {
  atr,
  bollinger,
  ema,
  logReturns,
  MacdStream,
  macd,
  obv,
  returns,
  rsi,
  SmaStream,
  sma,
  stddev,
  stochastic,
  trueRange,
  volatility,
  volumeRatio,
} from './index.js';
import { seededRandom } from './internal/indicatorTestData.js';

const f = (...v: number[]): Float64Array => Float64Array.from(v);
const arr = (a: Float64Array): number[] => Array.from(a);

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isMinhosError(e) ? e.code : `not a MinhosError: ${String(e)}`;
  }
  return undefined;
}

describe('small worked examples (also the TSDoc examples)', () => {
  it('sma / ema', () => {
    expect(arr(sma(f(1, 2, 3, 4), 2))).toEqual([Number.NaN, 1.5, 2.5, 3.5]);
    expect(arr(ema(f(1, 2, 3, 4), 3))).toEqual([Number.NaN, Number.NaN, 2, 3]);
    const s = new SmaStream(2);
    expect([s.next(1), s.next(2), s.update(4), s.next(6)]).toEqual([Number.NaN, 1.5, 2.5, 5]);
  });
  it('rsi (Wilder) and its flat-market convention', () => {
    expect(arr(rsi(f(1, 2, 3, 2, 3), 2))).toEqual([Number.NaN, Number.NaN, 100, 50, 75]);
    expect(rsi(f(5, 5, 5, 5), 2)[3]).toBe(0);
  });
  it('stddev (population), volatility (sample of log returns)', () => {
    expect(stddev(f(2, 4, 4, 4, 5, 5, 7, 9), 8)[7]).toBe(2);
    const close = f(100, 101, 99, 102, 103);
    const r = [1, 2, 3, 4].map((i) => Math.log((close[i] as number) / (close[i - 1] as number)));
    const mean = r.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
    const v = volatility(close, { period: 4 });
    expect(Number.isNaN(v[3] as number)).toBe(true);
    expect(v[4]).toBeCloseTo(sd, 15);
    expect(volatility(close, { period: 4, annualization: 252 })[4]).toBeCloseTo(sd * Math.sqrt(252), 13);
  });
  it('trueRange / atr / obv / returns / volumeRatio', () => {
    expect(arr(trueRange(f(10, 12), f(9, 11.5), f(9.5, 12)))).toEqual([Number.NaN, 2.5]);
    expect(arr(atr(f(11, 12, 13, 12), f(9, 10, 11, 10), f(10, 11, 12, 11), 2))).toEqual([
      Number.NaN,
      Number.NaN,
      2,
      2,
    ]);
    expect(arr(obv(f(10, 11, 10.5, 10.5), f(100, 200, 50, 70)))).toEqual([100, 300, 250, 250]);
    expect(returns(f(100, 101))[1]).toBeCloseTo(0.01, 15);
    expect(logReturns(f(100, 110))[1]).toBeCloseTo(Math.log(1.1), 15);
    expect(arr(volumeRatio(f(10, 10, 40), { slow: 3 }))).toEqual([Number.NaN, Number.NaN, 2]);
    expect(Number.isNaN(volumeRatio(f(0, 0), { slow: 2 })[1] as number)).toBe(true);
  });
  it('macd starts at index slow + signal − 2 and matches EMA arithmetic', () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => 100 + Math.sin(i / 3) * 5);
    const m = macd(x, { fast: 3, slow: 5, signal: 2 });
    expect(m.macd.findIndex((v) => !Number.isNaN(v))).toBe(5);
    // Aligned seeding: fast EMA seeded on x[2..4], slow on x[0..4].
    let fast = ((x[2] as number) + (x[3] as number) + (x[4] as number)) / 3;
    let slow =
      ((x[0] as number) + (x[1] as number) + (x[2] as number) + (x[3] as number) + (x[4] as number)) / 5;
    const line4 = fast - slow;
    fast = ((x[5] as number) - fast) * 0.5 + fast;
    slow = ((x[5] as number) - slow) * (2 / 6) + slow;
    expect(m.macd[5]).toBeCloseTo(fast - slow, 12);
    expect(m.signal[5]).toBeCloseTo((line4 + (fast - slow)) / 2, 12);
  });
  it('stochastic %K is where the close sits in the range', () => {
    const h = f(10, 11, 12, 13, 14);
    const l = f(8, 9, 10, 11, 12);
    const c = f(9, 10, 11, 12, 14);
    const s = stochastic(h, l, c, { kPeriod: 3, kSmoothing: 1, dPeriod: 2 });
    expect(arr(s.k).slice(2)).toEqual([75, 75, 100]);
    expect(arr(s.d).slice(2)).toEqual([Number.NaN, 75, 87.5]);
  });
});

describe('rolling max/min of the stochastic against brute force', () => {
  it('random walk, several periods', () => {
    const rand = seededRandom(3);
    const n = 3000;
    const c = new Float64Array(n);
    const h = new Float64Array(n);
    const l = new Float64Array(n);
    let p = 100;
    for (let i = 0; i < n; i++) {
      p += rand() - 0.5;
      c[i] = p;
      h[i] = p + rand() * (rand() < 0.1 ? 0 : 1);
      l[i] = p - rand();
    }
    for (const k of [1, 2, 5, 14, 50]) {
      const s = stochastic(h, l, c, { kPeriod: k, kSmoothing: 1, dPeriod: 1 });
      for (let i = k - 1; i < n; i++) {
        let hi = Number.NEGATIVE_INFINITY;
        let lo = Number.POSITIVE_INFINITY;
        for (let j = i - k + 1; j <= i; j++) {
          hi = Math.max(hi, h[j] as number);
          lo = Math.min(lo, l[j] as number);
        }
        const want = hi - lo !== 0 ? ((c[i] as number) - lo) / ((hi - lo) / 100) : 0;
        if (s.k[i] !== want) expect.fail(`k=${k} bar ${i}: ${s.k[i]} ≠ ${want}`);
      }
    }
  });
});

describe('numerics over long series', () => {
  it('stddev stays accurate at price level 4000 over 200k bars (vs exact two-pass)', () => {
    const rand = seededRandom(11);
    const n = 200_000;
    const x = new Float64Array(n);
    let p = 4000;
    for (let i = 0; i < n; i++) {
      p += Math.round((rand() - 0.5) * 8) * 0.25;
      x[i] = p;
    }
    const sd = stddev(x, 20);
    let worst = 0;
    for (let i = 19; i < n; i += 997) {
      let s = 0;
      for (let j = i - 19; j <= i; j++) s += x[j] as number;
      const mean = s / 20;
      let q = 0;
      for (let j = i - 19; j <= i; j++) q += ((x[j] as number) - mean) ** 2;
      const exact = Math.sqrt(q / 20);
      const err = Math.abs((sd[i] as number) - exact) / Math.max(exact, 1e-12);
      if (exact > 0.1) worst = Math.max(worst, err);
    }
    expect(worst).toBeLessThan(1e-9);
  });
});

describe('input validation', () => {
  it('bad periods and options are INDICATOR_BAD_PARAM', () => {
    const x = f(1, 2, 3);
    expect(code(() => sma(x, 0))).toBe('INDICATOR_BAD_PARAM');
    expect(code(() => ema(x, 1.5))).toBe('INDICATOR_BAD_PARAM');
    expect(code(() => rsi(x, Number.NaN))).toBe('INDICATOR_BAD_PARAM');
    expect(code(() => macd(x, { fast: 26, slow: 12 }))).toBe('INDICATOR_BAD_PARAM');
    expect(code(() => new MacdStream({ signal: 0 }))).toBe('INDICATOR_BAD_PARAM');
    expect(code(() => bollinger(x, { multiplier: Number.POSITIVE_INFINITY }))).toBe('INDICATOR_BAD_PARAM');
    expect(code(() => volatility(x, { period: 1 }))).toBe('INDICATOR_BAD_PARAM');
    expect(code(() => volumeRatio(x, { fast: 5, slow: 3 }))).toBe('INDICATOR_BAD_PARAM');
  });
  it('mismatched columns and output buffers are INDICATOR_BAD_INPUT', () => {
    expect(code(() => atr(f(1, 2), f(1), f(1, 2)))).toBe('INDICATOR_BAD_INPUT');
    expect(code(() => sma(f(1, 2), 1, new Float64Array(3)))).toBe('INDICATOR_BAD_INPUT');
    expect(code(() => obv(f(1), f(1, 2)))).toBe('INDICATOR_BAD_INPUT');
  });
  it('a reused output buffer is fully overwritten (no stale values)', () => {
    const out = new Float64Array(4).fill(123);
    expect(sma(f(1, 2, 3, 4), 3, out)).toBe(out);
    expect(arr(out)).toEqual([Number.NaN, Number.NaN, 2, 3]);
    const bufs = {
      macd: new Float64Array(4).fill(7),
      signal: new Float64Array(4),
      histogram: new Float64Array(4),
    };
    macd(f(1, 2, 3, 4), {}, bufs);
    expect(arr(bufs.macd).every(Number.isNaN)).toBe(true);
  });
  it('inputs shorter than the warm-up give all-NaN outputs of the same length', () => {
    const x = f(1, 2, 3);
    for (const out of [
      sma(x, 5),
      ema(x, 5),
      rsi(x, 3),
      stddev(x, 4),
      atr(x, x, x, 3),
      macd(x).histogram,
      bollinger(x).upper,
    ]) {
      expect(out.length).toBe(3);
      expect(arr(out).every(Number.isNaN)).toBe(true);
    }
    expect(sma(new Float64Array(0), 3).length).toBe(0);
  });
});
