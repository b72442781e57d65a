import { describe, expect, it } from 'vitest';
import { LiveClock, SimulatedClock } from './Clock.js';

describe('SimulatedClock', () => {
  it('fires timers in time order, each seeing its due time', () => {
    const clock = new SimulatedClock(100);
    const seen: Array<[string, number]> = [];
    clock.schedule(300, (t) => seen.push(['b', t]));
    clock.schedule(200, (t) => seen.push(['a', t]));
    clock.schedule(300, () => seen.push(['c', clock.now()]));
    clock.advanceTo(250);
    expect(seen).toEqual([['a', 200]]);
    clock.advanceTo(400);
    expect(seen).toEqual([
      ['a', 200],
      ['b', 300],
      ['c', 300],
    ]);
    expect(clock.now()).toBe(400);
  });

  it('rejects moving backwards and supports cancellation', () => {
    const clock = new SimulatedClock(10);
    expect(() => clock.advanceTo(5)).toThrowError(/backwards/);
    const fired: number[] = [];
    const cancel = clock.schedule(20, (t) => fired.push(t));
    expect(clock.pendingTimers).toBe(1);
    cancel();
    clock.advanceBy(100);
    expect(fired).toEqual([]);
  });
});

describe('LiveClock', () => {
  it('is close to Date.now() and never goes backwards', () => {
    const clock = new LiveClock();
    const a = clock.now();
    const b = clock.now();
    expect(b).toBeGreaterThanOrEqual(a);
    expect(Math.abs(a / 1000 - Date.now())).toBeLessThan(1000);
  });
});
