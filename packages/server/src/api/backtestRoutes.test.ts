import type { Bar } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { ES, testServer } from '../internal/testHarness.js';
import { findBundledEsBars, loadEsBars } from '../serve/loadEsBars.js';

// The repository's bundled ES 1-minute bars (data/ohlcv/es_1min_trade_lean.csv, ESZ13).
const bars: Bar[] = loadEsBars(findBundledEsBars() as string).slice(0, 3000);
const json = { 'content-type': 'application/json' };

describe('/api/backtests', () => {
  it('runs one on stored bars with a strategy and parameters: progress, stats table, equity, trades', async () => {
    const t = await testServer();
    t.deps.store.putBars(ES, '1m', bars);
    const app = t.server.app;
    const headers = { ...t.auth, ...json };
    expect(
      (await app.inject({ method: 'POST', url: '/api/backtests', headers: json, payload: {} })).statusCode,
    ).toBe(401);
    for (const payload of [
      {},
      { strategy: { name: 'sma', fast: 30, slow: 10 } },
      { strategy: { name: 'nope' } },
      { strategy: { name: 'ta', quantity: 0.5 } },
      { strategy: { name: 'sma' }, from: 'yesterday' },
      { strategy: { name: 'sma' }, symbol: 'NQ' },
    ]) {
      const res = await app.inject({ method: 'POST', url: '/api/backtests', headers, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const started = await app.inject({
      method: 'POST',
      url: '/api/backtests',
      headers,
      payload: { strategy: { name: 'sma', fast: 10, slow: 30 }, commission_per_contract: 2.5 },
    });
    expect(started.statusCode).toBe(202);
    const id = started.json().id as string;
    await t.deps.backtests?.idle();
    const done = (await app.inject({ url: `/api/backtests/${id}` })).json();
    expect(done.status).toBe('done');
    expect(done.progress).toBe(1);
    expect(done.results.bars).toBe(bars.length);
    expect(done.results.trades.length).toBeGreaterThan(10);
    expect(done.results.table.map((r: [string]) => r[0])).toContain('Return [%]');
    expect(done.results.stats.tradeCount).toBe(done.results.trades.length);
    expect(done.results.equity.length).toBeGreaterThan(10);
    expect(done.results.equity.length).toBeLessThanOrEqual(500);
    const list = (await app.inject({ url: '/api/backtests' })).json();
    expect(list.backtests[0]).toMatchObject({ id, status: 'done' });
    expect((await app.inject({ url: '/api/backtests/bt-999' })).statusCode).toBe(404);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/backtests/${id}`, headers: t.auth })).statusCode,
    ).toBe(409);
    await t.server.close();
  });

  it('runs at most two at a time and cancels a running one', async () => {
    const t = await testServer();
    t.deps.store.putBars(ES, '1m', bars);
    const app = t.server.app;
    const headers = { ...t.auth, ...json };
    const start = () =>
      app.inject({ method: 'POST', url: '/api/backtests', headers, payload: { strategy: { name: 'ta' } } });
    const a = await start();
    const b = await start();
    const c = await start();
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    expect(c.statusCode).toBe(409);
    expect(c.json().error.code).toBe('BACKTEST_BUSY');
    const cancel = await app.inject({
      method: 'DELETE',
      url: `/api/backtests/${a.json().id}`,
      headers: t.auth,
    });
    expect(cancel.statusCode).toBe(200);
    await t.deps.backtests?.idle();
    expect((await app.inject({ url: `/api/backtests/${a.json().id}` })).json().status).toBe('cancelled');
    expect((await app.inject({ url: `/api/backtests/${b.json().id}` })).json().status).toBe('done');
    await t.server.close();
  });
});
