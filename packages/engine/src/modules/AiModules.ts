import { type Clock, type Fill, MinhosError, type TimestampUs, TOPICS } from '@minhos/core';
import type { MarketState } from '@minhos/risk';
import type { ContractSpec, TradingHours } from '@minhos/symbols';
import type { InstrumentSpec, OrderManager } from '../oms/index.js';
import type {
  AiAnalysis,
  DecisionHooks,
  DecisionPipeline,
  DecisionReview,
  DecisionReviewResult,
  ModuleIntent,
  SignalMember,
} from '../pipeline/index.js';
import { moduleIntentOf } from '../pipeline/index.js';
import type { AiModuleName, ModuleFlags } from '../runtime/index.js';
import { pendingEntries } from '../strategy/IntentExecutor.js';
import type { Strategy, StrategyContext, StrategyIntent } from '../strategy/Strategy.js';
import {
  type AiModuleParams,
  type AiModuleParamsInput,
  mergeModuleParams,
  sessionCloseAt,
} from './AiModuleParams.js';
import { type DailyShortfall, dailyShortfall } from './dailyShortfall.js';
import { ModelSupervisor } from './ModelSupervisor.js';
import type { ModuleAction } from './ModuleAction.js';
import { type ExecutionHost, executeIntent, moduleAction, protectiveLeg } from './moduleExecution.js';
import { orchestratorPolicy, policyAllows } from './orchestratorPolicy.js';
import { balanceEntry, correlationClusters, proposeReductions } from './portfolioBalancer.js';
import { assessPosition } from './positionIntelligence.js';
import { amplifyPosition } from './profitAmplification.js';
import { type FillShortfall, fillShortfall } from './smartExecution.js';
import { supervisedMember } from './supervisedMember.js';

/** Options of {@link AiModules}. */
export interface AiModulesOptions {
  /** Flags and modes, read at every bar and decision (switch them at run time). */
  readonly flags: ModuleFlags;
  readonly params?: AiModuleParamsInput;
  /** Every tradeable instrument (point value, tick, roll instant). */
  readonly instruments: readonly InstrumentSpec[];
  /** Trading hours per instrument id (e.g. @minhos/symbols' `ES`), for session closes. */
  readonly sessions?: Readonly<Record<string, ContractSpec | TradingHours>>;
  /** Each action is also stored as a `MODULE_ACTION` risk event. */
  readonly journal?: { recordRiskEvent(time: TimestampUs, kind: string, body: unknown): void };
  /** Time of run-time parameter changes ({@link AiModules.setParams}); bars carry their own time. */
  readonly clock?: Clock;
  /** Mean P(up) of each model member on its training data, for the supervisor's drift check. */
  readonly trainingMeanProbability?: Readonly<Record<string, number>>;
}

interface Tracker {
  side: number;
  barsHeld: number;
  bestPrice: number;
  adds: number;
  exitRequested: boolean;
  /** `barsHeld` from which a refused exit may be asked again (0: any time). */
  exitRetryAt: number;
}

interface Decided {
  readonly decisionPrice: number;
  readonly pointValue: number;
}

/**
 * The AI modules around the decision pipeline, each behind its own flag (`off` / `observe` /
 * `enforce`, read at every bar from {@link ModuleFlags}, so a switch applies from the next bar on):
 *
 * - **model supervisor**: {@link AiModules.member} wraps each fusion member ({@link supervisedMember});
 * - **orchestrator policy** and **portfolio balancer**: {@link AiModules.hooks}`.review` blocks,
 *   scales or trims risk-increasing decisions;
 * - **position intelligence**, balancer **reductions** and **profit amplification**: run at every
 *   bar by {@link AiModules.strategy}; stops move through `OrderManager.replace`, exits, reductions
 *   and adds are intents marked with a {@link ModuleIntent} that go through the decision pipeline,
 *   the mode and the OMS's risk gate (exits and reductions reduce-only);
 * - **smart execution**: {@link AiModules.hooks}`.execute` turns an intent into orders, with
 *   implementation shortfall per fill ({@link AiModules.shortfalls}).
 *
 * Every action — observed (`applied: false`) or enforced — goes into the decision record's
 * `modules` and {@link AiModules.actions} (and the journal as `MODULE_ACTION`). An enforced exit,
 * reduction or add is an intent first and is recorded once its decision settles
 * ({@link AiModules.hooks}`.settle`): `applied` only if the decision submitted its orders, not when
 * the mode (manual, a threshold), the gate or Kelly sizing refused it.
 *
 * @example
 * ```ts
 * import { AiModules, ModuleFlags } from '@minhos/engine';
 * const modules = new AiModules({ flags: new ModuleFlags(), instruments: [] });
 * modules.actions().length; // 0
 * ```
 */
