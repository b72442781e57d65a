import { describe, expect, it } from 'vitest';
import { BollingerStream, bollinger } from './bollinger.js';

/** ES-like ticks near 1700 with long flat stretches (the overnight tape), seeded. */
function tape(n: number): Float64Array {
  let seed = 3;
  const rnd = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const out = new Float64Array(n);
  let p = 1700.25;
  for (let i = 0; i < n; i++) {
    const flat = Math.floor(i / 97) % 3 === 0; // every third stretch of 97 bars does not move
    if (!flat) p += (Math.floor(rnd() * 5) - 2) * 0.25 + (rnd() < 0.01 ? 0.1 : 0);
    out[i] = p;
  }
  return out;
}

describe('bollinger batch pass', () => {
  it('equals the stream bit for bit, flat windows (variance exactly 0) and period 1 and 2 included', () => {
    const x = tape(5000);
    for (const period of [1, 2, 3, 20, 97, 256]) {
      const batch = bollinger(x, { period, multiplier: 2 });
      const stream = new BollingerStream({ period, multiplier: 2 });
      let flatWindows = 0;
      for (let i = 0; i < x.length; i++) {
        const s = stream.next(x[i] as number);
        for (const k of ['upper', 'middle', 'lower'] as const) {
          if (!Object.is(s[k], batch[k][i])) {
            throw new Error(`period ${period} bar ${i} ${k}: stream ${s[k]} batch ${batch[k][i]}`);
          }
        }
        if (i >= period - 1 && batch.upper[i] === batch.middle[i]) flatWindows += 1;
      }
      // The data has flat windows for every period below its flat stretch length.
      if (period <= 97) expect(flatWindows, `period ${period}`).toBeGreaterThan(0);
    }
  });
});
