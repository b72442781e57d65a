import type { MinhosError } from '@minhos/core';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeDtcJsonFrame } from './dtcFraming.js';
import { DtcMessageType as T } from './dtcProtocol.js';
import { client, closeFakes, fakeServer, type Peer, tick, trade } from './internal/fakeDtcServer.js';

afterEach(closeFakes);

const update = (fields: Record<string, unknown>) => encodeDtcJsonFrame({ Type: T.ORDER_UPDATE, ...fields });

describe('order flow is safe', () => {
  it('never pauses the socket for an unread order stream: the watchdog still catches a dead server, nothing is lost', async () => {
    const srv = await fakeServer();
    const c = client(srv.port, { heartbeatIntervalMs: 40, heartbeatTimeoutMs: 150, reconnect: false });
    expect((await c.connect()).ok).toBe(true);
    const orders = c.orderUpdates({ capacity: 5 }); // nobody reads it
    const trades = c.trades({ capacity: 10 }); // nobody reads it either
    const sub = c.subscribe('CLZ25', 'NYMEX');
    const peer = srv.peers[0] as Peer;
    const id = (await peer.next(T.MARKET_DATA_REQUEST)).SymbolID as number;
    peer.socket.write(encodeDtcJsonFrame({ Type: T.MARKET_DATA_SNAPSHOT, SymbolID: id }));
    expect((await sub).ok).toBe(true);
    const N = 300;
    const M = 3000;
    const chunks: Buffer[] = [];
    for (let i = 0; i < M; i++) {
      chunks.push(trade(id, 70 + i / 100, i));
      if (i % 10 === 0 && i / 10 < N) chunks.push(update({ ClientOrderID: `o${i / 10}`, OrderStatus: 4 }));
    }
    peer.socket.write(Buffer.concat(chunks));
    // The fake server never heartbeats: after this silence the watchdog must fire although no
    // consumer has read anything.
    const gone = new Promise<string>((r) => c.on('disconnected', (e) => r(e.code)));
    expect(await gone).toBe('DTC_HEARTBEAT_TIMEOUT');
    expect(c.stats.heartbeatTimeouts).toBe(1);
    expect(c.stats.droppedMarketData).toBe(M - 10);
    const ids: string[] = [];
    for await (const o of orders) ids.push(o.clientOrderId);
    expect(ids).toEqual(Array.from({ length: N }, (_, i) => `o${i}`));
    const kept: number[] = [];
    for await (const t of trades) kept.push(t.price);
    expect(kept).toHaveLength(10);
    expect(kept[9]).toBeCloseTo(70 + (M - 1) / 100, 9);
  });

  it('reports a submit without an answer as "unknown state", not retryable, and never resends it', async () => {
    const srv = await fakeServer();
    const c = client(srv.port, { backoff: { initialMs: 10, maxMs: 20 } });
    expect((await c.connect()).ok).toBe(true);
    const r = await c.submitOrder({
      symbol: 'ESZ25',
      side: 'BUY',
      type: 'market',
      quantity: 1,
      clientOrderId: 'x1',
      timeoutMs: 80,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('DTC_ORDER_STATE_UNKNOWN');
      expect(r.error.retryable).toBe(false);
      expect(r.error.message).toContain('reconcile');
      expect(r.error.details).toMatchObject({ clientOrderId: 'x1' });
    }
    // A reconnect later must not resend it.
    const again = srv.nextPeer();
    (srv.peers[0] as Peer).socket.destroy();
    const peer2 = await again;
    await peer2.next(T.LOGON_REQUEST);
    await tick(50);
    const submits = srv.peers.flatMap((p) => p.frames).filter((f) => f.Type === T.SUBMIT_NEW_SINGLE_ORDER);
    expect(submits).toHaveLength(1);
  });

  it('reports a submit interrupted by a lost connection as "unknown state" too; only DTC_NOT_CONNECTED means nothing was sent', async () => {
    const srv = await fakeServer();
    const c = client(srv.port, { reconnect: false });
    expect((await c.connect()).ok).toBe(true);
    const pending = c.submitOrder({
      symbol: 'ESZ25',
      side: 'SELL',
      type: 'limit',
      price1: 5000,
      quantity: 1,
    });
    await (srv.peers[0] as Peer).next(T.SUBMIT_NEW_SINGLE_ORDER);
    (srv.peers[0] as Peer).socket.destroy();
    const r = await pending;
    expect(!r.ok && r.error.code).toBe('DTC_ORDER_STATE_UNKNOWN');
    expect(!r.ok && r.error.retryable).toBe(false);
    const after = await c.submitOrder({ symbol: 'ESZ25', side: 'SELL', type: 'market', quantity: 1 });
    expect(!after.ok && after.error.code).toBe('DTC_NOT_CONNECTED');
  });

  it('fails at once with DTC_TRADING_DISABLED when the server says TradingIsSupported 0, sending nothing', async () => {
    const srv = await fakeServer({
      logon: (p) =>
        p.socket.write(
          encodeDtcJsonFrame({
            Type: T.LOGON_RESPONSE,
            Result: 1,
            ServerName: 'Sierra',
            TradingIsSupported: 0,
          }),
        ),
    });
    const c = client(srv.port, { requestTimeoutMs: 10_000 });
    expect((await c.connect()).ok).toBe(true);
    const t0 = performance.now();
    const r = await c.submitOrder({ symbol: 'ESZ25', side: 'BUY', type: 'market', quantity: 1 });
    expect(performance.now() - t0).toBeLessThan(100);
    expect(!r.ok && r.error.code).toBe('DTC_TRADING_DISABLED');
    expect(!r.ok && r.error.message).toContain('Allow Trading');
    const cancel = await c.cancelOrder({ serverOrderId: '1' });
    expect(!cancel.ok && cancel.error.code).toBe('DTC_TRADING_DISABLED');
    await tick(20);
    expect(
      (srv.peers[0] as Peer).frames.some(
        (f) => f.Type === T.SUBMIT_NEW_SINGLE_ORDER || f.Type === T.CANCEL_ORDER,
      ),
    ).toBe(false);
  });

  it('recognises a rejection by status alone and by reason alone', async () => {
    const srv = await fakeServer({
      frame: (p, f) => {
        if (f.Type !== T.SUBMIT_NEW_SINGLE_ORDER) return;
        const byStatus = f.ClientOrderID === 'by-status';
        p.socket.write(
          update({
            ClientOrderID: f.ClientOrderID,
            OrderStatus: byStatus ? 9 : 0,
            OrderUpdateReason: byStatus ? 0 : 8,
            InfoText: 'margin',
          }),
        );
      },
    });
    const c = client(srv.port);
    expect((await c.connect()).ok).toBe(true);
    for (const id of ['by-status', 'by-reason']) {
      const r = await c.submitOrder({
        symbol: 'ESZ25',
        side: 'BUY',
        type: 'market',
        quantity: 1,
        clientOrderId: id,
      });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('DTC_REJECTED');
        expect(r.error.message).toContain('margin');
      }
    }
  });

  it('fails a rejected cancel/replace and a rejected cancel instead of reporting success', async () => {
    const srv = await fakeServer({
      frame: (p, f) => {
        if (f.Type === T.CANCEL_REPLACE_ORDER) {
          // A pending status first (must not resolve it), then the reject.
          p.socket.write(update({ ServerOrderID: f.ServerOrderID, OrderStatus: 5, OrderUpdateReason: 3 }));
          p.socket.write(
            update({
              ServerOrderID: f.ServerOrderID,
              OrderStatus: 4,
              OrderUpdateReason: 10,
              InfoText: 'too late',
            }),
          );
        }
        if (f.Type === T.CANCEL_ORDER) {
          p.socket.write(
            update({
              ServerOrderID: f.ServerOrderID,
              OrderStatus: 7,
              OrderUpdateReason: 9,
              InfoText: 'filled',
            }),
          );
        }
      },
    });
    const c = client(srv.port);
    expect((await c.connect()).ok).toBe(true);
    const rep = await c.cancelReplaceOrder({ serverOrderId: '42', price1: 100 });
    expect(!rep.ok && rep.error.code).toBe('DTC_REJECTED');
    expect(!rep.ok && rep.error.message).toContain('too late');
    const can = await c.cancelOrder({ serverOrderId: '42' });
    expect(!can.ok && can.error.code).toBe('DTC_REJECTED');
  });

  it('reports orders in domain units: LastFillDateTime (integer ms) → µs, nulls as unset', async () => {
    const srv = await fakeServer({
      frame: (p, f) => {
        if (f.Type !== T.SUBMIT_NEW_SINGLE_ORDER) return;
        p.socket.write(
          update({
            ClientOrderID: f.ClientOrderID,
            ServerOrderID: 'S9',
            Symbol: 'ESZ25',
            BuySell: 1,
            OrderType: 1,
            OrderStatus: 7,
            OrderUpdateReason: 4,
            OrderQuantity: 2,
            FilledQuantity: 2,
            RemainingQuantity: 0,
            AverageFillPrice: 6000.25,
            LastFillPrice: 6000.25,
            LastFillQuantity: 2,
            LastFillDateTime: 1_764_000_000_123,
            LastFillExecutionID: 'E1',
            OrderReceivedDateTime: 1_764_000_000,
            LatestTransactionDateTime: 1_764_000_000.123,
            Price1: null,
            Price2: 1.7976931348623157e308,
            Exchange: null,
          }),
        );
      },
    });
    const c = client(srv.port);
    expect((await c.connect()).ok).toBe(true);
    const r = await c.submitOrder({
      symbol: 'ESZ25',
      side: 'BUY',
      type: 'market',
      quantity: 2,
      clientOrderId: 'd1',
    });
    if (!r.ok) throw r.error;
    expect(r.value).toMatchObject({
      serverOrderId: 'S9',
      clientOrderId: 'd1',
      side: 'BUY',
      type: 'market',
      status: 'filled',
      reason: 'filled',
      quantity: 2,
      filledQuantity: 2,
      remainingQuantity: 0,
      averageFillPrice: 6000.25,
      lastFill: { price: 6000.25, quantity: 2, time: 1_764_000_000_123_000, executionId: 'E1' },
      receivedTime: 1_764_000_000_000_000,
      time: 1_764_000_000_123_000,
      exchange: '',
      done: true,
    });
    expect(r.value.price1).toBeUndefined();
    expect(r.value.price2).toBeUndefined();
    expect(r.value.raw.Type).toBe(T.ORDER_UPDATE);
  });
});

