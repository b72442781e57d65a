import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testServer } from '../internal/testHarness.js';
import type { MinhosServer } from './createServer.js';

const open: MinhosServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('config and symbols endpoints', () => {
  it('reads config redacted, updates only whitelisted settings with validation, and persists them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-config-'));
    dirs.push(dir);
    const configPath = join(dir, 'config.overrides.json');
    const t = await testServer({ configPath });
    open.push(t.server);
    const app = t.server.app;
    const all = (await app.inject({ method: 'GET', url: '/api/config' })).json();
    expect(all.config.trading.slippageTicks).toBe(1);
    expect((await app.inject({ method: 'GET', url: '/api/config/kelly' })).json().config.fraction).toBe(0.25);
    expect((await app.inject({ method: 'GET', url: '/api/config/nope' })).statusCode).toBe(404);
    const locked = await app.inject({
      method: 'POST',
      url: '/api/config/update',
      headers: t.auth,
      payload: { section: 'network', key: 'dtc', value: 'x' },
    });
    expect(locked.statusCode).toBe(403);
    expect(locked.json().error.code).toBe('NOT_UPDATABLE');
    const bad = await app.inject({
      method: 'POST',
      url: '/api/config/update',
      headers: t.auth,
      payload: { section: 'kelly', key: 'fraction', value: 7 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('kelly.fraction');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/config/update',
      headers: t.auth,
      payload: { section: 'kelly', key: 'fraction', value: 0.5 },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ success: true, value: 0.5, previous: 0.25, persisted: true });
    expect(JSON.parse(readFileSync(configPath, 'utf8'))).toEqual({ 'kelly.fraction': 0.5 });
    const again = await testServer({ configPath });
    open.push(again.server);
    expect(
      (await again.server.app.inject({ method: 'GET', url: '/api/config/kelly' })).json().config.fraction,
    ).toBe(0.5);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/config/update',
          payload: { section: 'kelly', key: 'fraction', value: 0.3 },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('reports rollover alerts at the engine clock in the original field names', async () => {
    const t = await testServer();
    open.push(t.server);
    // The harness clock is 2025-11-03; ES/NQ December 2025 roll on 2025-12-11 (38 days): not yet in
    // the 30-day window. On 2025-12-05 (5 days before) it is critical.
    const r = (await t.server.app.inject({ method: 'GET', url: '/api/symbols/rollover-status' })).json();
    expect(r).toMatchObject({ total_upcoming: expect.any(Number), urgent_count: expect.any(Number) });
    expect(r.alerts.find((a: { symbol: string }) => a.symbol.startsWith('ES'))).toBeUndefined();
    t.clock.advanceTo(Date.UTC(2025, 11, 5, 15) * 1000);
    const later = (await t.server.app.inject({ method: 'GET', url: '/api/symbols/rollover-status' })).json();
    const es = later.alerts.find((a: { symbol: string }) => a.symbol === 'ESZ25.CME');
    expect(es).toMatchObject({
      next_symbol: 'ESH26.CME',
      level: 'critical',
      color: 'red',
      action_required: true,
    });
    expect(es.days_until).toBeLessThanOrEqual(7);
  });
});
