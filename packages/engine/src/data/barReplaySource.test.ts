import { instrumentId, SimulatedClock, US_PER_MINUTE } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { barReplaySource } from './barReplaySource.js';

const ES = instrumentId('ESZ13.CME');
const VIX = instrumentId('VIX.CBOE');
const bar = (t: number, c: number) => ({
  time: t * US_PER_MINUTE,
  open: c,
  high: c,
  low: c,
  close: c,
  volume: 1,
});

describe('barReplaySource', () => {
  it('merges symbols and timeframes in time order, paced at N× on the clock', async () => {
    const clock = new SimulatedClock(1_000_000);
    const seen: Array<[string, string, number, number]> = [];
    const replay = barReplaySource(
      {
        feeds: [
          { instrumentId: ES, timeframe: '1m', bars: [bar(0, 1), bar(1, 2), bar(2, 3)] },
          { instrumentId: VIX, timeframe: '1m', bars: [bar(1, 20)] },
          { instrumentId: ES, timeframe: '30m', bars: [bar(0, 1)] },
        ],
        speed: 60,
        clock,
      },
      { onBar: (id, tf, b) => seen.push([id, tf, b.close, clock.now()]) },
    );
    clock.advanceBy(0);
    expect(seen.map((s) => s.slice(0, 3))).toEqual([
      ['ESZ13.CME', '1m', 1],
      ['ESZ13.CME', '30m', 1],
    ]);
    clock.advanceBy(1_000_000); // one minute of bars at 60× = one second
    expect(seen.map((s) => s[2])).toEqual([1, 1, 2, 20]);
    clock.advanceBy(1_000_000);
    expect(await replay.done).toEqual({ delivered: 5 });
    expect(seen.at(-1)?.[3]).toBe(3_000_000);
  });

  it("'max' delivers everything at once; stop() ends a paced replay; a bad speed is a clear error", async () => {
    const clock = new SimulatedClock(0);
    let n = 0;
    const fast = barReplaySource(
      { feeds: [{ instrumentId: ES, timeframe: '1m', bars: [bar(0, 1), bar(5, 2)] }], speed: 'max', clock },
      {
        onBar: () => {
          n += 1;
        },
      },
    );
    expect(await fast.done).toEqual({ delivered: 2 });
    const slow = barReplaySource(
      { feeds: [{ instrumentId: ES, timeframe: '1m', bars: [bar(0, 1), bar(5, 2)] }], speed: 1, clock },
      {
        onBar: () => {
          n += 1;
        },
      },
    );
    clock.advanceBy(0);
    slow.stop();
    clock.advanceBy(10 * US_PER_MINUTE);
    expect(await slow.done).toEqual({ delivered: 1 });
    expect(n).toBe(3);
    expect(() => barReplaySource({ feeds: [], speed: 0, clock }, { onBar: () => {} })).toThrowError(
      /speed must be/,
    );
  });
});
