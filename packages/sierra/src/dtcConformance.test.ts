import { connect } from 'node:net';
import { US_PER_SECOND } from '@minhos/core';
import { afterEach, describe, expect, it } from 'vitest';
import { DtcClient } from './DtcClient.js';
import { DtcHistoricalClient } from './DtcHistoricalClient.js';
import { DtcSimulator } from './DtcSimulator.js';
import { DtcFrameDecoder, encodeDtcEncodingMessage, encodeDtcJsonFrame } from './dtcFraming.js';
import { dtcModelledFields } from './dtcMessages.js';
import {
  DtcAtBidOrAsk,
  DtcBuySell,
  DtcEncoding,
  DtcHistoricalInterval,
  DtcHistoricalRejectReason,
  DtcLogonStatus,
  DtcMessageType,
  DtcOpenClose,
  DtcOrderStatus,
  DtcOrderType,
  DtcOrderUpdateReason,
  DtcRequestAction,
  DtcTimeInForce,
  DtcMessageType as T,
} from './dtcProtocol.js';
import { type DtcReplayEvent, dtcMemorySource } from './dtcReplaySource.js';
import {
  HEADER_ENUMS,
  HEADER_FIELDS,
  HEADER_MESSAGE_TYPES,
  HEADER_TIME_UNITS,
} from './internal/dtcHeaderTable.js';
import { closeFakes, fakeServer, type Peer } from './internal/fakeDtcServer.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.();
  await closeFakes();
});

