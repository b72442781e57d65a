import type { Bar } from '@minhos/core';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { MinhosServer } from '../api/createServer.js';
import { testServer } from '../internal/testHarness.js';
import { findBundledEsBars, loadEsBars } from '../serve/loadEsBars.js';

// The repository's bundled ES 1-minute bars (data/ohlcv/es_1min_trade_lean.csv, ESZ13).
const bars: Bar[] = loadEsBars(findBundledEsBars() as string).slice(0, 400);

interface Msg {
  type: string;
  topic?: string;
  seq?: number;
  data?: Record<string, unknown> | null;
}

const servers: MinhosServer[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  for (const s of servers.splice(0)) await s.close();
});

function client(url: string): { messages: Msg[]; opened: Promise<void>; ws: WebSocket } {
  const ws = new WebSocket(url);
  sockets.push(ws);
  const messages: Msg[] = [];
  ws.on('message', (raw) => messages.push(JSON.parse(raw.toString()) as Msg));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { messages, opened, ws };
}

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('/ws topics of the decision loop', () => {
  it('pushes ai readings, decisions and approvals with per-topic sequence numbers', async () => {
    const t = await testServer({ mode: 'semi_auto' });
    servers.push(t.server);
    const base = await t.server.listen(0);
    const c = client(`${base.replace('http', 'ws')}/ws`);
    await c.opened;
    c.ws.send(JSON.stringify({ type: 'subscribe', topics: ['ai', 'decisions', 'approvals', 'backtests'] }));
    await until(() => c.messages.filter((m) => m.type === 'snapshot').length === 4);
    expect(c.messages.find((m) => m.type === 'snapshot' && m.topic === 'ai')?.data).toBeNull();
    let i = 0;
    while (t.loop.modes.pending().length === 0 && i < bars.length) await t.bar(bars[i++] as Bar);
    await until(() => c.messages.some((m) => m.type === 'update' && m.topic === 'approvals'));
    const ai = c.messages.filter((m) => m.type === 'update' && m.topic === 'ai');
    expect(ai.length).toBeGreaterThan(0);
    expect(ai.map((m) => m.seq)).toEqual(ai.map((_, k) => k + 1));
    expect(ai.at(-1)?.data).toMatchObject({ price: bars[i - 1]?.close, members: expect.any(Array) });
    const decision = c.messages.find((m) => m.type === 'update' && m.topic === 'decisions');
    expect(decision?.data).toMatchObject({ action: 'pending_approval', route: 'await_approval' });
    expect(decision?.data?.record).toBeUndefined();
    const approvals = c.messages.find((m) => m.type === 'update' && m.topic === 'approvals');
    expect(approvals?.data?.approvals).toHaveLength(1);
  });

  it('hands other upgrade paths to a registered handler and refuses unknown ones', async () => {
    const t = await testServer();
    servers.push(t.server);
    const chat = new WebSocketServer({ noServer: true });
    t.server.hub.onUpgrade('/ws/chat', (req, socket, head) =>
      chat.handleUpgrade(req, socket, head, (ws) =>
        ws.send(JSON.stringify({ type: 'system', content: 'hi' })),
      ),
    );
    const base = (await t.server.listen(0)).replace('http', 'ws');
    const c = client(`${base}/ws/chat`);
    await c.opened;
    await until(() => c.messages.length > 0);
    expect(c.messages[0]).toMatchObject({ type: 'system' });
    const bad = client(`${base}/ws/nope`);
    await expect(bad.opened).rejects.toThrow(/404/);
    chat.close();
  });
});
