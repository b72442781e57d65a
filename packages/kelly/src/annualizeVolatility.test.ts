import { US_PER_DAY, US_PER_MINUTE } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { annualizeVolatility, barsPerYear } from './annualizeVolatility.js';

describe('annualizeVolatility', () => {
  it('scales by √(bars a year) for intraday, daily and weekly bars', () => {
    expect(barsPerYear(US_PER_MINUTE)).toBe(252 * 23 * 60);
    expect(barsPerYear(US_PER_DAY)).toBe(252);
    expect(barsPerYear(7 * US_PER_DAY)).toBeCloseTo(365.25 / 7, 12);
    const daily = annualizeVolatility(0.01, US_PER_DAY);
    expect(daily.ok && daily.value).toBeCloseTo(0.01 * Math.sqrt(252), 15);
    const rth = annualizeVolatility(0.001, 5 * US_PER_MINUTE, { sessionHoursPerDay: 6.5 });
    expect(rth.ok && rth.value).toBeCloseTo(0.001 * Math.sqrt(252 * 78), 15);
  });

  it('names a bad argument', () => {
    const r = annualizeVolatility(-1, US_PER_DAY);
    expect(r.ok ? '' : r.error.message).toMatch(/perBarVolatility must be a non-negative number, got -1/);
    const i = annualizeVolatility(0.01, 0);
    expect(i.ok ? '' : i.error.message).toMatch(/barIntervalUs must be a positive/);
    const h = annualizeVolatility(0.01, US_PER_MINUTE, { sessionHoursPerDay: 25 });
    expect(h.ok ? '' : h.error.message).toMatch(/sessionHoursPerDay/);
  });
});
