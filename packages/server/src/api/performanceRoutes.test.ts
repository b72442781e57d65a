import type { Bar, TimestampUs } from '@minhos/core';
import { afterEach, describe, expect, it } from 'vitest';
import { testServer } from '../internal/testHarness.js';
import { createServer, type MinhosServer } from './createServer.js';

const servers: MinhosServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

describe('GET /api/performance/equity', () => {
  it('serves the whole equity curve and drawdown from the stored fills and bars, to any new server', async () => {
    const t = await testServer();
    servers.push(t.server);
    const app = t.server.app;
    const empty = (await app.inject({ url: '/api/performance/equity' })).json();
    expect(empty).toMatchObject({ fills: 0, count: 0, points: [] });
    const order = (side: 'BUY' | 'SELL') =>
      app.inject({
        method: 'POST',
        url: '/api/trading/orders',
        headers: t.auth,
        payload: { symbol: 'ES', side, quantity: 1 },
      });
    t.trade(5000);
    expect((await order('BUY')).statusCode).toBeLessThan(300);
    t.trade(5000); // fills the buy at 5000
    const bar = (close: number): Bar => {
      const time = (t.clock.now() - (t.clock.now() % 60_000_000)) as TimestampUs;
      return { time, open: close, high: close, low: close, close, volume: 10 } as Bar;
    };
    for (const close of [4996, 4990, 5004]) {
      t.clock.advanceBy(60_000_000);
      await t.bar(bar(close));
    }
    t.clock.advanceBy(1_000_000);
    expect((await order('SELL')).statusCode).toBeLessThan(300);
    t.trade(5002); // fills the sell at 5002: +2 points × 50 − 2 × 2.5 = 95
    const r = (await app.inject({ url: '/api/performance/equity' })).json();
    expect(r.fills).toBe(2);
    const kinds = r.points.map((p: { kind: string }) => p.kind);
    expect(kinds[0]).toBe('start');
    expect(kinds.filter((k: string) => k === 'fill')).toHaveLength(2);
    expect(kinds.filter((k: string) => k === 'mark').length).toBeGreaterThanOrEqual(2);
    const last = r.points.at(-1);
    expect(last.equity - r.starting_capital).toBeCloseTo(95, 6);
    expect(last.equity).toBeCloseTo(r.current_equity, 6);
    // The 4990 mark: 10 points down on 1 ES, plus the entry commission.
    expect(r.max_drawdown).toBeCloseTo(502.5, 6);
    expect(r.points[0].timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);

    // A server started later on the same store (a restart) serves the same history.
    const later = await createServer(t.deps);
    servers.push(later);
    const again = (await later.app.inject({ url: '/api/performance/equity' })).json();
    expect(again.points).toEqual(r.points);

    // from/to cut the curve; a reversed range and bad values are 400.
    const cut = (await app.inject({ url: `/api/performance/equity?from=${last.timestamp}` })).json();
    expect(cut.points.map((p: { time: number }) => p.time)).toEqual(
      r.points.filter((p: { time: number }) => p.time >= last.time).map((p: { time: number }) => p.time),
    );
    for (const q of [
      `from=${last.timestamp}&to=${r.points[0].timestamp}`,
      'points=3',
      'from=yesterday',
      'x=1',
    ]) {
      expect((await app.inject({ url: `/api/performance/equity?${q}` })).statusCode).toBe(400);
    }
  });
});
