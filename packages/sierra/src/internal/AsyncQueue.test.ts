import { MinhosError } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { AsyncQueue } from './AsyncQueue.js';

async function drain<T>(q: AsyncQueue<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const r = await q.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe('AsyncQueue overflow policies', () => {
  it('drop-oldest keeps the newest items and counts drops', async () => {
    const q = new AsyncQueue<number>(3, 'drop-oldest');
    for (let i = 0; i < 10; i++) q.push(i);
    expect(q.dropped).toBe(7);
    expect(await drain(q, 3)).toEqual([7, 8, 9]);
  });

  it('drop-newest keeps the oldest items', async () => {
    const q = new AsyncQueue<number>(3, 'drop-newest');
    const accepted = Array.from({ length: 5 }, (_, i) => q.push(i));
    expect(accepted).toEqual([true, true, false, false, false]);
    expect(q.dropped).toBe(2);
    expect(await drain(q, 3)).toEqual([0, 1, 2]);
  });

  it('keep-all never drops: it grows past capacity and keeps the order', async () => {
    const q = new AsyncQueue<number>(2, 'keep-all');
    for (let i = 0; i < 1000; i++) q.push(i);
    expect(q.size).toBe(1000);
    expect(q.dropped).toBe(0);
    expect(await drain(q, 1000)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('hands a pushed item straight to a waiting reader', async () => {
    const q = new AsyncQueue<string>(1, 'drop-oldest');
    const pending = q.next();
    q.push('x');
    expect(await pending).toEqual({ value: 'x', done: false });
  });

  it('ends after buffered items on close, or rejects a waiting reader with the close error', async () => {
    const q = new AsyncQueue<number>(4, 'keep-all');
    q.push(1);
    q.close();
    expect(await drain(q, 5)).toEqual([1]);
    expect(q.push(2)).toBe(false);
    const e = new AsyncQueue<number>(4, 'keep-all');
    const waiting = e.next();
    e.close(new MinhosError('DTC_CLOSED', 'gone'));
    await expect(waiting).rejects.toMatchObject({ code: 'DTC_CLOSED' });
  });

  it('return() (a `break` out of for-await) closes it and runs onClose', async () => {
    let closed = false;
    const q = new AsyncQueue<number>(4, 'drop-oldest', () => {
      closed = true;
    });
    q.push(1);
    q.push(2);
    for await (const v of q) {
      expect(v).toBe(1);
      break;
    }
    expect(closed).toBe(true);
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('rejects a non-positive capacity', () => {
    expect(() => new AsyncQueue(0, 'keep-all')).toThrow(/capacity/);
  });
});
