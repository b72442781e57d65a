import { type Fill, MinhosError, TOPICS } from '@minhos/core';
import { type KellySettings, type PayoffProfile, sizePosition } from '@minhos/kelly';
import type { EmergencyStopLevel } from '@minhos/risk';
import type { TradingModes } from '../modes/index.js';
import type { ModuleAction } from '../modules/index.js';
import { fillShortfall } from '../modules/index.js';
import type { GateVerdict, InstrumentSpec, OrderManager, RiskGate, SubmitOutcome } from '../oms/index.js';
import { openGate } from '../oms/index.js';
import {
  type DecisionQuality,
  type DecisionQualityInput,
  decisionQuality,
  type QualitySummary,
  qualitySummary,
} from '../quality/index.js';
import type { EngineStore } from '../store/index.js';
import { type ExecutionContext, type IntentExecutor, tradeToTarget } from '../strategy/IntentExecutor.js';
import type { StrategyIntent } from '../strategy/Strategy.js';
import { type DecisionHooks, moduleActionsOf, moduleIntentOf } from './DecisionHooks.js';
import type { DecisionOrder, DecisionOutcome, DecisionRecord } from './DecisionRecord.js';

/** Options of {@link DecisionPipeline}. */
export interface DecisionPipelineOptions {
  readonly modes: TradingModes;
  /** Where decisions and their quality are stored (`putDecision`, `putDecisionQuality`). */
  readonly store: EngineStore;
  /** Point value, margin and tick of every tradeable instrument. */
  readonly instruments: readonly InstrumentSpec[];
  /** Bracket when an intent has none (config `risk.stopLossPoints` / `takeProfitPoints`). */
  readonly bracket: { readonly stopLossPoints: number; readonly takeProfitPoints: number };
  /** Win/loss profile per contract for Kelly; default from the bracket: win = target × point value, loss = stop × point value. */
  readonly payoff?: PayoffProfile;
  /** Kelly settings (risk basis by default). */
  readonly kelly?: Partial<KellySettings>;
  /** Commission per contract per fill: a round trip costs twice this in Kelly. */
  readonly commissionPerContract?: number;
  /** Strategy name recorded with each decision. */
  readonly strategyName?: string;
  /** The AI modules' review and execution ({@link AiModules.hooks}); default none. */
  readonly hooks?: DecisionHooks;
}

/**
 * The decision pipeline behind an AI (or any) strategy, identical in backtest, paper and live:
 * intent → Kelly size on the risk basis with the bracket's stop distance (every step kept) → mode
 * (manual: signal only; semi_auto: pending approval on the clock's timers; full_auto: at or above
 * the threshold; emergency levels first) → the OMS, whose risk gate sees positions and working
 * orders (wrap it with {@link DecisionPipeline.gate} so every check lands in the record) → order with
 * its bracket. Each decision is stored whole ({@link DecisionRecord}) with its quality score, and
 * re-stored when its approval resolves or its entry fills.
 *
 * Use {@link DecisionPipeline.executor} as the backtester's executor, and call
 * {@link DecisionPipeline.attach} once with the OMS so fills update the execution quality.
 */
export class DecisionPipeline {
  readonly #o: DecisionPipelineOptions;
  readonly #specs = new Map<string, InstrumentSpec>();
  readonly #verdicts = new Map<string, GateVerdict>();
  readonly #byOrder = new Map<string, string>();
  readonly #records = new Map<string, DecisionRecord>();
  readonly #qualities: DecisionQuality[] = [];
  readonly #qualityIndex = new Map<string, number>();
  /** Decisions waiting for approval, with their intents (see {@link DecisionPipeline.resolveApprovals}). */
  readonly #pendingApprovals = new Map<string, StrategyIntent>();
  /** Per instrument, the decision whose fill opened the position now held. */
  readonly #origin = new Map<string, string>();
  /** Per decision, the execution facts of its last fill (kept when the record is re-stored). */
  readonly #execution = new Map<string, NonNullable<DecisionQualityInput['execution']>>();
  #seq = 0;

  constructor(options: DecisionPipelineOptions) {
    if (!(options.bracket.stopLossPoints > 0 && options.bracket.takeProfitPoints > 0)) {
      throw new MinhosError(
        'PIPELINE_INVALID',
        `bracket distances must be > 0, got stop ${options.bracket.stopLossPoints}, target ${options.bracket.takeProfitPoints}`,
      );
    }
    this.#o = options;
    for (const s of options.instruments) this.#specs.set(s.instrumentId, s);
  }

