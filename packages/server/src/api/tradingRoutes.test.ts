import { afterEach, describe, expect, it } from 'vitest';
import { testServer } from '../internal/testHarness.js';
import type { MinhosServer } from './createServer.js';

let open: MinhosServer[] = [];
afterEach(async () => {
  for (const s of open) await s.close();
  open = [];
});
async function make() {
  const t = await testServer();
  open.push(t.server);
  return t;
}

describe('trading endpoints', () => {
  it('submits through the OMS: the fill shows in positions, history, P&L and status', async () => {
    const { server, auth, trade } = await make();
    const app = server.app;
    trade(5000);
    const sub = await app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: { symbol: 'ES', side: 'BUY', quantity: 2, order_type: 'MARKET', client_order_id: 'o-1' },
    });
    expect(sub.statusCode).toBe(201);
    expect(sub.json().order).toMatchObject({ order_id: 'o-1', symbol: 'ES', side: 'BUY', quantity: 2 });
    trade(5001);
    trade(5003);
    const positions = (await app.inject({ method: 'GET', url: '/api/trading/positions' })).json();
    expect(positions.count).toBe(1);
    expect(positions.positions[0]).toMatchObject({
      symbol: 'ES',
      quantity: 2,
      side: 'LONG',
      avg_price: 5001,
    });
    expect(positions.positions[0].unrealized_pnl).toBe((5003 - 5001) * 2 * 50);
    const history = (await app.inject({ method: 'GET', url: '/api/trading/history' })).json();
    expect(history.trades).toHaveLength(1);
    expect(history.trades[0]).toMatchObject({ order_id: 'o-1', price: 5001, quantity: 2 });
    const status = (await app.inject({ method: 'GET', url: '/api/status' })).json();
    expect(status.trading).toMatchObject({ mode: 'manual', positions: 1, active: true });
    expect(status.market).toMatchObject({ connected: true, symbol: 'ES', price: 5003, data_points: 3 });
    expect(status.banner).toBe('simulated feed / paper');
    const dup = await app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: { symbol: 'ES', side: 'BUY', quantity: 2, client_order_id: 'o-1' },
    });
    expect(dup.statusCode).toBe(200);
    expect(dup.json().status).toBe('duplicate');
  });

  it('returns the risk gate denial as 422 with its reasons, and bad orders as 400', async () => {
    const { server, auth, trade } = await make();
    trade(5000);
    const big = await server.app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: { symbol: 'ES', side: 'BUY', quantity: 9 },
    });
    expect(big.statusCode).toBe(422);
    expect(big.json().error.code).toBe('ORDER_DENIED');
    expect(big.json().error.details.reasons.length).toBeGreaterThan(0);
    const noPrice = await server.app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: { symbol: 'ES', side: 'BUY', quantity: 1, order_type: 'LIMIT' },
    });
    expect(noPrice.statusCode).toBe(400);
    expect(noPrice.json().error.message).toContain('price');
    const unknown = await server.app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: { symbol: 'ZZ', side: 'BUY', quantity: 1 },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('UNKNOWN_SYMBOL');
  });

  it('cancels a working order; unknown ids are 404', async () => {
    const { server, auth, trade } = await make();
    trade(5000);
    await server.app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: {
        symbol: 'ES',
        side: 'BUY',
        quantity: 1,
        order_type: 'LIMIT',
        price: 4990,
        client_order_id: 'l-1',
      },
    });
    const working = (await server.app.inject({ method: 'GET', url: '/api/trading/orders' })).json();
    expect(working.orders.map((o: { order_id: string }) => o.order_id)).toEqual(['l-1']);
    const cancel = await server.app.inject({
      method: 'DELETE',
      url: '/api/trading/orders/l-1',
      headers: auth,
    });
    expect(cancel.statusCode).toBe(200);
    trade(5000);
    expect((await server.app.inject({ method: 'GET', url: '/api/trading/orders' })).json().count).toBe(0);
    const all = (await server.app.inject({ method: 'GET', url: '/api/trading/orders?status=all' })).json();
    expect(all.orders[0].status).toBe('CANCELED');
    const missing = await server.app.inject({
      method: 'DELETE',
      url: '/api/trading/orders/nope',
      headers: auth,
    });
    expect(missing.statusCode).toBe(404);
    expect((await server.app.inject({ method: 'DELETE', url: '/api/trading/orders/l-1' })).statusCode).toBe(
      401,
    );
  });

  it('emergency stop flattens and blocks new risk; recovery needs confirm and a reason and is audited', async () => {
    const { server, auth, trade } = await make();
    const app = server.app;
    trade(5000);
    await app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: { symbol: 'ES', side: 'BUY', quantity: 1 },
    });
    await app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: { symbol: 'ES', side: 'BUY', quantity: 1, order_type: 'LIMIT', price: 4980 },
    });
    trade(5000);
    const stop = await app.inject({
      method: 'POST',
      url: '/api/trading/emergency-stop',
      headers: auth,
      payload: { level: 'flatten', reason: 'test drill' },
    });
    expect(stop.statusCode).toBe(200);
    expect(stop.json()).toMatchObject({ success: true, level: 'flatten' });
    expect(stop.json().canceled_orders).toHaveLength(1);
    expect(stop.json().flatten_orders).toHaveLength(1);
    trade(4999);
    expect((await app.inject({ method: 'GET', url: '/api/trading/positions' })).json().count).toBe(0);
    const blocked = await app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: { symbol: 'ES', side: 'BUY', quantity: 1 },
    });
    expect(blocked.statusCode).toBe(422);
    expect((await app.inject({ method: 'GET', url: '/api/status' })).json().status).toBe('emergency');
    const noConfirm = await app.inject({
      method: 'POST',
      url: '/api/trading/emergency/recover',
      headers: auth,
      payload: { reason: 'ok now' },
    });
    expect(noConfirm.statusCode).toBe(400);
    const rec = await app.inject({
      method: 'POST',
      url: '/api/trading/emergency/recover',
      headers: auth,
      payload: { reason: 'drill over', confirm: true },
    });
    expect(rec.statusCode).toBe(200);
    expect(rec.json()).toMatchObject({ level: 'normal', previous_level: 'flatten' });
    const again = await app.inject({
      method: 'POST',
      url: '/api/trading/emergency/recover',
      headers: auth,
      payload: { reason: 'drill over', confirm: true },
    });
    expect(again.statusCode).toBe(409);
    const audit = (await app.inject({ method: 'GET', url: '/api/trading/emergency' })).json();
    expect(audit.history.map((h: { kind: string }) => h.kind)).toEqual(
      expect.arrayContaining(['EMERGENCY_STOP', 'EMERGENCY_RECOVERY']),
    );
    const ok = await app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: { symbol: 'ES', side: 'BUY', quantity: 1 },
    });
    expect(ok.statusCode).toBe(201);
  });
});

