import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { MinhosServer } from '../api/createServer.js';
import type { ServerOptions } from '../api/ServerOptions.js';
import { TEST_TOKEN, testServer } from '../internal/testHarness.js';

interface Msg {
  type: string;
  topic?: string;
  seq?: number;
  data?: unknown;
  code?: string;
  [k: string]: unknown;
}

const open: MinhosServer[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  for (const s of open.splice(0)) await s.close();
});

async function start(options: ServerOptions = {}) {
  const t = await testServer(options);
  open.push(t.server);
  const base = await t.server.listen(0);
  return { ...t, url: `${base.replace('http', 'ws')}/ws` };
}

function connect(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  sockets.push(ws);
  const messages: Msg[] = [];
  const waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  ws.on('message', (raw) => {
    const m = JSON.parse(raw.toString()) as Msg;
    messages.push(m);
    for (const w of [...waiters])
      if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
  });
  const next = (pred: (m: Msg) => boolean, ms = 3000) =>
    new Promise<Msg>((resolve, reject) => {
      const found = messages.find(pred);
      if (found !== undefined) {
        messages.splice(messages.indexOf(found), 1);
        resolve(found);
        return;
      }
      const timer = setTimeout(() => reject(new Error('timed out waiting for a message')), ms);
      waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          messages.splice(messages.indexOf(m), 1);
          resolve(m);
        },
      });
    });
  const send = (m: unknown) => ws.send(JSON.stringify(m));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages, next, send, opened };
}

