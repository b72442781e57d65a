import { describe, expect, it } from 'vitest';
import { winProbability } from './winProbability.js';

describe('winProbability', () => {
  it('accepts a number and bounds it to [0.1, 0.9]', () => {
    expect(winProbability(0.6)).toMatchObject({ ok: true, raw: 0.6, bounded: 0.6 });
    expect(winProbability(0.97)).toMatchObject({ ok: true, raw: 0.97, bounded: 0.9 });
    expect(winProbability(0.02)).toMatchObject({ ok: true, bounded: 0.1 });
    expect(winProbability(0.7, undefined, { min: 0.2, max: 0.65 })).toMatchObject({ bounded: 0.65 });
  });

  it('reads P(win) from the common predictProba shapes, passing the features through', () => {
    const seen: unknown[] = [];
    const shapes = [0.62, [0.38, 0.62], [[0.38, 0.62]], [0.62], Float64Array.of(0.38, 0.62)];
    for (const out of shapes) {
      const model = {
        predictProba: (x: number[]) => {
          seen.push(x);
          return out;
        },
      };
      const r = winProbability(model, [1, 2]);
      expect(r).toMatchObject({ ok: true, raw: 0.62, bounded: 0.62 });
    }
    expect(seen).toEqual(Array(shapes.length).fill([1, 2]));
  });

  it('turns a broken estimator or an impossible probability into a reason, never a throw', () => {
    const throwing = {
      predictProba: () => {
        throw new Error('model not trained');
      },
    };
    expect(winProbability(throwing)).toEqual({ ok: false, reason: 'estimator threw: model not trained' });
    expect(winProbability({ predictProba: () => Number.NaN })).toMatchObject({ ok: false });
    expect(winProbability({ predictProba: () => [0.1, 0.2, 0.7] })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/array of length 3/),
    });
    const asyncModel = { predictProba: async () => Float64Array.of(0.6) };
    expect(winProbability(asyncModel as never)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Promise/),
    });
    expect(winProbability(1.2)).toMatchObject({ ok: false, reason: expect.stringMatching(/1\.2.*\[0, 1\]/) });
    expect(winProbability(null as unknown as number)).toMatchObject({ ok: false });
    expect(winProbability({} as unknown as number)).toMatchObject({ ok: false });
  });
});
