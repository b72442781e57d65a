import type { Bar } from '@minhos/core';
import { atr, bollinger, ema, macd, rsi, sma, volatility, volumeRatio } from '@minhos/models';
import type { ChatIndicator } from './parseChatMessage.js';

/** An indicator reading at the last bar, with what it was computed on. */
export interface ChatIndicatorReading {
  readonly indicator: ChatIndicator;
  /** Main value (RSI 0..100, SMA/EMA/ATR in points, MACD line, volume in contracts, volatility fraction). */
  readonly value: number;
  /** The parameters used (period …) and secondary values (signal, bands, ratio …). */
  readonly details: Readonly<Record<string, number | string>>;
  /** One line for the chat. */
  readonly text: string;
  /** Bars it was computed on and the time of the last one (µs). */
  readonly bars: number;
  readonly lastBarTime: number;
}

const DEFAULT_PERIOD: Readonly<Record<ChatIndicator, number>> = {
  RSI: 14,
  SMA: 20,
  EMA: 20,
  MACD: 26,
  ATR: 14,
  BOLLINGER: 20,
  VOLUME: 20,
  VOLATILITY: 20,
  TREND: 20,
};

function col(bars: readonly Bar[], key: 'open' | 'high' | 'low' | 'close' | 'volume'): Float64Array {
  const out = new Float64Array(bars.length);
  for (let i = 0; i < bars.length; i++) out[i] = (bars[i] as Bar)[key];
  return out;
}

function last(a: Float64Array): number {
  return a[a.length - 1] as number;
}

const f2 = (v: number): string => v.toFixed(2);

/**
 * Computes `indicator` over `bars` (oldest first) with `@minhos/models`' TA-Lib-parity functions
 * and returns the value at the last bar, or a sentence saying why it cannot (too few bars for the
 * period's warm-up). TREND is the original's rule: SMA10 vs SMA20 beyond ±0.2 %.
 */
export function chatIndicatorValue(
  bars: readonly Bar[],
  indicator: ChatIndicator,
  period?: number,
): ChatIndicatorReading | string {
  const n = period ?? DEFAULT_PERIOD[indicator];
  if (!(Number.isInteger(n) && n >= 2 && n <= 500))
    return `the period must be a whole number 2..500, got ${n}`;
  const need = indicator === 'MACD' ? 34 : indicator === 'TREND' ? 20 : n + 1;
  if (bars.length < need)
    return `${indicator} ${indicator === 'MACD' ? '12/26/9' : n} needs at least ${need} bars, there are ${bars.length}`;
  const close = col(bars, 'close');
  const base = { indicator, bars: bars.length, lastBarTime: (bars[bars.length - 1] as Bar).time };
  switch (indicator) {
    case 'RSI': {
      const v = last(rsi(close, n));
      const zone = v > 70 ? 'overbought (> 70)' : v < 30 ? 'oversold (< 30)' : 'neutral (30–70)';
      return { ...base, value: v, details: { period: n, zone }, text: `RSI(${n}) ${f2(v)}, ${zone}` };
    }
    case 'SMA':
    case 'EMA': {
      const v = last(indicator === 'SMA' ? sma(close, n) : ema(close, n));
      const c = last(close);
      const rel = c > v ? 'above' : c < v ? 'below' : 'at';
      return {
        ...base,
        value: v,
        details: { period: n, close: c },
        text: `${indicator}(${n}) ${f2(v)}; the close ${f2(c)} is ${rel} it`,
      };
    }
    case 'MACD': {
      const m = macd(close);
      const line = last(m.macd);
      const signal = last(m.signal);
      const hist = last(m.histogram);
      return {
        ...base,
        value: line,
        details: { fast: 12, slow: 26, signal_period: 9, signal, histogram: hist },
        text: `MACD(12,26,9) ${f2(line)}, signal ${f2(signal)}, histogram ${f2(hist)} (${hist > 0 ? 'bullish' : hist < 0 ? 'bearish' : 'flat'})`,
      };
    }
    case 'ATR': {
      const v = last(atr(col(bars, 'high'), col(bars, 'low'), close, n));
      return { ...base, value: v, details: { period: n }, text: `ATR(${n}) ${f2(v)} points` };
    }
    case 'BOLLINGER': {
      const b = bollinger(close, { period: n, multiplier: 2 });
      const upper = last(b.upper);
      const lower = last(b.lower);
      const middle = last(b.middle);
      return {
        ...base,
        value: middle,
        details: { period: n, multiplier: 2, upper, lower },
        text: `Bollinger(${n}, 2): upper ${f2(upper)}, middle ${f2(middle)}, lower ${f2(lower)}; close ${f2(last(close))}`,
      };
    }
    case 'VOLUME': {
      const volume = col(bars, 'volume');
      const ratio = last(volumeRatio(volume, { slow: n }));
      const v = last(volume);
      const trend = ratio > 1.2 ? 'rising' : ratio < 0.8 ? 'falling' : 'normal';
      return {
        ...base,
        value: v,
        details: { period: n, ratio },
        text: `volume ${v} contracts on the last bar, ${f2(ratio)}× its ${n}-bar average (${trend})`,
      };
    }
    case 'VOLATILITY': {
      const v = last(volatility(close, { period: n }));
      const level = v > 0.02 ? 'high (> 2 %)' : v > 0.01 ? 'medium (> 1 %)' : 'low';
      return {
        ...base,
        value: v,
        details: { period: n, level },
        text: `volatility ${(100 * v).toFixed(3)} % per bar (stdev of ${n} log returns), ${level}`,
      };
    }
    case 'TREND': {
      const fast = last(sma(close, 10));
      const slow = last(sma(close, 20));
      const diff = (fast - slow) / slow;
      const direction = diff > 0.002 ? 'up' : diff < -0.002 ? 'down' : 'sideways';
      return {
        ...base,
        value: diff,
        details: { sma10: fast, sma20: slow, direction },
        text: `trend ${direction}: SMA10 ${f2(fast)} vs SMA20 ${f2(slow)} (${(100 * diff).toFixed(3)} %, threshold ±0.2 %)`,
      };
    }
  }
}
