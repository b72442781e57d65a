import type { Bar } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { testServer } from '../internal/testHarness.js';
import { findBundledEsBars, loadEsBars } from '../serve/loadEsBars.js';

// The repository's bundled ES 1-minute bars (data/ohlcv/es_1min_trade_lean.csv, ESZ13).
const bars: Bar[] = loadEsBars(findBundledEsBars() as string).slice(0, 900);

describe('/api/ml', () => {
  it('shows the model waiting for data, then trained in the background with every step recorded', async () => {
    const t = await testServer({ mode: 'manual', minTrainingBars: 600 });
    const app = t.server.app;
    for (const b of bars.slice(0, 300)) await t.bar(b);
    const waiting = (await app.inject({ url: '/api/ml/status' })).json();
    expect(waiting).toMatchObject({ available: true, state: 'waiting_for_data', version: null });
    expect(waiting.training.progress).toBeCloseTo(0.5, 5);
    expect(waiting.fusion).toMatchObject({ state: 'missing', weight: 0 });
    for (const b of bars.slice(300, 600)) await t.bar(b);
    await t.trainer.idle();
    const trained = (await app.inject({ url: '/api/ml/status' })).json();
    expect(['active', 'not_deployed']).toContain(trained.state);
    expect(trained.metrics.accuracy).toBeGreaterThan(0.3);
    expect(trained.metrics.accuracy).toBeLessThan(0.7);
    expect(trained.events.map((e: { kind: string }) => e.kind)[0]).toBe('MODEL_TRAINING');
    expect(trained.events.at(-1).kind).toMatch(/MODEL_ACTIVE|MODEL_NOT_DEPLOYED/);
    // The version just trained is listed with what became of it; the backend is named.
    expect(trained.versions[0]).toMatchObject({
      id: `${trained.model}@${trained.version}`,
      status: trained.state === 'active' ? 'active' : 'not_deployed',
      current: true,
    });
    expect(trained.backend).toMatchObject({ wasm_simd: true, lstm_inference: 'wasm-simd' });
    expect(trained.backend).toHaveProperty('tfjs');
    // The switch (or the refusal) is a recorded event in the store too.
    expect(t.deps.store.riskEvents(50).some((e) => e.kind === trained.events.at(-1).kind)).toBe(true);
    for (const b of bars.slice(600, 700)) await t.bar(b);
    const perf = (await app.inject({ url: '/api/ml/performance/current' })).json();
    expect(perf.holdout_accuracy).toBe(trained.metrics.accuracy);
    const after = (await app.inject({ url: '/api/ml/status' })).json();
    // A trained model below the deploy bar is not_deployed in the fusion, never "untrained".
    expect(after.fusion.state).toBe(trained.state === 'active' ? 'active' : 'not_deployed');
    const signals = (await app.inject({ url: '/api/ai/signals' })).json();
    expect(signals.signals.find((m: { source: string }) => m.source === 'model').state).toBe(
      after.fusion.state,
    );
    const preds = (await app.inject({ url: '/api/ml/predictions/recent?limit=5' })).json();
    const alerts = (await app.inject({ url: '/api/ml/monitoring/alerts' })).json();
    if (trained.state === 'active') {
      expect(preds.count).toBe(5);
      expect(preds.predictions[0].probability_up).toBeGreaterThan(0);
      expect(perf.live_scored).toBeGreaterThan(50);
      expect(perf.live_baselines['coin-flip']).toBe(0.5);
      expect(perf.live_baselines['always-long']).toBeGreaterThan(0);
    } else {
      expect(preds.count).toBe(0);
      expect(perf).toMatchObject({ live_scored: 0, live_baselines: { 'coin-flip': null } });
      expect(alerts.alerts.map((a: { kind: string }) => a.kind)).toContain('NOT_DEPLOYED');
    }
    expect((await app.inject({ url: '/api/ml/predictions/recent?limit=0' })).statusCode).toBe(400);
    const health = (await app.inject({ url: '/api/ml/monitoring/system-health' })).json();
    expect(health.trainer_state).toBe(trained.state);
    await t.server.close();
  });
});