export class AiModules {
  readonly flags: ModuleFlags;
  #params: AiModuleParams;
  readonly supervisor: ModelSupervisor;
  readonly #o: AiModulesOptions;
  readonly #specs = new Map<string, InstrumentSpec>();
  readonly #actions: ModuleAction[] = [];
  readonly #trackers = new Map<string, Tracker>();
  readonly #closes = new Map<string, number[]>();
  readonly #analysis = new Map<string, AiAnalysis>();
  readonly #decided = new Map<string, Decided>();
  readonly #shortfalls: FillShortfall[] = [];
  #oms: OrderManager | undefined;
  #pipeline: DecisionPipeline | undefined;
  readonly #host: ExecutionHost;

  constructor(options: AiModulesOptions) {
    this.#o = options;
    this.flags = options.flags;
    this.#params = mergeModuleParams(options.params);
    const self = this;
    this.#host = {
      get params() {
        return self.#params;
      },
      mode: (name) => this.#on(name),
      spec: (id) => this.#specs.get(id),
      lastClose: (id) => this.#lastClose(id),
      record: (a) => this.#record(a),
      remember: (clientOrderId, decisionPrice, pointValue) =>
        this.#decided.set(clientOrderId, { decisionPrice, pointValue }),
    };
    this.supervisor = new ModelSupervisor(this.#params.modelSupervisor, {
      ...(options.trainingMeanProbability === undefined
        ? {}
        : { trainingMeanProbability: options.trainingMeanProbability }),
    });
    for (const s of options.instruments) this.#specs.set(s.instrumentId, s);
  }

  /** Every module's parameters now. */
  get params(): AiModuleParams {
    return this.#params;
  }

  /**
   * Changes parameters at run time (a reloaded config's `modules` section, an operator's call),
   * from the next bar on; recorded as a `params_changed` action and a `MODULE_PARAMS` event with
   * actor and reason. The model supervisor keeps the parameters it was built with.
   * @throws `MinhosError` `MODULE_INVALID` for a change to `modelSupervisor`.
   */
  setParams(
    input: AiModuleParamsInput,
    actor: string,
    reason: string,
    time: TimestampUs = this.#o.clock?.now() ?? 0,
  ): void {
    if (input.modelSupervisor !== undefined) {
      throw new MinhosError(
        'MODULE_INVALID',
        "modelSupervisor parameters are fixed for the supervisor's lifetime: build a new AiModules",
      );
    }
    const before = this.#params;
    const next = mergeModuleParams({
      ...Object.fromEntries(
        Object.entries(before).map(([k, v]) => [k, { ...v, ...(input as Record<string, object>)[k] }]),
      ),
    });
    this.#params = next;
    for (const name of Object.keys(input) as AiModuleName[]) {
      this.#record({
        module: name,
        time,
        mode: this.flags.mode(name),
        applied: true,
        kind: 'params_changed',
        reason: `${actor}: ${reason}`,
        detail: { from: before[name], to: next[name] },
      });
    }
    this.#o.journal?.recordRiskEvent(time, 'MODULE_PARAMS', { actor, reason, from: before, to: next });
  }

  /**
   * Every action so far, oldest first; with `filter`, those of one module, one instrument or
   * attached to one decision (`decisionId`: the actions between decisions on its position).
   */
  actions(
    filter: { readonly module?: string; readonly instrumentId?: string; readonly decisionId?: string } = {},
  ): readonly ModuleAction[] {
    return this.#actions.filter(
      (a) =>
        (filter.module === undefined || a.module === filter.module) &&
        (filter.instrumentId === undefined || a.instrumentId === filter.instrumentId) &&
        (filter.decisionId === undefined || a.decisionId === filter.decisionId),
    );
  }

  /** Every fill's implementation shortfall against its decision price, oldest first. */
  shortfalls(): readonly FillShortfall[] {
    return [...this.#shortfalls];
  }

  /** Implementation shortfall per exchange trade date (CME: the session opening 17:00 CT). */
  dailyShortfall(): DailyShortfall[] {
    return dailyShortfall(this.#shortfalls);
  }

  /**
   * Binds the OMS (once, before the first bar: a backtest's first scheduled action) and follows its
   * fills. With the decision `pipeline`, every action taken between decisions on an open position
   * is attached to the decision that opened it (`ModuleAction.decisionId`, the record's `later`).
   */
  attach(oms: OrderManager, pipeline?: DecisionPipeline): void {
    this.#oms = oms;
    this.#pipeline = pipeline;
    oms.bus.subscribe(TOPICS.fill, ({ fill }: { fill: Fill }) => this.#onFill(fill));
  }

  /** A fusion member under the model supervisor. */
  member(member: SignalMember): SignalMember {
    return supervisedMember(member, {
      supervisor: this.supervisor,
      flags: this.flags,
      record: (a) => this.#record(a),
    });
  }

  /** Pass as `aiStrategy({ onAnalysis })`: the persisting fused signal profit amplification reads. */
  readonly onAnalysis = (ctx: StrategyContext, analysis: AiAnalysis): void => {
    this.#analysis.set(ctx.instrumentId, analysis);
  };

  /** The pipeline hooks: pass as `new DecisionPipeline({ hooks: modules.hooks })`. */
  readonly hooks: DecisionHooks = {
    review: (input) => this.#review(input),
    execute: (intent, ctx, id) => executeIntent(this.#host, intent, ctx, id),
    // An enforced exit, reduction or add is recorded when its decision's outcome is known (the
    // pipeline has set `applied`: the mode, the gate or Kelly may have refused it).
    settle: (actions) => actions.map((a) => this.#recordLater(a)),
  };

  /**
   * Wraps a strategy: at every bar, before the strategy's own intents, position intelligence,
   * balancer reductions and profit amplification run on the instrument's open position.
   */
  strategy(inner: Strategy): Strategy {
    return {
      name: inner.name,
      indicators: inner.indicators,
      historyBars: inner.historyBars,
      onBar: async (ctx) => {
        const own = await inner.onBar(ctx);
        const extra = await this.#onBar(ctx);
        return [...extra, ...own];
      },
    };
  }

  #record(a: ModuleAction): ModuleAction {
    this.#actions.push(a);
    this.#o.journal?.recordRiskEvent(a.time, 'MODULE_ACTION', a);
    return a;
  }

  /** An action between decisions: tagged with and attached to the decision that opened the position. */
  #recordLater(a: ModuleAction): ModuleAction {
    const id = a.instrumentId === undefined ? undefined : this.#pipeline?.originOf(a.instrumentId);
    const tagged = id === undefined ? a : { ...a, decisionId: id };
    this.#record(tagged);
    if (id !== undefined) this.#pipeline?.annotate(id, tagged);
    return tagged;
  }

  #on(name: AiModuleName): 'observe' | 'enforce' | undefined {
    return this.flags.enabled(name) ? this.flags.mode(name) : undefined;
  }

  async #onBar(ctx: StrategyContext): Promise<StrategyIntent[]> {
    const id = ctx.instrumentId;
    const closes = this.#closes.get(id) ?? [];
    closes.push(ctx.bar.close);
    if (closes.length > this.#params.portfolioBalancer.returnsWindow + 1) closes.shift();
    this.#closes.set(id, closes);
    const oms = this.#oms;
    if (oms === undefined) return [];
    const spec = this.#specs.get(id);
    const pos = oms.position(id);
    const q = pos.quantity;
    let t = this.#trackers.get(id);
    if (q === 0) {
      this.#trackers.delete(id);
      return [];
    }
    if (t === undefined || t.side !== Math.sign(q)) {
      t = {
        side: Math.sign(q),
        barsHeld: 0,
        bestPrice: pos.avgPrice,
        adds: 0,
        exitRequested: false,
        exitRetryAt: 0,
      };
      this.#trackers.set(id, t);
    }
    t.barsHeld += 1;
    t.bestPrice = q > 0 ? Math.max(t.bestPrice, ctx.bar.high) : Math.min(t.bestPrice, ctx.bar.low);
    // An exit already working waits for its fill. One refused (the mode held it as a signal, the
    // gate denied it: nothing working now) is asked again after `exitRetryBars` bars, not at every bar.
    if (t.exitRequested) {
      if (pendingEntries(oms, id) !== 0) return [];
      t.exitRequested = false;
      t.exitRetryAt = t.barsHeld - 1 + this.#params.positionIntelligence.exitRetryBars;
    }
    if (spec === undefined) return [];
    const out: StrategyIntent[] = [];
    const now = ctx.now;
    const stopLeg = protectiveLeg(oms, id, 'STOP');
    const targetLeg = protectiveLeg(oms, id, 'LIMIT');
    const hours = this.#o.sessions?.[id];
    const closeAt = hours === undefined ? undefined : sessionCloseAt(hours, now);
    const pi = this.#on('positionIntelligence');
    if (pi !== undefined) {
      const a = assessPosition(
        {
          quantity: q,
          avgPrice: pos.avgPrice,
          price: ctx.bar.close,
          bestPrice: t.bestPrice,
          barsHeld: t.barsHeld,
          now,
          tickSize: spec.tickSize,
          ...(stopLeg?.stopPrice === undefined ? {} : { stopPrice: stopLeg.stopPrice }),
          ...(targetLeg?.limitPrice === undefined ? {} : { targetPrice: targetLeg.limitPrice }),
          ...(spec.rollAt === undefined ? {} : { rollAt: spec.rollAt }),
          ...(closeAt === undefined ? {} : { sessionCloseAt: closeAt }),
        },
        this.#params.positionIntelligence,
      );
      for (const act of a.actions) {
        const detail = {
          classification: a.classification,
          gainPoints: a.gainPoints,
          bestGainPoints: a.bestGainPoints,
        };
        if (act.kind === 'move_stop') {
          let applied = false;
          if (pi === 'enforce' && stopLeg !== undefined) {
            const r = await oms.replace(stopLeg.clientOrderId, { stopPrice: act.stopPrice });
            applied = r.ok;
          }
          this.#recordLater(
            moduleAction(
              'positionIntelligence',
              pi,
              now,
              act.rule,
              act.reason,
              id,
              { ...detail, stopPrice: act.stopPrice },
              applied,
            ),
          );
        } else {
          const action = moduleAction(
            'positionIntelligence',
            pi,
            now,
            `exit_${act.rule}`,
            act.reason,
            id,
            detail,
          );
          if (pi === 'enforce') {
            // Waiting to ask again after a refusal: nothing new to decide or record yet.
            if (t.barsHeld < t.exitRetryAt) continue;
            t.exitRequested = true;
            out.push(
              this.#moduleIntent(id, 0, act.reason, { module: 'positionIntelligence', kind: 'exit' }, action),
            );
            return out;
          }
          this.#recordLater(action);
        }
      }
    }
    const pb = this.#on('portfolioBalancer');
    if (pb !== undefined) {
      const positions = this.#positions(oms);
      const cuts = proposeReductions(positions, this.#clusters(), this.#params.portfolioBalancer).filter(
        (c) => c.instrumentId === id,
      );
      for (const c of cuts) {
        const action = moduleAction('portfolioBalancer', pb, now, 'reduce', c.reason, id, {
          from: c.from,
          target: c.target,
        });
        if (pb === 'enforce')
          out.push(
            this.#moduleIntent(
              id,
              c.target,
              c.reason,
              { module: 'portfolioBalancer', kind: 'reduce' },
              action,
            ),
          );
        else this.#recordLater(action);
      }
      if (out.length > 0) return out;
    }
    const pa = this.#on('profitAmplification');
    const analysis = this.#analysis.get(id);
    if (pa !== undefined && analysis !== undefined && pendingEntries(oms, id) === 0) {
      const d = amplifyPosition(
        {
          quantity: q,
          avgPrice: pos.avgPrice,
          price: ctx.bar.close,
          signalDirection: analysis.fused.direction,
          signalConfidence: analysis.fused.confidence,
          adds: t.adds,
          tickSize: spec.tickSize,
        },
        this.#params.profitAmplification,
      );
      if (d.add) {
        const action = moduleAction('profitAmplification', pa, now, 'add', d.reason, id, {
          target: d.target,
          lockStop: d.lockStop,
        });
        if (pa === 'enforce') {
          t.adds += 1;
          out.push({
            ...this.#moduleIntent(
              id,
              d.target,
              d.reason,
              { module: 'profitAmplification', kind: 'add', lockStop: d.lockStop },
              action,
            ),
            confidence: analysis.fused.confidence,
            details: {
              ...analysis,
              moduleIntent: { module: 'profitAmplification', kind: 'add', lockStop: d.lockStop },
              moduleActions: [action],
            },
          });
        } else this.#recordLater(action);
      }
    }
    return out;
  }

  #moduleIntent(
    instrumentId: StrategyContext['instrumentId'],
    target: number,
    reason: string,
    moduleIntent: ModuleIntent,
    action: ModuleAction,
  ): StrategyIntent {
    // Recorded when the decision settles (`hooks.settle`), with `applied` from its outcome.
    return {
      instrumentId,
      target,
      confidence: 1,
      reason,
      details: { moduleIntent, moduleActions: [action] },
    };
  }

  #positions(oms: OrderManager): Record<string, number> {
    const out: Record<string, number> = {};
    for (const p of oms.positions()) out[p.instrumentId] = p.quantity;
    return out;
  }

  #clusters(): string[][] {
    const returns: Record<string, number[]> = {};
    for (const [id, c] of this.#closes) {
      const r: number[] = [];
      for (let i = 1; i < c.length; i++) r.push((c[i] as number) / (c[i - 1] as number) - 1);
      returns[id] = r;
    }
    const p = this.#params.portfolioBalancer;
    return correlationClusters(returns, p.correlationThreshold, p.returnsWindow);
  }

  #review(input: DecisionReview): DecisionReviewResult {
    const actions: ModuleAction[] = [];
    const mi = moduleIntentOf(input.intent);
    let target = input.targetPosition;
    if (!input.increases || mi?.kind === 'exit' || mi?.kind === 'reduce')
      return { targetPosition: target, actions };
    const now = input.ctx.clock.now();
    const id = input.intent.instrumentId;
    const held = input.position + input.pending;
    const direction = Math.sign(target);
    let block: string | undefined;
    const op = this.#on('orchestratorPolicy');
    if (op !== undefined && direction !== 0) {
      const state = (input.intent.details as { regime?: { state?: MarketState } } | null | undefined)?.regime
        ?.state;
      const hours = this.#o.sessions?.[id];
      const closeAt = hours === undefined ? undefined : sessionCloseAt(hours, now);
      const policy = orchestratorPolicy(
        {
          now,
          ...(state === undefined ? {} : { marketState: state }),
          ...(input.spec.rollAt === undefined ? {} : { rollAt: input.spec.rollAt }),
          ...(closeAt === undefined ? {} : { sessionCloseAt: closeAt }),
        },
        this.#params.orchestratorPolicy,
      );
      const oms = this.#oms ?? input.ctx.oms;
      const open = oms.positions().filter((p) => p.quantity !== 0 && p.instrumentId !== id).length;
      const detail = { policy, openElsewhere: open, proposed: target };
      let kind = 'allow';
      let next = target;
      let why = policy.rules.join('; ');
      if (!policyAllows(policy, direction)) {
        kind = 'block_entry';
        next = Math.sign(held) === direction ? held : 0;
      } else if (held === 0 && open >= policy.maxPositions) {
        kind = 'block_entry';
        next = 0;
        why = `${open} open elsewhere ≥ max ${policy.maxPositions} positions; ${why}`;
      } else if (policy.sizeMultiplier !== 1) {
        const scaled = direction * Math.floor(Math.abs(target) * policy.sizeMultiplier);
        kind = 'scale';
        next = Math.sign(held) === direction && Math.abs(scaled) < Math.abs(held) ? held : scaled;
        why = `size ${Math.abs(target)} × ${policy.sizeMultiplier} → ${Math.abs(next)}; ${why}`;
      }
      actions.push(
        this.#record(
          moduleAction(
            'orchestratorPolicy',
            op,
            now,
            kind,
            why,
            id,
            detail,
            op === 'enforce' && next !== target,
          ),
        ),
      );
      if (op === 'enforce') {
        target = next;
        if (target === 0 && held === 0) block = `orchestrator policy: ${why}`;
      }
    }
    const pb = this.#on('portfolioBalancer');
    if (pb !== undefined && Math.sign(target) !== 0 && block === undefined) {
      const oms = this.#oms ?? input.ctx.oms;
      const v = balanceEntry(
        this.#positions(oms),
        id,
        target,
        this.#clusters(),
        this.#params.portfolioBalancer,
      );
      actions.push(
        this.#record(
          moduleAction(
            'portfolioBalancer',
            pb,
            now,
            v.trimmed ? 'trim' : 'fits',
            v.reason,
            id,
            { ...v, proposed: target },
            pb === 'enforce' && v.trimmed,
          ),
        ),
      );
      if (pb === 'enforce' && v.trimmed) {
        target =
          Math.sign(held) === Math.sign(v.target) && Math.abs(v.target) < Math.abs(held) ? held : v.target;
        if (target === 0 && held === 0) block = `portfolio balancer: ${v.reason}`;
      }
    }
    return { targetPosition: target, actions, ...(block === undefined ? {} : { block }) };
  }

  #lastClose(id: string): number | undefined {
    const c = this.#closes.get(id);
    return c?.[c.length - 1];
  }

  #onFill(fill: Fill): void {
    const d = this.#decided.get(fill.clientOrderId);
    if (d === undefined) return;
    this.#shortfalls.push(fillShortfall(fill, d.decisionPrice, d.pointValue));
  }
}
