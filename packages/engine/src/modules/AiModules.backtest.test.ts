import { type Bar, instrumentId, SimulatedClock } from '@minhos/core';
import { ES } from '@minhos/symbols';
import { describe, expect, it } from 'vitest';
import { type BacktestHandle, eventBacktest } from '../backtest/index.js';
import { TradingModes } from '../modes/index.js';
import { aggregate, esMinuteBars } from '../pipeline/esBarsWithVolume.js';
import { aiStrategy, DecisionPipeline, type SignalMember, traditionalTaMember } from '../pipeline/index.js';
import { AI_MODULES, ModuleFlags, type ModuleLevel, moduleSettingOf } from '../runtime/index.js';
import { openStore } from '../store/index.js';
import { AiModules } from './AiModules.js';

// ESZ13 1-minute bars (data/, Lean/AlgoSeek) → 15-minute bars; the ESZ13 → ESH14 roll falls inside.
const bars: Bar[] = aggregate(esMinuteBars(16_000), 15).map((b) => ({
  ...b,
  time: b.time + 15 * 60_000_000,
}));
const es = {
  instrumentId: instrumentId('ESZ13.CME'),
  pointValue: 50,
  tickSize: 0.25,
  currency: 'USD',
  marginPerContract: 12_000,
  rollAt: Date.parse('2013-12-11T23:00:00Z') * 1000,
};
const bracket = { stopLossPoints: 4, takeProfitPoints: 8 };

/** A member that calls the move of two bars ago: about as good as a coin, often below the baselines. */
const laggard: SignalMember = {
  name: 'laggard',
  historyBars: 3,
  evaluate(ctx) {
    const c = ctx.history.closes();
    const d = c.length < 3 ? 0 : Math.sign((c[c.length - 2] as number) - (c[c.length - 3] as number));
    return {
      name: 'laggard',
      state: 'active',
      direction: d as -1 | 0 | 1,
      confidence: 0.8,
      reason: 'two bars ago',
    };
  },
};

async function run(
  levels: Partial<Record<(typeof AI_MODULES)[number], ModuleLevel>>,
  switchAt?: number,
  afterStep?: (modules: AiModules, h: BacktestHandle, t: number, modes: TradingModes) => void,
  params: ConstructorParameters<typeof AiModules>[0]['params'] = {},
) {
  const clock = new SimulatedClock((bars[0] as Bar).time);
  const opened = openStore(':memory:', { sync: 'OFF' });
  if (!opened.ok) throw opened.error;
  const store = opened.value;
  const overrides = Object.fromEntries(AI_MODULES.map((m) => [m, moduleSettingOf(levels[m] ?? 'off')]));
  const flags = new ModuleFlags(overrides, { clock, journal: store });
  const modules = new AiModules({
    flags,
    instruments: [es],
    sessions: { [es.instrumentId]: ES },
    journal: store,
    params: {
      modelSupervisor: { window: 30, minSamples: 20, belowBaselineBars: 5, recoveryBars: 10 },
      smartExecution: { chaseSeconds: 20 * 60, maxChildContracts: 1 },
      profitAmplification: { minProfitPoints: 2, minConfidence: 0.3 },
      ...params,
    },
  });
  const modes = new TradingModes({
    clock,
    store,
    mode: 'full_auto',
    autonomousThreshold: 0.5,
    approvalTimeoutSeconds: 300,
  });
  const pipeline = new DecisionPipeline({
    modes,
    store,
    instruments: [es],
    bracket,
    commissionPerContract: 2.5,
    hooks: modules.hooks,
  });
  const strategy = modules.strategy(
    aiStrategy({
      members: [modules.member(traditionalTaMember()), modules.member(laggard)],
      fusion: { weights: { 'traditional-ta': 1, laggard: 0.5 } },
      regime: { window: 30 },
      bracket,
      onAnalysis: modules.onAnalysis,
    }),
  );
  const result = await eventBacktest({
    series: [{ instrument: es, bars }],
    strategy,
    executor: pipeline.executor,
    gate: pipeline.gate(),
    clock,
    store,
    startingCapital: 100_000,
    commissionPerContract: 2.5,
    slippageTicks: 1,
    closeAtEnd: 'lastClose',
    ...(afterStep === undefined
      ? {}
      : { afterStep: (t: number, h: BacktestHandle) => afterStep(modules, h, t, modes) }),
    scheduled: [
      {
        at: (bars[0] as Bar).time,
        run: (h) => {
          pipeline.attach(h.oms);
          modules.attach(h.oms, pipeline);
        },
      },
      ...(switchAt === undefined
        ? []
        : [
            {
              at: switchAt,
              run: () => flags.setLevel('positionIntelligence', 'enforce', 'test', 'switch at run time'),
            },
          ]),
    ],
  });
  return { result, modules, pipeline, flags, store };
}

