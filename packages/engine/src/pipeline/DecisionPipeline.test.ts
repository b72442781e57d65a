import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instrumentId, SimulatedClock } from '@minhos/core';
import { FeaturePipeline, ModelRegistry } from '@minhos/models';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { eventBacktest, type ScheduledAction } from '../backtest/eventBacktest.js';
import { type TradingMode, TradingModes } from '../modes/index.js';
import type { ModuleAction } from '../modules/index.js';
import { openStore } from '../store/index.js';
import type { Strategy, StrategyIntent } from '../strategy/Strategy.js';
import { aiStrategy } from './aiStrategy.js';
import type { DecisionHooks } from './DecisionHooks.js';
import { DecisionPipeline } from './DecisionPipeline.js';
import { aggregate, esMinuteBars } from './esBarsWithVolume.js';
import { registryMember } from './registryMember.js';
import { traditionalTaMember } from './traditionalTaMember.js';

const es = {
  instrumentId: instrumentId('ESZ13.CME'),
  pointValue: 50,
  tickSize: 0.25,
  currency: 'USD',
  marginPerContract: 0,
};
// ESZ13 in 15-minute bars (the original's rules need moves of 0.2 % between SMA10 and SMA20).
const bars = aggregate(esMinuteBars(20_000), 15);
const bracket = { stopLossPoints: 4, takeProfitPoints: 8 };
const BAR = 15 * 60_000_000;
const root = mkdtempSync(join(tmpdir(), 'minhos-registry-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(
  mode: TradingMode,
  scheduled: (p: DecisionPipeline) => ScheduledAction[],
  approver?: (p: DecisionPipeline, modes: TradingModes, now: number) => Promise<void>,
  extra: { hooks?: DecisionHooks; wrap?: (s: Strategy) => Strategy } = {},
) {
  const clock = new SimulatedClock(bars[0]!.time);
  const opened = openStore(join(root, `engine-${mode}-${Math.random().toString(36).slice(2)}.db`));
  if (!opened.ok) throw opened.error;
  const store = opened.value;
  const modes = new TradingModes({
    clock,
    store,
    mode,
    autonomousThreshold: 0.6,
    approvalTimeoutSeconds: 1200,
  });
  const pipeline = new DecisionPipeline({
    modes,
    store,
    instruments: [es],
    bracket,
    commissionPerContract: 2.5,
    strategyName: 'ai',
    ...(extra.hooks === undefined ? {} : { hooks: extra.hooks }),
  });
  // An empty registry: the LSTM is missing and must weigh 0.
  const lstm = await registryMember(new ModelRegistry(root), {
    name: 'lstm',
    model: 'es-lstm',
    features: new FeaturePipeline(),
    steps: 20,
  });
  const ai = aiStrategy({
    members: [traditionalTaMember(), lstm],
    fusion: { weights: { 'traditional-ta': 1, lstm: 2 } },
    regime: { window: 30 },
    bracket,
  });
  const strategy = extra.wrap === undefined ? ai : extra.wrap(ai);
  const result = await eventBacktest({
    series: [{ instrument: es, bars }],
    strategy,
    executor: pipeline.executor,
    gate: pipeline.gate(),
    clock,
    store,
    startingCapital: 100_000,
    commissionPerContract: 2.5,
    scheduled: [{ at: bars[0]!.time, run: (h) => pipeline.attach(h.oms) }, ...scheduled(pipeline)],
    afterStep: async (t) => {
      if (approver !== undefined) await approver(pipeline, modes, t);
      pipeline.resolveApprovals();
    },
  });
  return { result, pipeline, modes, store, lstm };
}

describe('DecisionPipeline in a full_auto backtest', () => {
  it('records every decision whole; a missing model weighs 0; an emergency FLATTEN mid-run wins', async () => {
    const mid = bars[600]!.time;
    const { result, pipeline, store, lstm } = await run('full_auto', (p) => [
      { at: mid, run: (h) => p.applyEmergency(h.oms, 'FLATTEN', 'ops', 'scripted emergency') },
    ]);
    expect(lstm.loadState).toBe('missing');
    const decisions = pipeline.decisions();
    const before = decisions.filter((d) => d.time < mid);
    const after = decisions.filter((d) => d.time >= mid);
    expect(before.filter((d) => d.outcome.status === 'submitted').length).toBeGreaterThan(3);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((d) => d.outcome.status === 'blocked')).toBe(true);
    // No entry was sent after the emergency; the position was closed and stays flat.
    const entriesAfter = result.oms
      .orders()
      .filter(
        (o) =>
          o.createdAt >= mid &&
          result.oms.record(o.clientOrderId)?.role === 'ENTRY' &&
          !o.clientOrderId.startsWith('emergency'),
      );
    expect(entriesAfter).toEqual([]);
    expect(result.oms.position(es.instrumentId).quantity).toBe(0);
    expect(result.oms.workingOrders()).toEqual([]);
    // One decision, explainable from its record alone.
    const d = before.find((x) => x.outcome.status === 'submitted')!;
    const analysis = d.analysis as {
      members: { name: string; state: string }[];
      fused: { members: { name: string; effectiveWeight: number; note: string }[] };
    };
    expect(analysis.members.map((m) => [m.name, m.state])).toEqual([
      ['traditional-ta', 'active'],
      ['lstm', 'missing'],
    ]);
    expect(analysis.fused.members[1]).toMatchObject({ name: 'lstm', effectiveWeight: 0 });
    expect(analysis.fused.members[1]!.note).toMatch(/^weight 0: missing/);
    expect(d.sizing!.steps.map((s) => s.name)).toEqual([
      'winProbability',
      'kelly',
      'fractionalKelly',
      'cap',
      'volatility',
      'portfolioHeat',
      'drawdown',
      'contracts',
    ]);
    expect(Math.abs(d.targetPosition)).toBe(d.sizing!.contracts);
    expect(d.orders.length).toBeGreaterThan(0);
    expect(d.orders.every((o) => o.verdict?.ok === true)).toBe(true);
    expect(d.quality!.scores.risk_assessment).toBe(1);
    // Stored whole, with its quality, and the execution quality after the fill.
    store.flush();
    const db = new Database(store.path, { readonly: true });
    const row = db.prepare('SELECT body FROM decisions WHERE id = ?').get(d.id) as { body: string };
    const q = db.prepare('SELECT body FROM decision_quality WHERE decision_id = ?').get(d.id) as {
      body: string;
    };
    const n = db.prepare('SELECT COUNT(*) AS n FROM decisions').get() as { n: number };
    db.close();
    expect(n.n).toBe(decisions.length);
    expect(JSON.parse(row.body)).toMatchObject({
      id: d.id,
      outcome: d.outcome,
      targetPosition: d.targetPosition,
    });
    expect(JSON.parse(q.body).overall).toBeCloseTo(d.quality!.overall, 12);
    // The emergency closed a real position.
    expect(
      result.oms.orders().some((o) => o.clientOrderId.startsWith('emergency') && o.status === 'FILLED'),
    ).toBe(true);
    expect(d.quality!.reasoning.timing_quality[0]).toMatch(/^slippage/);
    expect(pipeline.qualitySummary()!.count).toBe(Math.min(20, decisions.length));
  });
});

