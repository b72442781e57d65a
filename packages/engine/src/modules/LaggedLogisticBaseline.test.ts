import { describe, expect, it } from 'vitest';
import { LaggedLogisticBaseline } from './LaggedLogisticBaseline.js';

describe('LaggedLogisticBaseline', () => {
  it('makes no call before its first fit, then learns a zig-zag from known outcomes', () => {
    const b = new LaggedLogisticBaseline({ minTrainingBars: 20 });
    // 25 closes = 24 moves; the first 5 only fill the lags: 19 training rows, not yet 20.
    for (let i = 0; i < 25; i++) b.observe(100 + (i % 2));
    expect(b.fitted).toBe(false);
    expect(b.call()).toBe(0);
    b.observe(100 + (25 % 2));
    expect(b.fitted).toBe(true);
    // Last close 101 (up move): the zig-zag says down; after 100 it says up.
    expect(b.call()).toBe(-1);
    b.observe(100);
    expect(b.call()).toBe(1);
  });

  it('refits on its recent window: a regime change is learnt within the window', () => {
    const b = new LaggedLogisticBaseline({ minTrainingBars: 20, fitWindow: 60, refitEvery: 10 });
    // A noisy up-trend first (4 of 5 bars up → calls up), then a zig-zag.
    let c = 100;
    for (let i = 0; i < 100; i++) {
      c += i % 5 === 2 ? -1 : 1;
      b.observe(c);
    }
    expect(b.fitError).toBeUndefined();
    expect(b.call()).toBe(1);
    for (let i = 0; i < 80; i++) {
      c += i % 2 === 0 ? -1 : 1;
      b.observe(c);
    }
    // The last move was up (+1); the zig-zag regime now says down.
    expect(b.call()).toBe(-1);
  });

  it('ignores flat next bars as training rows', () => {
    const b = new LaggedLogisticBaseline({ minTrainingBars: 5 });
    for (let i = 0; i < 50; i++) b.observe(100);
    expect(b.fitted).toBe(false);
  });
});
