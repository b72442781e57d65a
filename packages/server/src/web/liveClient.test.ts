import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The dashboard's /ws client (packages/server/web/src/live.ts) against a scripted socket. It is
// loaded by path: the web app is its own TypeScript project (DOM, bundler resolution), outside the
// server's rootDir, so the test sees it through this small structural type.
interface LiveLike {
  start(): void;
  stop(): void;
  subscribe(topic: string, listener: (data: unknown) => void): () => void;
  onConnection(listener: (state: string, epoch: number) => void): () => void;
  readonly state: string;
  readonly epoch: number;
}
type LiveCtor = new (url: string, connect: (url: string) => FakeSocket) => LiveLike;

class FakeSocket {
  readyState = 0;
  readonly sent: unknown[] = [];
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: unknown) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  push(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
}

const livePath = fileURLToPath(new URL('../../web/src/live.ts', import.meta.url));
let LiveClient: LiveCtor;
let sockets: FakeSocket[];
let client: LiveLike;

beforeEach(async () => {
  ({ LiveClient } = (await import(/* @vite-ignore */ livePath)) as { LiveClient: LiveCtor });
  sockets = [];
  client = new LiveClient('ws://test/ws', () => {
    const s = new FakeSocket();
    sockets.push(s);
    return s;
  });
});
afterEach(() => {
  client.stop();
  vi.useRealTimers();
});

const update = (topic: string, seq: number, data: unknown) => ({
  type: 'update',
  topic,
  seq,
  timestamp: 0,
  data,
});

describe('dashboard LiveClient', () => {
  it('subscribes every topic in its own message on open, then delivers the snapshot and in-order updates', () => {
    const got: unknown[] = [];
    client.subscribe('status', (d) => got.push(d));
    client.subscribe('bogus', () => {});
    client.start();
    const ws = sockets[0] as FakeSocket;
    ws.open();
    expect(ws.sent).toEqual([
      { type: 'subscribe', topics: ['status'] },
      { type: 'subscribe', topics: ['bogus'] },
    ]);
    ws.push({ type: 'snapshot', topic: 'status', seq: 7, data: 's7' });
    ws.push(update('status', 8, 's8'));
    ws.push(update('status', 9, 's9'));
    expect(got).toEqual(['s7', 's8', 's9']);
  });

  it('asks for a resync from the last sequence number on a gap, applies the replay in order and drops duplicates', () => {
    const got: unknown[] = [];
    client.subscribe('orders', (d) => got.push(d));
    client.start();
    const ws = sockets[0] as FakeSocket;
    ws.open();
    ws.push({ type: 'snapshot', topic: 'orders', seq: 3, data: 'o3' });
    ws.push(update('orders', 4, 'o4'));
    ws.push(update('orders', 7, 'o7'));
    expect(got).toEqual(['o3', 'o4']);
    expect(ws.sent.at(-1)).toEqual({ type: 'resync', topic: 'orders', after: 4 });
    for (const seq of [5, 6, 7]) ws.push(update('orders', seq, `o${seq}`));
    ws.push(update('orders', 7, 'o7 again'));
    expect(got).toEqual(['o3', 'o4', 'o5', 'o6', 'o7']);
  });

  it('goes offline when the socket closes, reconnects with a delay, subscribes again and takes the new server’s sequence', () => {
    vi.useFakeTimers();
    const states: string[] = [];
    const got: unknown[] = [];
    client.onConnection((s) => states.push(s));
    client.subscribe('status', (d) => got.push(d));
    client.start();
    (sockets[0] as FakeSocket).open();
    (sockets[0] as FakeSocket).push({ type: 'snapshot', topic: 'status', seq: 50, data: 'old' });
    (sockets[0] as FakeSocket).drop();
    expect(client.state).toBe('offline');
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    // The next try fails too: the delay doubles.
    (sockets[1] as FakeSocket).drop();
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    const ws = sockets[2] as FakeSocket;
    ws.open();
    expect(client.state).toBe('online');
    expect(client.epoch).toBe(2);
    expect(ws.sent).toEqual([{ type: 'subscribe', topics: ['status'] }]);
    // A restarted server counts from 1 again: its snapshot is the new baseline, not a duplicate.
    ws.push({ type: 'snapshot', topic: 'status', seq: 1, data: 'new' });
    ws.push(update('status', 2, 'new2'));
    expect(got).toEqual(['old', 'new', 'new2']);
    expect(states).toEqual(['connecting', 'online', 'offline', 'offline', 'online']);
  });
});
