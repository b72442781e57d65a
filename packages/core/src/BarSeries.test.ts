import { describe, expect, it } from 'vitest';
import { BarSeries } from './BarSeries.js';

const bars = [0, 1, 2, 3, 4].map((i) => ({
  time: i * 60,
  open: i,
  high: i + 1,
  low: i - 1,
  close: i + 0.5,
  volume: 10 * i,
}));

describe('BarSeries', () => {
  it('round-trips rows and slices without copying', () => {
    const s = BarSeries.fromBars(bars);
    expect(s.toBars()).toEqual(bars);
    const view = s.slice(1, 3);
    expect(view.length).toBe(2);
    expect(view.close.buffer).toBe(s.close.buffer);
    expect(s.at(-1)?.time).toBe(240);
    expect(s.at(5)).toBeUndefined();
  });

  it('finds time ranges by binary search', () => {
    const s = BarSeries.fromBars(bars);
    expect(s.lowerBound(61)).toBe(2);
    expect(
      s
        .between(60, 180)
        .toBars()
        .map((b) => b.time),
    ).toEqual([60, 120]);
    expect(s.lowerBound(1e9)).toBe(5);
  });

  it('concatenates and clones into fresh buffers', () => {
    const s = BarSeries.fromBars(bars);
    const joined = BarSeries.concat([s.slice(0, 2), s.slice(2)]);
    expect(joined.toBars()).toEqual(bars);
    const c = s.clone();
    c.close[0] = 99;
    expect(s.close[0]).toBe(0.5);
  });

  it('rejects mismatched columns and decreasing times', () => {
    const s = BarSeries.fromBars(bars);
    expect(() => new BarSeries({ ...s, volume: new Float64Array(2) })).toThrowError(
      /column "volume" has length 2/,
    );
    expect(() => BarSeries.fromBars([bars[1]!, bars[0]!])).toThrowError(/non-decreasing/);
  });
});
