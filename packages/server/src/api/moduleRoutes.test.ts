import { afterEach, describe, expect, it } from 'vitest';
import { testServer } from '../internal/testHarness.js';
import type { MinhosServer } from './createServer.js';

const open: MinhosServer[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

describe('modules endpoints', () => {
  it('switches the risk gate to observe through the API: the OMS lets a too-large order through, and the switch is audited', async () => {
    const t = await testServer();
    open.push(t.server);
    const app = t.server.app;
    t.trade(5000);
    const order = { symbol: 'ES', side: 'BUY', quantity: 9 };
    expect(
      (await app.inject({ method: 'POST', url: '/api/trading/orders', headers: t.auth, payload: order }))
        .statusCode,
    ).toBe(422);
    const list = (await app.inject({ method: 'GET', url: '/api/modules' })).json();
    expect(list.modules.riskGate).toEqual({ enabled: true, mode: 'enforce', recent_actions: [] });
    const noReason = await app.inject({
      method: 'POST',
      url: '/api/modules/riskGate',
      headers: t.auth,
      payload: { mode: 'observe' },
    });
    expect(noReason.statusCode).toBe(400);
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/modules/warpDrive',
      headers: t.auth,
      payload: { enabled: false, reason: 'test' },
    });
    expect(unknown.statusCode).toBe(404);
    const sw = await app.inject({
      method: 'POST',
      url: '/api/modules/riskGate',
      headers: t.auth,
      payload: { mode: 'observe', reason: 'shadow test' },
    });
    expect(sw.statusCode).toBe(200);
    expect(sw.json()).toMatchObject({
      setting: { enabled: true, mode: 'observe' },
      previous: { mode: 'enforce' },
    });
    expect(
      (await app.inject({ method: 'POST', url: '/api/trading/orders', headers: t.auth, payload: order }))
        .statusCode,
    ).toBe(201);
    const after = (await app.inject({ method: 'GET', url: '/api/modules' })).json();
    expect(after.recent_actions[0].detail).toMatchObject({ module: 'riskGate', reason: 'shadow test' });
    // The switch went through the flags' own audited path: in changes() (and so to listeners such
    // as the config overrides) and journaled once, not written beside it.
    expect(t.deps.modules?.changes().map((c) => [c.module, c.actor, c.reason, c.to.mode])).toEqual([
      ['riskGate', 'api', 'shadow test', 'observe'],
    ]);
    expect(
      t.deps.store.riskEvents(Number.MAX_SAFE_INTEGER).filter((e) => e.kind === 'MODULE_SWITCH'),
    ).toHaveLength(1);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/modules/riskGate',
          payload: { mode: 'enforce', reason: 'x' },
        })
      ).statusCode,
    ).toBe(401);
  });
});
