import type { Bar } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { testServer } from '../internal/testHarness.js';
import { findBundledEsBars, loadEsBars } from '../serve/loadEsBars.js';

// The repository's bundled ES 1-minute bars (data/ohlcv/es_1min_trade_lean.csv, ESZ13).
const bars: Bar[] = loadEsBars(findBundledEsBars() as string).slice(0, 600);
const FIFTEEN = 15 * 60_000_000;

/** 15-minute buckets by bar start time, built independently of the loop. */
function fifteen(minutes: readonly Bar[]): { close: number; volume: number; complete: boolean }[] {
  const out = new Map<number, { close: number; volume: number; last: number }>();
  for (const b of minutes) {
    const k = Math.floor(b.time / FIFTEEN);
    const cur = out.get(k);
    out.set(k, { close: b.close, volume: (cur?.volume ?? 0) + b.volume, last: b.time });
  }
  return [...out.entries()].map(([k, v]) => ({
    close: v.close,
    volume: v.volume,
    complete: v.last + 60_000_000 >= (k + 1) * FIFTEEN,
  }));
}

describe('DecisionLoop', () => {
  it('runs the traditional TA rules on 15-minute bars built from the 1-minute feed', async () => {
    const t = await testServer({ mode: 'manual' });
    for (const b of bars) await t.bar(b);
    const ta = t.loop.analysis?.members.find((m) => m.name === 'traditional-ta');
    expect(ta?.state).toBe('active');
    const buckets = fifteen(bars);
    const done = buckets.filter((b, i) => b.complete || i < buckets.length - 1);
    expect(t.loop.stats().taBars).toBe(done.length);
    const closes = done.slice(-20).map((b) => b.close);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(ta?.details?.sma10).toBeCloseTo(mean(closes.slice(-10)), 9);
    expect(ta?.details?.sma20).toBeCloseTo(mean(closes), 9);
    await t.server.close();
  });

  it('follows the API: a mode change and an emergency level reach TradingModes, persisted', async () => {
    const t = await testServer({ mode: 'manual' });
    const app = t.server.app;
    const headers = { ...t.auth, 'content-type': 'application/json' };
    await app.inject({
      method: 'POST',
      url: '/api/trading/mode',
      headers,
      payload: { mode: 'semi_auto', reason: 'test' },
    });
    expect(t.loop.modes.mode).toBe('semi_auto');
    expect(t.deps.store.load().state.mode).toBe('semi_auto');
    await app.inject({
      method: 'POST',
      url: '/api/trading/emergency-stop',
      headers,
      payload: { level: 'flatten', reason: 'test' },
    });
    expect(t.loop.modes.emergencyLevel).toBe('FLATTEN');
    await app.inject({
      method: 'POST',
      url: '/api/trading/emergency/recover',
      headers,
      payload: { reason: 'all clear', confirm: true },
    });
    expect(t.loop.modes.emergencyLevel).toBe('NONE');
    await t.server.close();
  });
});