  /** Every decision of this session, oldest first. */
  decisions(): DecisionRecord[] {
    return [...this.#records.values()];
  }

  /** One decision by id. */
  decision(id: string): DecisionRecord | undefined {
    return this.#records.get(id);
  }

  /**
   * The decision whose fill opened the position held now in `instrumentId` (undefined when flat or
   * when the position was opened outside this pipeline).
   */
  originOf(instrumentId: string): string | undefined {
    return this.#origin.get(instrumentId);
  }

  /**
   * Adds a module action taken on a decision's position after the decision (a trailing or time
   * stop, a balancer reduction, an add) to that decision's record (`later`), and stores it again:
   * the decision is explainable from its record, including how its position was managed. Returns
   * false when no such decision exists.
   */
  annotate(decisionId: string, action: ModuleAction): boolean {
    const r = this.#records.get(decisionId);
    if (r === undefined) return false;
    this.#store({ ...r, later: [...(r.later ?? []), action] }, this.#execution.get(decisionId));
    return true;
  }

  /** The original's quality summary over the last 20 decisions. */
  qualitySummary(): QualitySummary | undefined {
    return qualitySummary(this.#qualities);
  }

  /** Wraps a risk gate so that its verdict on each order (every check's detail) is kept for the record. */
  gate(inner: RiskGate = openGate): RiskGate {
    return (input) => {
      const v = inner(input);
      this.#verdicts.set(input.order.clientOrderId, v);
      return v;
    };
  }

  /** Subscribes to the OMS's fills, so a decision's execution (side, size, price, delay) updates its quality. */
  attach(oms: OrderManager): void {
    oms.bus.subscribe(TOPICS.fill, ({ fill }: { fill: Fill }) => this.#onFill(oms, fill));
  }

  /** The executor to hand to the backtester (or the live bar loop). */
  readonly executor: IntentExecutor = async (intent, ctx) => {
    await this.decide(intent, ctx);
  };

  /**
   * Applies an emergency level: records it in the modes (which cancels pending approvals), then
   * REDUCE_ONLY / HALT cancel every working entry (protective stops stay), FLATTEN cancels every
   * working order and closes every position at market with reduce-only orders.
   */
  async applyEmergency(
    oms: OrderManager,
    level: EmergencyStopLevel,
    actor: string,
    reason: string,
  ): Promise<void> {
    this.#o.modes.setEmergencyLevel(level, actor, reason);
    if (level === 'NONE') return;
    for (const o of oms.workingOrders()) {
      const role = oms.record(o.clientOrderId)?.role;
      if (level === 'FLATTEN' || role === 'ENTRY') await oms.cancel(o.clientOrderId, `emergency ${level}`);
    }
    if (level !== 'FLATTEN') return;
    for (const p of oms.positions()) {
      if (p.quantity === 0) continue;
      this.#seq += 1;
      await oms.submit({
        clientOrderId: `emergency-${this.#seq}`,
        instrumentId: p.instrumentId,
        side: p.quantity > 0 ? 'SELL' : 'BUY',
        type: 'MARKET',
        quantity: Math.abs(p.quantity),
        reduceOnly: true,
        tag: `emergency FLATTEN: ${reason}`.slice(0, 64),
      });
    }
  }

  /** Runs one intent through sizing, mode, gate and OMS, and records the decision. */
  async decide(intent: StrategyIntent, ctx: ExecutionContext): Promise<DecisionRecord> {
    const { oms } = ctx;
    const modes = this.#o.modes;
    const spec = this.#specs.get(intent.instrumentId);
    const now = ctx.clock.now();
    this.#seq += 1;
    const id = `D${now}-${this.#seq}`;
    const account = oms.account();
    const position = ctx.strategy.position;
    const pending = ctx.strategy.pending;
    const bar = ctx.strategy.bar;
    const bracket = intent.bracket ?? this.#o.bracket;
    const base = {
      id,
      time: now,
      instrumentId: intent.instrumentId,
      strategy: this.#o.strategyName ?? 'strategy',
      inputs: {
        bar: {
          time: bar.time,
          open: bar.open,
          high: bar.high,
          low: bar.low,
          close: bar.close,
          volume: bar.volume,
        },
        position,
        pending,
        equity: account.equity,
        drawdown: account.drawdown,
        mode: modes.mode,
        emergencyLevel: modes.emergencyLevel,
      },
      analysis: intent.details ?? null,
      intent: { target: intent.target, confidence: intent.confidence, reason: intent.reason },
      bracket,
    };
    // The actions a module attached to this intent come first in the record's `modules` and are
    // settled with the final outcome (an enforce action is applied only if orders went out).
    const finish = (rest: Omit<DecisionRecord, keyof typeof base>): DecisionRecord =>
      this.#store({ ...base, ...rest, ...this.#settled(intent, id, rest.outcome, rest.modules) }, undefined);
    if (spec === undefined) {
      return finish({
        targetPosition: position,
        route: { action: 'blocked', reason: 'unknown instrument' },
        orders: [],
        outcome: { status: 'invalid', why: `instrument ${intent.instrumentId} is not configured` },
      });
    }
    const direction = Math.sign(intent.target);
    const moduleIntent = moduleIntentOf(intent);
    const exact = moduleIntent?.kind === 'exit' || moduleIntent?.kind === 'reduce';
    const increases =
      direction !== 0 && direction !== Math.sign(position + pending)
        ? true
        : Math.abs(intent.target) > Math.abs(position + pending);
    let targetPosition = 0;
    let sizing: DecisionRecord['sizing'];
    if (exact) targetPosition = intent.target;
    else if (direction !== 0) {
      const pv = spec.pointValue;
      const cost = 2 * (this.#o.commissionPerContract ?? 0);
      const d = sizePosition({
        capital: account.equity,
        price: bar.close,
        pointValue: pv,
        winProbability: winProbabilityOf(intent),
        payoff: this.#o.payoff ?? {
          averageWin: bracket.takeProfitPoints * pv,
          averageLoss: bracket.stopLossPoints * pv,
        },
        costPerTrade: cost,
        roundTripCostUsd: cost,
        stopDistance: bracket.stopLossPoints,
        drawdown: account.drawdown,
        ...(spec.marginPerContract > 0
          ? { marginPerContract: spec.marginPerContract, marginInUse: account.marginInUse }
          : {}),
        ...(this.#o.kelly === undefined ? {} : { settings: this.#o.kelly }),
      });
      sizing = {
        contracts: d.contracts,
        fraction: d.fraction,
        winProbability: d.winProbability,
        payoffRatio: d.payoffRatio,
        kellyFraction: d.kellyFraction,
        steps: d.steps,
        ...(d.zeroReason === undefined ? {} : { zeroReason: d.zeroReason }),
      };
      targetPosition = direction * d.contracts;
      // A module's add is capped by Kelly: it trades only when Kelly allows more than is held.
      if (moduleIntent?.kind === 'add')
        targetPosition = direction * Math.min(Math.abs(intent.target), d.contracts);
    }
    const actions: ModuleAction[] = [...moduleActionsOf(intent)];
    let block: string | undefined;
    const hooks = this.#o.hooks;
    if (hooks?.review !== undefined) {
      const reviewed = hooks.review({
        decisionId: id,
        intent,
        ctx,
        spec,
        position,
        pending,
        increases,
        targetPosition,
      });
      targetPosition = reviewed.targetPosition;
      actions.push(...reviewed.actions);
      block = reviewed.block;
    }
    const route: DecisionRecord['route'] =
      block === undefined ? modes.route(intent.confidence, increases) : { action: 'blocked', reason: block };
    const sized = {
      ...(sizing === undefined ? {} : { sizing }),
      targetPosition,
      route,
      ...(actions.length === 0 ? {} : { modules: actions }),
    };
    if (route.action === 'signal_only' || route.action === 'blocked') {
      return finish({ ...sized, orders: [], outcome: { status: route.action, why: route.reason } });
    }
    if (moduleIntent?.kind === 'add' && Math.abs(targetPosition) <= Math.abs(position + pending)) {
      return finish({
        ...sized,
        orders: [],
        outcome: {
          status: 'zero_size',
          why: `Kelly sizing allows ${Math.abs(targetPosition)} contracts, ${Math.abs(position + pending)} held: no add`,
        },
      });
    }
    if (direction !== 0 && targetPosition === 0 && position + pending === 0) {
      return finish({
        ...sized,
        orders: [],
        outcome: { status: 'zero_size', why: sizing?.zeroReason ?? 'Kelly sized 0 contracts' },
      });
    }
    const sized2 = { ...intent, target: targetPosition, bracket };
    const execute = async (): Promise<{
      outcomes: readonly SubmitOutcome[];
      actions: readonly ModuleAction[];
    }> =>
      hooks?.execute === undefined
        ? { outcomes: await tradeToTarget(sized2, ctx, id), actions: [] }
        : hooks.execute(sized2, ctx, id);
    if (route.action === 'await_approval') {
      const approval = modes.requestApproval(
        id,
        {
          instrumentId: intent.instrumentId,
          target: targetPosition,
          confidence: intent.confidence,
          reason: intent.reason,
        },
        async () => {
          const done = await execute();
          const prev = this.#records.get(id);
          if (prev !== undefined) {
            const submitted = this.#submitted(done.outcomes);
            const mods = [...(prev.modules ?? []), ...done.actions];
            this.#store(
              {
                ...prev,
                orders: submitted.orders,
                ...this.#settled(intent, id, submitted.outcome, mods),
              },
              undefined,
            );
          }
        },
      );
      // Not final yet: its module actions are settled when the approval resolves.
      const record = this.#store(
        {
          ...base,
          ...sized,
          orders: [],
          outcome: { status: 'pending_approval', approvalId: id, expiresAt: approval.expiresAt },
        },
        undefined,
      );
      this.#pendingApprovals.set(id, intent);
      return record;
    }
    const done = await execute();
    const mods = [...actions, ...done.actions];
    return finish({
      ...sized,
      ...this.#submitted(done.outcomes),
      ...(mods.length === 0 ? {} : { modules: mods }),
    });
  }

  /** Brings decisions waiting for approval up to date with the modes (expired or rejected ones), storing them. */
  resolveApprovals(): void {
    const modes = this.#o.modes;
    const waiting = new Set(modes.pending().map((p) => p.id));
    for (const [id, intent] of [...this.#pendingApprovals]) {
      if (waiting.has(id)) continue;
      this.#pendingApprovals.delete(id);
      const r = this.#records.get(id);
      if (r === undefined || r.outcome.status !== 'pending_approval') continue;
      const ev = [...modes.events]
        .reverse()
        .find((e) => e.approvalId === id && e.kind !== 'APPROVAL_REQUESTED');
      if (ev === undefined || ev.kind === 'APPROVED') continue;
      const status = ev.kind === 'EXPIRED' ? 'expired' : 'rejected';
      const outcome: DecisionOutcome = { status, approvalId: id, why: `${ev.actor}: ${ev.reason}` };
      this.#store({ ...r, ...this.#settled(intent, id, outcome, r.modules) }, undefined);
    }
  }

  /**
   * The final outcome with the record's module actions: those the intent carried (the first ones)
   * settled by it — an enforce action is `applied` only when the decision submitted its orders —
   * and handed to the hooks to record (`settle`), the rest as they are.
   */
  #settled(
    intent: StrategyIntent,
    id: string,
    outcome: DecisionOutcome,
    modules: readonly ModuleAction[] | undefined,
  ): { outcome: DecisionOutcome; modules?: readonly ModuleAction[] } {
    const carried = moduleActionsOf(intent);
    let mods = modules ?? [];
    if (carried.length > 0) {
      const applied = outcome.status === 'submitted';
      const settled = carried.map((a) => (a.mode === 'enforce' ? { ...a, applied } : a));
      const recorded = this.#o.hooks?.settle?.(settled, id, outcome) ?? settled;
      mods = [...recorded, ...mods.slice(carried.length)];
    }
    return mods.length === 0 ? { outcome } : { outcome, modules: mods };
  }

  #submitted(outcomes: readonly SubmitOutcome[]): { orders: DecisionOrder[]; outcome: DecisionOutcome } {
    const orders: DecisionOrder[] = [];
    const denied = outcomes.filter((o) => o.status === 'denied');
    for (const o of outcomes) {
      if (o.status === 'invalid') continue;
      const verdict = this.#verdicts.get(o.order.clientOrderId);
      this.#verdicts.delete(o.order.clientOrderId);
      orders.push({
        clientOrderId: o.order.clientOrderId,
        status: o.order.status,
        side: o.order.side,
        quantity: o.order.quantity,
        ...(verdict === undefined ? {} : { verdict }),
      });
    }
    const ids = orders.map((o) => o.clientOrderId);
    const invalid = outcomes.find((o) => o.status === 'invalid');
    if (invalid !== undefined && invalid.status === 'invalid') {
      return { orders, outcome: { status: 'invalid', why: invalid.error.message } };
    }
    if (denied.length > 0) {
      return {
        orders,
        outcome: {
          status: 'denied',
          orderIds: ids,
          reasons: denied.flatMap((d) => (d.status === 'denied' ? d.reasons : [])),
        },
      };
    }
    return { orders, outcome: { status: 'submitted', orderIds: ids } };
  }

  #store(record: DecisionRecord, execution: DecisionQualityInput['execution']): DecisionRecord {
    const quality = decisionQuality(qualityInput(record, execution));
    if (execution !== undefined) this.#execution.set(record.id, execution);
    const full: DecisionRecord = { ...record, quality };
    this.#records.set(record.id, full);
    for (const o of full.orders) this.#byOrder.set(o.clientOrderId, record.id);
    const k = this.#qualityIndex.get(record.id);
    if (k === undefined) {
      this.#qualityIndex.set(record.id, this.#qualities.length);
      this.#qualities.push(quality);
    } else this.#qualities[k] = quality;
    const store = this.#o.store;
    store.transaction(() => {
      store.putDecision(record.id, record.time, full);
      store.putDecisionQuality(record.id, record.time, quality);
    });
    return full;
  }

