import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '@minhos/config';
import type { Bar, InstrumentId } from '@minhos/core';
import { AI_MODULES, type DecisionRecord, type EngineStore, openStore } from '@minhos/engine';
import { ModelRegistry } from '@minhos/models';
import { afterEach, describe, expect, it } from 'vitest';
import { findBundledEsBars, loadEsBars } from '../serve/loadEsBars.js';
import { BacktestJobs, type BacktestRequest } from './BacktestJobs.js';
import { ModelTrainer } from './ModelTrainer.js';

// The repository's bundled ES 1-minute bars (data/ohlcv/es_1min_trade_lean.csv, ESZ13).
const bars: Bar[] = loadEsBars(findBundledEsBars() as string).slice(0, 3000);
const ES = 'ES' as InstrumentId;
const spec = { instrumentId: ES, pointValue: 50, tickSize: 0.25, currency: 'USD', marginPerContract: 12_000 };
const config = {
  ...defaultConfig,
  risk: { ...defaultConfig.risk, stopLossPoints: 4, takeProfitPoints: 8 },
};
const request = (strategy: BacktestRequest['strategy']): BacktestRequest => ({
  symbol: ES,
  timeframe: '1m',
  strategy,
  startingCapital: 100_000,
  commissionPerContract: 2.5,
  slippageTicks: 1,
});

