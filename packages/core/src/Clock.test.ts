import { describe, expect, it } from 'vitest';
import { LiveClock, SimulatedClock } from './Clock.js';

describe('SimulatedClock', () => {
  it('fires timers in time order, each seeing its due time', () => {
    const clock = new SimulatedClock(100);
    const seen: Array<[string, number]> = [];
    clock.scheduleAt(300, (t) => seen.push(['b', t]));
    clock.scheduleAt(200, (t) => seen.push(['a', t]));
    clock.scheduleAt(300, () => seen.push(['c', clock.now()]));
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
    const cancel = clock.scheduleAt(20, (t) => fired.push(t));
    expect(clock.pendingTimers).toBe(1);
    cancel();
    clock.advanceBy(100);
    expect(fired).toEqual([]);
  });
});

describe('timers, the same API on both clocks', () => {
  it('simulated: after, every and cancel; timers scheduled by a timer fire in the same advance', () => {
    const clock = new SimulatedClock(0);
    const seen: string[] = [];
    clock.scheduleAfter(10, (t) => {
      seen.push(`after@${t}`);
      clock.scheduleAfter(5, (u) => seen.push(`nested@${u}`));
    });
    const stop = clock.scheduleEvery(7, (t) => seen.push(`every@${t}`));
    clock.advanceTo(20);
    expect(seen).toEqual(['every@7', 'after@10', 'every@14', 'nested@15']);
    expect(stop()).toBe(true);
    expect(stop()).toBe(false);
    clock.advanceTo(100);
    expect(seen).toHaveLength(4);
    expect(clock.pendingTimers).toBe(0);
    expect(() => clock.scheduleAfter(-1, () => {})).toThrowError(/≥ 0/);
    expect(() => clock.scheduleEvery(0, () => {})).toThrowError(/> 0/);
  });

  it('live: fires after the delay, cancels, and repeats', async () => {
    const clock = new LiveClock();
    const start = clock.now();
    const fired = await new Promise<number>((resolve) => clock.scheduleAfter(20_000, resolve));
    expect(fired - start).toBeGreaterThanOrEqual(20_000);
    let cancelledRan = false;
    const cancel = clock.scheduleAfter(5_000, () => {
      cancelledRan = true;
    });
    expect(cancel()).toBe(true);
    let ticks = 0;
    await new Promise<void>((resolve) => {
      const stop = clock.scheduleEvery(5_000, () => {
        ticks += 1;
        if (ticks === 3) {
          stop();
          resolve();
        }
      });
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(ticks).toBe(3);
    expect(cancelledRan).toBe(false);
    expect(clock.pendingTimers).toBe(0);
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