describe('reconcile', () => {
  const answer = (p: Peer, f: Record<string, unknown>, interrupt: () => boolean) => {
    const id = f.RequestID;
    if (f.Type === T.OPEN_ORDERS_REQUEST) {
      if (interrupt())
        p.socket.write(update({ RequestID: 0, ServerOrderID: 'S2', OrderStatus: 7, OrderUpdateReason: 4 }));
      p.socket.write(
        update({
          RequestID: id,
          TotalNumMessages: 1,
          MessageNumber: 1,
          ServerOrderID: 'S1',
          OrderStatus: 4,
          BuySell: 2,
          Price1: 6100,
          OrderQuantity: 1,
        }),
      );
    }
    if (f.Type === T.HISTORICAL_ORDER_FILLS_REQUEST) {
      const fill = (n: number, t: number, q: number) =>
        encodeDtcJsonFrame({
          Type: T.HISTORICAL_ORDER_FILL_RESPONSE,
          RequestID: id,
          TotalNumberMessages: 3,
          MessageNumber: n,
          ServerOrderID: `F${n}`,
          Symbol: 'ESZ25',
          BuySell: 1,
          Price: 6000 + n,
          Quantity: q,
          DateTime: t,
          UniqueExecutionID: `X${n}`,
          TradeAccount: 'Sim1',
        });
      // Out of order, and one before `since` (servers count whole days).
      p.socket.write(
        Buffer.concat([fill(1, 1_764_000_100, 1), fill(2, 1_763_000_000, 1), fill(3, 1_764_000_050, 2)]),
      );
    }
    if (f.Type === T.CURRENT_POSITIONS_REQUEST) {
      p.socket.write(
        encodeDtcJsonFrame({
          Type: T.POSITION_UPDATE,
          RequestID: id,
          TotalNumberMessages: 1,
          MessageNumber: 1,
          Symbol: 'ESZ25',
          Quantity: 3,
          AveragePrice: 6001.5,
          TradeAccount: 'Sim1',
        }),
      );
    }
  };

  it('returns open orders, fills since a time (oldest first) and positions in one snapshot', async () => {
    const srv = await fakeServer({ frame: (p, f) => answer(p, f, () => false) });
    const c = client(srv.port, { tradeAccount: 'Sim1' });
    expect((await c.connect()).ok).toBe(true);
    const r = await c.reconcile({ fillsSince: 1_764_000_000_000_000 });
    if (!r.ok) throw r.error;
    expect(r.value.attempts).toBe(1);
    expect(r.value.openOrders.map((o) => [o.serverOrderId, o.side, o.price1, o.status])).toEqual([
      ['S1', 'SELL', 6100, 'open'],
    ]);
    expect(r.value.fills.map((f) => [f.serverOrderId, f.time, f.quantity, f.side])).toEqual([
      ['F3', 1_764_000_050_000_000, 2, 'BUY'],
      ['F1', 1_764_000_100_000_000, 1, 'BUY'],
    ]);
    expect(r.value.positions.map((p) => [p.symbol, p.quantity, p.averagePrice])).toEqual([
      ['ESZ25', 3, 6001.5],
    ]);
    const req = (srv.peers[0] as Peer).frames.find((f) => f.Type === T.HISTORICAL_ORDER_FILLS_REQUEST);
    expect(req).toMatchObject({ StartDateTime: 1_764_000_000, TradeAccount: 'Sim1' });
  });

  it('retakes the snapshot when an unsolicited order update lands in the middle of it', async () => {
    let first = true;
    const srv = await fakeServer({
      frame: (p, f) =>
        answer(p, f, () => {
          const x = first;
          first = false;
          return x;
        }),
    });
    const c = client(srv.port);
    expect((await c.connect()).ok).toBe(true);
    const r = await c.reconcile({ fillsSince: 1_764_000_000_000_000 });
    if (!r.ok) throw r.error;
    expect(r.value.attempts).toBe(2);
    const always = await fakeServer({ frame: (p, f) => answer(p, f, () => true) });
    const c2 = client(always.port);
    expect((await c2.connect()).ok).toBe(true);
    const u = await c2.reconcile({ fillsSince: 0, maxAttempts: 2 });
    expect(!u.ok && u.error.code).toBe('DTC_RECONCILE_UNSTABLE');
  });

  it('answers HISTORICAL_ORDER_FILLS_REJECT with DTC_REJECTED', async () => {
    const srv = await fakeServer({
      frame: (p, f) => {
        if (f.Type === T.HISTORICAL_ORDER_FILLS_REQUEST)
          p.socket.write(
            encodeDtcJsonFrame({
              Type: T.HISTORICAL_ORDER_FILLS_REJECT,
              RequestID: f.RequestID,
              RejectText: 'no fills service',
            }),
          );
      },
    });
    const c = client(srv.port);
    expect((await c.connect()).ok).toBe(true);
    const r = await c.fills({ since: 0 });
    expect(!r.ok && r.error.code).toBe('DTC_REJECTED');
    expect(!r.ok && r.error.message).toContain('no fills service');
  });
});

