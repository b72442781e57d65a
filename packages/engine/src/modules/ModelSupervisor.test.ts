import { breakerBreaches, DEFAULT_RISK_LIMITS } from '@minhos/risk';
import { describe, expect, it } from 'vitest';
import { ModelSupervisor, probabilityOf } from './ModelSupervisor.js';

// A zig-zag series: up, down, up, down… `previous-direction` is always wrong there and
// `contrarian` always right, so a member that follows the last move sits below the best baseline.
const zigzag = (n: number) => Array.from({ length: n }, (_, i) => 100 + (i % 2));

describe('ModelSupervisor', () => {
  it('scores each call at the next bar, with the baselines on the same bars', () => {
    const sup = new ModelSupervisor({ window: 10, minSamples: 2, belowBaselineBars: 5, recoveryBars: 5 });
    const closes = [100, 101, 102, 101];
    let h = sup.observe('m', 0, closes[0] as number, { direction: 1, confidence: 0.8 });
    for (let i = 1; i < closes.length; i++)
      h = sup.observe('m', i, closes[i] as number, { direction: 1, confidence: 0.8 });
    // Calls: up@100 (hit), up@101 (hit), up@102 (miss).
    expect(h.samples).toBe(3);
    expect(h.accuracy).toBeCloseTo(2 / 3, 12);
    expect(h.baselines['always-long']).toBeCloseTo(2 / 3, 12);
    // p = 0.9 throughout: log loss = −(2 ln 0.9 + ln 0.1) / 3, Brier = (2·0.01 + 0.81) / 3.
    expect(h.logLoss).toBeCloseTo(-(2 * Math.log(0.9) + Math.log(0.1)) / 3, 12);
    expect(h.brier).toBeCloseTo((2 * 0.01 + 0.81) / 3, 12);
    expect(h.calibrationGap).toBeCloseTo(0.9 - 2 / 3, 12);
  });

  it('suspends a member below its baseline for the configured streak, alerts, and recovers', () => {
    const sup = new ModelSupervisor({
      window: 10,
      minSamples: 4,
      belowBaselineBars: 3,
      recoveryBars: 3,
      maxDirectionShare: 1,
    });
    const closes = zigzag(40);
    let last = 100;
    for (let i = 0; i < 20; i++) {
      const c = closes[i] as number;
      // Follows the last move: wrong on every zig-zag bar.
      const dir = c >= last ? 1 : -1;
      sup.observe('trend', i, c, { direction: dir, confidence: 0.6 });
      last = c;
    }
    expect(sup.suspended('trend')).toBe(true);
    expect(sup.health('trend')?.bestBaseline).toBe('contrarian');
    const alert = sup.alerts().find((a) => a.kind === 'suspended');
    expect(alert?.member).toBe('trend');
    expect(alert?.reason).toMatch(/below baseline for 3 calls/);
    // Now it turns contrarian (always right): after `recoveryBars` judged calls at the baseline, and once
    // the window's accuracy has caught up, it votes again.
    for (let i = 20; i < 40; i++) {
      const c = closes[i] as number;
      sup.observe('trend', i, c, { direction: c >= last ? -1 : 1, confidence: 0.6 });
      last = c;
    }
    expect(sup.suspended('trend')).toBe(false);
    expect(
      sup
        .alerts()
        .filter((a) => a.kind !== 'bias')
        .map((a) => a.kind),
    ).toEqual(['suspended', 'recovered']);
  });

  it('also judges against the fitted logistic-on-lagged-returns baseline, fitted only on known outcomes', () => {
    // Returns with a lag-2 dependence and none at lag 1: r_t = −0.9·r_(t−2) + noise. The last-move
    // rules sit near 50 %, the fitted logistic sees lag 2 and calls most bars; a member at 50 %
    // (a coin) is below that baseline and suspended — never with the rule baselines alone.
    let seed = 7;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    const r: number[] = [0.01, -0.004];
    for (let t = 2; t < 1400; t++) r.push(-0.9 * (r[t - 2] as number) + 0.004 * rand());
    let close = 100;
    const sup = new ModelSupervisor({
      window: 200,
      minSamples: 100,
      belowBaselineBars: 30,
      recoveryBars: 30,
      maxDirectionShare: 1,
      maxProbabilityDrift: 1,
    });
    let h = sup.observe('coin', 0, close, { direction: 1, confidence: 0.2 });
    for (let t = 0; t < r.length; t++) {
      close *= Math.exp(r[t] as number);
      h = sup.observe('coin', t + 1, close, { direction: rand() > 0 ? 1 : -1, confidence: 0.2 });
    }
    expect(h.baselines['previous-direction']).toBeLessThan(0.62);
    expect(h.baselines.contrarian).toBeLessThan(0.62);
    expect(h.baselines['logistic-lagged-returns']).toBeGreaterThan(0.8);
    expect(h.bestBaseline).toBe('logistic-lagged-returns');
    expect(h.accuracy).toBeLessThan(0.62);
    expect(h.status).toBe('suspended');
    expect(sup.allHealth()).toEqual([h]);
    expect(
      sup.alerts().some((a) => a.kind === 'suspended' && a.reason.includes('logistic-lagged-returns')),
    ).toBe(true);
  });

  it('leaves the logistic baseline out of the judgement until it has called every bar of the window', () => {
    const sup = new ModelSupervisor({ window: 10, minSamples: 2, belowBaselineBars: 5, recoveryBars: 5 });
    let h = sup.observe('m', 0, 100, { direction: 1, confidence: 0.8 });
    for (let i = 1; i < 8; i++) h = sup.observe('m', i, 100 + i, { direction: 1, confidence: 0.8 });
    expect(Number.isNaN(h.baselines['logistic-lagged-returns'])).toBe(true);
    expect(h.bestBaseline).not.toBe('logistic-lagged-returns');
  });

  it('detects bias: one direction dominating, and P(up) drifting from the training mean', () => {
    const sup = new ModelSupervisor(
      { window: 20, minSamples: 5, maxDirectionShare: 0.8, maxProbabilityDrift: 0.1 },
      { trainingMeanProbability: { m: 0.5 } },
    );
    for (let i = 0; i < 12; i++)
      sup.observe('m', i, 100 + (i % 3), { direction: 1, confidence: 0.5, probabilityUp: 0.7 });
    const h = sup.health('m');
    expect(h?.upShare).toBe(1);
    expect(h?.bias.join(' ')).toMatch(/up calls are 100 %/);
    expect(h?.bias.join(' ')).toMatch(/drifted from the training mean 0.5/);
    expect(sup.alerts().filter((a) => a.kind === 'bias')).toHaveLength(1);
  });

  it('feeds the risk package’s model-accuracy breaker', () => {
    const sup = new ModelSupervisor({ window: 120, minSamples: 5 });
    const closes = zigzag(130);
    let last = 100;
    for (let i = 0; i < closes.length; i++) {
      const c = closes[i] as number;
      sup.observe('trend', i, c, { direction: c >= last ? 1 : -1, confidence: 0.6 });
      last = c;
    }
    const outcomes = sup.predictionOutcomes('trend');
    expect(outcomes.length).toBeGreaterThanOrEqual(DEFAULT_RISK_LIMITS.modelAccuracy.window);
    const kinds = breakerBreaches({ predictionOutcomes: outcomes }, DEFAULT_RISK_LIMITS).map((b) => b.kind);
    expect(kinds).toContain('MODEL_ACCURACY');
    // Without a name: every member's outcomes merged by time.
    sup.observe('other', 200, 100, { direction: 1, confidence: 0.6 });
    sup.observe('other', 201, 101, { direction: 1, confidence: 0.6 });
    const merged = sup.predictionOutcomes();
    expect(merged).toHaveLength(outcomes.length + 1);
    expect(merged[merged.length - 1]).toBe(true);
  });

  it('reads P(up) from the model or from direction and confidence; rejects bad input', () => {
    expect(probabilityOf({ direction: -1, confidence: 0.4 })).toBeCloseTo(0.3, 12);
    expect(probabilityOf({ direction: 1, confidence: 0.4, probabilityUp: 0.61 })).toBe(0.61);
    expect(() => new ModelSupervisor({ window: 5, minSamples: 6 })).toThrow(
      /minSamples \(6\) must not exceed window \(5\)/,
    );
    expect(() => new ModelSupervisor().observe('m', 0, Number.NaN, { direction: 0, confidence: 0 })).toThrow(
      /close of m/,
    );
  });
});
