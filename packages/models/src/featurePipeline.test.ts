import { BarSeries } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import {
  atr,
  bollinger,
  DEFAULT_FEATURES,
  FEATURE_NAMES,
  type FeatureMatrix,
  FeaturePipeline,
  labels,
  MinMaxScaler,
  macd,
  RobustScaler,
  rsi,
  StandardScaler,
  scalerFromJSON,
  sma,
} from './index.js';
import { esz13Minutes, seededRandom } from './internal/indicatorTestData.js';
import { throwsCode } from './internal/throwsCode.js';

const GLOBEX = { timeZone: 'America/Chicago', openMinute: 17 * 60, lengthMinutes: 23 * 60 } as const;
const ALL = new FeaturePipeline({ features: FEATURE_NAMES, session: GLOBEX });
const DEFAULT = new FeaturePipeline({ session: GLOBEX });

function col(m: FeatureMatrix, name: string): Float64Array {
  const j = m.names.indexOf(name as never);
  expect(j, name).toBeGreaterThanOrEqual(0);
  return Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j] as number);
}

describe('FeaturePipeline on ESZ13 1-minute bars', () => {
  const bars = esz13Minutes().slice(0, 5000);
  const X = DEFAULT.compute(bars);

  it('has the 8 default features, row-major, one row per bar', () => {
    expect(X.names).toEqual([
      'log_return',
      'log_volume_ratio',
      'rsi',
      'macd_hist_norm',
      'bb_percent_b',
      'atr_ratio',
      'range_ratio',
      'time_of_day',
    ]);
    expect(DEFAULT_FEATURES).toEqual(X.names);
    expect([X.rows, X.cols, X.data.length]).toEqual([5000, 8, 40_000]);
    expect(Array.from(X.time.subarray(0, 3))).toEqual(Array.from(bars.time.subarray(0, 3)));
    // MACD(12,26,9) is the last to warm up: first complete row is 33.
    expect(X.firstComplete).toBe(33);
  });

  it('computes each feature from the indicator it names', () => {
    const { close, high, low, volume } = bars;
    const i = 1234;
    const avgVol = sma(volume, 20)[i] as number;
    const bb = bollinger(close);
    const expected = [
      Math.log((close[i] as number) / (close[i - 1] as number)),
      Math.log(((volume[i] as number) + 1) / (avgVol + 1)),
      (rsi(close, 14)[i] as number) / 100,
      (macd(close).histogram[i] as number) / (close[i] as number),
      ((close[i] as number) - (bb.lower[i] as number)) / ((bb.upper[i] as number) - (bb.lower[i] as number)),
      (atr(high, low, close, 14)[i] as number) / (close[i] as number),
      ((high[i] as number) - (low[i] as number)) / (close[i] as number),
    ];
    expect(Array.from(X.data.subarray(i * 8, i * 8 + 7))).toEqual(expected);
  });

  it('time of day is minutes since the 17:00 Chicago open over 23 h, across the DST change', () => {
    const since = col(ALL.compute(bars), 'minutes_since_open');
    const dow = col(ALL.compute(bars), 'day_of_week');
    // First bar: 2013-10-06T22:00Z = Sunday 17:00 CDT (UTC−5): the open of Monday's session.
    expect(bars.time[0]).toBe(Date.parse('2013-10-06T22:00:00Z') * 1000);
    expect([since[0], dow[0]]).toEqual([0, 1]);
    expect(col(X, 'time_of_day')[0]).toBe(0);
    // 2013-11-04T14:30Z is Monday 08:30 CST (UTC−6, after DST ended on 2013-11-03): 930 minutes.
    const t = bars.lowerBound(Date.parse('2013-11-04T14:30:00Z') * 1000);
    if (bars.time[t] === Date.parse('2013-11-04T14:30:00Z') * 1000) {
      expect([since[t], dow[t]]).toEqual([930, 1]);
    }
    // Independent check of every bar against Intl's own wall-clock conversion.
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Chicago',
      hourCycle: 'h23',
      hour: 'numeric',
      minute: 'numeric',
    });
    for (let i = 0; i < bars.length; i++) {
      const d = new Date((bars.time[i] as number) / 1000);
      const parts = Object.fromEntries(fmt.formatToParts(d).map((p) => [p.type, Number(p.value)]));
      const minuteOfDay = (parts.hour as number) * 60 + (parts.minute as number);
      const want = (minuteOfDay - 1020 + 1440) % 1440;
      if (since[i] !== want) expect.fail(`bar ${i} (${d.toISOString()}): ${since[i]} ≠ ${want}`);
    }
  });

  const SOME = new FeaturePipeline({ features: ['stoch_k', 'day_of_week', 'log_return_5'], session: GLOBEX });
  it.each([
    ['all 17 features', ALL],
    ['the default 8', DEFAULT],
    ['a subset', SOME],
    [
      'all 17 on the UTC day, other periods',
      new FeaturePipeline({
        features: FEATURE_NAMES,
        params: { rsiPeriod: 5, macdFast: 3, macdSlow: 7, bollingerPeriod: 7, atrPeriod: 3, volumePeriod: 2 },
      }),
    ],
    [
      'reversed column order, a day session in Berlin',
      new FeaturePipeline({
        features: [...FEATURE_NAMES].reverse(),
        session: { timeZone: 'Europe/Berlin', openMinute: 8 * 60, lengthMinutes: 14 * 60 },
      }),
    ],
  ] as const)(
    'a streamed row equals the batch row bit for bit (%s), forming-bar updates included',
    (_label, pipeline) => {
      const all = pipeline.compute(bars);
      const live = pipeline.stream();
      const rand = seededRandom(7);
      for (let i = 0; i < bars.length; i++) {
        const b = bars.at(i) as NonNullable<ReturnType<typeof bars.at>>;
        live.next({ ...b, close: b.close + (rand() - 0.5), volume: b.volume * rand() });
        const row = live.update(b);
        for (let j = 0; j < all.cols; j++) {
          const want = all.data[i * all.cols + j] as number;
          if (!Object.is(row[j], want))
            expect.fail(`row ${i} ${all.names[j]}: stream ${row[j]}, batch ${want}`);
        }
      }
    },
  );

  it('round-trips its spec through JSON', () => {
    const spec = JSON.parse(JSON.stringify(ALL));
    const again = FeaturePipeline.fromJSON(spec);
    expect(again.spec).toEqual(ALL.spec);
    const a = again.compute(bars.slice(0, 300));
    expect(Array.from(a.data)).toEqual(Array.from(ALL.compute(bars.slice(0, 300)).data));
  });
});

