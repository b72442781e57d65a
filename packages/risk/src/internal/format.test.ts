import { describe, expect, it } from 'vitest';
import { fmt } from './format.js';

describe('fmt', () => {
  it('groups thousands and trims decimals like en-US toLocaleString', () => {
    for (const x of [
      0, 1, -1, 999, 1000, 1234567, -1234567.891, 0.5, 0.125, 1e-9, 6000.25, 2_000_000, -0.001,
    ]) {
      expect(fmt(x)).toBe(x.toLocaleString('en-US', { maximumFractionDigits: 2 }).replace(/^-0$/, '0'));
    }
    expect(fmt(0.123456, 4)).toBe('0.1235');
    expect(fmt(Number.NaN)).toBe('NaN');
  });
});