describe('DecisionPipeline in a semi_auto backtest with a scripted approver', () => {
  it('approves every other request one bar later; the rest expire after approvalTimeoutSeconds (20 min)', async () => {
    const approved: string[] = [];
    const seen = new Set<string>();
    const approver = async (_p: DecisionPipeline, modes: TradingModes, now: number) => {
      for (const a of modes.pending()) {
        if (now - a.requestedAt < BAR || seen.has(a.id)) continue;
        seen.add(a.id);
        if (seen.size % 2 === 1) {
          const r = await modes.approve(a.id, 'scripted approver');
          expect(r.ok).toBe(true);
          approved.push(a.id);
        }
      }
    };
    const a = await run('semi_auto', () => [], approver);
    const decisions = a.pipeline.decisions();
    const statuses = decisions.map((d) => d.outcome.status);
    expect(statuses.filter((s) => s === 'submitted').length).toBe(approved.length);
    expect(approved.length).toBeGreaterThan(2);
    expect(statuses.filter((s) => s === 'expired').length).toBeGreaterThan(2);
    expect(statuses).not.toContain('pending_approval');
    // Orders come only from approved decisions, sent after the approval.
    const fromDecisions = a.result.oms
      .orders()
      .filter((o) => a.result.oms.record(o.clientOrderId)?.role === 'ENTRY')
      .map((o) => o.clientOrderId.replace(/-\d+$/, ''));
    expect(new Set(fromDecisions)).toEqual(new Set(approved));
    const expiredEvents = a.modes.events.filter((e) => e.kind === 'EXPIRED');
    for (const e of expiredEvents) {
      const d = a.pipeline.decision(e.approvalId!)!;
      expect(e.time - d.time).toBe(1_200_000_000);
    }
    // Deterministic: the same run again gives the same decisions.
    seen.clear();
    approved.length = 0;
    const b = await run('semi_auto', () => [], approver);
    expect(b.pipeline.decisions().map((d) => [d.id, d.outcome.status])).toEqual(
      decisions.map((d) => [d.id, d.outcome.status]),
    );
  });

  it('settles the module actions an intent carries once its approval resolves: applied only when sent', async () => {
    // Every intent carries an enforce-mode module action; the pipeline settles it by the outcome.
    const settledWith = new Map<string, string[]>();
    const hooks: DecisionHooks = {
      settle: (actions, id, outcome) => {
        settledWith.set(id, [...(settledWith.get(id) ?? []), outcome.status]);
        return actions;
      },
    };
    const mark = (i: StrategyIntent, t: number): StrategyIntent => {
      const action: ModuleAction = {
        module: 'positionIntelligence',
        time: t,
        mode: 'enforce',
        applied: true,
        kind: 'exit_probe',
        instrumentId: i.instrumentId,
        reason: 'probe',
      };
      return { ...i, details: { ...(i.details as object), moduleActions: [action] } };
    };
    const wrap = (s: Strategy): Strategy => ({
      ...s,
      onBar: async (ctx) => (await s.onBar(ctx)).map((i) => mark(i, ctx.now)),
    });
    const seen = new Set<string>();
    const approver = async (_p: DecisionPipeline, modes: TradingModes, now: number) => {
      for (const a of modes.pending()) {
        if (now - a.requestedAt < BAR || seen.has(a.id)) continue;
        seen.add(a.id);
        if (seen.size % 2 === 1) await modes.approve(a.id, 'scripted approver');
      }
    };
    const { pipeline } = await run('semi_auto', () => [], approver, { hooks, wrap });
    const decisions = pipeline.decisions();
    const byStatus = (s: string) => decisions.filter((d) => d.outcome.status === s);
    expect(byStatus('submitted').length).toBeGreaterThan(2);
    expect(byStatus('expired').length).toBeGreaterThan(2);
    for (const d of decisions) {
      // Once per decision, with its final outcome — never while it was pending.
      expect(settledWith.get(d.id), d.id).toEqual([d.outcome.status]);
      const probe = d.modules?.filter((a) => a.kind === 'exit_probe') ?? [];
      expect(
        probe.map((a) => a.applied),
        d.id,
      ).toEqual([d.outcome.status === 'submitted']);
    }
  });
});
