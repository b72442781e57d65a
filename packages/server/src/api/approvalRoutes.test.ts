import type { Bar } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { testServer } from '../internal/testHarness.js';
import { findBundledEsBars, loadEsBars } from '../serve/loadEsBars.js';

// The repository's bundled ES 1-minute bars (data/ohlcv/es_1min_trade_lean.csv, ESZ13).
const bars: Bar[] = loadEsBars(findBundledEsBars() as string).slice(0, 400);

describe('pending approvals (semi_auto)', () => {
  it('lists what waits, approve (token) sends it, reject records why, unknown ids are 404', async () => {
    const t = await testServer({ mode: 'semi_auto' });
    const app = t.server.app;
    const pending = async () => (await app.inject({ url: '/api/trading/approvals' })).json();
    let i = 0;
    while ((await pending()).count === 0 && i < bars.length) await t.bar(bars[i++] as Bar);
    const first = await pending();
    expect(first).toMatchObject({ count: 1, mode: 'semi_auto' });
    const id = first.approvals[0].id as string;
    expect(first.approvals[0].expires_in_seconds).toBeGreaterThan(0);
    expect(first.approvals[0].summary).toMatchObject({ target: expect.any(Number) });

    const url = `/api/trading/approvals/${id}/approve`;
    expect((await app.inject({ method: 'POST', url })).statusCode).toBe(401);
    const ok = await app.inject({ method: 'POST', url, headers: t.auth });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().outcome.status).toBe('submitted');
    expect(t.deps.oms.orders().length).toBeGreaterThan(0);
    const again = await app.inject({ method: 'POST', url, headers: t.auth });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('APPROVAL_ALREADY_DECIDED');

    // The next signal: reject it with a reason; the decision record says who and why.
    while ((await pending()).count === 0 && i < bars.length) await t.bar(bars[i++] as Bar);
    const second = (await pending()).approvals[0]?.id as string | undefined;
    if (second !== undefined) {
      const bad = await app.inject({
        method: 'POST',
        url: `/api/trading/approvals/${second}/reject`,
        headers: { ...t.auth, 'content-type': 'application/json' },
        payload: { reason: 'no' },
      });
      expect(bad.statusCode).toBe(400);
      const rej = await app.inject({
        method: 'POST',
        url: `/api/trading/approvals/${second}/reject`,
        headers: { ...t.auth, 'content-type': 'application/json' },
        payload: { reason: 'not in this session' },
      });
      expect(rej.json().outcome).toMatchObject({ status: 'rejected', why: 'api: not in this session' });
    }
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/trading/approvals/nope/approve',
      headers: t.auth,
    });
    expect(unknown.statusCode).toBe(404);
    await t.server.close();
  });

  it('an emergency level cancels what waits, and leaving semi_auto too', async () => {
    const t = await testServer({ mode: 'semi_auto' });
    const app = t.server.app;
    let i = 0;
    while (t.loop.modes.pending().length === 0 && i < bars.length) await t.bar(bars[i++] as Bar);
    expect(t.loop.modes.pending()).toHaveLength(1);
    const stop = await app.inject({
      method: 'POST',
      url: '/api/trading/emergency-stop',
      headers: { ...t.auth, 'content-type': 'application/json' },
      payload: { level: 'reduce_only', reason: 'test emergency' },
    });
    expect(stop.statusCode).toBe(200);
    expect(t.loop.modes.emergencyLevel).toBe('REDUCE_ONLY');
    expect((await app.inject({ url: '/api/trading/approvals' })).json().count).toBe(0);
    await t.server.close();
  });

  it('an approval nobody answers expires on the clock; its decision says so', async () => {
    const t = await testServer({ mode: 'semi_auto' });
    let i = 0;
    while (t.loop.modes.pending().length === 0 && i < bars.length) await t.bar(bars[i++] as Bar);
    const id = t.loop.modes.pending()[0]?.id as string;
    // approvalTimeoutSeconds 60 on the engine clock (the harness clock starts after the bars' dates).
    t.clock.advanceBy(61_000_000);
    await t.bar(bars[i++] as Bar);
    expect(t.loop.modes.pending().map((p) => p.id)).not.toContain(id);
    const d = (await t.server.app.inject({ url: `/api/decisions/${id}` })).json();
    expect(d.outcome).toBe('expired');
    const late = await t.server.app.inject({
      method: 'POST',
      url: `/api/trading/approvals/${id}/approve`,
      headers: t.auth,
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('APPROVAL_EXPIRED');
    await t.server.close();
  });
});
