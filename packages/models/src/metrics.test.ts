import { describe, expect, it } from 'vitest';
import {
  brierScore,
  directionalAccuracy,
  logLoss,
  pearson,
  reliabilityTable,
  strategyPnl,
  wilsonInterval,
} from './metrics.js';

describe('wilsonInterval', () => {
  it('equals the roots of the score-test quadratic (p̂ − p)² = z² p(1 − p) / n', () => {
    // Reference values solved independently as quadratic roots in Python (not with this formula).
    const w = wilsonInterval(520, 1000);
    expect(w.lower).toBeCloseTo(0.4890177246575189, 12);
    expect(w.upper).toBeCloseTo(0.5508292050030589, 12);
    const s = wilsonInterval(3, 10);
    expect(s.lower).toBeCloseTo(0.10779126740630103, 12);
    expect(s.upper).toBeCloseTo(0.6032218525388546, 12);
  });

  it('stays inside [0, 1] at the extremes and is vacuous for n = 0', () => {
    expect(wilsonInterval(0, 5).lower).toBe(0);
    expect(wilsonInterval(5, 5).upper).toBe(1);
    expect(wilsonInterval(0, 0)).toMatchObject({ lower: 0, upper: 1 });
  });
});

describe('scores', () => {
  it('directional accuracy counts 0.5 as a miss', () => {
    const a = directionalAccuracy([0.9, 0.2, 0.5, 0.4], [1, 0, 1, 1]);
    expect(a.successes).toBe(2);
    expect(a.value).toBe(0.5);
  });

  it('log loss and Brier of a constant 0.5 are ln 2 and 0.25', () => {
    expect(logLoss([0.5, 0.5, 0.5], [1, 0, 1])).toBeCloseTo(Math.LN2, 12);
    expect(brierScore([0.5, 0.5], [1, 0])).toBe(0.25);
    expect(logLoss([0.8], [1])).toBeCloseTo(-Math.log(0.8), 12);
    expect(brierScore([0.8, 0.3], [1, 1])).toBeCloseTo((0.04 + 0.49) / 2, 12);
  });

  it('rejects mismatched lengths', () => {
    expect(() => logLoss([0.5], [1, 0])).toThrow(/one per sample/);
  });

  it('reliability table bins by predicted probability', () => {
    const t = reliabilityTable([0.05, 0.15, 0.12, 0.95, 1], [0, 1, 0, 1, 1], 10);
    expect(t).toHaveLength(10);
    expect(t[1]).toMatchObject({ count: 2, observedFrequency: 0.5 });
    expect(t[1]!.meanPredicted).toBeCloseTo(0.135, 12);
    expect(t[9]).toMatchObject({ count: 2, observedFrequency: 1 });
    expect(t[5]!.count).toBe(0);
    expect(t.reduce((s, b) => s + b.count, 0)).toBe(5);
  });

  it('strategy P&L charges costs on position changes', () => {
    const r = strategyPnl([0.7, 0.7, 0.2, 0.5], [0.01, -0.005, -0.02, 0.03], { costPerUnit: 0.001 });
    // long, long, short, flat: gross 0.01 − 0.005 + 0.02 + 0; changes 0→1 (1), 1→−1 (2), −1→0 (1).
    expect(r.costs).toBeCloseTo(0.004, 12);
    expect(r.totalReturn).toBeCloseTo(0.025 - 0.004, 12);
    expect(r.trades).toBe(3);
    expect(r.exposure).toBe(0.75);
    expect(r.hitRate).toBeCloseTo(2 / 3, 12);
  });

  it('pearson', () => {
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(Number.isNaN(pearson([1, 1, 1], [1, 2, 3]))).toBe(true);
  });
});
