import { type Bar, instrumentId } from '@minhos/core';
import { FeaturePipeline, LogisticRegressionModel, matrix } from '@minhos/models';
import { describe, expect, it } from 'vitest';
import { aiStrategy } from '../pipeline/aiStrategy.js';
import { modelMember } from '../pipeline/registryMember.js';
import { smaCrossoverStrategy } from '../strategy/index.js';
import { backtestingPyStats } from './backtestingPyStats.js';
import { walkForwardBacktest } from './walkForwardBacktest.js';

const es = {
  instrumentId: instrumentId('ES.CME'),
  pointValue: 50,
  tickSize: 0.25,
  currency: 'USD',
  marginPerContract: 0,
};
const bars: Bar[] = Array.from({ length: 1000 }, (_, i) => {
  const c = 4000 + Math.round(Math.sin(i / 17) * 40 + Math.sin(i / 5) * 8) / 4;
  return { time: i * 60_000_000, open: c, high: c + 0.5, low: c - 0.5, close: c, volume: 100 };
});

describe('walkForwardBacktest', () => {
  it('retrains per fold on past bars only, trades each test window, chains equity', async () => {
    const seen: { fold: number; lastTrain: number; n: number }[] = [];
    const wf = await walkForwardBacktest({
      instrument: es,
      bars,
      trainBars: 300,
      testBars: 200,
      warmupBars: 40,
      startingCapital: 100_000,
      commissionPerContract: 2.5,
      makeStrategy: (train, fold) => {
        seen.push({ fold, lastTrain: train[train.length - 1]!.time, n: train.length });
        // "Training": pick the fast length that did best on the training bars would go here; keep it simple.
        return smaCrossoverStrategy({ fast: 5, slow: 20, quantity: 1 });
      },
    });
    expect(wf.folds.map((f) => [f.train.from, f.train.to, f.test.from, f.test.to])).toEqual([
      [0, 300, 300, 500],
      [200, 500, 500, 700],
      [400, 700, 700, 900],
      [600, 900, 900, 1000],
    ]);
    for (const s of seen) {
      const fold = wf.folds[s.fold]!;
      expect(s.lastTrain).toBeLessThan(bars[fold.test.from]!.time); // no look-ahead
      expect(s.n).toBe(300);
    }
    for (let k = 1; k < wf.folds.length; k++)
      expect(wf.folds[k]!.startEquity).toBe(wf.folds[k - 1]!.endEquity);
    expect(wf.bars.length).toBe(700);
    expect(wf.equity.length).toBe(700);
    expect(wf.bars[0]).toBe(bars[300]);
    expect(wf.trades.length).toBe(wf.folds.reduce((a, f) => a + f.trades, 0));
    expect(wf.trades.length).toBeGreaterThan(4);
    // No trade before its fold's first test bar (warm-up intents are dropped).
    for (const t of wf.trades) expect(t.entryBar).toBeGreaterThanOrEqual(0);
    const stats = backtestingPyStats({ bars: wf.bars, equity: wf.equity, trades: wf.trades });
    expect(stats.tradeCount).toBe(wf.trades.length);
    expect(stats.equityFinal).toBe(wf.folds[wf.folds.length - 1]!.endEquity);
  });

  it('retrains a @minhos/models model per fold and trades it through the AI pipeline strategy', async () => {
    const trainedOn: number[] = [];
    const wf = await walkForwardBacktest({
      instrument: es,
      bars,
      trainBars: 400,
      testBars: 300,
      warmupBars: 60,
      startingCapital: 100_000,
      makeStrategy: async (train) => {
        const features = new FeaturePipeline();
        const col = (k: 'time' | 'open' | 'high' | 'low' | 'close' | 'volume') =>
          Float64Array.from(train, (b) => b[k]);
        const fm = features.compute({
          time: col('time'),
          open: col('open'),
          high: col('high'),
          low: col('low'),
          close: col('close'),
          volume: col('volume'),
        });
        const rows: number[] = [];
        const y: number[] = [];
        // Labels use the next bar, so the last training bar has none: nothing past the window is read.
        for (let r = 0; r < fm.rows - 1; r++) {
          const row = Array.from(fm.data.subarray(r * fm.cols, (r + 1) * fm.cols));
          if (row.some((v) => !Number.isFinite(v))) continue;
          rows.push(...row);
          y.push(train[r + 1]!.close > train[r]!.close ? 1 : 0);
        }
        const model = new LogisticRegressionModel();
        await model.fit(matrix(Float64Array.from(rows), y.length, fm.cols), Uint8Array.from(y));
        trainedOn.push(y.length);
        return aiStrategy({
          members: [modelMember({ name: 'logit', features }, model)],
          fusion: { weights: { logit: 1 } },
          regime: false,
          bracket: { stopLossPoints: 4, takeProfitPoints: 8 },
        });
      },
    });
    expect(wf.folds.length).toBe(2);
    expect(trainedOn.length).toBe(2);
    expect(trainedOn.every((n) => n > 300 && n < 400)).toBe(true);
    expect(wf.trades.length).toBeGreaterThan(0);
  });

  it('names bad windows', async () => {
    const make = () => smaCrossoverStrategy({ fast: 5, slow: 20, quantity: 1 });
    await expect(
      walkForwardBacktest({
        instrument: es,
        bars,
        trainBars: 0,
        testBars: 10,
        startingCapital: 1,
        makeStrategy: make,
      }),
    ).rejects.toThrow(/trainBars must be/);
    await expect(
      walkForwardBacktest({
        instrument: es,
        bars: bars.slice(0, 50),
        trainBars: 40,
        testBars: 20,
        startingCapital: 1,
        makeStrategy: make,
      }),
    ).rejects.toThrow(/need at least/);
  });
});
