import { describe, expect, it } from 'vitest';
import { actionDirection, traditionalTaSignal } from './traditionalTaSignal.js';

const flat = (n: number, v: number) => Array.from({ length: n }, () => v);

describe('traditionalTaSignal', () => {
  it('a strong up trend on rising volume is STRONG_BUY with confidence min(0.95, 0.6 + 0.3 s)', () => {
    // 100 → 101 over 20 bars: strength = min(1, 1 % × 100) = 1; SMA10 > SMA20 × 1.002.
    const closes = Array.from({ length: 20 }, (_, i) => 100 + (i * 1) / 19);
    const volumes = [...flat(15, 100), ...flat(5, 200)]; // ratio 200 / 125 = 1.6 → rising
    const s = traditionalTaSignal(closes, volumes);
    expect(s.trend).toBe('up');
    expect(s.strength).toBeCloseTo(1, 12);
    expect(s.volumeRatio).toBeCloseTo(1.6, 12);
    expect(s.action).toBe('STRONG_BUY');
    expect(s.confidence).toBeCloseTo(0.9, 12);
    expect(s.targetPrice).toBeCloseTo(101 * 1.01, 9);
    expect(s.stopPrice).toBeCloseTo(101 * 0.995, 9);
  });

  it('a weak trend without volume gets min(0.8, 0.5 + 0.3 s) and HOLD below 0.6', () => {
    // 100.8 → 100: strength 0.794 (> 0.6 but volume flat), confidence 0.5 + 0.3 s = 0.738 → SELL.
    const down = Array.from({ length: 20 }, (_, i) => 100.8 - (i * 0.8) / 19);
    const s = traditionalTaSignal(down, flat(20, 100));
    expect(s.trend).toBe('down');
    expect(s.strength).toBeCloseTo((0.8 / 100.8) * 100, 9);
    expect(s.action).toBe('SELL');
    expect(s.confidence).toBeCloseTo(0.5 + 0.3 * s.strength, 12);
    // 100 → 100.3: SMA10/SMA20 differ by less than 0.2 % → sideways, no breakout → HOLD.
    const tiny = Array.from({ length: 20 }, (_, i) => 100 + (i * 0.3) / 19);
    const h = traditionalTaSignal(tiny, flat(20, 100));
    expect(h.trend).toBe('sideways');
    expect(h.action).toBe('HOLD');
  });

  it('high volatility multiplies by 0.8, which can push a signal under 0.6', () => {
    // zig-zag ±3 % around a rising line: stdev of returns > 2 %.
    const closes = Array.from({ length: 20 }, (_, i) => (100 + i * 0.05) * (i % 2 === 0 ? 1.03 : 0.97));
    const s = traditionalTaSignal(closes, flat(20, 100));
    expect(s.volatilityLevel).toBe('high');
    expect(s.reason).toContain('high volatility');
  });

  it('a breakout in a sideways market beyond the 9-bar high by 0.2 % buys', () => {
    const closes = [...flat(19, 100), 100.5];
    const s = traditionalTaSignal(closes, flat(20, 100));
    expect(s.trend).toBe('sideways');
    expect(s.breakout).toBe('breakout');
    expect(s.action).toBe('BUY');
    expect(s.confidence).toBeCloseTo(0.5 + 0.3 * 0.5, 9);
  });

  it('rejects short windows', () => {
    expect(() => traditionalTaSignal([1, 2, 3], [1, 1, 1])).toThrow(/need ≥ 20 closes/);
  });

  it('direction ignores strength', () => {
    expect(actionDirection('STRONG_BUY')).toBe(actionDirection('BUY'));
    expect(actionDirection('STRONG_SELL')).toBe(-1);
    expect(actionDirection('HOLD')).toBe(0);
  });
});
