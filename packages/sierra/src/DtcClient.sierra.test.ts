import { afterEach, describe, expect, it } from 'vitest';
import { DtcHistoricalClient } from './DtcHistoricalClient.js';
import { encodeDtcJsonFrame } from './dtcFraming.js';
import { DtcMessageType as T } from './dtcProtocol.js';
import { client, closeFakes, fakeServer, type Peer, tick } from './internal/fakeDtcServer.js';

afterEach(closeFakes);

async function subscribed(
  snapshot: Record<string, unknown>,
  logon: Record<string, unknown> = {},
  onFrame?: (p: Peer, f: Record<string, unknown>) => void,
) {
  const srv = await fakeServer({
    logon: (p) =>
      p.socket.write(encodeDtcJsonFrame({ Type: T.LOGON_RESPONSE, Result: 1, ServerName: 'SC', ...logon })),
    frame: (p, f) => {
      onFrame?.(p, f);
      if (f.Type === T.MARKET_DATA_REQUEST && f.RequestAction === 1) {
        p.socket.write(
          encodeDtcJsonFrame({ Type: T.MARKET_DATA_SNAPSHOT, SymbolID: f.SymbolID, ...snapshot }),
        );
      }
    },
  });
  const c = client(srv.port);
  expect((await c.connect()).ok).toBe(true);
  return { srv, c, peer: srv.peers[0] as Peer };
}

