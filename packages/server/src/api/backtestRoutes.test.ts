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
      { strategy: { name: 'ai', threshold: 1.5 } },
      { strategy: { name: 'ai', quantity: 2 } },
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

  it('runs the AI pipeline and serves its decisions like the live ones: list newest first, paged, one whole with quality', async () => {
    const t = await testServer();
    t.deps.store.putBars(ES, '1m', bars);
    const app = t.server.app;
    const headers = { ...t.auth, ...json };
    const sma = await app.inject({
      method: 'POST',
      url: '/api/backtests',
      headers,
      payload: { strategy: { name: 'sma' } },
    });
    const started = await app.inject({
      method: 'POST',
      url: '/api/backtests',
      headers,
      payload: { strategy: { name: 'ai', threshold: 0.6 }, commission_per_contract: 2.5 },
    });
    expect(started.statusCode).toBe(202);
    const id = started.json().id as string;
    const early = await app.inject({ url: `/api/backtests/${id}/decisions` });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('BACKTEST_NOT_DONE');
    await t.deps.backtests?.idle();
    const done = (await app.inject({ url: `/api/backtests/${id}` })).json();
    expect(done.status).toBe('done');
    expect(done.request.strategy).toEqual({ name: 'ai', threshold: 0.6 });
    const summary = done.results.decisions;
    expect(summary.total).toBeGreaterThan(10);
    expect(summary.dropped).toBe(0);
    expect(summary.quality.count).toBeGreaterThan(0);
    expect(Object.values(summary.outcomes as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      summary.total,
    );
    const list = (await app.inject({ url: '/api/backtests' })).json();
    expect(list.backtests.find((b: { id: string }) => b.id === id).summary.decisions).toBe(summary.total);

    const page = (await app.inject({ url: `/api/backtests/${id}/decisions?limit=5` })).json();
    expect(page.count).toBe(5);
    expect(page.total).toBe(summary.total);
    expect(page.decisions[0].record).toBeUndefined();
    const times = page.decisions.map((d: { timestamp: string }) => d.timestamp);
    expect(times).toEqual([...times].sort().reverse());
    const next = (
      await app.inject({ url: `/api/backtests/${id}/decisions?limit=5&before=${page.next_before}` })
    ).json();
    expect(next.decisions[0].timestamp <= (times[4] as string)).toBe(true);
    expect(next.decisions.map((d: { id: string }) => d.id)).not.toContain(page.next_before);

    const all = (await app.inject({ url: `/api/backtests/${id}/decisions?limit=1000` })).json();
    const executed = all.decisions.find((d: { action: string }) => d.action === 'executed');
    const one = await app.inject({
      url: `/api/backtests/${id}/decisions/${encodeURIComponent(executed.id)}`,
    });
    expect(one.statusCode).toBe(200);
    const body = one.json();
    expect(body).toMatchObject({ id: executed.id, action: 'executed', outcome: 'submitted' });
    expect(body.record.analysis.members.map((m: { name: string }) => m.name)).toEqual([
      'sma-crossover',
      'traditional-ta',
      'model',
    ]);
    expect(body.record.analysis.fused.direction).not.toBe(0);
    expect(body.record.sizing.steps.length).toBeGreaterThan(0);
    expect(body.record.orders[0].verdict.ok).toBe(true);
    expect(body.record.quality.overall).toBeGreaterThan(0);
    expect(typeof body.quality_score).toBe('number');
    // A backtest's decision is not a live one: the live routes do not know it.
    expect((await app.inject({ url: `/api/decisions/${encodeURIComponent(executed.id)}` })).statusCode).toBe(
      404,
    );
    expect((await app.inject({ url: '/api/decisions/recent' })).json().total).toBe(0);

    for (const [url, code] of [
      ['/api/backtests/bt-999/decisions', 'BACKTEST_NOT_FOUND'],
      ['/api/backtests/bt-999/decisions/x', 'BACKTEST_NOT_FOUND'],
      [`/api/backtests/${id}/decisions/nope`, 'DECISION_NOT_FOUND'],
      [`/api/backtests/${id}/decisions?before=nope`, 'DECISION_NOT_FOUND'],
      [`/api/backtests/${sma.json().id}/decisions`, 'BACKTEST_NO_DECISIONS'],
    ] as const) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe(code);
    }
    const doc = (await app.inject({ url: '/api/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/backtests/{id}/decisions', '/api/backtests/{id}/decisions/{decisionId}']),
    );
    await t.server.close();
  });
});
