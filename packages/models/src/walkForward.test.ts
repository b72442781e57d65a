import { describe, expect, it } from 'vitest';
import { walkForwardSplits } from './walkForward.js';

describe('walkForwardSplits', () => {
  it('expanding: training starts at 0, tests follow after the purge gap without overlap', () => {
    const folds = walkForwardSplits({
      rows: 1000,
      mode: 'expanding',
      trainSize: 400,
      testSize: 150,
      purge: 5,
    });
    expect(folds).toHaveLength(3);
    for (const f of folds) {
      expect(f.trainStart).toBe(0);
      expect(f.testStart - f.trainEnd).toBe(5);
      expect(f.testEnd).toBeLessThanOrEqual(1000);
    }
    expect(folds[1]!.testStart).toBe(folds[0]!.testEnd);
  });

  it('rolling: fixed-length windows slide by step', () => {
    const folds = walkForwardSplits({
      rows: 1000,
      mode: 'rolling',
      trainSize: 300,
      testSize: 100,
      purge: 2,
      step: 50,
    });
    for (const f of folds) expect(f.trainEnd - f.trainStart).toBe(300);
    expect(folds[1]!.trainStart).toBe(50);
    expect(folds.at(-1)!.testEnd).toBeLessThanOrEqual(1000);
  });

  it('rejects impossible or invalid settings', () => {
    expect(() =>
      walkForwardSplits({ rows: 100, mode: 'expanding', trainSize: 90, testSize: 20, purge: 0 }),
    ).toThrow(/cannot hold one fold/);
    expect(() =>
      walkForwardSplits({ rows: 100, mode: 'expanding', trainSize: 10, testSize: 10, purge: -1 }),
    ).toThrow(/purge/);
  });
});
