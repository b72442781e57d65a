import { describe, expect, it } from 'vitest';
import { fuseSignals } from './fuseSignals.js';
import type { MemberSignal } from './MemberSignal.js';

const m = (
  name: string,
  direction: -1 | 0 | 1,
  confidence: number,
  state: MemberSignal['state'] = 'active',
): MemberSignal => ({
  name,
  state,
  direction,
  confidence,
  reason: state,
});

describe('fuseSignals', () => {
  it('an untrained, missing or failed member weighs 0 and the fusion says so', () => {
    const f = fuseSignals(
      [
        m('traditional-ta', 1, 0.8),
        m('lstm', -1, 1, 'untrained'),
        m('ensemble', -1, 1, 'missing'),
        m('x', -1, 1, 'failed'),
      ],
      undefined,
      { weights: { 'traditional-ta': 1, lstm: 3, ensemble: 3, x: 1 } },
    );
    expect(f.direction).toBe(1);
    expect(f.score).toBeCloseTo(0.8, 12);
    expect(f.confidence).toBeCloseTo(0.8, 12);
    expect(f.agreement).toBe('single');
    expect(f.members.map((x) => [x.name, x.effectiveWeight])).toEqual([
      ['traditional-ta', 1],
      ['lstm', 0],
      ['ensemble', 0],
      ['x', 0],
    ]);
    expect(f.members[1]!.note).toBe('weight 0: untrained (untrained)');
  });

  it('agreement adds 0.1; disagreement scales by 1 − 0.5 × opposing weight share', () => {
    const agree = fuseSignals([m('a', 1, 0.6), m('b', 1, 0.8)], undefined, { weights: { a: 1, b: 1 } });
    expect(agree.score).toBeCloseTo(0.7, 12);
    expect(agree.confidence).toBeCloseTo(0.8, 12);
    expect(agree.agreement).toBe('unanimous');
    const split = fuseSignals([m('a', 1, 0.9), m('b', -1, 0.3)], undefined, { weights: { a: 3, b: 1 } });
    // score (3·0.9 − 1·0.3) / 4 = 0.6; share against 1/4 → × 0.875
    expect(split.score).toBeCloseTo(0.6, 12);
    expect(split.confidence).toBeCloseTo(0.6 * 0.875, 12);
    expect(split.agreement).toBe('split');
    expect(split.winProbability).toBeCloseTo(0.8, 12);
  });

  it('the regime adjusts weights and confidence', () => {
    const members = [m('traditional-ta', 1, 0.8), m('lstm', -1, 0.8)];
    const weights = { weights: { 'traditional-ta': 1, lstm: 1 } };
    expect(fuseSignals(members, undefined, weights).direction).toBe(0);
    const trend = fuseSignals(members, 'BULL_STRONG', weights);
    expect(trend.direction).toBe(1); // TA × 1.25 in a strong trend
    expect(trend.score).toBeCloseTo((1.25 * 0.8 - 0.8) / 2.25, 12);
    const range = fuseSignals(members, 'SIDEWAYS_TIGHT', weights);
    expect(range.direction).toBe(-1);
    const volatile = fuseSignals([m('a', 1, 0.5)], 'VOLATILE', { weights: { a: 1 } });
    expect(volatile.confidence).toBeCloseTo(0.4, 12);
  });

  it('names a bad weight', () => {
    expect(() => fuseSignals([m('a', 1, 1)], undefined, { weights: { a: -1 } })).toThrow(
      /fusion weight of a must be/,
    );
  });
});