describe('what a real Sierra Chart server does', () => {
  it('falls back to a JSON encoding request when Sierra’s encoding is preset to JSON, and keeps it for reconnects', async () => {
    const srv = await fakeServer({ jsonPreset: true });
    const c = client(srv.port, { encodingTimeoutMs: 100, backoff: { initialMs: 10, maxMs: 20 } });
    const r = await c.connect();
    if (!r.ok) throw r.error;
    expect(srv.peers.length).toBe(2); // binary attempt unanswered, then JSON
    expect((srv.peers[1] as Peer).frames[0]).toMatchObject({
      Type: T.ENCODING_REQUEST,
      Encoding: 2,
      ProtocolType: 'DTC',
    });
    const again = srv.nextPeer();
    (srv.peers[1] as Peer).socket.destroy();
    const third = await again;
    expect(await third.next(T.ENCODING_REQUEST)).toMatchObject({ Encoding: 2 });
    await third.next(T.LOGON_REQUEST);
    await tick(20);
    expect(c.state).toBe('ready');
  });

  it('auto handshake: a refused connection says nothing about the encoding (it stays binary)', async () => {
    const gone = await fakeServer();
    const port = gone.port;
    await gone.close();
    const c = client(port, { encodingTimeoutMs: 100 });
    const refused = await c.connect();
    expect(!refused.ok && refused.error.code).toBe('DTC_SOCKET_ERROR');
    const srv = await fakeServer({ port }); // binary handshake only, like Sierra with encoding Automatic
    const r = await c.connect();
    if (!r.ok) throw r.error;
    expect(srv.peers).toHaveLength(1);
  });

  it('accepts JSON null as "unset": a snapshot with nulls confirms the subscription', async () => {
    const { c } = await subscribed({
      BidPrice: null,
      AskPrice: 4500.5,
      SessionVolume: null,
      LastTradeDateTime: null,
    });
    const r = await c.subscribe('ESZ25', 'CME', 500);
    if (!r.ok) throw r.error;
    expect(r.value.snapshot.bid).toBeUndefined();
    expect(r.value.snapshot.ask).toBe(4500.5);
    expect(r.value.snapshot.sessionVolume).toBeUndefined();
  });

  it('treats snapshot prices Sierra sends as 0 as unset and applies session updates (113–135) to the snapshot', async () => {
    const { c, peer } = await subscribed({
      SessionOpenPrice: 0,
      SessionHighPrice: 0,
      SessionLowPrice: 0,
      SessionSettlementPrice: 0,
      BidPrice: 0,
      AskPrice: 0,
      LastTradePrice: 71.5,
      LastTradeVolume: 3,
      SessionVolume: 0,
    });
    const r = await c.subscribe('CLZ25', 'NYMEX');
    if (!r.ok) throw r.error;
    expect(r.value.snapshot).toMatchObject({ lastPrice: 71.5, lastSize: 3, sessionVolume: 0 });
    for (const k of ['sessionOpen', 'sessionHigh', 'sessionLow', 'settlementPrice', 'bid', 'ask'] as const) {
      expect(r.value.snapshot[k]).toBeUndefined();
    }
    const other: number[] = [];
    c.on('otherMessage', (t) => other.push(t));
    const snaps: unknown[] = [];
    c.on('snapshot', (s) =>
      snaps.push({
        open: s.sessionOpen,
        high: s.sessionHigh,
        low: s.sessionLow,
        vol: s.sessionVolume,
        oi: s.openInterest,
        settle: s.settlementPrice,
        last: s.lastPrice,
        n: s.sessionNumTrades,
      }),
    );
    const id = r.value.symbolId;
    peer.socket.write(
      Buffer.concat([
        encodeDtcJsonFrame({ Type: T.MARKET_DATA_UPDATE_SESSION_OPEN, SymbolID: id, Price: 71 }),
        encodeDtcJsonFrame({ Type: T.MARKET_DATA_UPDATE_SESSION_HIGH, SymbolID: id, Price: 72 }),
        encodeDtcJsonFrame({ Type: T.MARKET_DATA_UPDATE_SESSION_LOW, SymbolID: id, Price: 70.5 }),
        encodeDtcJsonFrame({ Type: T.MARKET_DATA_UPDATE_SESSION_VOLUME, SymbolID: id, Volume: 1234 }),
        encodeDtcJsonFrame({ Type: T.MARKET_DATA_UPDATE_OPEN_INTEREST, SymbolID: id, OpenInterest: 99 }),
        encodeDtcJsonFrame({ Type: T.MARKET_DATA_UPDATE_SESSION_SETTLEMENT, SymbolID: id, Price: 70.9 }),
        encodeDtcJsonFrame({
          Type: T.MARKET_DATA_UPDATE_LAST_TRADE_SNAPSHOT,
          SymbolID: id,
          LastTradePrice: 71.25,
          LastTradeVolume: 1,
          LastTradeDateTime: 1_764_000_000.5,
        }),
        encodeDtcJsonFrame({ Type: T.MARKET_DATA_UPDATE_SESSION_NUM_TRADES, SymbolID: id, NumTrades: 555 }),
      ]),
    );
    await tick(30);
    expect(other).toEqual([]);
    expect(snaps.at(-1)).toEqual({
      open: 71,
      high: 72,
      low: 70.5,
      vol: 1234,
      oi: 99,
      settle: 70.9,
      last: 71.25,
      n: 555,
    });
    expect(snaps).toHaveLength(8);
  });

  it('requests the security definition and applies DisplayPriceMultiplier to every price', async () => {
    const { c, peer } = await subscribed(
      { BidPrice: 450025, AskPrice: 450050, LastTradePrice: 450025 },
      { SecurityDefinitionsSupported: 1 },
      (p, f) => {
        if (f.Type === T.SECURITY_DEFINITION_FOR_SYMBOL_REQUEST) {
          p.socket.write(
            encodeDtcJsonFrame({
              Type: T.SECURITY_DEFINITION_RESPONSE,
              RequestID: f.RequestID,
              Symbol: f.Symbol,
              DisplayPriceMultiplier: 0.01,
              IsFinalMessage: 1,
            }),
          );
        }
      },
    );
    const trades = c.trades();
    const r = await c.subscribe('ESZ25', 'CME');
    if (!r.ok) throw r.error;
    expect(r.value.snapshot).toMatchObject({
      bid: 4500.25,
      ask: 4500.5,
      lastPrice: 4500.25,
      priceMultiplier: 0.01,
    });
    peer.socket.write(
      encodeDtcJsonFrame({
        Type: T.MARKET_DATA_UPDATE_TRADE,
        SymbolID: r.value.symbolId,
        Price: 450075,
        Volume: 2,
        DateTime: 1_764_000_000,
        AtBidOrAsk: 2,
      }),
    );
    expect((await trades.next()).value).toMatchObject({ price: 4500.75, size: 2, aggressor: 'BUY' });
  });

  it('says why when Sierra refuses CME data, and what to do instead', async () => {
    const srv = await fakeServer({
      frame: (p, f) => {
        if (f.Type === T.MARKET_DATA_REQUEST) {
          p.socket.write(
            encodeDtcJsonFrame({
              Type: T.MARKET_DATA_REJECT,
              SymbolID: f.SymbolID,
              RejectText: 'CME market data is not allowed through the DTC server',
            }),
          );
        }
        if (f.Type === T.HISTORICAL_PRICE_DATA_REQUEST) {
          p.socket.write(
            encodeDtcJsonFrame({
              Type: T.HISTORICAL_PRICE_DATA_REJECT,
              RequestID: f.RequestID,
              RejectText: 'Data for this symbol is not allowed',
              RejectReasonCode: 2,
            }),
          );
        }
      },
    });
    const c = client(srv.port);
    expect((await c.connect()).ok).toBe(true);
    const rejects: unknown[] = [];
    c.on('marketDataReject', (x) =>
      rejects.push({ symbol: x.symbol, cme: x.cmeRestricted, type: x.raw.Type }),
    );
    const r = await c.subscribe('ESZ25_FUT_CME');
    expect(!r.ok && r.error.code).toBe('DTC_CME_RESTRICTED');
    expect(rejects).toEqual([{ symbol: 'ESZ25_FUT_CME', cme: true, type: T.MARKET_DATA_REJECT }]);
    expect(!r.ok && r.error.message).toContain('.scid');
    const h = await new DtcHistoricalClient({ port: srv.port }).historicalBars({
      symbol: 'NQZ25',
      exchange: 'CME',
    });
    expect(!h.ok && h.error.code).toBe('DTC_CME_RESTRICTED');
    const other = await c.subscribe('CLZ25', 'NYMEX');
    expect(!other.ok && other.error.code).toBe('DTC_CME_RESTRICTED'); // NYMEX is CME Group too
  });

  it('historical requests: no heartbeats asked, no watchdog, a silent server bounded by the request timeout only', async () => {
    const srv = await fakeServer({
      frame: (p, f) => {
        if (f.Type !== T.HISTORICAL_PRICE_DATA_REQUEST) return;
        // Sierra "downloading": silent for longer than any heartbeat timeout, then the data as 803 ticks.
        setTimeout(() => {
          p.socket.write(
            Buffer.concat([
              encodeDtcJsonFrame({
                Type: T.HISTORICAL_PRICE_DATA_RESPONSE_HEADER,
                RequestID: f.RequestID,
                RecordInterval: 0,
              }),
              encodeDtcJsonFrame({
                Type: T.HISTORICAL_PRICE_DATA_RECORD_RESPONSE,
                RequestID: f.RequestID,
                StartDateTime: 1_764_000_000_123_456,
                OpenPrice: 0,
                HighPrice: 6000.5,
                LowPrice: 6000.25,
                LastPrice: 6000.5,
                Volume: 2,
                AskVolume: 2,
                BidVolume: 0,
              }),
              encodeDtcJsonFrame({
                Type: T.HISTORICAL_PRICE_DATA_RECORD_RESPONSE,
                RequestID: f.RequestID,
                StartDateTime: 1_764_000_001_000_000,
                OpenPrice: 0,
                HighPrice: 6000.5,
                LowPrice: 6000.25,
                LastPrice: 6000.25,
                Volume: 1,
                AskVolume: 0,
                BidVolume: 1,
                IsFinalRecord: 1,
              }),
            ]),
          );
        }, 400);
      },
    });
    const h = new DtcHistoricalClient({ port: srv.port, requestTimeoutMs: 2000 });
    const r = await h.historicalTicks({ symbol: 'CLZ25', exchange: 'NYMEX' });
    if (!r.ok) throw r.error;
    expect(r.value.map((t) => [t.time, t.price, t.size, t.aggressor])).toEqual([
      [1_764_000_000_123_456, 6000.5, 2, 'BUY'],
      [1_764_000_001_000_000, 6000.25, 1, 'SELL'],
    ]);
    expect((srv.peers[0] as Peer).frames.find((f) => f.Type === T.LOGON_REQUEST)).toMatchObject({
      HeartbeatIntervalInSeconds: 0,
    });
    const silent = await fakeServer();
    const t0 = performance.now();
    const timedOut = await new DtcHistoricalClient({ port: silent.port }).historicalBars({
      symbol: 'X',
      timeoutMs: 150,
    });
    expect(!timedOut.ok && timedOut.error.code).toBe('DTC_TIMEOUT');
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