describe('performance endpoint', () => {
  it('computes round-trip performance from the OMS fills, per period', async () => {
    const { server, auth, trade, clock } = await make();
    const app = server.app;
    trade(5000);
    await app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: { symbol: 'ES', side: 'BUY', quantity: 1 },
    });
    trade(5002); // fills the buy at 5002
    await app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: { symbol: 'ES', side: 'SELL', quantity: 1 },
    });
    trade(5006); // fills the sell at 5006: 4 points × 50 − 2 × 2.5
    const all = (await app.inject({ method: 'GET', url: '/api/trading/performance' })).json();
    expect(all).toMatchObject({
      period: 'all',
      total_trades: 1,
      winning_trades: 1,
      total_pnl: 195,
      best_trade: 195,
      current_streak: 1,
    });
    expect(
      (await app.inject({ method: 'GET', url: '/api/trading/performance?period=today' })).json().total_trades,
    ).toBe(1);
    clock.advanceBy(8 * 86_400_000_000);
    expect(
      (await app.inject({ method: 'GET', url: '/api/trading/performance?period=week' })).json().total_trades,
    ).toBe(0);
    expect(
      (await app.inject({ method: 'GET', url: '/api/trading/performance?period=month' })).json().total_trades,
    ).toBe(1);
    expect(
      (await app.inject({ method: 'GET', url: '/api/trading/performance?period=year' })).statusCode,
    ).toBe(400);
  });
});

describe('risk and market endpoints', () => {
  it('validates, applies and persists risk parameter updates; the gate uses them at once', async () => {
    const { server, auth, trade, deps } = await make();
    trade(5000);
    const bad = await server.app.inject({
      method: 'POST',
      url: '/api/risk/parameters',
      headers: auth,
      payload: { maxPositionContracts: -1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_RISK_PARAMETERS');
    const unknown = await server.app.inject({
      method: 'POST',
      url: '/api/risk/parameters',
      headers: auth,
      payload: { nope: 1 },
    });
    expect(unknown.statusCode).toBe(400);
    const ok = await server.app.inject({
      method: 'POST',
      url: '/api/risk/parameters',
      headers: auth,
      payload: { maxPositionContracts: 1 },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().changed).toEqual(['maxPositionContracts']);
    expect(deps.store.load().state.riskParameters).toMatchObject({ maxPositionContracts: 1 });
    const two = await server.app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: { symbol: 'ES', side: 'BUY', quantity: 2 },
    });
    expect(two.statusCode).toBe(422);
    const status = (await server.app.inject({ method: 'GET', url: '/api/risk/status' })).json();
    expect(status.parameters.maxPositionContracts).toBe(1);
    expect(status.recent_events.map((e: { kind: string }) => e.kind)).toContain('RISK_PARAMETERS');
  });

  it('reports latest prices with their age and staleness, and bars aggregated by timeframe', async () => {
    const { server, trade, clock, deps } = await make();
    expect((await server.app.inject({ method: 'GET', url: '/api/market/latest' })).json().status).toBe(
      'no_data',
    );
    trade(5000);
    const fresh = (await server.app.inject({ method: 'GET', url: '/api/market/latest' })).json();
    expect(fresh.status).toBe('ok');
    expect(fresh.symbols.ES).toMatchObject({ last: 5000, age_seconds: 0, stale: false });
    clock.advanceBy(61_000_000);
    expect((await server.app.inject({ method: 'GET', url: '/api/market/latest' })).json().status).toBe(
      'stale',
    );
    const t0 = Date.UTC(2025, 10, 3, 15, 0) * 1000;
    const bars = [0, 1, 2, 3, 4, 5].map((i) => ({
      time: t0 + i * 60_000_000,
      open: 100 + i,
      high: 101 + i,
      low: 99 + i,
      close: 100.5 + i,
      volume: 10,
    }));
    deps.store.putBars('ES' as never, '1m', bars);
    const m5 = (await server.app.inject({ method: 'GET', url: '/api/market/data/ES?timeframe=5m' })).json();
    expect(m5.count).toBe(2);
    expect(m5.data[0]).toMatchObject({ open: 100, high: 105, low: 99, close: 104.5, volume: 50 });
    expect(
      (await server.app.inject({ method: 'GET', url: '/api/market/data/ES?timeframe=7m' })).statusCode,
    ).toBe(400);
    expect((await server.app.inject({ method: 'GET', url: '/api/market/data/NQ' })).statusCode).toBe(404);
    const sym = (await server.app.inject({ method: 'GET', url: '/api/market/symbols' })).json();
    expect(sym).toEqual({ trading_symbols: ['ES'], primary_symbol: 'ES', count: 1 });
  });
});
