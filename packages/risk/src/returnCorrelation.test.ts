import { describe, expect, it } from 'vitest';
import { returnCorrelation } from './returnCorrelation.js';

describe('returnCorrelation', () => {
  it('is +1 for proportional series and −1 for opposite ones', () => {
    expect(returnCorrelation([0.1, -0.2, 0.3, 0.05], [0.2, -0.4, 0.6, 0.1])).toBeCloseTo(1, 12);
    expect(returnCorrelation([0.1, -0.2, 0.3, 0.05], [-0.1, 0.2, -0.3, -0.05])).toBeCloseTo(-1, 12);
  });

  it('matches the textbook formula on uncorrelated-looking data', () => {
    const a = [1, 2, 3, 4, 5];
    const b = [2, 1, 4, 3, 5];
    // cov = 8/5, var a = var b = 10/5 → ρ = 0.8
    expect(returnCorrelation(a, b)).toBeCloseTo(0.8, 12);
  });

  it('is NaN without variance, with fewer than 3 values or with different lengths', () => {
    expect(returnCorrelation([1, 2, 3], [1, 1, 1])).toBeNaN();
    expect(returnCorrelation([1, 2], [2, 1])).toBeNaN();
    expect(returnCorrelation([1, 2, 3], [1, 2])).toBeNaN();
  });
});
