import type { Bar } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { testServer } from '../internal/testHarness.js';
import { findBundledEsBars, loadEsBars } from '../serve/loadEsBars.js';

// The repository's bundled ES 1-minute bars (data/ohlcv/es_1min_trade_lean.csv, ESZ13).
const bars: Bar[] = loadEsBars(findBundledEsBars() as string).slice(0, 700);

async function fed(mode: 'manual' | 'semi_auto' | 'full_auto', n = bars.length) {
  const t = await testServer({ mode });
  for (const b of bars.slice(0, n)) await t.bar(b);
  return t;
}

describe('AI transparency and Kelly endpoints', () => {
  it('answer 404 without a loop … and no_data before the first bar', async () => {
    const t = await testServer();
    const a = await t.server.app.inject({ url: '/api/ai/current-analysis' });
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({ status: 'no_data', current_signal: null });
    const k = await t.server.app.inject({ url: '/api/ai/kelly-sizing' });
    expect(k.statusCode).toBe(409);
    expect(k.json().error.code).toBe('NO_DATA');
    await t.server.close();
  });

  it('show the fused signal, the real indicator values, each member’s weight, and trade in full_auto', async () => {
    const t = await fed('full_auto');
    const app = t.server.app;
    const a = (await app.inject({ url: '/api/ai/current-analysis' })).json();
    expect(a.status).toBe('ok');
    expect(['BUY', 'SELL', 'HOLD', 'STRONG_BUY', 'STRONG_SELL']).toContain(a.current_signal.signal);
    expect(a.current_signal.price).toBe(bars[bars.length - 1]?.close);
    expect(a.ai_stats).toMatchObject({
      execution_threshold: 0.75,
      mode: 'full_auto',
      bars_processed: bars.length,
    });
    expect(a.ai_stats.signals_processed).toBeGreaterThan(0);
    expect(a.ai_stats.autonomous_executions).toBeGreaterThan(0);

    const r = (await app.inject({ url: '/api/ai/reasoning-breakdown' })).json();
    const closes = bars.map((b) => b.close);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(r.technical_indicators.trend_analysis.sma_fast).toBeCloseTo(mean(closes.slice(-10)), 9);
    expect(r.technical_indicators.trend_analysis.sma_slow).toBeCloseTo(mean(closes.slice(-30)), 9);
    expect(r.technical_indicators.momentum_analysis.rsi).toBeGreaterThan(0);
    expect(r.technical_indicators.momentum_analysis.rsi).toBeLessThan(100);
    expect(r.confidence_breakdown.members.map((m: { name: string }) => m.name)).toEqual([
      'sma-crossover',
      'traditional-ta',
      'model',
    ]);
    const model = r.confidence_breakdown.members.find((m: { name: string }) => m.name === 'model');
    expect(model).toMatchObject({ effective_weight: 0, state: 'missing' });
    expect(model.note).toMatch(/weight 0: missing/);
    expect(r.market_regime.state).toEqual(expect.any(String));

    const w = (await app.inject({ url: '/api/ai/ensemble-weights' })).json();
    expect(w.weights.find((x: { name: string }) => x.name === 'model')).toMatchObject({
      configured_weight: 2,
      effective_weight: 0,
      share: 0,
    });

    const k = (await app.inject({ url: '/api/ai/kelly-sizing?win_probability=0.9' })).json();
    expect(k.steps.map((s: { name: string }) => s.name)).toEqual([
      'winProbability',
      'kelly',
      'fractionalKelly',
      'cap',
      'volatility',
      'portfolioHeat',
      'drawdown',
      'contracts',
    ]);
    // Risk basis: 0.5 % of equity / (8 pt × 50 + 2 × 2.5 commission) = 1 contract.
    expect(k.contracts).toBe(1);
    expect(k.risk_usd).toBe(405);
    const small = (
      await app.inject({ url: '/api/kelly/current-recommendation?account_capital=10000' })
    ).json();
    expect(small.position_size).toBe(0);
    expect(small.constraints_applied).toContain('cap');
    for (const bad of ['win_probability=1.5', 'account_capital=-5', 'symbol=NQ', 'extra=1']) {
      const res = await app.inject({ url: `/api/ai/kelly-sizing?${bad}` });
      expect(res.statusCode, bad).toBe(400);
    }

    const risk = (await app.inject({ url: '/api/ai/risk-assessment' })).json();
    expect(risk.current_risk.risk_level).toEqual(expect.any(String));
    expect(risk.position_sizing.steps).toHaveLength(8);
    expect(risk.circuit_breaker).toMatchObject({ active: false, level: 'normal' });

    const s = (await app.inject({ url: '/api/ai/signals' })).json();
    expect(s.signals).toHaveLength(3);
    await t.server.close();
  });
});

