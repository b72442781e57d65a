import type { Bar, Fill } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { type EquityPoint, equityCurve, thinCurve } from './equityCurve.js';

const M = 60_000_000;
let n = 0;
const fill = (side: 'BUY' | 'SELL', quantity: number, price: number, time: number): Fill =>
  ({
    fillId: `f${++n}`,
    clientOrderId: `o${n}`,
    instrumentId: 'ES',
    side,
    quantity,
    price,
    commission: { amount: 2.5 * quantity, currency: 'USD' },
    time,
  }) as unknown as Fill;
const bar = (time: number, close: number): Bar =>
  ({ time, open: close, high: close, low: close, close, volume: 1 }) as unknown as Bar;

describe('equityCurve', () => {
  it('replays fills, marks the open position at stored bar closes, and tracks the drawdown', () => {
    const fills = [fill('BUY', 1, 5000, 2 * M), fill('SELL', 1, 5004, 5 * M)];
    const bars = [bar(1 * M, 4999), bar(3 * M, 4990), bar(4 * M, 5010), bar(6 * M, 4900)];
    const c = equityCurve({
      startingCapital: 100_000,
      fills,
      bars: new Map([['ES', bars]]),
      pointValue: () => 50,
    });
    expect(c.map((p) => [p.time / M, p.kind, p.equity])).toEqual([
      [2, 'start', 100_000],
      [2, 'fill', 100_000 - 2.5],
      [3, 'mark', 100_000 - 2.5 - 500], // 10 points down
      [4, 'mark', 100_000 - 2.5 + 500],
      [5, 'fill', 100_000 + 200 - 5], // flat: bars after it add no point
    ]);
    const trough = c[2] as EquityPoint;
    expect(trough.peak).toBe(100_000);
    expect(trough.drawdown).toBe(502.5);
    expect(trough.drawdown_pct).toBeCloseTo(502.5 / 100_000, 12);
    expect((c[4] as EquityPoint).drawdown).toBe(100_497.5 - 100_195); // peak at the 4th-minute mark
  });

  it('is empty without fills', () => {
    expect(
      equityCurve({
        startingCapital: 1,
        fills: [],
        bars: new Map([['ES', [bar(M, 1)]]]),
        pointValue: () => 1,
      }),
    ).toEqual([]);
  });

  it('thins marks but keeps every fill, both ends and the deepest drawdown', () => {
    const fills = [fill('BUY', 1, 5000, 0), fill('SELL', 1, 5000, 1000 * M)];
    const bars = Array.from({ length: 999 }, (_, i) => bar((i + 1) * M, i === 500 ? 4000 : 5000 + (i % 7)));
    const c = equityCurve({
      startingCapital: 100_000,
      fills,
      bars: new Map([['ES', bars]]),
      pointValue: () => 50,
    });
    expect(c.length).toBe(1002);
    const t = thinCurve(c, 100);
    expect(t.length).toBeLessThanOrEqual(100);
    expect(t.filter((p) => p.kind === 'fill').length).toBe(2);
    expect(t[0]).toBe(c[0]);
    expect(t.at(-1)).toBe(c.at(-1));
    expect(t.some((p) => p.equity === 100_000 - 2.5 - 50_000)).toBe(true);
    expect(t.map((p) => p.time)).toEqual([...t.map((p) => p.time)].sort((a, b) => a - b));
  });
});
