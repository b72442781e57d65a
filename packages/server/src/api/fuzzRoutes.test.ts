import type { Bar } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { ES, testServer } from '../internal/testHarness.js';
import { findBundledEsBars, loadEsBars } from '../serve/loadEsBars.js';

/** A small deterministic PRNG (mulberry32) so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ATOMS: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1,
  1.5,
  -0,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  2 ** 53 + 1,
  '',
  ' ',
  'ES',
  'BUY',
  'MARKET',
  'LIMIT',
  'flatten',
  'full_auto',
  '💥',
  '__proto__',
  'constructor',
  'x'.repeat(300),
  '1e9999',
  'NaN',
  '-1',
  '0x10',
  [],
  {},
];
const KEYS = [
  'symbol',
  'side',
  'quantity',
  'order_type',
  'price',
  'stop_price',
  'mode',
  'reason',
  'level',
  'confirm',
  'bracket',
  'maxPositionContracts',
  'maxDrawdown',
  '__proto__',
  'constructor',
  'timeframe',
  'limit',
  'status',
  'strategy',
  'name',
  'fast',
  'slow',
  'symbol',
  'account_capital',
  'win_probability',
  'full',
  'from',
  'to',
];

function value(r: () => number, depth: number): unknown {
  const pick = r();
  if (depth > 2 || pick < 0.6) return ATOMS[Math.floor(r() * ATOMS.length)];
  if (pick < 0.8) return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
  return object(r, depth + 1);
}
function object(r: () => number, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const n = Math.floor(r() * 5);
  for (let i = 0; i < n; i++) o[KEYS[Math.floor(r() * KEYS.length)] as string] = value(r, depth);
  return o;
}
const enc = (v: unknown) => encodeURIComponent(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

describe('fuzzing every route', () => {
  it('never answers 500 to random and boundary bodies, params and queries', async () => {
    // Live loop state (semi_auto: decisions, a pending approval, Kelly inputs) and stored bars for backtests.
    const { server, auth, trade, bar, deps } = await testServer({ mode: 'semi_auto' });
    const bars = loadEsBars(findBundledEsBars() as string).slice(0, 350);
    for (const b of bars) await bar(b as Bar);
    deps.store.putBars(ES, '1m', bars);
    trade(bars[bars.length - 1]?.close ?? 5000);
    const app = server.app;
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => ({ path, method: m.toUpperCase() as 'GET' | 'POST' | 'DELETE' })),
    );
    expect(routes.length).toBeGreaterThan(40);
    const r = rng(14);
    const seen = new Map<number, number>();
    let requests = 0;
    for (const route of routes) {
      for (let i = 0; i < 40; i++) {
        const url = route.path.replace(/\{[^}]+\}/g, () => enc(value(r, 0)) || '%20');
        const query = Object.entries(object(r, 0))
          .map(([k, v]) => `${k}=${enc(v)}`)
          .join('&');
        const kind = r();
        const payload =
          kind < 0.15
            ? '{"broken":'
            : kind < 0.25
              ? JSON.stringify(value(r, 0))
              : JSON.stringify(object(r, 0));
        const res = await app.inject({
          method: route.method,
          url: query === '' ? url : `${url}?${query}`,
          headers: { ...auth, 'content-type': 'application/json' },
          ...(route.method === 'GET' ? {} : { payload }),
        });
        requests++;
        seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode >= 500)
          throw new Error(`${route.method} ${url}?${query} ${payload} → ${res.statusCode} ${res.body}`);
        if (res.statusCode >= 400 && typeof res.json().error?.code !== 'string')
          throw new Error(
            `${route.method} ${url}?${query} → ${res.statusCode} without the error shape: ${res.body}`,
          );
      }
    }
    expect(requests).toBe(routes.length * 40);
    await deps.backtests?.idle();
    expect(seen.get(400)).toBeGreaterThan(0);
    await server.close();
  }, 60_000);
});
