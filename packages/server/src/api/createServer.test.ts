import { afterEach, describe, expect, it } from 'vitest';
import { TEST_TOKEN, testServer } from '../internal/testHarness.js';
import type { MinhosServer } from './createServer.js';

let open: MinhosServer[] = [];
afterEach(async () => {
  for (const s of open) await s.close();
  open = [];
});
async function make(options: Parameters<typeof testServer>[0] = {}) {
  const t = await testServer(options);
  open.push(t.server);
  return t;
}

describe('createServer security', () => {
  it('answers reads from loopback without a token and refuses mutations without the right one', async () => {
    const { server, auth } = await make();
    const app = server.app;
    expect((await app.inject({ method: 'GET', url: '/api/status' })).statusCode).toBe(200);
    const none = await app.inject({
      method: 'POST',
      url: '/api/trading/mode',
      payload: { mode: 'semi_auto' },
    });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('UNAUTHORIZED');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/trading/mode',
      headers: { authorization: `Bearer ${TEST_TOKEN.slice(0, -1)}x` },
      payload: { mode: 'semi_auto' },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await app.inject({
      method: 'POST',
      url: '/api/trading/mode',
      headers: auth,
      payload: { mode: 'semi_auto' },
    });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({ success: true, mode: 'semi_auto', previous_mode: 'manual' });
  });

  it('requires the token for reads from another machine, and for every read when openReads is false', async () => {
    const { server, auth } = await make();
    const remote = await server.app.inject({ method: 'GET', url: '/api/status', remoteAddress: '10.1.2.3' });
    expect(remote.statusCode).toBe(401);
    const remoteAuthed = await server.app.inject({
      method: 'GET',
      url: '/api/status',
      remoteAddress: '10.1.2.3',
      headers: auth,
    });
    expect(remoteAuthed.statusCode).toBe(200);
    const closed = await make({ openReads: false });
    expect((await closed.server.app.inject({ method: 'GET', url: '/api/risk/status' })).statusCode).toBe(401);
  });

  it('answers malformed JSON with 400, an oversized body with 413, unknown routes with 404, all in the error shape', async () => {
    const { server, auth } = await make({ bodyLimit: 1024 });
    const app = server.app;
    const bad = await app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"symbol": "ES",',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_BODY');
    const big = await app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ symbol: 'ES', pad: 'x'.repeat(5000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('BODY_TOO_LARGE');
    const missing = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'no route GET /api/nothing-here' },
    });
    const invalid = await app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: { symbol: 'ES' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('INVALID_BODY');
    expect(invalid.json().error.details.issues.map((i: { path: string }) => i.path)).toContain('side');
  });

  it('rate limits with 429', async () => {
    const { server } = await make({ rateLimit: { max: 5, windowMs: 60_000 } });
    const codes: number[] = [];
    for (let i = 0; i < 7; i++)
      codes.push((await server.app.inject({ method: 'GET', url: '/api/health' })).statusCode);
    expect(codes.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(codes[5]).toBe(429);
    const r = await server.app.inject({ method: 'GET', url: '/api/health' });
    expect(r.json().error.code).toBe('RATE_LIMITED');
  });

  it('keeps CORS closed by default, opens it only to listed origins, and sends security headers', async () => {
    const { server } = await make();
    const pre = await server.app.inject({
      method: 'OPTIONS',
      url: '/api/status',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const get = await server.app.inject({
      method: 'GET',
      url: '/api/status',
      headers: { origin: 'https://evil.example' },
    });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
    expect(get.headers['x-content-type-options']).toBe('nosniff');
    expect(get.headers['x-frame-options']).toBeDefined();
    expect(get.headers['content-security-policy']).toBeDefined();
    const opened = await make({ corsOrigins: ['http://localhost:3000'] });
    const ok = await opened.server.app.inject({
      method: 'GET',
      url: '/api/status',
      headers: { origin: 'http://localhost:3000' },
    });
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:3000');
  });

  it('sends a CSP without upgrade-insecure-requests (plain http from another host must load the dashboard)', async () => {
    const { server } = await make();
    for (const url of ['/api/status', '/dashboard/']) {
      const r = await server.app.inject({ method: 'GET', url, headers: { host: '192.168.1.20:8888' } });
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
    }
  });

  it('serves the OpenAPI document with every route and marks mutating ones as needing the token', async () => {
    const { server } = await make();
    const doc = (await server.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/status',
        '/api/trading/orders',
        '/api/risk/parameters',
        '/api/market/data/{symbol}',
      ]),
    );
    expect(doc.paths['/api/trading/orders'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/trading/orders'].post.requestBody).toBeDefined();
    expect((await server.app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
  });

  it('never puts the token in a response or a log line', async () => {
    const { server, auth, logs } = await make();
    const bodies: string[] = [];
    const reqs = [
      { method: 'GET' as const, url: '/api/status', headers: auth },
      {
        method: 'POST' as const,
        url: '/api/trading/mode',
        headers: auth,
        payload: { mode: 'full_auto', reason: 'test' },
      },
      {
        method: 'POST' as const,
        url: '/api/trading/mode',
        headers: { authorization: 'Bearer nope' },
        payload: {},
      },
      { method: 'GET' as const, url: '/api/risk/status', headers: { 'x-minhos-token': TEST_TOKEN } },
      { method: 'GET' as const, url: '/api/docs/json' },
      { method: 'GET' as const, url: '/api/nothing', headers: auth },
    ];
    for (const r of reqs) bodies.push((await server.app.inject(r)).body);
    expect(logs.length).toBeGreaterThan(0);
    for (const text of [...bodies, ...logs]) expect(text).not.toContain(TEST_TOKEN);
  });
});