describe('AI modules inside the pipeline, in the event-driven backtest', () => {
  it('observe mode decides and records but changes nothing: the same trades as with every module off', async () => {
    const off = await run({});
    const all = Object.fromEntries(AI_MODULES.map((m) => [m, 'observe' as const]));
    const observed = await run(all);
    expect(off.result.trades.length).toBeGreaterThan(5);
    expect(
      observed.result.trades.map((t) => [t.entryTime, t.exitTime, t.quantity, t.entryPrice, t.exitPrice]),
    ).toEqual(off.result.trades.map((t) => [t.entryTime, t.exitTime, t.quantity, t.entryPrice, t.exitPrice]));
    expect(Array.from(observed.result.equity)).toEqual(Array.from(off.result.equity));
    const actions = observed.modules.actions();
    expect(actions.every((a) => a.mode === 'observe' && !a.applied)).toBe(true);
    const kinds = new Set(actions.map((a) => a.module));
    for (const m of [
      'modelSupervisor',
      'orchestratorPolicy',
      'portfolioBalancer',
      'positionIntelligence',
      'smartExecution',
    ])
      expect(kinds, m).toContain(m);
    // Every action of a decision is in its record, and in the store's journal.
    const recorded = observed.pipeline.decisions().flatMap((d) => d.modules ?? []);
    expect(recorded.length).toBeGreaterThan(0);
    expect(observed.store.riskEvents(100_000).filter((e) => e.kind === 'MODULE_ACTION').length).toBe(
      actions.length,
    );
    expect(off.modules.actions()).toEqual([]);
    // The quality score credits what the modules assessed: session and event risk (orchestrator),
    // correlated markets (balancer) — the original left these unassessed.
    const reviewed = observed.pipeline
      .decisions()
      .find(
        (d) =>
          d.modules?.some((m) => m.module === 'orchestratorPolicy') &&
          d.modules.some((m) => m.module === 'portfolioBalancer'),
      );
    const plain = off.pipeline.decisions().find((d) => d.id === reviewed?.id);
    expect(
      (reviewed?.quality?.scores.market_context ?? 0) - (plain?.quality?.scores.market_context ?? 0),
    ).toBeCloseTo(0.75, 12);
  }, 120_000);

  it('enforce mode acts through the OMS and the gate: suspended members, blocked entries, moved stops, reduce-only exits, limits', async () => {
    const all = Object.fromEntries(AI_MODULES.map((m) => [m, 'enforce' as const]));
    const { result, modules, pipeline } = await run(all);
    const applied = modules.actions().filter((a) => a.applied);
    const kinds = new Set(applied.map((a) => `${a.module}:${a.kind}`));
    expect(kinds).toContain('modelSupervisor:weight_zero');
    expect([...kinds].some((k) => k.startsWith('orchestratorPolicy:'))).toBe(true);
    expect(
      [...kinds].some(
        (k) => k === 'positionIntelligence:break_even' || k === 'positionIntelligence:trailing',
      ),
    ).toBe(true);
    expect(kinds).toContain('smartExecution:plan');
    // Profit amplification: an add sent through the pipeline moved the stop to lock the gain; adds
    // Kelly does not allow are recorded as zero_size with the reason.
    expect(kinds).toContain('profitAmplification:lock_stop');
    const adds = pipeline.decisions().filter((d) => d.modules?.some((m) => m.kind === 'add'));
    expect(adds.some((d) => d.outcome.status === 'submitted')).toBe(true);
    for (const d of adds.filter((x) => x.outcome.status === 'zero_size'))
      expect('why' in d.outcome && d.outcome.why).toMatch(/Kelly sizing allows/);
    // A suspended member weighs 0 and its entry says why.
    const suspended = pipeline
      .decisions()
      .flatMap(
        (d) =>
          (d.analysis as { members?: { name: string; state: string; reason: string }[] } | null)?.members ??
          [],
      )
      .find((m) => m.state === 'failed');
    expect(suspended?.reason).toMatch(/suspended by the model supervisor/);
    // One supervisor record per member and instrument.
    expect(modules.supervisor.health(`laggard@${es.instrumentId}`)?.samples).toBeGreaterThan(0);
    expect(modules.supervisor.health('laggard')).toBeUndefined();
    // Module exits are decisions of their own, sent reduce-only at market and seen by the gate.
    const exits = pipeline.decisions().filter((d) => d.modules?.some((m) => m.kind.startsWith('exit_')));
    expect(exits.length).toBeGreaterThan(0);
    for (const d of exits.filter((x) => x.outcome.status === 'submitted')) {
      for (const o of d.orders) {
        expect(result.oms.record(o.clientOrderId)?.reduceOnly).toBe(true);
        expect(o.verdict).toBeDefined();
      }
    }
    // Entries went out as marketable limits; no position is opened in ESZ13 after the roll instant.
    const limits = result.oms
      .orders()
      .filter((o) => o.type === 'LIMIT' && result.oms.record(o.clientOrderId)?.role === 'ENTRY');
    expect(limits.length).toBeGreaterThan(0);
    expect(result.trades.every((t) => t.entryTime < es.rollAt)).toBe(true);
    // Implementation shortfall per fill and per trade date, also in the decision records.
    expect(modules.shortfalls().length).toBeGreaterThan(0);
    expect(modules.dailyShortfall().length).toBeGreaterThan(1);
    expect(pipeline.decisions().some((d) => d.shortfall !== undefined && d.shortfall.fills.length > 0)).toBe(
      true,
    );
  }, 120_000);

  it('actions between decisions are attached to the decision that opened the position, and queryable', async () => {
    const { modules, pipeline, store } = await run({
      positionIntelligence: 'observe',
      portfolioBalancer: 'observe',
    });
    const between = modules.actions({ module: 'positionIntelligence' });
    expect(between.length).toBeGreaterThan(0);
    for (const a of between) {
      expect(a.decisionId).toBeDefined();
      const origin = pipeline.decision(a.decisionId as string);
      // The originating decision traded in the same instrument, before the action …
      expect(origin?.outcome.status).toBe('submitted');
      expect(origin?.instrumentId).toBe(a.instrumentId);
      expect(origin?.time).toBeLessThanOrEqual(a.time);
      // … and its record carries the action in `later`.
      expect(origin?.later).toContainEqual(a);
    }
    // The journal's MODULE_ACTION events name the decision too.
    const journaled = store
      .riskEvents(100_000)
      .filter(
        (e) => e.kind === 'MODULE_ACTION' && (e.body as { module: string }).module === 'positionIntelligence',
      );
    expect(journaled.every((e) => typeof (e.body as { decisionId?: string }).decisionId === 'string')).toBe(
      true,
    );
    const one = between[0]?.decisionId as string;
    expect(modules.actions({ decisionId: one }).every((a) => a.decisionId === one)).toBe(true);
  }, 120_000);

  it('a module switched at run time acts from then on, and the switch is recorded with actor and reason', async () => {
    const switchAt = (bars[500] as Bar).time;
    const { modules, flags, store } = await run({ positionIntelligence: 'observe' }, switchAt);
    const pi = modules.actions().filter((a) => a.module === 'positionIntelligence');
    expect(pi.filter((a) => a.time < switchAt).every((a) => a.mode === 'observe')).toBe(true);
    expect(pi.filter((a) => a.time >= switchAt).every((a) => a.mode === 'enforce')).toBe(true);
    expect(pi.some((a) => a.time >= switchAt && a.applied)).toBe(true);
    expect(flags.changes()).toEqual([
      expect.objectContaining({
        module: 'positionIntelligence',
        actor: 'test',
        reason: 'switch at run time',
        time: switchAt,
      }),
    ]);
    expect(store.riskEvents(100_000).some((e) => e.kind === 'MODULE_SWITCH')).toBe(true);
  }, 120_000);

  it('parameters change at run time: a lowered cap makes the balancer reduce, reduce-only through the gate', async () => {
    let lowered: number | undefined;
    const { modules, pipeline, result, store } = await run(
      { portfolioBalancer: 'enforce' },
      undefined,
      (m, h, t) => {
        if (lowered === undefined && Math.abs(h.oms.position(es.instrumentId).quantity) >= 2) {
          lowered = t;
          m.setParams({ portfolioBalancer: { maxSymbolContracts: 1 } }, 'risk-desk', 'halve ES exposure', t);
        }
      },
    );
    expect(lowered).toBeDefined();
    expect(modules.params.portfolioBalancer.maxSymbolContracts).toBe(1);
    const reduction = pipeline
      .decisions()
      .find((d) => d.modules?.some((a) => a.module === 'portfolioBalancer' && a.kind === 'reduce'));
    console.log(
      'DBG',
      JSON.stringify(reduction?.outcome),
      JSON.stringify(reduction?.orders),
      reduction?.targetPosition,
      JSON.stringify(reduction?.inputs),
    );
    expect(reduction?.outcome.status).toBe('submitted');
    for (const o of reduction?.orders ?? []) {
      expect(result.oms.record(o.clientOrderId)?.reduceOnly).toBe(true);
      expect(o.verdict).toBeDefined();
    }
    expect(
      modules
        .actions()
        .some((a) => a.kind === 'params_changed' && a.reason === 'risk-desk: halve ES exposure'),
    ).toBe(true);
    expect(store.riskEvents(100_000).some((e) => e.kind === 'MODULE_PARAMS')).toBe(true);
    expect(() => modules.setParams({ modelSupervisor: { window: 5 } }, 'x', 'y')).toThrow(
      /fixed for the supervisor's lifetime/,
    );
  }, 120_000);

  it('an exit the trading mode refuses is asked again every exitRetryBars bars, not at every bar', async () => {
    // Past the middle of the data the mode goes manual and a person buys 1 by hand (no bracket):
    // position intelligence's time stop then asks to exit, and in manual every exit is a signal
    // only (no order), so the position stays open to the end.
    const middle = (bars[Math.floor(bars.length / 2)] as Bar).time;
    let switchedAt: number | undefined;
    const { pipeline, modules } = await run(
      { positionIntelligence: 'enforce' },
      undefined,
      (_m, h, t, modes) => {
        if (switchedAt !== undefined || t < middle || h.oms.positionQuantity(es.instrumentId) !== 0) return;
        modes.setMode('manual', 'test', 'a person trades by hand');
        switchedAt = t;
        void h.oms.submit({
          clientOrderId: 'by-hand-1',
          instrumentId: es.instrumentId,
          side: 'BUY',
          type: 'MARKET',
          quantity: 1,
        });
      },
      { positionIntelligence: { timeStopBars: 3, breakEvenAfterPoints: 1000, exitRetryBars: 4 } },
    );
    expect(switchedAt).toBeDefined();
    const exits = pipeline
      .decisions()
      .filter(
        (d) =>
          d.time > (switchedAt as number) &&
          (d.analysis as { moduleIntent?: { kind: string } } | undefined)?.moduleIntent?.kind === 'exit',
      );
    expect(exits.length).toBeGreaterThan(2);
    expect(exits.every((d) => d.outcome.status === 'signal_only')).toBe(true);
    // Refused exits of the held position, 4 bars (15 minutes each) apart, not one per bar.
    const bar = 15 * 60_000_000;
    const gaps = exits.slice(1).map((d, i) => (d.time - (exits[i] as (typeof exits)[number]).time) / bar);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(4);
    expect(gaps).toContain(4);
    // A refused exit changed nothing: it is recorded as not applied, in the modules' actions and
    // in its decision record; an exit that was sent (full_auto, before the switch) as applied.
    const isExit = (a: { module: string; kind: string }) =>
      a.module === 'positionIntelligence' && a.kind.startsWith('exit_');
    const refused = modules.actions().filter((a) => isExit(a) && a.time > (switchedAt as number));
    expect(refused.length).toBe(exits.length);
    expect(refused.map((a) => a.applied)).toEqual(exits.map(() => false));
    for (const d of exits) expect(d.modules?.filter(isExit).map((a) => a.applied)).toEqual([false]);
    const sent = pipeline
      .decisions()
      .filter(
        (d) =>
          d.time < (switchedAt as number) &&
          d.outcome.status === 'submitted' &&
          (d.analysis as { moduleIntent?: { kind: string } } | undefined)?.moduleIntent?.kind === 'exit',
      );
    expect(sent.length).toBeGreaterThan(0);
    for (const d of sent) expect(d.modules?.filter(isExit).map((a) => a.applied)).toEqual([true]);
    const sentActions = modules.actions().filter((a) => isExit(a) && a.time < (switchedAt as number));
    expect(sentActions.length).toBeGreaterThanOrEqual(sent.length);
    expect(sentActions.filter((a) => a.applied).length).toBe(sent.length);
  });
});