  #onFill(oms: OrderManager, fill: Fill): void {
    const id = this.#byOrder.get(fill.clientOrderId);
    const held = oms.position(fill.instrumentId).quantity;
    if (held === 0) this.#origin.delete(fill.instrumentId);
    else if (id !== undefined && Math.abs(held) <= fill.quantity) this.#origin.set(fill.instrumentId, id);
    if (id === undefined) return;
    const r = this.#records.get(id);
    if (r === undefined) return;
    const planned = r.orders.find((o) => o.clientOrderId === fill.clientOrderId);
    if (planned === undefined) return;
    const pv = this.#specs.get(fill.instrumentId)?.pointValue ?? 1;
    const fills = [...(r.shortfall?.fills ?? []), fillShortfall(fill, r.inputs.bar.close, pv)];
    const qty = fills.reduce((a, f) => a + f.quantity, 0);
    const shortfall = {
      fills,
      points: fills.reduce((a, f) => a + f.points * f.quantity, 0) / qty,
      cost: fills.reduce((a, f) => a + f.cost, 0),
    };
    this.#store(
      { ...r, shortfall },
      {
        plannedSide: planned.side,
        executedSide: fill.side,
        plannedQuantity: planned.quantity,
        executedQuantity: fill.quantity,
        delaySeconds: (fill.time - r.time) / 1e6,
        signalPrice: r.inputs.bar.close,
        executionPrice: fill.price,
      },
    );
  }
}

