import { describe, expect, it } from 'vitest';
import { fastTanh } from './fastTanh.js';

describe('fastTanh', () => {
  it('is within 3e-7 of Math.tanh over [-20, 20], odd, and exactly 0 at 0', () => {
    let worst = 0;
    for (let i = -200_000; i <= 200_000; i++) {
      const x = i / 10_000;
      worst = Math.max(worst, Math.abs(fastTanh(x) - Math.tanh(x)));
      if (fastTanh(-x) !== -fastTanh(x)) expect.fail(`not odd at ${x}`);
    }
    expect(worst).toBeLessThan(3e-7);
    expect(worst).toBeGreaterThan(0); // an approximation, not Math.tanh itself
    expect(fastTanh(0)).toBe(0);
    expect(fastTanh(1e-9)).toBeCloseTo(1e-9, 15);
    expect(fastTanh(Number.POSITIVE_INFINITY)).toBeCloseTo(1, 6);
    expect(Number.isNaN(fastTanh(Number.NaN))).toBe(true);
  });
});