describe('decisions and decision quality', () => {
  it('list decisions, return one whole by id (404 when unknown), score and summarise their quality', async () => {
    const t = await fed('full_auto');
    const app = t.server.app;
    const list = (await app.inject({ url: '/api/decisions/recent?limit=5' })).json();
    expect(list.decisions.length).toBeGreaterThan(0);
    expect(list.decisions[0].record).toBeUndefined();
    const executed = (await app.inject({ url: '/api/decisions/recent?limit=1000' }))
      .json()
      .decisions.find((d: { action: string }) => d.action === 'executed');
    expect(executed).toBeDefined();
    const one = (await app.inject({ url: `/api/decisions/${executed.id}` })).json();
    expect(one.record.sizing.contracts).toBe(1);
    expect(one.record.orders[0].verdict.ok).toBe(true);
    expect(one.record.analysis.fused.members).toHaveLength(3);
    expect((await app.inject({ url: '/api/decisions/nope' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/decisions/recent?limit=0' })).statusCode).toBe(400);

    const q = (await app.inject({ url: '/api/decision-quality/current' })).json();
    expect(q.total_evaluations).toBe(list.total);
    expect(q.current_average).toBeGreaterThan(0);
    expect(Object.keys(q.category_averages)).toHaveLength(6);
    const d = (await app.inject({ url: `/api/decision-quality/detailed/${executed.id}` })).json();
    expect(d.scores.risk_assessment).toBe(1);
    expect(d.reasoning.risk_assessment.length).toBeGreaterThan(0);
    expect((await app.inject({ url: '/api/decision-quality/detailed/missing' })).statusCode).toBe(404);
    const sum = (await app.inject({ url: '/api/decision-quality/summary' })).json();
    expect(sum.summary.decisions).toBeGreaterThan(0);
    for (const r of sum.recommendations) expect(r.actionable_steps.length).toBeGreaterThan(0);
    await t.server.close();
  });

  it('a decision of an earlier session is read from the store, whole', async () => {
    const first = await fed('full_auto', 400);
    const id = (await first.server.app.inject({ url: '/api/decisions/recent?limit=1' })).json().decisions[0]
      .id;
    const stored = first.deps.store.decision(id);
    expect(stored).toBeDefined();
    await first.server.close();
    // A new server whose loop has not seen this decision: before it is in its store, 404.
    const later = await testServer({ mode: 'full_auto' });
    expect((await later.server.app.inject({ url: `/api/decisions/${id}` })).statusCode).toBe(404);
    later.deps.store.putDecision(id, stored?.time ?? 0, stored?.body);
    const one = await later.server.app.inject({ url: `/api/decisions/${id}` });
    expect(one.statusCode).toBe(200);
    expect(one.json().id).toBe(id);
    expect(one.json().record.analysis.fused.members).toHaveLength(3);
    // The list goes on into the store once this session's decisions run out.
    const recent = (await later.server.app.inject({ url: '/api/decisions/recent?limit=5' })).json();
    expect(recent.decisions.map((d: { id: string }) => d.id)).toContain(id);
    expect(recent.earlier).toBeGreaterThanOrEqual(1);
    expect(recent.decisions.find((d: { id: string }) => d.id === id).record).toBeUndefined();
    await later.server.close();
  });

  it('in manual mode every decision is a signal only: nothing is sent', async () => {
    const t = await fed('manual');
    const list = (await t.server.app.inject({ url: '/api/decisions/recent?limit=1000' })).json();
    expect(list.total).toBeGreaterThan(0);
    expect(list.decisions.every((d: { action: string }) => d.action === 'held')).toBe(true);
    expect(t.deps.oms.orders()).toHaveLength(0);
    await t.server.close();
  });
});