const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('/ws', () => {
  it('sends the initial state, snapshots on subscribe, and pushes engine events with per-topic sequence numbers', async () => {
    const { url, trade, server, auth } = await start();
    const c = connect(url);
    await c.opened;
    const initial = await c.next((m) => m.type === 'initial');
    expect((initial.data as { banner: string }).banner).toBe('simulated feed / paper');
    c.send({ type: 'subscribe', topics: ['market:ES', 'orders', 'positions'] });
    await c.next((m) => m.type === 'subscribed');
    const snap = await c.next((m) => m.type === 'snapshot' && m.topic === 'market:ES');
    expect(snap).toMatchObject({ seq: 0, data: null });
    trade(5000);
    trade(5000.25);
    const u1 = await c.next((m) => m.type === 'update' && m.topic === 'market:ES');
    const u2 = await c.next((m) => m.type === 'update' && m.topic === 'market:ES');
    expect([u1.seq, u2.seq]).toEqual([1, 2]);
    expect((u2.data as { last: number }).last).toBe(5000.25);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: { symbol: 'ES', side: 'BUY', quantity: 1 },
    });
    expect(res.statusCode).toBe(201);
    trade(5000.5);
    const order = await c.next(
      (m) =>
        m.type === 'update' &&
        m.topic === 'orders' &&
        (m.data as { order: { status: string } }).order.status === 'FILLED',
    );
    expect(order.seq).toBeGreaterThan(1);
    const pos = await c.next((m) => m.type === 'update' && m.topic === 'positions');
    expect((pos.data as { positions: { quantity: number }[] }).positions[0]?.quantity).toBe(1);
    c.send({ type: 'subscribe', topics: ['nope'] });
    expect((await c.next((m) => m.type === 'error')).code).toBe('UNKNOWN_TOPIC');
    c.send({ type: 'ping' });
    await c.next((m) => m.type === 'pong');
    c.send('not json' as unknown as object);
    c.ws.send('{');
    expect((await c.next((m) => m.type === 'error')).code).toMatch(/INVALID/);
  });

  it('replays missed messages on resync, a snapshot when they fell out of the buffer, and after a reconnect', async () => {
    const { url, server } = await start({ ws: { statusIntervalMs: 0, heartbeatMs: 0, replayDepth: 5 } });
    const a = connect(url);
    await a.opened;
    a.send({ type: 'subscribe', topics: ['decisions'] });
    await a.next((m) => m.type === 'snapshot');
    for (let i = 1; i <= 3; i++) server.hub.publish('decisions', { n: i });
    await a.next((m) => m.seq === 3);
    a.ws.close();
    await until(() => server.hub.stats().clients === 0);
    for (let i = 4; i <= 6; i++) server.hub.publish('decisions', { n: i });
    const b = connect(url);
    await b.opened;
    b.send({ type: 'subscribe', topics: ['decisions'] });
    const snap = await b.next((m) => m.type === 'snapshot');
    expect(snap.seq).toBe(6);
    b.send({ type: 'resync', topic: 'decisions', after: 3 });
    const replayed = [
      await b.next((m) => m.seq === 4),
      await b.next((m) => m.seq === 5),
      await b.next((m) => m.seq === 6),
    ];
    expect(replayed.map((m) => (m.data as { n: number }).n)).toEqual([4, 5, 6]);
    for (let i = 7; i <= 12; i++) server.hub.publish('decisions', { n: i });
    await b.next((m) => m.seq === 12);
    b.send({ type: 'resync', topic: 'decisions', after: 2 });
    const fresh = await b.next((m) => m.type === 'snapshot');
    expect(fresh).toMatchObject({ seq: 12, data: { n: 12 } });
  });

  it('drops a client that stops reading once its buffer passes the bound', async () => {
    const { url, server } = await start({
      ws: { statusIntervalMs: 0, heartbeatMs: 0, maxBufferedBytes: 256 * 1024 },
    });
    const slow = connect(url);
    await slow.opened;
    const fast = connect(url);
    await fast.opened;
    slow.send({ type: 'subscribe', topics: ['decisions'] });
    fast.send({ type: 'subscribe', topics: ['decisions'] });
    await slow.next((m) => m.type === 'snapshot');
    await fast.next((m) => m.type === 'snapshot');
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const blob = 'x'.repeat(64 * 1024);
    let fastCount = 0;
    fast.ws.on('message', () => {
      fastCount++;
    });
    for (let i = 0; i < 200 && server.hub.stats().dropped === 0; i++) {
      server.hub.publish('decisions', { i, blob });
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(server.hub.stats().dropped).toBe(1);
    await until(() => server.hub.stats().clients === 1);
    await until(() => fastCount > 10);
  });

  it('drops a client that stops answering pings', async () => {
    const { url, server } = await start({ ws: { statusIntervalMs: 0, heartbeatMs: 50 } });
    const live = connect(url);
    const dead = connect(url);
    await live.opened;
    await dead.opened;
    await until(() => server.hub.stats().clients === 2);
    (dead.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await until(() => server.hub.stats().dropped === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.hub.stats().clients).toBe(1);
  });

  it('pushes status at the configured interval', async () => {
    const { url } = await start({ ws: { statusIntervalMs: 50, heartbeatMs: 0 } });
    const c = connect(url);
    await c.opened;
    c.send({ type: 'subscribe', topics: ['status'] });
    const a = await c.next((m) => m.type === 'update' && m.topic === 'status');
    const b = await c.next((m) => m.type === 'update' && m.topic === 'status');
    expect(b.seq).toBe((a.seq as number) + 1);
  });

  it('requires the token for commands, and for connecting at all when reads are closed', async () => {
    const { url, deps } = await start();
    const c = connect(url);
    await c.opened;
    c.send({ type: 'command', command: 'set_mode', args: { mode: 'full_auto' } });
    expect((await c.next((m) => m.type === 'error')).code).toBe('UNAUTHORIZED');
    expect(deps.control.mode).toBe('manual');
    c.send({ type: 'auth', token: 'wrong' });
    expect((await c.next((m) => m.type === 'error')).code).toBe('UNAUTHORIZED');
    c.send({ type: 'auth', token: TEST_TOKEN });
    await c.next((m) => m.type === 'authenticated');
    c.send({ type: 'command', command: 'set_mode', args: { mode: 'full_auto', reason: 'ws test' } });
    await c.next((m) => m.type === 'result');
    expect(deps.control.mode).toBe('full_auto');

    const closed = await start({ openReads: false });
    const refused = connect(closed.url);
    await expect(refused.opened).rejects.toThrow(/401/);
    const ok = connect(closed.url, { authorization: `Bearer ${TEST_TOKEN}` });
    await ok.opened;
    await ok.next((m) => m.type === 'initial');
  });
});