describe('conformance to DTCProtocol.h (table in internal/dtcHeaderTable.ts)', () => {
  it('uses the header’s message type numbers', () => {
    for (const [name, n] of Object.entries(DtcMessageType)) {
      expect([name, HEADER_MESSAGE_TYPES[name]]).toEqual([name, n]);
    }
  });

  it('mirrors the header’s enums value for value', () => {
    const ours: Record<string, Record<string, number>> = {
      EncodingEnum: DtcEncoding,
      LogonStatusEnum: DtcLogonStatus,
      RequestActionEnum: DtcRequestAction,
      OrderStatusEnum: DtcOrderStatus,
      OrderUpdateReasonEnum: DtcOrderUpdateReason,
      AtBidOrAskEnum: DtcAtBidOrAsk,
      OrderTypeEnum: DtcOrderType,
      TimeInForceEnum: DtcTimeInForce,
      BuySellEnum: DtcBuySell,
      OpenCloseTradeEnum: DtcOpenClose,
      HistoricalDataIntervalEnum: DtcHistoricalInterval,
      HistoricalPriceDataRejectReasonCodeEnum: DtcHistoricalRejectReason,
    };
    for (const [name, values] of Object.entries(ours))
      expect([name, values]).toEqual([name, HEADER_ENUMS[name]]);
  });

  it('validates only fields the header’s structs have (no removed TradeMode / UseIntegerPriceOrderMessages)', () => {
    const { server, client } = dtcModelledFields();
    for (const [type, fields] of [...server, ...client]) {
      const header = HEADER_FIELDS[type];
      expect(header, `struct of type ${type} is in the table`).toBeDefined();
      for (const f of fields) expect(`${type}.${f}: ${header?.includes(f)}`).toBe(`${type}.${f}: true`);
    }
  });

  it('sends only header fields from the client, on every request', async () => {
    const srv = await fakeServer();
    const c = new DtcClient({ port: srv.port, requestTimeoutMs: 40 });
    stops.push(() => c.close());
    expect((await c.connect()).ok).toBe(true);
    await Promise.all([
      c.subscribe('CLZ25', 'NYMEX'),
      c.submitOrder({
        symbol: 'CLZ25',
        side: 'BUY',
        type: 'stop-limit',
        price1: 70,
        price2: 70.1,
        quantity: 1,
      }),
      c.cancelOrder({ serverOrderId: '1' }),
      c.cancelReplaceOrder({ serverOrderId: '1', price1: 69 }),
      c.reconcile({ fillsSince: 0 }),
      c.tradeAccounts(),
      c.accountBalances(),
    ]);
    await new DtcHistoricalClient({ port: srv.port, requestTimeoutMs: 40 }).historicalBars({
      symbol: 'CLZ25',
    });
    await c.close();
    const frames = srv.peers.flatMap((p: Peer) => p.frames);
    expect(frames.length).toBeGreaterThan(10);
    for (const f of frames) {
      const header = HEADER_FIELDS[f.Type as number];
      for (const k of Object.keys(f))
        expect(`${String(f.Type)}.${k}: ${header?.includes(k)}`).toBe(`${String(f.Type)}.${k}: true`);
    }
  });

  it('the simulator sends only header fields, with times in the header’s units', async () => {
    const T0 = 1_764_000_000 * US_PER_SECOND;
    const events: DtcReplayEvent[] = Array.from({ length: 40 }, (_, i) => ({
      kind: 'trade',
      time: T0 + i * 60 * US_PER_SECOND + 123_000,
      price: 6000 + i * 0.25,
      size: 1,
      aggressor: i % 2 === 0 ? 'BUY' : 'SELL',
    }));
    const sim = new DtcSimulator({
      instruments: [{ symbol: 'ESZ25', exchange: 'CME', source: dtcMemorySource(events) }],
      port: 0,
      speed: 'max',
      autoPlay: 'manual',
      replayFrom: T0 + 20 * 60 * US_PER_SECOND,
      heartbeatIntervalMs: 20,
    });
    const { port } = await sim.start();
    stops.push(() => sim.stop());
    const frames: Record<string, unknown>[] = [];
    const socket = connect({ port, host: '127.0.0.1' });
    stops.push(async () => {
      socket.destroy();
    });
    const decoder = new DtcFrameDecoder({ handshake: 'response' });
    const waiters: { pred: (f: Record<string, unknown>) => boolean; resolve: () => void }[] = [];
    socket.on('data', (chunk) => {
      for (const ev of decoder.push(chunk)) {
        if (ev.kind !== 'json') continue;
        frames.push(ev.value as Record<string, unknown>);
        for (const w of [...waiters]) {
          if (w.pred(ev.value as Record<string, unknown>)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        }
      }
    });
    const until = (pred: (f: Record<string, unknown>) => boolean) =>
      new Promise<void>((resolve) => {
        if (frames.some(pred)) resolve();
        else waiters.push({ pred, resolve });
      });
    const send = (f: Record<string, unknown> & { Type: number }) => socket.write(encodeDtcJsonFrame(f));
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write(encodeDtcEncodingMessage(T.ENCODING_REQUEST, DtcEncoding.JSON_ENCODING));
    send({
      Type: T.LOGON_REQUEST,
      ProtocolVersion: 8,
      HeartbeatIntervalInSeconds: 5,
      ClientName: 'conformance',
    });
    await until((f) => f.Type === T.LOGON_RESPONSE);
    send({ Type: T.MARKET_DATA_REQUEST, RequestAction: 1, SymbolID: 1, Symbol: 'ESZ25', Exchange: 'CME' });
    await until((f) => f.Type === T.MARKET_DATA_SNAPSHOT);
    send({
      Type: T.SUBMIT_NEW_SINGLE_ORDER,
      Symbol: 'ESZ25',
      Exchange: 'CME',
      ClientOrderID: 'c1',
      OrderType: 1,
      BuySell: 1,
      Quantity: 1,
      TimeInForce: 1,
    });
    await until((f) => f.Type === T.ORDER_UPDATE && f.ClientOrderID === 'c1');
    sim.play();
    await until((f) => f.Type === T.ORDER_UPDATE && f.OrderStatus === DtcOrderStatus.ORDER_STATUS_FILLED);
    sim.pause();
    send({ Type: T.CANCEL_ORDER, ServerOrderID: 'nope', ClientOrderID: '' });
    send({ Type: T.HISTORICAL_ORDER_FILLS_REQUEST, RequestID: 7, StartDateTime: 1_764_000_000 });
    send({ Type: T.CURRENT_POSITIONS_REQUEST, RequestID: 8 });
    send({ Type: T.OPEN_ORDERS_REQUEST, RequestID: 9, RequestAllOrders: 1 });
    send({ Type: T.ACCOUNT_BALANCE_REQUEST, RequestID: 10 });
    send({ Type: T.TRADE_ACCOUNTS_REQUEST, RequestID: 11 });
    send({
      Type: T.HISTORICAL_PRICE_DATA_REQUEST,
      RequestID: 12,
      Symbol: 'ESZ25',
      Exchange: 'CME',
      RecordInterval: 60,
    });
    send({
      Type: T.HISTORICAL_PRICE_DATA_REQUEST,
      RequestID: 13,
      Symbol: 'ESZ25',
      Exchange: 'CME',
      RecordInterval: 0,
    });
    await until((f) => f.Type === T.HISTORICAL_ORDER_FILL_RESPONSE);
    await until((f) => f.Type === T.ACCOUNT_BALANCE_UPDATE && f.RequestID === 10);
    await until((f) => f.RequestID === 13 && f.IsFinalRecord === 1);
    await until((f) => f.RequestID === 12 && f.IsFinalRecord === 1);
    await until((f) => f.Type === T.ORDER_UPDATE && f.InfoText === 'unknown order');
    await until((f) => f.Type === T.HEARTBEAT);

    const names = Object.fromEntries(Object.entries(HEADER_MESSAGE_TYPES).map(([k, v]) => [v, k]));
    const seen = new Set<number>();
    for (const f of frames) {
      const type = f.Type as number;
      seen.add(type);
      const header = HEADER_FIELDS[type];
      for (const k of Object.keys(f))
        expect(`${type}.${k}: ${header?.includes(k)}`).toBe(`${type}.${k}: true`);
      // Every time field in its header unit (values around 2025: s ~1.7e9, ms ~1.7e12, µs ~1.7e15).
      for (const [k, v] of Object.entries(f)) {
        const unit = HEADER_TIME_UNITS[`${names[type]}.${k}`];
        if (unit === undefined || typeof v !== 'number' || v === 0) continue;
        const magnitude = unit === 'ms' ? 1e12 : unit === 'us' ? 1e15 : 1e9;
        expect(`${names[type]}.${k} ~${v / magnitude}`).toMatch(/~1\.[5-9]/);
      }
    }
    for (const t of [2, 3, 104, 107, 301, 304, 306, 401, 600, 801, 803, 804]) expect([...seen]).toContain(t);
    // An unknown-order reject carries the fields the docs require on any reject.
    expect(frames.find((f) => f.InfoText === 'unknown order')).toMatchObject({
      TotalNumMessages: 1,
      MessageNumber: 1,
      Symbol: '',
      OrderStatus: DtcOrderStatus.ORDER_STATUS_UNSPECIFIED,
      OrderUpdateReason: DtcOrderUpdateReason.ORDER_CANCEL_REJECTED,
    });
  });
});
