import { describe, expect, it } from 'vitest';
import { EventBus } from './EventBus.js';
import { instrumentId } from './ids.js';
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

  it('isolates a throwing handler', () => {
    const errors: string[] = [];
    const bus = new EventBus<CoreEvents>({ onHandlerError: (_e, topic) => errors.push(topic) });
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
});