function winProbabilityOf(intent: StrategyIntent): number {
  const fused = (intent.details as { fused?: { winProbability?: number } } | null | undefined)?.fused;
  return fused?.winProbability ?? 0.5 + intent.confidence / 2;
}

/** What the decision record tells the quality score. */
function qualityInput(r: DecisionRecord, execution: DecisionQualityInput['execution']): DecisionQualityInput {
  const a = r.analysis as {
    members?: readonly { state?: string; details?: Record<string, unknown> }[];
    regime?: { state?: string; volatility?: string };
    fused?: unknown;
  } | null;
  const ta = a?.members?.find((m) => m.details !== undefined && 'rsi' in m.details)?.details;
  const indicators =
    ta === undefined
      ? 0
      : ['sma10', 'sma20', 'rsi', 'volatility', 'volumeRatio'].filter((k) => k in ta).length;
  const breakout = ta?.breakout;
  return {
    timeframesAnalyzed: 1,
    volumeAnalyzed: ta !== undefined && 'volumeRatio' in ta,
    indicatorsUsed:
      indicators + (a?.members?.filter((m) => m.state === 'active').length ?? 0) - (ta === undefined ? 0 : 1),
    marketRegimeKnown: a?.regime?.state !== undefined,
    confidenceBreakdown: a?.fused !== undefined,
    positionSizeCalculated: r.sizing !== undefined,
    stopLossSet: r.bracket !== undefined,
    riskRewardSet: r.bracket !== undefined && r.bracket.takeProfitPoints > 0,
    portfolioImpactAssessed: r.orders.some((o) => o.verdict !== undefined),
    ...(execution === undefined ? {} : { execution }),
    patterns:
      breakout === 'breakout' || breakout === 'breakdown' ? [{ name: breakout, confidence: 0.6 }] : [],
    patternContext: ta !== undefined && 'trend' in ta,
    sessionKnown: r.modules?.some((m) => m.module === 'orchestratorPolicy') ?? false,
    volatilityAssessed: ta !== undefined || a?.regime?.volatility !== undefined,
    correlatedMarketsChecked: r.modules?.some((m) => m.module === 'portfolioBalancer') ?? false,
    eventRiskConsidered: r.modules?.some((m) => m.module === 'orchestratorPolicy') ?? false,
  };
}
