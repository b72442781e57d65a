import { connect, type Socket } from 'node:net';
import { US_PER_HOUR, US_PER_SECOND } from '@minhos/core';
import { afterEach, describe, expect, it } from 'vitest';
import { DtcClient } from './DtcClient.js';
import { DtcHistoricalClient } from './DtcHistoricalClient.js';
import { DtcSimulator } from './DtcSimulator.js';
import { DtcFrameDecoder, encodeDtcEncodingMessage, encodeDtcJsonFrame } from './dtcFraming.js';
import { DtcMessageType as T } from './dtcProtocol.js';
import { type DtcReplayEvent, dtcMemorySource } from './dtcReplaySource.js';

const T0 = Date.UTC(2013, 9, 7, 13, 30) * 1000;
const trade = (time: number, price: number, size = 1): DtcReplayEvent => ({
  kind: 'trade',
  time,
  price,
  size,
});

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.();
});

async function start(sim: DtcSimulator): Promise<number> {
  const { port } = await sim.start();
  stops.push(() => sim.stop());
  return port;
}

async function connected(port: number): Promise<DtcClient> {
  const c = new DtcClient({ port, heartbeatIntervalMs: 1000, requestTimeoutMs: 2000 });
  stops.push(() => c.close());
  const r = await c.connect();
  if (!r.ok) throw r.error;
  return c;
}

/** A raw TCP peer speaking JSON without the helpers of DtcClient. */
function raw(
  port: number,
): Promise<{ socket: Socket; frames: Record<string, unknown>[]; closed: Promise<void> }> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve({ socket, frames, closed }));
    const frames: Record<string, unknown>[] = [];
    const decoder = new DtcFrameDecoder({ handshake: 'response' });
    socket.on('data', (c) => {
      for (const e of decoder.push(c)) if (e.kind === 'json') frames.push(e.value as Record<string, unknown>);
    });
    socket.on('error', () => {});
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    stops.push(async () => {
      socket.destroy();
    });
  });
}

