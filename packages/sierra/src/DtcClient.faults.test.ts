import type { MinhosError } from '@minhos/core';
import { afterEach, describe, expect, it } from 'vitest';
import { DtcHistoricalClient } from './DtcHistoricalClient.js';
import { encodeDtcEncodingMessage, encodeDtcJsonFrame } from './dtcFraming.js';
import { parseDtcClientMessage } from './dtcMessages.js';
import { DtcEncoding, DtcMessageType as T } from './dtcProtocol.js';
import {
  client,
  closeFakes,
  ENC_JSON,
  fakeServer,
  LOGON_OK,
  type Peer,
  tick,
  trade,
} from './internal/fakeDtcServer.js';

afterEach(closeFakes);

describe('DtcClient against a misbehaving server', () => {
  it('logs on when the encoding response is coalesced with JSON frames in one TCP write', async () => {
    const srv = await fakeServer({
      encoding: (p) =>
        p.socket.write(
          Buffer.concat([
            ENC_JSON,
            encodeDtcJsonFrame({ Type: T.HEARTBEAT }),
            encodeDtcJsonFrame({ Type: T.HEARTBEAT }),
          ]),
        ),
      logon: (p) => p.socket.write(Buffer.concat([LOGON_OK, encodeDtcJsonFrame({ Type: T.HEARTBEAT })])),
    });
    const c = client(srv.port);
    const r = await c.connect();
    expect(r.ok).toBe(true);
    await tick(20);
    expect(c.stats.heartbeatsReceived).toBe(3);
    const logon = srv.peers[0]?.frames.find((f) => f.Type === T.LOGON_REQUEST);
    expect(logon?.HeartbeatIntervalInSeconds).toBe(1);
    expect(logon?.ProtocolVersion).toBe(8);
  });

  it('reassembles frames delivered one byte per TCP write', async () => {
    const srv = await fakeServer();
    const c = client(srv.port);
    expect((await c.connect()).ok).toBe(true);
    const trades = c.trades();
    const sub = c.subscribe('ESZ25', 'CME');
    const peer = srv.peers[0] as Peer;
    const req = await peer.next(T.MARKET_DATA_REQUEST);
    const id = req.SymbolID as number;
    const bytes = Buffer.concat([
      encodeDtcJsonFrame({ Type: T.MARKET_DATA_SNAPSHOT, SymbolID: id, LastTradePrice: 4500 }),
      ...Array.from({ length: 20 }, (_, i) => trade(id, 4500 + i * 0.25, i)),
    ]);
    for (let i = 0; i < bytes.length; i++) {
      peer.socket.write(bytes.subarray(i, i + 1));
      if (i % 8 === 0) await new Promise((r) => setImmediate(r));
    }
    expect((await sub).ok).toBe(true);
    const prices: number[] = [];
    for await (const t of trades) {
      prices.push(t.price);
      if (prices.length === 20) break;
    }
    expect(prices).toEqual(Array.from({ length: 20 }, (_, i) => 4500 + i * 0.25));
    expect(c.stats.malformedFrames).toBe(0);
  });

  it('understands the compact trade/quote variants and keeps the other side of a one-sided quote', async () => {
    const srv = await fakeServer();
    const c = client(srv.port);
    expect((await c.connect()).ok).toBe(true);
    const trades = c.trades();
    const quotes = c.quotes();
    const sub = c.subscribe('ESZ25');
    const peer = srv.peers[0] as Peer;
    const id = (await peer.next(T.MARKET_DATA_REQUEST)).SymbolID as number;
    peer.socket.write(
      Buffer.concat([
        encodeDtcJsonFrame({
          Type: T.MARKET_DATA_SNAPSHOT,
          SymbolID: id,
          BidPrice: 99.5,
          BidQuantity: 3,
          AskPrice: 1.7976931348623157e308,
        }),
        encodeDtcJsonFrame({
          Type: T.MARKET_DATA_UPDATE_TRADE_COMPACT,
          Price: 100,
          Volume: 2,
          DateTime: 1_700_000_001,
          SymbolID: id,
          AtBidOrAsk: 1,
        }),
        encodeDtcJsonFrame({
          Type: T.MARKET_DATA_UPDATE_TRADE_WITH_UNBUNDLED_INDICATOR,
          SymbolID: id,
          AtBidOrAsk: 2,
          UnbundledTradeIndicator: 1,
          Price: 100.25,
          Volume: 1,
          DateTime: 1_700_000_001.5,
        }),
        encodeDtcJsonFrame({
          Type: T.MARKET_DATA_UPDATE_BID_ASK_COMPACT,
          BidPrice: 3.4028234663852886e38,
          AskPrice: 100.25,
          AskQuantity: 7,
          DateTime: 1_700_000_002,
          SymbolID: id,
        }),
        encodeDtcJsonFrame({
          Type: T.MARKET_DATA_UPDATE_BID_ASK,
          SymbolID: id,
          BidPrice: 100,
          BidQuantity: 4,
          AskPrice: 1.7976931348623157e308,
          DateTime: 1_700_000_003,
        }),
      ]),
    );
    const s = await sub;
    expect(s.ok && [s.value.snapshot.bid, s.value.snapshot.ask]).toEqual([99.5, undefined]);
    const t1 = (await trades.next()).value;
    const t2 = (await trades.next()).value;
    expect([t1.time, t1.price, t1.size, t1.aggressor]).toEqual([1_700_000_001_000_000, 100, 2, 'SELL']);
    expect([t2.time, t2.price, t2.aggressor]).toEqual([1_700_000_001_500_000, 100.25, 'BUY']);
    const q1 = (await quotes.next()).value;
    const q2 = (await quotes.next()).value;
    // FLT_MAX/DBL_MAX mean "this side unchanged".
    expect([q1.bid, q1.bidSize, q1.ask, q1.askSize, q1.time]).toEqual([
      99.5, 3, 100.25, 7, 1_700_000_002_000_000,
    ]);
    expect([q2.bid, q2.bidSize, q2.ask, q2.askSize]).toEqual([100, 4, 100.25, 7]);
  });

  it('understands the newer microsecond and no-timestamp variants (142, 143, 144, 146)', async () => {
    const now = 1_800_000_000_000_000;
    const srv = await fakeServer();
    const c = client(srv.port, { clock: { now: () => now } });
    expect((await c.connect()).ok).toBe(true);
    const trades = c.trades();
    const quotes = c.quotes();
    const sub = c.subscribe('ESZ25');
    const peer = srv.peers[0] as Peer;
    const id = (await peer.next(T.MARKET_DATA_REQUEST)).SymbolID as number;
    peer.socket.write(
      Buffer.concat([
        encodeDtcJsonFrame({ Type: T.MARKET_DATA_SNAPSHOT, SymbolID: id }),
        encodeDtcJsonFrame({
          Type: 146,
          SymbolID: id,
          Price: 5000.25,
          Volume: 3,
          DateTime: 1_762_180_200_123_456,
          AtBidOrAsk: 2,
        }),
        encodeDtcJsonFrame({ Type: 142, SymbolID: id, Price: 5000, Volume: 1, AtBidOrAsk: 1 }),
        encodeDtcJsonFrame({
          Type: 144,
          SymbolID: id,
          BidPrice: 5000,
          BidQuantity: 5,
          AskPrice: 5000.25,
          AskQuantity: 6,
          DateTime: 1_762_180_200_223_456,
        }),
        encodeDtcJsonFrame({
          Type: 143,
          SymbolID: id,
          BidPrice: 4999.75,
          BidQuantity: 2,
          AskPrice: 3.4028234663852886e38,
          AskQuantity: 0,
        }),
      ]),
    );
    expect((await sub).ok).toBe(true);
    const t1 = (await trades.next()).value;
    const t2 = (await trades.next()).value;
    expect([t1.time, t1.price, t1.size, t1.aggressor]).toEqual([1_762_180_200_123_456, 5000.25, 3, 'BUY']);
    expect([t2.time, t2.aggressor]).toEqual([now, 'SELL']);
    const q1 = (await quotes.next()).value;
    const q2 = (await quotes.next()).value;
    expect([q1.time, q1.bid, q1.ask]).toEqual([1_762_180_200_223_456, 5000, 5000.25]);
    expect([q2.time, q2.bid, q2.bidSize, q2.ask, q2.askSize]).toEqual([now, 4999.75, 2, 5000.25, 6]);
    expect(c.stats.unknownTypes).toBe(0);
  });

  it('reports garbage, malformed JSON, invalid and unknown messages and keeps going', async () => {
    const srv = await fakeServer();
    const c = client(srv.port);
    const errors: MinhosError[] = [];
    const unknown: number[] = [];
    c.on('protocolError', (e) => errors.push(e));
    c.on('unknownMessage', (t) => unknown.push(t));
    expect((await c.connect()).ok).toBe(true);
    const trades = c.trades();
    const sub = c.subscribe('ESZ25');
    const peer = srv.peers[0] as Peer;
    const id = (await peer.next(T.MARKET_DATA_REQUEST)).SymbolID as number;
    peer.socket.write(encodeDtcJsonFrame({ Type: T.MARKET_DATA_SNAPSHOT, SymbolID: id }));
    peer.socket.write(
      Buffer.concat([
        Buffer.from('garbage that is not json\0'),
        Buffer.from('{"Type":107,"SymbolID":\0'),
        Buffer.from('[1,2,3]\0'),
        Buffer.from('{"Type":9999,"Hello":1}\0'),
        Buffer.from(`{"Type":107,"SymbolID":${id},"Volume":1}\0`),
        Buffer.from('{"Type":700,"UserMessage":"hi"}\0'),
        Buffer.from([0xff, 0xfe, 0x00]),
        trade(id, 4321.5, 1),
      ]),
    );
    expect((await sub).ok).toBe(true);
    const t = (await trades.next()).value;
    expect(t.price).toBe(4321.5);
    expect(c.state).toBe('ready');
    expect(c.stats.malformedFrames).toBe(3);
    expect(c.stats.invalidMessages).toBe(2);
    expect(c.stats.unknownTypes).toBe(1);
    expect(c.stats.otherMessages).toBe(1);
    expect(unknown).toEqual([9999]);
    expect(errors.map((e) => e.code).sort()).toEqual([
      'DTC_INVALID_MESSAGE',
      'DTC_INVALID_MESSAGE',
      'DTC_MALFORMED_FRAME',
      'DTC_MALFORMED_FRAME',
      'DTC_MALFORMED_FRAME',
    ]);
  });

  it('reconnects with backoff after the server drops mid-stream, logs on again and re-subscribes the same SymbolID', async () => {
    const srv = await fakeServer();
    const c = client(srv.port, { backoff: { initialMs: 80, maxMs: 1000 }, random: () => 0.5 });
    const disconnects: [string, boolean][] = [];
    c.on('disconnected', (e, again) => disconnects.push([e.code, again]));
    expect((await c.connect()).ok).toBe(true);
    const trades = c.trades();
    const sub = c.subscribe('ESZ25', 'CME');
    const first = srv.peers[0] as Peer;
    const req1 = await first.next(T.MARKET_DATA_REQUEST);
    const id = req1.SymbolID as number;
    first.socket.write(
      Buffer.concat([
        encodeDtcJsonFrame({ Type: T.MARKET_DATA_SNAPSHOT, SymbolID: id }),
        trade(id, 100, 0),
        trade(id, 101, 1),
      ]),
    );
    expect((await sub).ok).toBe(true);
    expect((await trades.next()).value.price).toBe(100);
    expect((await trades.next()).value.price).toBe(101);

    const nextPeer = srv.nextPeer();
    const droppedAt = performance.now();
    first.socket.write(trade(id, 102, 2).subarray(0, 10)); // half a frame, then the line dies
    first.socket.destroy();
    const second = await nextPeer;
    const reconnectDelay = performance.now() - droppedAt;
    // Backoff for attempt 0 with random 0.5: ceiling 80 ms → 40 + 0.5 × 40 = 60 ms.
    expect(reconnectDelay).toBeGreaterThanOrEqual(55);
    const req2 = await second.next(T.MARKET_DATA_REQUEST);
    expect(req2.SymbolID).toBe(id);
    expect(req2.Symbol).toBe('ESZ25');
    expect(req2.Exchange).toBe('CME');
    second.socket.write(
      Buffer.concat([encodeDtcJsonFrame({ Type: T.MARKET_DATA_SNAPSHOT, SymbolID: id }), trade(id, 103, 3)]),
    );
    expect((await trades.next()).value.price).toBe(103); // the torn frame was discarded, not glued to the next one
    expect(c.state).toBe('ready');
    expect(c.stats.reconnects).toBe(1);
    expect(disconnects).toEqual([['DTC_CONNECTION_CLOSED', true]]);
    expect(second.frames.filter((f) => f.Type === T.LOGON_REQUEST)).toHaveLength(1);
  });

  it('detects a server that stops heartbeating and reconnects', async () => {
    const srv = await fakeServer();
    const c = client(srv.port, { heartbeatIntervalMs: 40, heartbeatTimeoutMs: 150 });
    const reasons: string[] = [];
    c.on('disconnected', (e) => reasons.push(e.code));
    const started = performance.now();
    expect((await c.connect()).ok).toBe(true);
    const nextPeer = srv.nextPeer();
    await nextPeer; // the silent first connection was declared dead and a new one opened
    expect(reasons).toEqual(['DTC_HEARTBEAT_TIMEOUT']);
    expect(c.stats.heartbeatTimeouts).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    // Meanwhile the client heartbeated the server at its own interval.
    expect((srv.peers[0] as Peer).frames.filter((f) => f.Type === T.HEARTBEAT).length).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('times out a request the server never answers, with DTC_TIMEOUT', async () => {
    const srv = await fakeServer();
    const c = client(srv.port);
    expect((await c.connect()).ok).toBe(true);
    const r = await c.positions('ACC', 100);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('DTC_TIMEOUT');
      expect(r.error.retryable).toBe(true);
    }
    expect(c.stats.requestTimeouts).toBe(1);
    expect(c.state).toBe('ready');
  });

  it('fails a pending request with a retryable DTC_DISCONNECTED when the connection drops', async () => {
    const srv = await fakeServer();
    const c = client(srv.port);
    expect((await c.connect()).ok).toBe(true);
    const pending = c.accountBalances();
    await (srv.peers[0] as Peer).next(T.ACCOUNT_BALANCE_REQUEST);
    (srv.peers[0] as Peer).socket.destroy();
    const r = await pending;
    expect(!r.ok && r.error.code).toBe('DTC_DISCONNECTED');
    expect(!r.ok && r.error.retryable).toBe(true);
  });

  it('does not reconnect after LOGON_ERROR_NO_RECONNECT', async () => {
    const srv = await fakeServer({
      logon: (p) =>
        p.socket.write(encodeDtcJsonFrame({ Type: T.LOGON_RESPONSE, Result: 3, ResultText: 'bad password' })),
    });
    const c = client(srv.port);
    const r = await c.connect();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('DTC_LOGON_REJECTED');
      expect(r.error.retryable).toBe(false);
      expect(r.error.message).toContain('bad password');
    }
    expect(c.state).toBe('idle');
  });

  it('refuses a server that will not speak JSON', async () => {
    const srv = await fakeServer({
      encoding: (p) =>
        p.socket.write(encodeDtcEncodingMessage(T.ENCODING_RESPONSE, DtcEncoding.BINARY_ENCODING)),
    });
    const r = await client(srv.port).connect();
    expect(!r.ok && r.error.code).toBe('DTC_ENCODING_REFUSED');
  });

  it('fails the connect attempt (retryable) when the server answers the handshake with garbage', async () => {
    const srv = await fakeServer({
      encoding: (p) => p.socket.write(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')),
    });
    const c = client(srv.port);
    const errors: string[] = [];
    c.on('protocolError', (e) => errors.push(e.code));
    const r = await c.connect();
    expect(!r.ok && r.error.code).toBe('DTC_BAD_HANDSHAKE');
    expect(!r.ok && r.error.retryable).toBe(true);
    expect(errors).toEqual(['DTC_BAD_HANDSHAKE']);
    expect(c.state).toBe('idle');
  });

  it('sends only well-formed DTC requests (every frame validates against the client-message schemas)', async () => {
    const srv = await fakeServer();
    const c = client(srv.port, { requestTimeoutMs: 50 });
    expect((await c.connect()).ok).toBe(true);
    const history = new DtcHistoricalClient({ port: srv.port, requestTimeoutMs: 50 });
    await Promise.all([
      c.subscribe('ESZ25', 'CME', 50),
      c.submitOrder({
        symbol: 'ESZ25',
        side: 'SELL',
        type: 'stop-limit',
        price1: 10,
        price2: 9.75,
        quantity: 2,
        timeInForce: 'gtc',
      }),
      c.submitOrder({ symbol: 'ESZ25', side: 'BUY', type: 'market-limit', price1: 11, quantity: 1 }),
      c.cancelOrder({ serverOrderId: 'S1' }),
      c.cancelReplaceOrder({ clientOrderId: 'C1', price1: 11 }),
      c.openOrders('A'),
      c.fills({ since: 1_700_000_000_500_000, tradeAccount: 'A' }),
      c.positions('A'),
      c.tradeAccounts(),
      c.accountBalances('A'),
    ]);
    await history.historicalBars({
      symbol: 'ESZ25',
      intervalSeconds: 60,
      start: 1_700_000_000_000_000,
      maxDays: 2,
    });
    await history.historicalTicks({ symbol: 'ESZ25' });
    c.unsubscribe('ESZ25', 'CME');
    await c.close();
    const frames = (srv.peers[0] as Peer).frames;
    expect(new Set(frames.map((f) => f.Type))).toEqual(
      new Set([1, 101, 208, 203, 204, 300, 303, 305, 400, 601, 5]),
    );
    const historical = srv.peers.slice(1).flatMap((p) => p.frames);
    expect(srv.peers.length).toBe(3); // one connection per historical request
    expect(new Set(historical.map((f) => f.Type))).toEqual(new Set([1, 800, 5]));
    for (const f of [...frames, ...historical]) expect(parseDtcClientMessage(f).kind).toBe('message');
    const order = frames.find((f) => f.Type === T.SUBMIT_NEW_SINGLE_ORDER);
    expect(order).toMatchObject({
      OrderType: 4,
      BuySell: 2,
      Price1: 10,
      Price2: 9.75,
      Quantity: 2,
      TimeInForce: 2,
      IsAutomatedOrder: 1,
    });
    expect(frames.filter((f) => f.Type === T.SUBMIT_NEW_SINGLE_ORDER)[1]).toMatchObject({ OrderType: 7 });
    expect(frames.find((f) => f.Type === T.HISTORICAL_ORDER_FILLS_REQUEST)).toMatchObject({
      StartDateTime: 1_700_000_000,
      TradeAccount: 'A',
      ServerOrderID: '',
    });
    const hist = historical.find(
      (f) => f.Type === T.HISTORICAL_PRICE_DATA_REQUEST && f.RecordInterval === 60,
    );
    expect(hist).toMatchObject({
      StartDateTime: 1_700_000_000,
      EndDateTime: 0,
      MaxDaysToReturn: 2,
      UseZLibCompression: 0,
    });
    // Historical connections log on without heartbeats (Sierra may stay silent while downloading).
    for (const p of srv.peers.slice(1)) {
      expect(p.frames.find((f) => f.Type === T.LOGON_REQUEST)).toMatchObject({
        HeartbeatIntervalInSeconds: 0,
      });
    }
  });

  it('sends LOGOFF on close and ends its streams', async () => {
    const srv = await fakeServer();
    const c = client(srv.port);
    expect((await c.connect()).ok).toBe(true);
    const updates = c.orderUpdates();
    const logoff = (srv.peers[0] as Peer).next(T.LOGOFF);
    await c.close('done for today');
    expect(await logoff).toMatchObject({ Type: T.LOGOFF, Reason: 'done for today', DoNotReconnect: 1 });
    expect(await updates.next()).toEqual({ value: undefined, done: true });
    expect(c.state).toBe('closed');
  });

  it('stops for good on LOGOFF with DoNotReconnect', async () => {
    const srv = await fakeServer();
    const c = client(srv.port);
    expect((await c.connect()).ok).toBe(true);
    const gone = new Promise<[string, boolean]>((r) =>
      c.on('disconnected', (e, again) => r([e.code, again])),
    );
    (srv.peers[0] as Peer).socket.write(
      encodeDtcJsonFrame({ Type: T.LOGOFF, Reason: 'maintenance', DoNotReconnect: 1 }),
    );
    expect(await gone).toEqual(['DTC_LOGOFF', false]);
    expect(c.state).toBe('closed');
  });

  it('drops the oldest market data from a full trade stream and counts it', async () => {
    const srv = await fakeServer();
    const c = client(srv.port);
    expect((await c.connect()).ok).toBe(true);
    const trades = c.trades({ capacity: 10 });
    const sub = c.subscribe('ESZ25');
    const peer = srv.peers[0] as Peer;
    const id = (await peer.next(T.MARKET_DATA_REQUEST)).SymbolID as number;
    peer.socket.write(
      Buffer.concat([
        encodeDtcJsonFrame({ Type: T.MARKET_DATA_SNAPSHOT, SymbolID: id }),
        ...Array.from({ length: 100 }, (_, i) => trade(id, i, i)),
      ]),
    );
    expect((await sub).ok).toBe(true);
    await tick(50);
    const prices: number[] = [];
    for await (const t of trades) {
      prices.push(t.price);
      if (prices.length === 10) break;
    }
    expect(prices).toEqual(Array.from({ length: 10 }, (_, i) => 90 + i));
    expect(c.stats.droppedMarketData).toBe(90);
  });

  it('filters a stream on its symbol: trades({ symbol }) sees only that symbol, quotes too', async () => {
    const srv = await fakeServer();
    const c = client(srv.port);
    expect((await c.connect()).ok).toBe(true);
    const peer = srv.peers[0] as Peer;
    const ids: number[] = [];
    for (const sym of ['CLZ25', 'GCZ25']) {
      const sub = c.subscribe(sym, 'NYMEX');
      const id = (await peer.next(T.MARKET_DATA_REQUEST)).SymbolID as number;
      ids.push(id);
      peer.socket.write(encodeDtcJsonFrame({ Type: T.MARKET_DATA_SNAPSHOT, SymbolID: id }));
      expect((await sub).ok).toBe(true);
    }
    const [cl, gc] = ids as [number, number];
    const onlyGc = c.trades({ symbol: 'GCZ25' });
    const all = c.trades();
    const clQuotes = c.quotes({ symbol: 'CLZ25' });
    const bidAsk = (id: number, bid: number) =>
      encodeDtcJsonFrame({
        Type: T.MARKET_DATA_UPDATE_BID_ASK,
        SymbolID: id,
        BidPrice: bid,
        BidQuantity: 1,
        AskPrice: bid + 1,
        AskQuantity: 1,
        DateTime: 1_700_000_000,
      });
    peer.socket.write(
      Buffer.concat([
        trade(cl, 70, 0),
        trade(gc, 2000, 1),
        trade(cl, 71, 2),
        trade(gc, 2001, 3),
        bidAsk(gc, 1999),
        bidAsk(cl, 69),
      ]),
    );
    const got: number[] = [];
    for await (const t of onlyGc) {
      got.push(t.price);
      if (got.length === 2) break;
    }
    expect(got).toEqual([2000, 2001]);
    const every: string[] = [];
    for await (const t of all) {
      every.push(t.symbol);
      if (every.length === 4) break;
    }
    expect(every).toEqual(['CLZ25', 'GCZ25', 'CLZ25', 'GCZ25']);
    const q = await clQuotes.next();
    expect(q.value).toMatchObject({ symbol: 'CLZ25', bid: 69 });
  });
});
