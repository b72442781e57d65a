import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BollingerStream, bollinger } from './bollinger.js';
import { StddevStream, stddev } from './stddev.js';

// The bundled ES 1-minute closes, every contract in file order (prices far from zero, ES ≈ 1700,
// with near-flat windows: σ down to one tick / √20).
const closes = Float64Array.from(
  readFileSync(new URL('../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[5])),
);

/**
 * Exact population stdev of each window: ES prices are quarter points, so q = 4·price is an
 * integer and n·Σq² − (Σq)² is computed without rounding (all sums stay below 2^53); the only
 * rounding is the final division and square root.
 */
function exactStddev(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(Number.NaN);
  const q = Float64Array.from(x, (v) => v * 4);
  for (const v of q) if (!Number.isInteger(v)) throw new Error(`not on the quarter-point grid: ${v / 4}`);
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < q.length; i++) {
    s += q[i]!;
    s2 += q[i]! * q[i]!;
    if (i >= n) {
      s -= q[i - n]!;
      s2 -= q[i - n]! * q[i - n]!;
    }
    if (i >= n - 1) out[i] = Math.sqrt(n * s2 - s * s) / (4 * n);
  }
  return out;
}

describe('rolling moments on ES 1-minute data', () => {
  it('stddev(20) is within 1e-9 relative of the exact value on every window (flat windows exactly 0)', () => {
    expect(closes.length).toBeGreaterThan(20_000);
    const exact = exactStddev(closes, 20);
    const sd = stddev(closes, 20);
    let worst = 0;
    let flats = 0;
    let tiny = 0;
    for (let i = 19; i < closes.length; i++) {
      const e = exact[i]!;
      if (e === 0) {
        flats++;
        expect(Math.abs(sd[i]!), `flat window ending at ${i}`).toBeLessThan(1e-9);
        continue;
      }
      if (e < 0.2) tiny++;
      worst = Math.max(worst, Math.abs(sd[i]! - e) / e);
    }
    expect(tiny).toBeGreaterThan(100); // the near-flat windows the promise is about are there
    expect(flats).toBeGreaterThanOrEqual(0);
    expect(worst).toBeLessThan(1e-9);
  });

  it('Bollinger width agrees with the exact stdev, and the streams equal the batch bit for bit', () => {
    const exact = exactStddev(closes, 20);
    const bb = bollinger(closes, { period: 20, multiplier: 2 });
    const s = new StddevStream(20);
    const b = new BollingerStream({ period: 20, multiplier: 2 });
    const sd = stddev(closes, 20);
    let worst = 0;
    for (let i = 0; i < closes.length; i++) {
      const v = s.next(closes[i]!);
      const bv = b.next(closes[i]!);
      if (i < 19) continue;
      expect(v).toBe(sd[i]);
      expect(bv.upper).toBe(bb.upper[i]);
      const e = exact[i]!;
      if (e > 0) worst = Math.max(worst, Math.abs((bb.upper[i]! - bb.middle[i]!) / 2 - e) / e);
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('Bollinger on flat stretches: bands collapse onto the middle exactly, batch = stream bit for bit', () => {
    // A walk with repeats and two flat stretches (40 and exactly 20 bars), far from zero.
    const x: number[] = [];
    let p = 1700;
    let seed = 7;
    for (let i = 0; i < 3000; i++) {
      seed = (seed * 48271) % 2147483647;
      if ((i >= 500 && i < 540) || (i >= 1200 && i < 1220)) x.push(p);
      else {
        p += ((seed % 5) - 2) * 0.25;
        x.push(p);
      }
    }
    const v = Float64Array.from(x);
    const bb = bollinger(v, { period: 20, multiplier: 2 });
    const b = new BollingerStream({ period: 20, multiplier: 2 });
    let flatWindows = 0;
    for (let i = 0; i < v.length; i++) {
      const s = b.next(v[i]!);
      if (i < 19) continue;
      expect(s.upper, `upper ${i}`).toBe(bb.upper[i]);
      expect(s.lower, `lower ${i}`).toBe(bb.lower[i]);
      let flat = true;
      for (let j = i - 19; j <= i; j++) if (v[j] !== v[i]) flat = false;
      if (flat) {
        flatWindows++;
        expect(bb.upper[i], `flat window ending at ${i}`).toBe(bb.middle[i]);
        expect(bb.lower[i]).toBe(bb.middle[i]);
      } else expect(bb.upper[i]!).toBeGreaterThan(bb.middle[i]!);
    }
    expect(flatWindows).toBeGreaterThanOrEqual(21 + 1); // both stretches (and any repeats next to them)
  });
});
