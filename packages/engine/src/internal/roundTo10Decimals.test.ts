import { describe, expect, it } from 'vitest';
import { roundTo10Decimals } from './roundTo10Decimals.js';

const reference = (x: number): number => Number(x.toFixed(10));

describe('roundTo10Decimals', () => {
  it('equals Number(x.toFixed(10)) bit for bit, on the fast path and off it', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const xs: number[] = [
      0,
      -0,
      1,
      -1,
      0.25,
      -4000.75,
      4000.1,
      0.1 + 0.2,
      2.25 * 3,
      1e-11,
      -1e-11,
      5e-11,
      1e20,
      1e21,
      -1e22,
      123456789 + 1 / 1024,
    ];
    for (let i = 0; i < 20_000; i++) {
      xs.push(Math.round((rnd() - 0.5) * 40_000) / 4); // tick prices
      xs.push((rnd() - 0.5) * 10_000); // arbitrary
      xs.push(Math.round(rnd() * 1000) * 0.1); // decimal steps (not binary fractions)
    }
    for (const x of xs) expect(Object.is(roundTo10Decimals(x), reference(x)), `x = ${x}`).toBe(true);
  });
});
