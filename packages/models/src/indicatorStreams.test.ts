import { isMinhosError } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import {
  AtrStream,
  atr,
  BollingerStream,
  bollinger,
  EmaStream,
  ema,
  type HlcBar,
  type IndicatorStream,
  logReturns,
  MacdStream,
  macd,
  ObvStream,
  obv,
  ReturnsStream,
  RsiStream,
  returns,
  rsi,
  SmaStream,
  StddevStream,
  StochasticStream,
  sma,
  stddev,
  stochastic,
  TrueRangeStream,
  trueRange,
  VolatilityStream,
  VolumeRatioStream,
  volatility,
  volumeRatio,
} from './index.js';
import { esz13Minutes, seededRandom, spyDaily } from './internal/indicatorTestData.js';

interface Columns {
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}
interface Bar4 extends HlcBar {
  readonly volume: number;
}

/** One indicator under test: its batch outputs and a stream fed from a bar. */
interface Case {
  name: string;
  batch: (c: Columns) => Float64Array[];
  stream: () => IndicatorStream<Bar4, unknown>;
}

/** Adapts a stream of numbers or objects so that every case is fed whole bars. */
function adapt<In, Out>(
  s: IndicatorStream<In, Out>,
  pick: (b: Bar4) => In,
): IndicatorStream<Bar4, Out> & { inner: IndicatorStream<In, Out> } {
  return {
    inner: s,
    next: (b) => s.next(pick(b)),
    update: (b) => s.update(pick(b)),
    get value() {
      return s.value;
    },
    get count() {
      return s.count;
    },
    get ready() {
      return s.ready;
    },
    reset: () => s.reset(),
  };
}

const close = (b: Bar4): number => b.close;
const cases: Case[] = [
  { name: 'sma(14)', batch: (c) => [sma(c.close, 14)], stream: () => adapt(new SmaStream(14), close) },
  { name: 'sma(1)', batch: (c) => [sma(c.close, 1)], stream: () => adapt(new SmaStream(1), close) },
  { name: 'ema(12)', batch: (c) => [ema(c.close, 12)], stream: () => adapt(new EmaStream(12), close) },
  { name: 'rsi(14)', batch: (c) => [rsi(c.close, 14)], stream: () => adapt(new RsiStream(14), close) },
  { name: 'rsi(2)', batch: (c) => [rsi(c.close, 2)], stream: () => adapt(new RsiStream(2), close) },
  {
    name: 'macd(12,26,9)',
    batch: (c) => {
      const m = macd(c.close);
      return [m.macd, m.signal, m.histogram];
    },
    stream: () => adapt(new MacdStream(), close),
  },
  {
    name: 'macd(5,8,1)',
    batch: (c) => {
      const m = macd(c.close, { fast: 5, slow: 8, signal: 1 });
      return [m.macd, m.signal, m.histogram];
    },
    stream: () => adapt(new MacdStream({ fast: 5, slow: 8, signal: 1 }), close),
  },
  {
    name: 'bollinger(20,2)',
    batch: (c) => {
      const b = bollinger(c.close);
      return [b.upper, b.middle, b.lower];
    },
    stream: () => adapt(new BollingerStream(), close),
  },
  {
    // A window of one: the middle band is the close itself, also after a NaN.
    name: 'bollinger(1,2)',
    batch: (c) => {
      const b = bollinger(c.close, { period: 1, multiplier: 2 });
      return [b.upper, b.middle, b.lower];
    },
    stream: () => adapt(new BollingerStream({ period: 1, multiplier: 2 }), close),
  },
  {
    name: 'stddev(20)',
    batch: (c) => [stddev(c.close, 20)],
    stream: () => adapt(new StddevStream(20), close),
  },
  // A window of exactly one re-anchoring interval: the first exact recomputation follows the warm-up's last bar.
  {
    name: 'stddev(256)',
    batch: (c) => [stddev(c.close, 256)],
    stream: () => adapt(new StddevStream(256), close),
  },
  {
    name: 'bollinger(256,1.5)',
    batch: (c) => {
      const b = bollinger(c.close, { period: 256, multiplier: 1.5 });
      return [b.upper, b.middle, b.lower];
    },
    stream: () => adapt(new BollingerStream({ period: 256, multiplier: 1.5 }), close),
  },
  {
    name: 'trueRange',
    batch: (c) => [trueRange(c.high, c.low, c.close)],
    stream: () => adapt(new TrueRangeStream(), (b) => b),
  },
  {
    name: 'atr(14)',
    batch: (c) => [atr(c.high, c.low, c.close, 14)],
    stream: () => adapt(new AtrStream(14), (b) => b),
  },
  {
    name: 'atr(1)',
    batch: (c) => [atr(c.high, c.low, c.close, 1)],
    stream: () => adapt(new AtrStream(1), (b) => b),
  },
  { name: 'returns(1)', batch: (c) => [returns(c.close)], stream: () => adapt(new ReturnsStream(1), close) },
  {
    name: 'logReturns(5)',
    batch: (c) => [logReturns(c.close, 5)],
    stream: () => adapt(new ReturnsStream(5, 'log'), close),
  },
  {
    name: 'volatility(20)',
    batch: (c) => [volatility(c.close, { period: 20, annualization: 252 })],
    stream: () => adapt(new VolatilityStream({ period: 20, annualization: 252 }), close),
  },
  {
    name: 'volumeRatio(5,20)',
    batch: (c) => [volumeRatio(c.volume, { fast: 5, slow: 20 })],
    stream: () => adapt(new VolumeRatioStream({ fast: 5, slow: 20 }), (b) => b.volume),
  },
  {
    name: 'stochastic(14,3,3)',
    batch: (c) => {
      const s = stochastic(c.high, c.low, c.close);
      return [s.k, s.d];
    },
    stream: () => adapt(new StochasticStream(), (b) => b),
  },
  { name: 'obv', batch: (c) => [obv(c.close, c.volume)], stream: () => adapt(new ObvStream(), (b) => b) },
];

