import { describe, expect, it } from 'vitest';
import { IsotonicCalibrator } from './IsotonicCalibrator.js';
import { mulberry32 } from './internal/rng.js';
import { brierScore } from './metrics.js';

describe('IsotonicCalibrator', () => {
  it('pools adjacent violators like scikit-learn IsotonicRegression', () => {
    // sklearn: IsotonicRegression().fit([.1,.2,.3,.4,.5,.6], [1,0,1,0,1,1]).predict(...) = [.5,.5,.5,.5,1,1]
    const cal = new IsotonicCalibrator().fit([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [1, 0, 1, 0, 1, 1]);
    const out = Array.from(cal.transform([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]));
    // Block means of x are 0.25 (first four) and 0.55; values inside a block interpolate linearly,
    // so only the block centres and the ends are pinned.
    expect(cal.transform([0.25, 0.55, 0.6, 0.05])).toEqual(Float64Array.from([0.5, 1, 1, 0.5]));
    expect(out[0]).toBe(0.5);
    for (let i = 1; i < out.length; i++) expect(out[i]!).toBeGreaterThanOrEqual(out[i - 1]!);
  });

  it('gives tied raw probabilities one calibrated value', () => {
    const cal = new IsotonicCalibrator().fit([0.5, 0.5, 0.5, 0.9], [0, 1, 1, 1]);
    expect(cal.transform([0.5])[0]).toBeCloseTo(2 / 3, 12);
  });

  it('repairs an over-confident model (Brier improves out of sample)', () => {
    const rand = mulberry32(3);
    const make = (n: number) => {
      const raw: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < n; i++) {
        const truth = 0.3 + 0.4 * rand();
        y.push(rand() < truth ? 1 : 0);
        raw.push(Math.min(1, Math.max(0, 0.5 + 2.5 * (truth - 0.5)))); // stretched: over-confident
      }
      return { raw, y };
    };
    const fit = make(4000);
    const test = make(4000);
    const cal = new IsotonicCalibrator().fit(fit.raw, fit.y);
    const after = cal.transform(test.raw);
    expect(brierScore(after, test.y)).toBeLessThan(brierScore(test.raw, test.y) - 0.005);
    const report = cal.report(test.raw, test.y, 5);
    expect(report.after.brier).toBeLessThan(report.before.brier);
    // Calibrated bins: observed frequency within a few points of the mean prediction.
    for (const b of report.after.table.filter((x) => x.count > 300)) {
      expect(Math.abs(b.observedFrequency - b.meanPredicted)).toBeLessThan(0.05);
    }
  });

  it('round-trips through JSON and rejects bad input', () => {
    const cal = new IsotonicCalibrator().fit([0.2, 0.8], [0, 1]);
    const again = IsotonicCalibrator.fromJSON(JSON.parse(JSON.stringify(cal.toJSON())));
    expect(again.transform([0.3, 0.7])).toEqual(cal.transform([0.3, 0.7]));
    expect(() => new IsotonicCalibrator().fit([Number.NaN], [1])).toThrow(/finite probability/);
    expect(() => new IsotonicCalibrator().transform([0.5])).toThrow(/before fit/);
  });
});
