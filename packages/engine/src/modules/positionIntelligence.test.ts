import { describe, expect, it } from 'vitest';
import {
  assessPosition,
  DEFAULT_POSITION_INTELLIGENCE_PARAMS,
  type PositionView,
} from './positionIntelligence.js';

const H = 3_600_000_000;
const params = {
  ...DEFAULT_POSITION_INTELLIGENCE_PARAMS,
  breakEvenAfterPoints: 3,
  trailingStopPoints: 4,
  timeStopBars: 10,
};
const long = (over: Partial<PositionView>): PositionView => ({
  quantity: 1,
  avgPrice: 100,
  price: 100,
  bestPrice: 100,
  barsHeld: 1,
  now: 0,
  stopPrice: 96,
  targetPrice: 108,
  tickSize: 0.25,
  ...over,
});

describe('assessPosition', () => {
  it('moves the stop to break-even, then trails it, and never loosens it', () => {
    const be = assessPosition(long({ price: 102.5, bestPrice: 103 }), params);
    expect(be.actions).toEqual([
      expect.objectContaining({ kind: 'move_stop', rule: 'break_even', stopPrice: 100 }),
    ]);
    const trail = assessPosition(long({ price: 105, bestPrice: 106.1, stopPrice: 100 }), params);
    expect(trail.actions).toEqual([
      expect.objectContaining({ kind: 'move_stop', rule: 'trailing', stopPrice: 102 }),
    ]);
    expect(trail.classification).toBe('running_winner');
    expect(assessPosition(long({ price: 104, bestPrice: 106, stopPrice: 102 }), params).actions).toEqual([]);
    // A short trails above, rounded to the tick on the safe side.
    const short = assessPosition(
      long({ quantity: -2, price: 95, bestPrice: 94.9, stopPrice: 104, targetPrice: 92 }),
      params,
    );
    expect(short.actions).toEqual([expect.objectContaining({ kind: 'move_stop', stopPrice: 99 })]);
  });

  it('time stop, roll and session-close exits, classifications', () => {
    const stalled = assessPosition(long({ barsHeld: 10, price: 100.5, bestPrice: 101 }), params);
    expect(stalled.actions).toEqual([expect.objectContaining({ kind: 'exit', rule: 'time_stop' })]);
    const roll = assessPosition(long({ now: 0, rollAt: 12 * H, price: 104, bestPrice: 104 }), params);
    expect(roll).toMatchObject({ classification: 'into_roll', actions: [{ kind: 'exit', rule: 'roll' }] });
    const close = assessPosition(long({ sessionCloseAt: 5 * 60_000_000 }), {
      ...params,
      flattenBeforeCloseMinutes: 10,
    });
    expect(close).toMatchObject({
      classification: 'into_session_close',
      actions: [{ kind: 'exit', rule: 'session_close' }],
    });
    expect(assessPosition(long({ sessionCloseAt: 5 * 60_000_000 }), params).actions).toEqual([]);
    expect(assessPosition(long({ price: 97, bestPrice: 100 }), params).classification).toBe('near_stop');
    expect(assessPosition(long({ price: 99.5, bestPrice: 100 }), params).classification).toBe('losing');
    expect(assessPosition(long({ price: 107, bestPrice: 107, stopPrice: 103 }), params).classification).toBe(
      'near_target',
    );
  });
});