describe('giving up', () => {
  it('after maxReconnectAttempts: final disconnected event, closed, every iterator ends, state cleared, close() idempotent', async () => {
    const srv = await fakeServer();
    const c = client(srv.port, {
      maxReconnectAttempts: 2,
      backoff: { initialMs: 10, maxMs: 20 },
      connectTimeoutMs: 200,
    });
    expect((await c.connect()).ok).toBe(true);
    const sub = c.subscribe('CLZ25', 'NYMEX');
    const peer = srv.peers[0] as Peer;
    const id = (await peer.next(T.MARKET_DATA_REQUEST)).SymbolID as number;
    peer.socket.write(encodeDtcJsonFrame({ Type: T.MARKET_DATA_SNAPSHOT, SymbolID: id }));
    expect((await sub).ok).toBe(true);
    const trades = c.trades();
    const orders = c.orderUpdates();
    const events: [string, boolean][] = [];
    c.on('disconnected', (e: MinhosError, again: boolean) => events.push([e.code, again]));
    const closed = new Promise<string>((r) => c.on('closed', (e) => r(e.code)));
    // The server goes away for good.
    await srv.close();
    expect(await closed).toBe('DTC_GAVE_UP');
    expect(events[0]).toEqual(['DTC_CONNECTION_CLOSED', true]);
    expect(events.at(-1)?.[1]).toBe(false);
    expect(c.state).toBe('closed');
    expect(await trades.next()).toEqual({ value: undefined, done: true });
    expect(await orders.next()).toEqual({ value: undefined, done: true });
    expect(c.subscriptions).toEqual([]);
    const again = await c.subscribe('CLZ25', 'NYMEX');
    expect(!again.ok && again.error.code).toBe('DTC_CLOSED');
    await c.close(); // resolves, does nothing
    await c.close();
    expect(c.state).toBe('closed');
    const late = c.trades();
    expect(await late.next()).toEqual({ value: undefined, done: true });
  });
});
