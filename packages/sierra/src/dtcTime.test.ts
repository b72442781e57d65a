import { describe, expect, it } from 'vitest';
import { dtcBackoffDelay } from './dtcBackoffDelay.js';
import { dtcAutoDateTimeToUs, dtcSecondsToUs, usToDtcSeconds, usToDtcWholeSeconds } from './dtcTime.js';

describe('DTC date-times', () => {
  it('converts fractional seconds to µs and back without loss for µs timestamps', () => {
    const us = 1_764_000_000_123_456;
    expect(dtcSecondsToUs(usToDtcSeconds(us))).toBe(us);
    expect(dtcSecondsToUs(1381096800.25)).toBe(1_381_096_800_250_000);
    expect(usToDtcWholeSeconds(1_381_096_800_999_999)).toBe(1_381_096_800);
  });

  it('infers seconds, milliseconds and microseconds from magnitude for the same instant', () => {
    const us = Date.UTC(2013, 9, 7, 13, 30) * 1000;
    expect(dtcAutoDateTimeToUs(us / 1_000_000)).toBe(us);
    expect(dtcAutoDateTimeToUs(us / 1000)).toBe(us);
    expect(dtcAutoDateTimeToUs(us)).toBe(us);
    const y2100 = Date.UTC(2100, 0, 1) * 1000;
    expect(dtcAutoDateTimeToUs(y2100 / 1_000_000)).toBe(y2100);
    expect(dtcAutoDateTimeToUs(y2100)).toBe(y2100);
  });
});

describe('dtcBackoffDelay', () => {
  it('grows exponentially to the cap with equal jitter', () => {
    const lo = [0, 1, 2, 3, 4, 10].map((a) => dtcBackoffDelay(a, { initialMs: 100, maxMs: 1000 }, () => 0));
    const hi = [0, 1, 2, 3, 4, 10].map((a) => dtcBackoffDelay(a, { initialMs: 100, maxMs: 1000 }, () => 1));
    expect(lo).toEqual([50, 100, 200, 400, 500, 500]);
    expect(hi).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(dtcBackoffDelay(2, { initialMs: 100 }, () => 0.5)).toBe(300);
  });

  it('clamps a misbehaving random source into [ceiling/2, ceiling]', () => {
    expect(dtcBackoffDelay(0, { initialMs: 100 }, () => -3)).toBe(50);
    expect(dtcBackoffDelay(0, { initialMs: 100 }, () => 7)).toBe(100);
  });
});