const opened: EngineStore[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

async function jobs(
  maxDecisions?: number,
  cfg: typeof config = config,
): Promise<{ jobs: BacktestJobs; store: EngineStore }> {
  const o = openStore(':memory:');
  if (!o.ok) throw o.error;
  const store = o.value;
  opened.push(store);
  store.putBars(ES, '1m', bars);
  const trainer = new ModelTrainer({
    registry: new ModelRegistry(mkdtempSync(join(tmpdir(), 'minhos-bt-registry-'))),
    clock: { now: () => 0 } as never,
    minTrainingBars: 100_000,
    deployMinAccuracy: 0.55,
  });
  return {
    store,
    jobs: new BacktestJobs({
      store,
      instruments: [spec],
      ai: { config: () => cfg, members: async () => [await trainer.backtestMember()] },
      ...(maxDecisions === undefined ? {} : { maxDecisions }),
    }),
  };
}

describe('BacktestJobs strategy ai', () => {
  it('runs the decision pipeline and keeps its records: members, fused signal, Kelly sizing, risk checks, outcome, quality', async () => {
    const { jobs: j, store } = await jobs();
    const started = j.start(request({ name: 'ai', threshold: 0.6 }));
    if (!started.ok) throw new Error(started.message);
    const early = j.decisions(started.job.id);
    expect(early).toMatchObject({ ok: false, code: 'NOT_DONE' });
    await j.idle();
    const job = j.get(started.job.id);
    expect(job?.status, job?.error).toBe('done');
    const out = j.decisions(started.job.id);
    if (!out.ok) throw new Error(out.message);
    const d = out.decisions;
    expect(d.total).toBeGreaterThan(10);
    expect(d.records.length).toBe(d.total);
    expect(d.dropped).toBe(0);
    expect(d.threshold).toBe(0.6);
    expect(Object.values(d.outcomes).reduce((a, b) => a + b, 0)).toBe(d.total);
    expect(d.outcomes.submitted).toBeGreaterThan(0);
    expect(d.quality?.count).toBeGreaterThan(0);
    // The model member is the registry's (empty here): missing, weight 0, and it says so.
    expect(d.members).toEqual([expect.objectContaining({ name: 'model', state: 'missing' })]);
    const submitted = d.records.find((r) => r.outcome.status === 'submitted') as DecisionRecord;
    const analysis = submitted.analysis as {
      members: { name: string; state: string }[];
      fused: { direction: number; confidence: number };
    };
    expect(analysis.members.map((m) => m.name)).toEqual(['sma-crossover', 'traditional-ta', 'model']);
    expect(analysis.members.find((m) => m.name === 'model')?.state).toBe('missing');
    expect(analysis.fused.direction).not.toBe(0);
    expect(submitted.sizing?.steps.length).toBeGreaterThan(0);
    expect(submitted.sizing?.contracts).toBeGreaterThan(0);
    expect(submitted.orders.length).toBeGreaterThan(0);
    expect(submitted.orders[0]?.verdict?.ok).toBe(true);
    expect(submitted.quality?.overall).toBeGreaterThan(0);
    expect(submitted.inputs.mode).toBe('full_auto');
    expect(job?.result?.trades.length).toBeGreaterThan(0);
    // The backtest's decisions and orders stay in its own store.
    expect(store.decisions(10)).toEqual([]);
    expect(store.load().orders.length).toBe(0);
  });

  it('keeps only the most recent maxDecisions records and counts the dropped', async () => {
    const { jobs: j } = await jobs(5);
    const started = j.start(request({ name: 'ai' }));
    if (!started.ok) throw new Error(started.message);
    await j.idle();
    const out = j.decisions(started.job.id);
    if (!out.ok) throw new Error(out.message);
    expect(out.decisions.records.length).toBe(5);
    expect(out.decisions.dropped).toBe(out.decisions.total - 5);
    expect(out.decisions.threshold).toBe(config.trading.autonomousThreshold);
    const times = out.decisions.records.map((r) => r.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[4]).toBeGreaterThan((bars[bars.length - 600] as Bar).time);
  });

  it('answers unknown, not done and not-ai jobs with an error value, and cancels an ai run', async () => {
    const { jobs: j } = await jobs();
    expect(j.decisions('bt-404')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const sma = j.start(request({ name: 'sma', fast: 10, slow: 30, quantity: 1 }));
    const ai = j.start(request({ name: 'ai' }));
    if (!sma.ok || !ai.ok) throw new Error('start refused');
    expect(j.cancel(ai.job.id)).toBe(true);
    await j.idle();
    expect(j.get(ai.job.id)?.status).toBe('cancelled');
    expect(j.decisions(ai.job.id)).toMatchObject({ ok: false, code: 'NOT_DONE' });
    expect(j.decisions(sma.job.id)).toMatchObject({ ok: false, code: 'NO_DECISIONS' });
  });

  it('runs the AI modules at their configured levels: observe records and changes nothing, enforce acts', async () => {
    const withLevels = (level: (name: string) => 'off' | 'observe' | 'enforce'): typeof config => ({
      ...config,
      modules: Object.fromEntries(
        Object.entries(config.modules).map(([name, m]) => [
          name,
          (AI_MODULES as readonly string[]).includes(name) ? { ...m, mode: level(name) } : m,
        ]),
      ) as typeof config.modules,
    });
    const run = async (cfg: typeof config, modules?: 'off') => {
      const { jobs: j } = await jobs(undefined, cfg);
      const started = j.start(request({ name: 'ai', threshold: 0.6, ...(modules ? { modules } : {}) }));
      if (!started.ok) throw new Error(started.message);
      await j.idle();
      const out = j.decisions(started.job.id);
      if (!out.ok) throw new Error(out.message);
      const trades = j.get(started.job.id)?.result?.trades ?? [];
      return { d: out.decisions, trades: trades.map((t) => [t.entryTime, t.exitTime, t.quantity]) };
    };
    const observe = await run(withLevels(() => 'observe'));
    const off = await run(
      withLevels(() => 'observe'),
      'off',
    );
    expect(off.d.modules).toBeUndefined();
    expect(observe.d.modules?.levels.positionIntelligence).toBe('observe');
    expect(Object.values(observe.d.modules?.actions ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(observe.d.modules?.applied).toBe(0);
    // Observe decides and records, and changes nothing: the same trades as without modules.
    expect(observe.trades.length).toBeGreaterThan(0);
    expect(observe.trades).toEqual(off.trades);
    expect(observe.d.outcomes).toEqual(off.d.outcomes);
    // Position intelligence enforced: its exits act, and the trades change.
    const enforce = await run(withLevels((name) => (name === 'positionIntelligence' ? 'enforce' : 'off')));
    expect(enforce.d.modules?.levels).toMatchObject({
      positionIntelligence: 'enforce',
      orchestratorPolicy: 'off',
    });
    expect(enforce.d.modules?.applied).toBeGreaterThan(0);
    expect(enforce.trades).not.toEqual(off.trades);
  });
});
