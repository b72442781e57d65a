import { join } from 'node:path';
import type { Bar } from '@minhos/core';
import { openStore } from '@minhos/engine';
import { rsi } from '@minhos/models';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { aggregateBars } from '../api/marketRoutes.js';
import { tempDir } from '../cli/testFixtures.js';
import { TEST_TOKEN, testServer } from '../internal/testHarness.js';
import { findBundledEsBars, loadEsBars } from '../serve/loadEsBars.js';
import { StoreChatHistory } from './ChatHistory.js';

// Loosely typed JSON of a chat answer, read by the assertions.
// biome-ignore lint/suspicious/noExplicitAny: test-side view of arbitrary JSON
type Json = any;

// The repository's bundled ES 1-minute bars (data/ohlcv/es_1min_trade_lean.csv, ESZ13).
const bars: Bar[] = loadEsBars(findBundledEsBars() as string).slice(0, 400);

async function fed(mode: 'manual' | 'semi_auto' | 'full_auto' = 'manual', n = bars.length) {
  const t = await testServer({ mode });
  for (const b of bars.slice(0, n)) await t.bar(b);
  const say = async (content: string, authed = false, client_id = 'trader') => {
    const r = await t.server.app.inject({
      method: 'POST',
      url: '/api/chat/message',
      payload: { content, client_id },
      ...(authed ? { headers: t.auth } : {}),
    });
    expect(r.statusCode).toBe(200);
    return r.json().response as { content: string; type: string; metadata: Record<string, Json> };
  };
  return { ...t, say };
}