function outputs(value: unknown): number[] {
  return typeof value === 'number' ? [value] : Object.values(value as Record<string, number>);
}

/** Bit-exact equality of one stream output against the batch outputs at bar i (NaN == NaN). */
function sameAt(name: string, i: number, got: unknown, batch: Float64Array[]): void {
  const values = outputs(got);
  if (values.length !== batch.length)
    expect.fail(`${name}: ${values.length} outputs, batch has ${batch.length}`);
  for (let k = 0; k < batch.length; k++) {
    const want = (batch[k] as Float64Array)[i] as number;
    if (!Object.is(values[k], want))
      expect.fail(`${name} output ${k} at bar ${i}: stream ${values[k]}, batch ${want}`);
  }
}

const datasets: Array<[string, () => Columns]> = [
  [
    'ESZ13 1-minute (6,000 bars)',
    () => {
      const s = esz13Minutes().slice(0, 6000);
      return { high: s.high, low: s.low, close: s.close, volume: s.volume };
    },
  ],
  ['SPY daily (5,849 bars)', () => spyDaily()],
];

describe.each(datasets)('streams equal batch bit for bit on %s', (_label, load) => {
  const cols = load();
  const n = cols.close.length;
  const bar = (i: number): Bar4 => ({
    high: cols.high[i] as number,
    low: cols.low[i] as number,
    close: cols.close[i] as number,
    volume: cols.volume[i] as number,
  });

  it.each(cases)('$name: next() only', ({ name, batch, stream }) => {
    const want = batch(cols);
    const s = stream();
    for (let i = 0; i < n; i++) sameAt(name, i, s.next(bar(i)), want);
    sameAt(name, n - 1, s.value, want);
    expect(s.count).toBe(n);
    expect(s.ready).toBe(true);
  });

  it.each(cases)(
    '$name: a forming bar revised with update() before the next bar opens',
    ({ name, batch, stream }) => {
      const want = batch(cols);
      const s = stream();
      const rand = seededRandom(n);
      const noisy = (b: Bar4): Bar4 => {
        const c = b.close * (1 + (rand() - 0.5) * 0.02);
        return { high: Math.max(b.high, c), low: Math.min(b.low, c), close: c, volume: b.volume * rand() };
      };
      for (let i = 0; i < n; i++) {
        s.next(noisy(bar(i)));
        s.update(noisy(bar(i)));
        s.update(noisy(bar(i)));
        sameAt(name, i, s.update(bar(i)), want);
        if (s.count !== i + 1) expect.fail(`${name}: count ${s.count} after bar ${i}`);
      }
      sameAt(name, n - 1, s.value, want);
    },
  );

  it.each(cases)('$name: reset() starts over', ({ name, batch, stream }) => {
    const want = batch(cols);
    const s = stream();
    for (let i = 0; i < 100; i++) s.next(bar(n - 1 - i));
    s.reset();
    expect(s.count).toBe(0);
    for (let i = 0; i < 200; i++) sameAt(name, i, s.next(bar(i)), want);
  });
});

/**
 * Odd inputs the batch kernels must treat exactly as the streams do: a NaN close, a bar with NaN
 * high and low, 40 bars at one price (flat windows, zero ranges), −0 prices and a NaN volume.
 * Values only: after a NaN some streams never become `ready` again, which the contract above
 * does not cover.
 */
function oddBars(): Columns {
  const s = esz13Minutes().slice(0, 2000);
  const high = s.high.slice();
  const low = s.low.slice();
  const close = s.close.slice();
  const volume = s.volume.slice();
  close[300] = Number.NaN;
  high[700] = Number.NaN;
  low[700] = Number.NaN;
  for (let i = 1000; i < 1040; i++) {
    high[i] = 1700;
    low[i] = 1700;
    close[i] = 1700;
  }
  high[1500] = -0;
  low[1500] = -0;
  close[1500] = -0;
  volume[1600] = Number.NaN;
  return { high, low, close, volume };
}

describe('streams equal batch bit for bit on NaN bars, a flat stretch and −0', () => {
  const cols = oddBars();
  it.each(cases)('$name', ({ name, batch, stream }) => {
    const want = batch(cols);
    const s = stream();
    for (let i = 0; i < cols.close.length; i++) {
      sameAt(
        name,
        i,
        s.next({ high: cols.high[i]!, low: cols.low[i]!, close: cols.close[i]!, volume: cols.volume[i]! }),
        want,
      );
    }
  });
});

describe('stream contract', () => {
  it.each(cases)('$name: update() before next() is INDICATOR_NO_BAR', ({ stream }) => {
    const s = stream();
    let caught: unknown;
    try {
      s.update({ high: 1, low: 1, close: 1, volume: 1 });
    } catch (e) {
      caught = e;
    }
    expect(isMinhosError(caught, 'INDICATOR_NO_BAR')).toBe(true);
    expect(s.count).toBe(0);
  });

  it('ready flips exactly when the first defined value appears', () => {
    const s = new RsiStream(3);
    const flags = [1, 2, 3, 4, 5].map((x) => {
      const v = s.next(x);
      return [s.ready, Number.isNaN(v)];
    });
    expect(flags).toEqual([
      [false, true],
      [false, true],
      [false, true],
      [true, false],
      [true, false],
    ]);
  });
});