const until = async (cond: () => boolean, ms = 2000) => {
  const t = performance.now();
  while (!cond()) {
    if (performance.now() - t > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('DtcSimulator', () => {
  it('paces the replay at the chosen speed and compresses long gaps to maxGapMs', async () => {
    const events = [
      trade(T0, 1),
      trade(T0 + 6 * US_PER_SECOND, 2),
      trade(T0 + 12 * US_PER_SECOND, 3),
      trade(T0 + 5 * US_PER_HOUR, 4),
    ];
    const sim = new DtcSimulator({
      instruments: [{ symbol: 'X', source: dtcMemorySource(events) }],
      port: 0,
      speed: 60,
      maxGapMs: 150,
    });
    const c = await connected(await start(sim));
    const arrivals: [number, number][] = [];
    c.on('trade', (t) => arrivals.push([t.price, performance.now()]));
    const subscribedAt = performance.now(); // the replay starts with this subscription
    await c.subscribe('X');
    await sim.finished();
    await until(() => arrivals.length === 4);
    // 6 s of market at 60× = 100 ms, twice; the 5-hour gap is capped at 150 ms: the last print cannot
    // leave before 350 ms (lateness only delays). Upper bounds are loose (unpaced: 12 s and 5 h).
    const last = (arrivals[3] as [number, number])[1];
    expect(last - subscribedAt).toBeGreaterThan(340);
    expect(last - subscribedAt).toBeLessThan(3000);
    expect(arrivals.map(([p]) => p)).toEqual([1, 2, 3, 4]);
  });

  it('merges several instruments into one time-ordered market', async () => {
    const a = dtcMemorySource([trade(T0, 1), trade(T0 + 3, 3), trade(T0 + 5, 5)]);
    const b = dtcMemorySource([trade(T0 + 2, 2), trade(T0 + 4, 4)]);
    const sim = new DtcSimulator({
      instruments: [
        { symbol: 'A', source: a },
        { symbol: 'B', source: b },
      ],
      port: 0,
      speed: 'max',
      autoPlay: 'manual',
    });
    const c = await connected(await start(sim));
    const seen: string[] = [];
    c.on('trade', (t) => seen.push(`${t.symbol}${t.price}`));
    await c.subscribe('A');
    await c.subscribe('B');
    sim.play();
    await sim.finished();
    await until(() => seen.length === 5);
    expect(seen).toEqual(['A1', 'B2', 'A3', 'B4', 'A5']);
  });

  it('answers a client that sends JSON without the binary handshake, and closes on a garbage handshake', async () => {
    const sim = new DtcSimulator({ instruments: [{ symbol: 'X', source: dtcMemorySource([]) }], port: 0 });
    const port = await start(sim);
    const json = await raw(port);
    json.socket.write(encodeDtcJsonFrame({ Type: T.LOGON_REQUEST, HeartbeatIntervalInSeconds: 10 }));
    await until(() => json.frames.some((f) => f.Type === T.LOGON_RESPONSE));
    expect(json.frames.find((f) => f.Type === T.LOGON_RESPONSE)?.Result).toBe(1);

    const junk = await raw(port);
    junk.socket.write(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3]));
    await junk.closed;
    expect(sim.stats.malformedFrames).toBeGreaterThanOrEqual(1);
  });

  it('answers the binary ENCODING_REQUEST with a binary JSON ENCODING_RESPONSE', async () => {
    const sim = new DtcSimulator({ instruments: [{ symbol: 'X', source: dtcMemorySource([]) }], port: 0 });
    const port = await start(sim);
    const bytes = await new Promise<Buffer>((resolve) => {
      const s = connect({ port, host: '127.0.0.1' }, () =>
        s.write(encodeDtcEncodingMessage(T.ENCODING_REQUEST, 0)),
      );
      s.once('data', (d) => {
        s.destroy();
        resolve(d);
      });
    });
    expect(bytes.toString('hex')).toBe('10000700080000000200000044544300');
  });

  it('requires the configured credentials', async () => {
    const sim = new DtcSimulator({
      instruments: [{ symbol: 'X', source: dtcMemorySource([]) }],
      port: 0,
      credentials: { username: 'u', password: 'p' },
    });
    const port = await start(sim);
    const bad = new DtcClient({ port, password: 'nope', username: 'u' });
    stops.push(() => bad.close());
    const r = await bad.connect();
    expect(!r.ok && r.error.code).toBe('DTC_LOGON_REJECTED');
    const good = new DtcClient({ port, password: 'p', username: 'u' });
    stops.push(() => good.close());
    expect((await good.connect()).ok).toBe(true);
  });

  it('drops market data (never order updates) for a client that stops reading, and reports it in heartbeats', async () => {
    const events = Array.from({ length: 60_000 }, (_, i) => trade(T0 + i, 1000 + (i % 40) * 0.25, 1));
    const sim = new DtcSimulator({
      instruments: [{ symbol: 'X', source: dtcMemorySource(events) }],
      port: 0,
      speed: 1e9,
      autoPlay: 'manual',
      heartbeatIntervalMs: 30,
      maxBufferedBytesPerClient: 16 * 1024,
    });
    const port = await start(sim);
    const slow = await raw(port);
    slow.socket.write(encodeDtcJsonFrame({ Type: T.LOGON_REQUEST, HeartbeatIntervalInSeconds: 1 }));
    await until(() => slow.frames.length > 0);
    slow.socket.write(
      encodeDtcJsonFrame({ Type: T.MARKET_DATA_REQUEST, RequestAction: 1, SymbolID: 7, Symbol: 'X' }),
    );
    slow.socket.write(
      encodeDtcJsonFrame({
        Type: T.SUBMIT_NEW_SINGLE_ORDER,
        Symbol: 'X',
        OrderType: 2,
        BuySell: 1,
        Price1: 1,
        Quantity: 1,
        ClientOrderID: 'keep',
      }),
    );
    await until(() => slow.frames.some((f) => f.Type === T.ORDER_UPDATE));
    slow.socket.pause();
    // A slow reader still heartbeats (otherwise the server rightly drops it as dead).
    const beat = setInterval(() => slow.socket.write(encodeDtcJsonFrame({ Type: T.HEARTBEAT })), 100);
    stops.push(async () => clearInterval(beat));
    sim.play();
    await sim.finished();
    expect(sim.stats.droppedMarketData).toBeGreaterThan(0);
    // An order update sent while the client is saturated is still delivered.
    const fast = await connected(port);
    expect((await fast.cancelOrder({ clientOrderId: 'keep' })).ok).toBe(true);
    slow.socket.resume();
    await until(() =>
      slow.frames.some((f) => f.Type === T.HEARTBEAT && (f.NumDroppedMessages as number) > 0),
    );
    await until(() => slow.frames.some((f) => f.Type === T.ORDER_UPDATE && f.OrderStatus === 8));
    const trades = slow.frames.filter((f) => f.Type === T.MARKET_DATA_UPDATE_TRADE).length;
    expect(trades + sim.stats.droppedMarketData).toBe(60_000);
  });

  it('rejects historical data for an unknown symbol and never serves data beyond the replay time', async () => {
    const events = Array.from({ length: 10 }, (_, i) => trade(T0 + i * 60 * US_PER_SECOND, 100 + i));
    const sim = new DtcSimulator({
      instruments: [{ symbol: 'X', source: dtcMemorySource(events) }],
      port: 0,
      autoPlay: 'manual',
      replayFrom: T0 + 5 * 60 * US_PER_SECOND,
    });
    const c = new DtcHistoricalClient({ port: await start(sim) });
    const bad = await c.historicalBars({ symbol: 'Y', intervalSeconds: 60 });
    expect(!bad.ok && bad.error.code).toBe('DTC_REJECTED');
    const ticks = await c.historicalTicks({ symbol: 'X' });
    expect(ticks.ok && ticks.value.map((t) => t.price)).toEqual([100, 101, 102, 103, 104]);
    const bars = await c.historicalBars({ symbol: 'X', intervalSeconds: 60 });
    expect(bars.ok && bars.value.map((b) => [b.close, b.numTrades])).toEqual([
      [100, 1],
      [101, 1],
      [102, 1],
      [103, 1],
      [104, 1],
    ]);
  });

  it('survives a failing replay source and reports it', async () => {
    const broken = {
      description: 'broken',
      // biome-ignore lint/correctness/useYield: the source fails before yielding anything
      async *events(): AsyncGenerator<DtcReplayEvent> {
        throw new Error('disk on fire');
      },
    };
    const sim = new DtcSimulator({
      instruments: [{ symbol: 'X', source: broken }],
      port: 0,
      autoPlay: 'manual',
    });
    const c = await connected(await start(sim));
    sim.play();
    await expect(sim.finished()).rejects.toMatchObject({ code: 'DTC_REPLAY_FAILED' });
    expect(sim.replayError?.message).toContain('disk on fire');
    expect((await c.tradeAccounts()).ok).toBe(true); // still serving
  });

  it('validates its options', () => {
    expect(() => new DtcSimulator({ instruments: [] })).toThrow(/at least one instrument/);
    expect(
      () => new DtcSimulator({ instruments: [{ symbol: 'X', source: dtcMemorySource([]) }], speed: 0 }),
    ).toThrow(/speed/);
  });
});