describe('chat over REST', () => {
  it('answers reads from live engine state: status, price, positions, P&L, and the real RSI of the stored bars', async () => {
    const t = await fed();
    const status = await t.say('status');
    expect(status.type).toBe('ai');
    expect(status.content).toMatch(/mode manual, emergency level normal/);
    expect(status.content).toContain(`ES ${bars[bars.length - 1]?.close}`);

    const r = await t.say('rsi es 5m');
    expect(r.type).toBe('ai');
    expect(r.metadata).toMatchObject({
      intent: 'query',
      command: 'indicator',
      symbol: 'ES',
      indicator: 'RSI',
      timeframe: '5m',
    });
    const closes = Float64Array.from(aggregateBars(bars, 300), (b) => b.close);
    const expected = rsi(closes, 14)[closes.length - 1] as number;
    expect(r.metadata.data.value).toBeCloseTo(expected, 9);
    expect(r.content).toContain(`RSI(14) ${expected.toFixed(2)}`);
    const macd = await t.say('macd es 5m');
    expect(macd.content).toMatch(/ES 5m: MACD\(12,26,9\) -?\d+\.\d\d, signal/);

    const nq = await t.say('rsi nq 5m');
    expect(nq.type).toBe('error');
    expect(nq.content).toBe('NQ is not traded here; traded: ES');
    const daily = await t.say('rsi es daily');
    expect(daily.type).toBe('error');
    expect(daily.content).toMatch(/^ES 1d: RSI 14 needs at least 15 bars, there are [12]$/);

    expect((await t.say('positions')).content).toBe('no open positions');
    expect((await t.say('pnl')).content).toMatch(/^total P&L \$0\.00 /);
    expect((await t.say('price es')).content).toMatch(/^ES last \d+/);
    expect((await t.say('tell me a joke')).content).toMatch(/^I did not understand/);
    await t.server.close();
  });

  it('explains the last decision from its record', async () => {
    const t = await fed('full_auto');
    const recent = (await t.server.app.inject({ url: '/api/decisions/recent?limit=1' })).json();
    const last = (recent.decisions ?? recent.data ?? recent)[0];
    const e = await t.say('why did you make the last decision?');
    expect(e.type).toBe('ai');
    expect(e.content).toContain(`decision ${last.id}`);
    expect(e.content).toMatch(/members: sma-crossover/);
    await t.server.close();
  });

  it('submits an order only with the token and after confirm, through the risk gate of POST /api/trading/orders', async () => {
    const t = await fed('manual', 60);
    const refused = await t.say('buy 1 es');
    expect(refused.type).toBe('error');
    expect(refused.content).toMatch(/needs the access token/);
    expect(t.deps.oms.orders()).toHaveLength(0);

    const ask = await t.say('buy 1 es', true);
    expect(ask.type).toBe('system');
    expect(ask.metadata.awaiting_confirmation).toBe(true);
    expect(ask.content).toMatch(/^About to BUY 1 ES at MARKET \(order chat-/);
    expect(t.deps.oms.orders()).toHaveLength(0);
    const done = await t.say('confirm', true);
    expect(done.type).toBe('ai');
    expect(done.content).toMatch(
      /^order chat-[0-9a-f-]+ (accepted|working|filled|sent|submitted|acknowledged)/i,
    );
    const orders = t.deps.oms.orders();
    expect(orders.filter((o) => o.clientOrderId.startsWith('chat-') && o.tag === 'api')).toHaveLength(1);

    // The risk gate's maximum position size denies 50 contracts: the chat reports the gate's reasons.
    await t.say('buy 50 es', true);
    const denied = await t.say('yes', true);
    expect(denied.type).toBe('error');
    expect(denied.content).toMatch(/^refused: .*(position|size|contracts)/i);

    // A second confirm has nothing to confirm; cancel drops a pending command.
    expect((await t.say('confirm', true)).content).toBe('nothing is waiting for confirmation');
    await t.say('sell 1 es', true);
    expect((await t.say('cancel', true)).content).toMatch(/^canceled: SELL 1 ES/);
    expect((await t.say('confirm', true)).content).toBe('nothing is waiting for confirmation');
    await t.server.close();
  });

  it('switches mode and runs the emergency stop after confirmation; the conversation is kept per client', async () => {
    const t = await fed('manual', 30);
    await t.say('switch to semi auto', true);
    expect(t.deps.control.mode).toBe('manual');
    expect((await t.say('confirm', true)).content).toBe('mode is now semi_auto (was manual)');
    expect(t.deps.control.mode).toBe('semi_auto');
    expect((await t.say('approve', true)).content).toBe('nothing waits for approval');

    const stop = await t.say('EMERGENCY STOP', true, 'desk');
    expect(stop.content).toMatch(/^About to EMERGENCY STOP at level flatten/);
    expect(t.deps.control.level).toBe('normal');
    const stopped = await t.say('confirm', true, 'desk');
    expect(stopped.content).toMatch(/^emergency flatten: 0 orders canceled, 0 closing orders sent/);
    expect(t.deps.control.level).toBe('flatten');

    const conv = (await t.server.app.inject({ url: '/api/chat/conversation/desk?limit=3' })).json();
    expect(conv.client_id).toBe('desk');
    expect(conv.count).toBe(3);
    expect(conv.messages.map((m: { type: string }) => m.type)).toEqual(['system', 'user', 'ai']);
    expect(conv.messages[1].content).toBe('confirm');
    const status = (await t.server.app.inject({ url: '/api/chat/status' })).json();
    expect(status).toMatchObject({
      status: 'active',
      engine: 'rule-based',
      llm_provider: null,
      conversations: 2,
    });
    const test = (await t.server.app.inject({ method: 'POST', url: '/api/chat/test', payload: {} })).json();
    expect(test.success).toBe(true);
    expect(test.response.content).toMatch(/^emergency/);
    await t.server.close();
  });

  it('lists, approves and rejects pending semi_auto decisions after confirmation', async () => {
    const t = await fed('semi_auto', 0);
    const waitForPending = async (from: number) => {
      for (let i = from; i < bars.length; i++) {
        await t.bar(bars[i] as Bar);
        if (t.loop.modes.pending().length > 0) return i + 1;
      }
      throw new Error('no pending approval in the bars');
    };
    let at = await waitForPending(0);
    const id = t.loop.modes.pending()[0]?.id as string;
    const list = await t.say('pending approvals');
    expect(list.content).toMatch(new RegExp(`^${id} \\(expires in \\d+ s\\)`));
    expect((await t.say(`approve ${id}`)).type).toBe('error'); // no token
    const ask = await t.say('approve', true);
    expect(ask.content).toBe(
      `About to approve pending decision ${id}. Reply "confirm" within 60 s to go ahead, or "cancel".`,
    );
    const approved = await t.say('confirm', true);
    expect(approved.type).toBe('ai');
    expect(approved.content).toBe(`approved ${id}: it was sized, gated and sent`);
    expect(t.loop.modes.pending()).toHaveLength(0);
    expect(t.loop.pipeline.decision(id)?.outcome.status).not.toBe('pending_approval');

    at = await waitForPending(at);
    const second = t.loop.modes.pending()[0]?.id as string;
    await t.say(`reject ${second}`, true);
    expect((await t.say('confirm', true)).content).toBe(`rejected ${second}`);
    expect(t.loop.modes.pending()).toHaveLength(0);
    expect((await t.say('reject nope-1', true)).content).toMatch(
      /^no pending approval nope-1; pending: none/,
    );
    await t.server.close();
  });

  it('validates input: bad client ids, empty messages and unknown fields are 400', async () => {
    const t = await testServer();
    const app = t.server.app;
    for (const payload of [
      { content: '' },
      { content: 'status', client_id: 'bad id!' },
      { content: 'x', extra: 1 },
      {},
    ]) {
      const r = await app.inject({ method: 'POST', url: '/api/chat/message', payload });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.json().error.code).toBeDefined();
    }
    expect((await app.inject({ url: '/api/chat/conversation/bad%20id' })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/chat/conversation/ok?limit=0' })).statusCode).toBe(400);
    await t.server.close();
  });
});

describe('chat history', () => {
  it('survives reopening the engine store', () => {
    const path = join(tempDir(), 'engine.sqlite');
    const a = openStore(path);
    if (!a.ok) throw a.error;
    const msg = {
      content: 'status',
      type: 'user' as const,
      timestamp: '2026-01-01T00:00:00.000Z',
      metadata: {},
    };
    new StoreChatHistory(a.value, { maxPerClient: 3 }).append('c1', [
      msg,
      msg,
      { ...msg, content: 'pnl' },
      { ...msg, content: 'last' },
    ]);
    a.value.close();
    const b = openStore(path);
    if (!b.ok) throw b.error;
    const h = new StoreChatHistory(b.value);
    expect(h.recent('c1', 10).map((m) => m.content)).toEqual(['status', 'pnl', 'last']);
    expect(h.conversations()).toBe(1);
    expect(h.recent('nobody', 10)).toEqual([]);
    b.value.close();
  });
});

describe('/ws/chat', () => {
  it('speaks the original message types and takes the token over the socket', async () => {
    const t = await fed('manual', 40);
    const url = await t.server.listen(0);
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/chat?client_id=sock`);
    const inbox: Json[] = [];
    ws.on('message', (d) => inbox.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    const next = async (n: number) => {
      const end = Date.now() + 5000;
      while (inbox.length < n) {
        if (Date.now() > end) throw new Error(`timed out waiting for message ${n}: ${JSON.stringify(inbox)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return inbox[n - 1];
    };
    expect((await next(1)).type).toBe('system');
    ws.send(JSON.stringify({ type: 'ping' }));
    expect((await next(2)).type).toBe('pong');
    ws.send(JSON.stringify({ type: 'chat_message', content: 'status' }));
    expect(await next(3)).toMatchObject({ type: 'ai', metadata: { command: 'status' } });
    ws.send(JSON.stringify({ type: 'get_suggestions', partial_command: 'rsi' }));
    expect((await next(4)).suggestions).toContain('rsi es 5m');
    ws.send(JSON.stringify({ type: 'chat_message', content: 'switch to full auto' }));
    expect((await next(5)).type).toBe('error');
    ws.send(JSON.stringify({ type: 'auth', token: TEST_TOKEN }));
    expect((await next(6)).metadata.authed).toBe(true);
    ws.send(JSON.stringify({ type: 'chat_message', content: 'switch to full auto' }));
    expect((await next(7)).metadata.awaiting_confirmation).toBe(true);
    ws.send(JSON.stringify({ type: 'chat_message', content: 'confirm' }));
    expect((await next(8)).content).toBe('mode is now full_auto (was manual)');
    expect(t.deps.control.mode).toBe('full_auto');
    ws.send(JSON.stringify({ type: 'get_history', limit: 2 }));
    const h = await next(9);
    expect(h.type).toBe('history');
    expect(h.messages.map((m: { content: string }) => m.content)).toEqual([
      'confirm',
      'mode is now full_auto (was manual)',
    ]);
    ws.send('not json');
    expect((await next(10)).type).toBe('error');
    ws.send(JSON.stringify({ type: 'launch_missiles' }));
    expect((await next(11)).content).toMatch(/^bad message: /);
    // A price alert set on the socket is pushed to it when the market crosses the level.
    const last = t.deps.market.latest('ES')?.last as number;
    ws.send(JSON.stringify({ type: 'chat_message', content: `alert me when es is above ${last + 1}` }));
    expect((await next(12)).content).toMatch(/^alert A1 set/);
    t.trade(last + 1.25);
    expect(await next(13)).toMatchObject({
      type: 'ai',
      metadata: { command: 'alert_triggered', symbol: 'ES' },
    });
    ws.close();
    await t.server.close();
  });
});
