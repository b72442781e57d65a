import { describe, expect, it } from 'vitest';
import { EventBus } from './EventBus.js';
import { instrumentId } from './ids.js';
import { silentLogger } from './Logger.js';
import { type CoreEvents, TOPICS } from './topics.js';

const ES = instrumentId('ESZ25.CME');
const bar = { time: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 };

describe('EventBus', () => {
  it('delivers to topic subscribers, then wildcard, and unsubscribes', () => {
    const bus = new EventBus<CoreEvents>();
    const seen: string[] = [];
    const off = bus.subscribe(TOPICS.bar, (p) => seen.push(`bar ${p.bar.close}`));
    bus.subscribe('*', (_p, topic) => seen.push(`* ${topic}`));
    bus.publish(TOPICS.bar, { instrumentId: ES, bar });
    off();
    bus.publish(TOPICS.bar, { instrumentId: ES, bar });
    expect(seen).toEqual(['bar 1', '* data.bar', '* data.bar']);
    expect(bus.listenerCount(TOPICS.bar)).toBe(0);
  });

  it('isolates a throwing handler and sends its error to the injected logger', () => {
    const errors: string[] = [];
    const logger = {
      ...silentLogger,
      error: (_m: string, c?: Record<string, unknown>) => errors.push(String(c?.topic)),
    };
    const bus = new EventBus<CoreEvents>({ logger });
    let delivered = 0;
    bus.subscribe(TOPICS.bar, () => {
      throw new Error('boom');
    });
    bus.subscribe(TOPICS.bar, () => {
      delivered += 1;
    });
    bus.publish(TOPICS.bar, { instrumentId: ES, bar });
    expect(delivered).toBe(1);
    expect(errors).toEqual(['data.bar']);
  });

  it('delivers in order: an event published by a handler waits behind the current one', () => {
    const bus = new EventBus<CoreEvents>({ logger: silentLogger });
    const seen: string[] = [];
    bus.subscribe(TOPICS.bar, (p, _t, seq) => {
      seen.push(`A bar ${p.bar.close} #${seq}`);
      if (p.bar.close === 1) bus.publish(TOPICS.bar, { instrumentId: ES, bar: { ...bar, close: 2 } });
    });
    bus.subscribe(TOPICS.bar, (p, _t, seq) => seen.push(`B bar ${p.bar.close} #${seq}`));
    const seq = bus.publish(TOPICS.bar, { instrumentId: ES, bar });
    expect(seq).toBe(1);
    expect(seen).toEqual(['A bar 1 #1', 'B bar 1 #1', 'A bar 2 #2', 'B bar 2 #2']);
    expect(bus.lastSequence).toBe(2);
  });

  it('continues the numbering of a previous run and keeps delivering after a handler throws mid-queue', () => {
    const bus = new EventBus<CoreEvents>({ logger: silentLogger, lastSequence: 41 });
    const seqs: number[] = [];
    bus.subscribe(TOPICS.bar, (p, _t, seq) => {
      seqs.push(seq);
      if (p.bar.close === 1) {
        bus.publish(TOPICS.bar, { instrumentId: ES, bar: { ...bar, close: 2 } });
        throw new Error('after queueing');
      }
    });
    bus.publish(TOPICS.bar, { instrumentId: ES, bar });
    bus.publish(TOPICS.bar, { instrumentId: ES, bar: { ...bar, close: 3 } });
    expect(seqs).toEqual([42, 43, 44]);
    expect(() => new EventBus({ lastSequence: -1 })).toThrowError(/lastSequence/);
  });

  it('delivers an event to the handlers subscribed when it started; (un)subscribing inside a handler applies to the next event', () => {
    const bus = new EventBus<CoreEvents>({ logger: silentLogger });
    const seen: string[] = [];
    const late = () => seen.push('late');
    let offB: () => void = () => {};
    bus.subscribe(TOPICS.bar, () => {
      seen.push('A');
      bus.subscribe(TOPICS.bar, late);
      offB();
    });
    offB = bus.subscribe(TOPICS.bar, () => seen.push('B'));
    bus.publish(TOPICS.bar, { instrumentId: ES, bar });
    expect(seen).toEqual(['A', 'B']);
    bus.publish(TOPICS.bar, { instrumentId: ES, bar });
    expect(seen).toEqual(['A', 'B', 'A', 'late']);
    // A handler registered twice runs once; its unsubscribe is idempotent.
    const twice = () => seen.push('twice');
    const off1 = bus.subscribe(TOPICS.fill, twice);
    bus.subscribe(TOPICS.fill, twice);
    expect(bus.listenerCount(TOPICS.fill)).toBe(1);
    off1();
    off1();
    expect(bus.listenerCount(TOPICS.fill)).toBe(0);
  });
});
