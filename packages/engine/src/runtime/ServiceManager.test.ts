import { SimulatedClock } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import type { Service, ServiceContext } from './Service.js';
import { ServiceManager } from './ServiceManager.js';

function svc(name: string, log: string[], extra: Partial<Service> = {}): Service {
  return {
    name,
    start: async () => {
      log.push(`start ${name}`);
    },
    stop: async () => {
      log.push(`stop ${name}`);
    },
    ...extra,
  };
}

describe('ServiceManager', () => {
  it('starts in dependency order, stops in reverse, and names cycles and unknown dependencies', async () => {
    const log: string[] = [];
    const m = new ServiceManager({ clock: new SimulatedClock(0) });
    m.add(svc('oms', log, { dependsOn: ['store', 'broker'] }));
    m.add(svc('broker', log, { dependsOn: ['store'] }));
    m.add(svc('store', log));
    await m.startAll();
    await m.stopAll();
    expect(log).toEqual([
      'start store',
      'start broker',
      'start oms',
      'stop oms',
      'stop broker',
      'stop store',
    ]);
    const c = new ServiceManager({ clock: new SimulatedClock(0) });
    c.add(svc('a', log, { dependsOn: ['b'] }));
    c.add(svc('b', log, { dependsOn: ['a'] }));
    expect(() => c.startOrder()).toThrowError(/cycle: a → b → a/);
    const u = new ServiceManager({ clock: new SimulatedClock(0) });
    u.add(svc('a', log, { dependsOn: ['ghost'] }));
    expect(() => u.startOrder()).toThrowError(/"a" depends on "ghost"/);
  });

  it('restarts a failed service with exponential backoff on the clock, and reports health and metrics', async () => {
    const clock = new SimulatedClock(0);
    const m = new ServiceManager({
      clock,
      restart: { initialDelayMs: 100, multiplier: 2, maxDelayMs: 1000, maxAttempts: 5 },
    });
    let attempts = 0;
    let ctx: ServiceContext | undefined;
    let health = 100;
    m.add({
      name: 'feed',
      start: async (c) => {
        attempts += 1;
        ctx = c;
        if (attempts <= 2) throw new Error(`connect refused #${attempts}`);
      },
      stop: async () => {},
      health: () => health,
    });
    await m.startAll();
    expect(m.status()[0]).toMatchObject({ state: 'failed', lastError: 'connect refused #1' });
    clock.advanceBy(99_000);
    expect(attempts).toBe(1);
    clock.advanceBy(1_000); // 100 ms
    await Promise.resolve();
    expect(attempts).toBe(2);
    clock.advanceBy(200_000); // then 200 ms
    await new Promise((r) => setImmediate(r));
    expect(attempts).toBe(3);
    expect(m.status()[0]).toMatchObject({ state: 'running', restarts: 2, health: 100 });
    health = 30;
    expect(m.status()[0]?.state).toBe('degraded');
    expect(m.health()).toBe(30);
    health = 90;
    expect(m.status()[0]?.state).toBe('running');
    ctx?.metrics.count('bars', 3);
    ctx?.metrics.latency('bar', 250);
    ctx?.fail(new Error('socket closed'));
    await new Promise((r) => setImmediate(r));
    const s = m.status()[0];
    expect(s).toMatchObject({ state: 'failed', lastError: 'socket closed' });
    expect(s?.metrics.counters).toMatchObject({ bars: 3, failures: 3, restarts: 2 });
    expect(s?.metrics.latencies.bar?.count).toBe(1);
    await m.stopAll();
    clock.advanceBy(10_000_000);
    expect(m.status()[0]?.state).toBe('stopped');
  });
});
