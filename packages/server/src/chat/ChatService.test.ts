import { describe, expect, it } from 'vitest';
import { testServer } from '../internal/testHarness.js';
import type { ChatActionResult, ChatActions } from './ChatActions.js';
import { MemoryChatHistory } from './ChatHistory.js';
import { ChatService } from './ChatService.js';

function recordingActions(calls: string[]): ChatActions {
  const ok = async (what: string): Promise<ChatActionResult> => {
    calls.push(what);
    return { ok: true, status: 200, body: { message: what } };
  };
  return {
    setMode: (mode) => ok(`mode ${mode}`),
    submitOrder: (o) => ok(`order ${o.side} ${o.quantity} ${o.symbol}`),
    approve: (id) => ok(`approve ${id}`),
    reject: (id) => ok(`reject ${id}`),
    emergencyStop: (level) => ok(`emergency ${level}`),
  };
}

describe('ChatService', () => {
  it('runs nothing when the confirmation comes after the window', async () => {
    const t = await testServer();
    let now = 1_000_000;
    const calls: string[] = [];
    const chat = new ChatService({
      deps: t.deps,
      actions: recordingActions(calls),
      history: new MemoryChatHistory(),
      confirmTimeoutMs: 30_000,
      now: () => now,
    });
    const me = { clientId: 'a', authed: true };
    expect((await chat.handle(me, 'emergency stop')).content).toMatch(/within 30 s/);
    now += 30_001;
    const late = await chat.handle(me, 'confirm');
    expect(late.type).toBe('error');
    expect(late.content).toMatch(/^the confirmation window closed; nothing was done \(EMERGENCY STOP/);
    expect(calls).toEqual([]);
    // In time, it runs once; a confirmation belongs to its own client.
    await chat.handle(me, 'buy 2 es');
    expect((await chat.handle({ clientId: 'b', authed: true }, 'confirm')).content).toBe(
      'nothing is waiting for confirmation',
    );
    now += 29_000;
    const done = await chat.handle(me, 'confirm');
    expect(done.content).toMatch(/^order chat-[0-9a-f-]{36} sent: BUY 2 ES$/);
    expect(done.metadata.command).toBe('order');
    expect(calls).toEqual(['order BUY 2 ES']);
    await t.server.close();
  });

  it('asks the optional LLM provider only for what the rules do not cover, and falls back when it fails', async () => {
    const t = await testServer();
    const asked: string[] = [];
    let fail = false;
    const chat = new ChatService({
      deps: t.deps,
      actions: recordingActions([]),
      history: new MemoryChatHistory(),
      llm: {
        name: 'stub',
        answer: async (q, ctx) => {
          asked.push(q);
          if (fail) throw new Error('offline');
          return `llm: ${q} (mode ${(ctx.trading as { mode: string }).mode})`;
        },
      },
    });
    const me = { clientId: 'a', authed: false };
    expect((await chat.handle(me, 'status')).content).toMatch(/^running/);
    expect((await chat.handle(me, 'tell me a joke')).content).toBe('llm: tell me a joke (mode manual)');
    fail = true;
    expect((await chat.handle(me, 'sing')).content).toMatch(/^I did not understand "sing"/);
    expect(asked).toEqual(['tell me a joke', 'sing']);
    expect(chat.status()).toMatchObject({ llm_provider: 'stub', messages_processed: 3, conversations: 1 });
    expect(chat.history('a', 2).map((m) => m.type)).toEqual(['user', 'ai']);
    expect(chat.suggestions('sw')).toEqual([
      'switch to manual',
      'switch to semi_auto',
      'switch to full_auto',
    ]);
    expect(chat.suggestions('es 5m')).toEqual([
      'rsi es 5m',
      'bollinger es 5m',
      'alert me when rsi es 5m above 70',
    ]);
    await t.server.close();
  });

  it('sets price alerts that fire once when the market crosses them, pushed and kept in the history', async () => {
    const t = await testServer();
    const history = new MemoryChatHistory();
    const chat = new ChatService({ deps: t.deps, actions: recordingActions([]), history });
    const pushed: [string, string][] = [];
    chat.onPush((client, m) => pushed.push([client, m.content]));
    const me = { clientId: 'a', authed: false };
    expect((await chat.handle(me, 'alert me when es is above 1800')).content).toMatch(/^no price for ES yet/);
    t.trade(1795);
    expect((await chat.handle(me, 'alert me when es is above 1800')).content).toMatch(
      /^alert A1 set: I tell you when ES is above 1800 \(now 1795\)/,
    );
    expect((await chat.handle(me, 'tell me when es crosses 1790')).content).toMatch(
      /^alert A2 set: .*crosses 1790/,
    );
    expect((await chat.handle(me, 'alert when es is below 1796')).content).toBe(
      'ES is at 1795 now, already below 1796: no alert set',
    );
    expect((await chat.handle(me, 'notify me when es volume is above 5000')).content).toMatch(
      /^ES 1m: VOLUME 20 needs at least 21 bars, there are 0/,
    );
    expect((await chat.handle(me, 'alerts')).content).toBe('A1: ES above 1800; A2: ES crosses 1790');
    t.trade(1799.75);
    expect(pushed).toEqual([]);
    t.trade(1800.25);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]?.[0]).toBe('a');
    expect(pushed[0]?.[1]).toMatch(/^alert A1: ES 1800.25 is above 1800 \(set at .* at 1795\)$/);
    t.trade(1801);
    expect(pushed).toHaveLength(1); // one-shot
    t.trade(1789.5);
    expect(pushed[1]?.[1]).toMatch(/^alert A2: ES 1789.5 crossed 1790/);
    expect(history.recent('a', 1)[0]?.metadata.command).toBe('alert_triggered');
    expect(chat.alerts()).toEqual([]);
    await chat.handle(me, 'alert me when es is above 1900');
    expect((await chat.handle(me, 'clear alerts')).content).toBe('cleared 1 alerts');
    chat.close();
    await t.server.close();
  });

  it('sets indicator alerts ("alert me when rsi es 5m above 70"), kept across a restart, fired once at a new bar', async () => {
    const t = await testServer();
    const history = new MemoryChatHistory();
    const make = () => new ChatService({ deps: t.deps, actions: recordingActions([]), history });
    const chat = make();
    const pushed: [string, string][] = [];
    chat.onPush((client, m) => pushed.push([client, m.content]));
    const me = { clientId: 'a', authed: false };
    const T = Date.UTC(2025, 10, 3, 16) * 1000;
    let i = 0;
    const bar = async (close: number) => {
      const time = T + 60_000_000 * i++;
      await t.bar({ time, open: close, high: close + 0.5, low: close - 0.5, close, volume: 100 } as never);
    };
    expect((await chat.handle(me, 'alert me when rsi es 5m above 70')).content).toMatch(
      /^ES 5m: RSI 14 needs at least 15 bars, there are 0/,
    );
    for (let k = 0; k < 40; k++) await bar(1800 - k * 0.5 + (k % 2) * 0.25); // falling: RSI low
    expect((await chat.handle(me, 'alert me when rsi es below 90')).content).toMatch(
      /^ES 1m RSI is \d+\.\d\d now, already below 90: no alert set/,
    );
    const set = await chat.handle(me, 'alert me when rsi es above 60');
    expect(set.content).toMatch(/^alert I1 set: I tell you when ES 1m RSI is above 60 \(now \d+\.\d\d\)/);
    expect((await chat.handle(me, 'alerts')).content).toBe('I1: ES 1m RSI above 60');
    // A restart: a new chat on the same store has the alert.
    chat.close();
    const again = make();
    again.onPush((client, m) => pushed.push([client, m.content]));
    expect(again.alerts()).toEqual([]);
    expect((await again.handle(me, 'alerts')).content).toBe('I1: ES 1m RSI above 60');
    for (let k = 0; k < 3; k++) await bar(1780 + k);
    expect(pushed).toEqual([]); // not yet above 60
    for (let k = 3; k < 30 && pushed.length === 0; k++) await bar(1780 + k * 2);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]?.[0]).toBe('a');
    expect(pushed[0]?.[1]).toMatch(
      /^alert I1: ES 1m RSI (6\d|[7-9]\d|100)\.\d\d is above 60 \(set at .* at \d+\.\d\d\)$/,
    );
    expect(history.recent('a', 1)[0]?.metadata.command).toBe('alert_triggered');
    await bar(1900);
    expect(pushed).toHaveLength(1); // one-shot
    expect((await again.handle(me, 'alerts')).content).toBe('no alerts set');
    expect(make().status()).toMatchObject({ alerts: 0 }); // the firing was persisted too
    expect((await again.handle(me, 'tell me when es sma 1m crosses 1000')).content).toMatch(/^alert I2 set/);
    expect((await again.handle(me, 'clear alerts')).content).toBe('cleared 1 alerts');
    again.close();
    await t.server.close();
  });
});