describe('no look-ahead', () => {
  const base = esz13Minutes().slice(0, 3000);
  const X = ALL.compute(base);
  const rand = seededRandom(42);
  const cutoffs = [0, 1, 25, 33, 34, 500, 1717, 2998];
  for (let k = 0; k < 4; k++) cutoffs.push(1 + Math.floor(rand() * 2990));

  it.each(cutoffs)(
    'perturbing every bar after t=%i leaves features ≤ t and scalers fitted on [0, t] unchanged',
    (t) => {
      const c = base.clone();
      for (let i = t + 1; i < c.length; i++) {
        const scale = 0.5 + rand();
        c.open[i] = (c.open[i] as number) * scale;
        c.close[i] = (c.close[i] as number) * scale * (1 + (rand() - 0.5) * 0.1);
        c.high[i] = Math.max(c.open[i] as number, c.close[i] as number) * (1 + rand() * 0.05);
        c.low[i] = Math.min(c.open[i] as number, c.close[i] as number) * (1 - rand() * 0.05);
        c.volume[i] = Math.floor(rand() * 100_000);
        c.time[i] = (c.time[i - 1] as number) + Math.floor(1 + rand() * 600) * 60_000_000;
      }
      const Y = ALL.compute(new BarSeries(c));
      const upto = (t + 1) * X.cols;
      for (let i = 0; i < upto; i++) {
        if (!Object.is(X.data[i], Y.data[i])) {
          expect.fail(
            `row ${Math.floor(i / X.cols)} ${X.names[i % X.cols]} changed: ${X.data[i]} → ${Y.data[i]}`,
          );
        }
      }
      // The perturbation must actually reach the features after t (else the test proves nothing).
      if (t + 40 < X.rows) {
        let changed = 0;
        for (let i = upto; i < X.data.length; i++) if (!Object.is(X.data[i], Y.data[i])) changed++;
        expect(changed).toBeGreaterThan((X.data.length - upto) / 2);
      }
      // Scalers fitted on rows [0, t] see only those rows.
      if (t >= 40) {
        for (const make of [() => new StandardScaler(), () => new RobustScaler(), () => new MinMaxScaler()]) {
          const a = make()
            .fit(X, { start: 0, end: t + 1 })
            .toJSON();
          const b = make()
            .fit(Y, { start: 0, end: t + 1 })
            .toJSON();
          expect(b).toEqual(a);
        }
      }
    },
  );

  it('labels at t depend on close[t + h], and the last h rows are unlabelled', () => {
    const h = 5;
    const y = labels(base.close, { horizon: h });
    const n = base.length;
    for (let i = n - h; i < n; i++) expect(Number.isNaN(y.direction[i] as number)).toBe(true);
    const t = 1000;
    const c = base.clone();
    c.close[t + h] = (c.close[t + h] as number) * 1.5;
    const z = labels(c.close, { horizon: h });
    expect(z.direction[t]).toBe(1);
    for (let i = 0; i < n; i++) {
      if (i === t || i === t + h) continue;
      if (!Object.is(z.forwardReturn[i], y.forwardReturn[i])) expect.fail(`label ${i} changed`);
    }
  });
});

