import { describe, expect, it } from 'vitest';
import { type LivePrediction, liveBaselines } from './liveBaselines.js';

const at = (i: number, price: number, direction: -1 | 0 | 1): LivePrediction => ({
  time: i * 60e6,
  price,
  direction,
});

describe('liveBaselines', () => {
  it('scores the model and each baseline on the same bars, by the next close, skipping flat bars', () => {
    // moves: +1, +1, 0 (skipped), -1, +1
    const p = [at(0, 100, 1), at(1, 101, -1), at(2, 102, 1), at(3, 102, 1), at(4, 101, 1), at(5, 102, 0)];
    const r = liveBaselines([...p].reverse()); // order does not matter
    expect(r.scored).toBe(4);
    expect(r.model).toBe(2 / 4); // right on bars 0 and 4, wrong on 1 and 3
    expect(r.baselines['always-long']).toBe(3 / 4);
    // previous-direction on bars 1, 3, 4: +1→+1 right, +1→-1 wrong, -1→+1 wrong.
    expect(r.baselines['previous-direction']).toBe(1 / 3);
    expect(r.baselines.contrarian).toBe(2 / 3);
    expect(r.baselines['coin-flip']).toBe(0.5);
  });

  it('answers null with nothing to score', () => {
    expect(liveBaselines([at(0, 100, 1)])).toEqual({
      scored: 0,
      model: null,
      baselines: { 'coin-flip': null, 'always-long': null, 'previous-direction': null, contrarian: null },
    });
  });
});