describe('scalers', () => {
  const X = DEFAULT.compute(esz13Minutes().slice(0, 4000));

  it('StandardScaler: training rows get mean 0 / std 1 per column; NaN passes through', () => {
    const s = new StandardScaler().fit(X, { start: 100, end: 2000 });
    const Z = s.transform(X);
    expect(Z.names).toEqual(X.names);
    expect(Number.isNaN(Z.data[0] as number)).toBe(true);
    for (let j = 0; j < X.cols; j++) {
      let sum = 0;
      let sq = 0;
      for (let i = 100; i < 2000; i++) sum += Z.data[i * X.cols + j] as number;
      const mean = sum / 1900;
      for (let i = 100; i < 2000; i++) sq += ((Z.data[i * X.cols + j] as number) - mean) ** 2;
      expect(Math.abs(mean)).toBeLessThan(1e-9);
      expect(Math.sqrt(sq / 1900)).toBeCloseTo(1, 9);
    }
  });

  it('RobustScaler: median → 0, IQR → 1 (NumPy linear quantiles)', () => {
    const m = {
      rows: 6,
      cols: 2,
      data: Float64Array.of(1, 10, 2, 10, 3, 10, 4, 10, 100, 10, Number.NaN, 10),
    };
    const s = new RobustScaler().fit(m);
    // Column 0 (finite: 1,2,3,4,100): median 3, q25 2, q75 4. Column 1 constant: scale 1.
    expect(s.toJSON().center).toEqual([3, 10]);
    expect(s.toJSON().scale).toEqual([2, 1]);
    expect(Array.from(s.transformRow([100, 12]))).toEqual([48.5, 2]);
  });

  it('MinMaxScaler maps the training range to [0, 1] and does not clip outside it', () => {
    const s = new MinMaxScaler().fit({ rows: 3, cols: 1, data: Float64Array.of(10, 15, 20) });
    expect(Array.from(s.transformRow([10]))).toEqual([0]);
    expect(Array.from(s.transformRow([25]))).toEqual([1.5]);
    expect(Array.from(s.inverseTransformRow([0.5]))).toEqual([15]);
  });

  it('serialises and restores exactly', () => {
    for (const s of [new StandardScaler(), new RobustScaler(), new MinMaxScaler()]) {
      s.fit(X, { start: 50, end: 3000 });
      const back = scalerFromJSON(JSON.parse(JSON.stringify(s)));
      expect(back.kind).toBe(s.kind);
      expect(Array.from(back.transform(X).data)).toEqual(Array.from(s.transform(X).data));
      expect(back.toJSON()).toEqual(s.toJSON());
    }
  });

  it('rejects bad input with stable codes', () => {
    throwsCode(() => new StandardScaler().transformRow([1]), 'SCALER_NOT_FITTED');
    throwsCode(() => new StandardScaler().fit(X, { start: 10, end: 5 }), 'SCALER_BAD_INPUT');
    throwsCode(() => new StandardScaler().fit(X, { start: 0, end: 20 }), 'SCALER_NO_DATA');
    throwsCode(() => new StandardScaler().fit(X).transformRow([1, 2]), 'SCALER_BAD_INPUT');
    throwsCode(
      () => scalerFromJSON({ version: 1, kind: 'magic', center: [0], scale: [1], fitRows: [0, 1] }),
      'SCALER_BAD_STATE',
    );
    throwsCode(
      () => scalerFromJSON({ version: 1, kind: 'standard', center: [0], scale: [0], fitRows: [0, 1] }),
      'SCALER_BAD_STATE',
    );
  });
});

describe('FeaturePipeline options', () => {
  it('rejects unknown features, bad params and bad sessions', () => {
    throwsCode(() => new FeaturePipeline({ features: ['nope' as never] }), 'FEATURE_BAD_SPEC');
    throwsCode(() => new FeaturePipeline({ features: [] }), 'FEATURE_BAD_SPEC');
    throwsCode(() => new FeaturePipeline({ features: ['rsi', 'rsi'] }), 'FEATURE_BAD_SPEC');
    throwsCode(() => new FeaturePipeline({ params: { rsiPeriod: 0 } }), 'FEATURE_BAD_SPEC');
    throwsCode(() => new FeaturePipeline({ params: { macdFast: 30 } }), 'FEATURE_BAD_SPEC');
    throwsCode(
      () => new FeaturePipeline({ session: { ...GLOBEX, timeZone: 'Mars/Olympus' } }),
      'FEATURE_BAD_SESSION',
    );
    throwsCode(
      () => new FeaturePipeline({ session: { ...GLOBEX, openMinute: 1440 } }),
      'FEATURE_BAD_SESSION',
    );
    throwsCode(() => FeaturePipeline.fromJSON({ version: 2 }), 'FEATURE_BAD_SPEC');
    throwsCode(() => FeaturePipeline.fromJSON({ ...ALL.spec, params: { bogus: 1 } }), 'FEATURE_BAD_SPEC');
  });

  it('a stream refuses bars that go back in time', () => {
    const live = DEFAULT.stream();
    live.next({ time: 120_000_000, open: 1, high: 1, low: 1, close: 1, volume: 1 });
    throwsCode(
      () => live.next({ time: 60_000_000, open: 1, high: 1, low: 1, close: 1, volume: 1 }),
      'FEATURE_BAD_INPUT',
    );
    throwsCode(
      () => DEFAULT.stream().update({ time: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }),
      'INDICATOR_NO_BAR',
    );
  });
});
