import type { MinhosConfig } from '@minhos/config';
import type { Bar, TimerClock, TimestampUs } from '@minhos/core';
import {
  type AiModules,
  DecisionPipeline,
  type DecisionRecord as EngineDecision,
  type EngineStore,
  type FusedSignal,
  fuseSignals,
  IndicatorBook,
  type InstrumentSpec,
  kellySettingsFromConfig,
  type MemberSignal,
  type OrderManager,
  pendingEntries,
  type RiskGate,
  type SignalMember,
  type Strategy,
  type StrategyContext,
  type StrategyIntent,
  TradingModes,
  traditionalTaMember,
} from '@minhos/engine';
import { type KellySettings, type SizingDecision, sizePosition } from '@minhos/kelly';
import type { EmergencyStopLevel } from '@minhos/risk';
import { classifyMarketState, type MarketStateReading } from '@minhos/risk';
import type { RiskSettings } from './RiskSettings.js';
import { SMA_FAST, SMA_SLOW, smaCrossoverMember } from './smaCrossoverMember.js';
import type { EmergencyLevel, TradingControl } from './TradingControl.js';

/**
 * Fusion weights of the server's decision loop. The SMA crossover (1-minute bars) carries the
 * loop; the original's TA rules (15-minute bars) confirm or oppose it: while they say HOLD they
 * dilute the crossover to 4/5 = 0.8 (above the 0.75 autonomous threshold), voting with it they
 * lift it to 1, against it they pull it below the threshold. A model joins with weight 2 once it
 * is trained and passes its deploy check (until then it weighs 0 and its entry says why).
 */
export const DEFAULT_FUSION_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({
  'sma-crossover': 4,
  'traditional-ta': 1,
  model: 2,
});

/** Options of {@link DecisionLoop}. */
export interface DecisionLoopOptions {
  readonly store: EngineStore;
  readonly clock: TimerClock;
  /** The server's mode and emergency state; the loop's `TradingModes` follow it. */
  readonly control: TradingControl;
  /** The one instrument the loop trades. */
  readonly instrument: InstrumentSpec;
  /** `trading` (threshold, approval timeout, commission), `risk` (bracket) and `kelly` sections. */
  readonly config: Pick<MinhosConfig, 'trading' | 'risk' | 'kelly'>;
  /** Fusion weights (default {@link DEFAULT_FUSION_WEIGHTS}). */
  readonly weights?: Readonly<Record<string, number>>;
  /** Minutes per bar of the traditional TA member (default 15). */
  readonly taMinutes?: number;
  /** SMA crossover lengths on 1-minute bars (default 10 / 30). */
  readonly sma?: { readonly fast: number; readonly slow: number };
  /** Live risk parameters: when given, the bracket follows their stop/target (updated through the API). */
  readonly risk?: RiskSettings;
  /** More members (the background model, user members), evaluated on the 1-minute context. */
  readonly members?: readonly SignalMember[];
  /**
   * The AI modules (from config `modules`): every member runs under the model supervisor, the
   * pipeline gets their review and execution hooks, and at every live bar position intelligence,
   * balancer reductions and profit amplification run on the open position (their exits,
   * reductions and adds are decisions of their own).
   */
  readonly modules?: AiModules;
}

/** The loop's reading at the last bar: every member, the regime, the fused signal, the indicators. */
export interface LoopAnalysis {
  /** µs, the bar close it was made at. */
  readonly time: number;
  readonly price: number;
  readonly members: readonly MemberSignal[];
  readonly regime?: Pick<MarketStateReading, 'state' | 'volatility' | 'rule' | 'explanation'>;
  readonly regimeError?: string;
  readonly fused: FusedSignal;
  /** Whether this reading became an intent (a decision). */
  readonly decided: boolean;
}

/** What the loop tells its listeners. */
export type LoopEvent =
  | { readonly kind: 'analysis'; readonly analysis: LoopAnalysis }
  | { readonly kind: 'decision'; readonly decision: EngineDecision }
  | { readonly kind: 'approvals' };

const MINUTE_US = 60_000_000;
const REGIME_BARS = 60 * 20 + 1;

const TO_RISK_LEVEL: Readonly<Record<EmergencyLevel, EmergencyStopLevel>> = {
  normal: 'NONE',
  reduce_only: 'REDUCE_ONLY',
  cancel_all: 'HALT',
  flatten: 'FLATTEN',
};

/**
 * The server's decision loop on the engine's decision pipeline, identical for the embedded
 * default and a real deployment. At each 1-minute bar close:
 *
 * 1. members give their view: `sma-crossover` (1-minute bars), `traditional-ta` (the original's
 *    rules on `taMinutes` bars built from the 1-minute feed: on 1-minute ES its SMAs never differ
 *    by 0.2 %, so it would always say HOLD), and the extra members (a model from the registry or
 *    the background trainer; untrained ones weigh 0 and say so);
 * 2. the market state is classified from the 1-minute closes (`@minhos/risk`);
 * 3. `fuseSignals` fuses them with the weights;
 * 4. when the fused direction differs from what is held and from the last decided direction, an
 *    intent (direction, fused confidence, bracket, the whole analysis) goes to `DecisionPipeline`:
 *    Kelly size with every step, `TradingModes` (manual: signal only; semi_auto: pending approval;
 *    full_auto: execute at or above the threshold; emergency levels first), the OMS's risk gate
 *    (wrap it with {@link DecisionLoop.gate}), the order with its bracket; the record is stored
 *    with its quality score.
 *
 * The `TradingModes` follow the server's {@link TradingControl}: every mode change and emergency
 * level set through the API is applied to them (persisted with actor and reason).
 */
export class DecisionLoop {
  readonly modes: TradingModes;
  readonly pipeline: DecisionPipeline;
  readonly weights: Readonly<Record<string, number>>;
  readonly taMinutes: number;
  /** Kelly settings of the pipeline (from config `kelly`). */
  readonly kelly: KellySettings;
  readonly #o: DecisionLoopOptions;
  readonly #minute: IndicatorBook;
  readonly #ta: IndicatorBook;
  readonly #sma: SignalMember;
  readonly #taMember: SignalMember;
  readonly #members: readonly SignalMember[];
  readonly #moduleStrategy: Strategy | undefined;
  readonly #listeners = new Set<(event: LoopEvent) => void>();
  #oms: OrderManager | undefined;
  #bucket: { start: number; bar: Bar } | undefined;
  #taBars = 0;
  #bars = 0;
  #lastDirection = 0;
  #analysis: LoopAnalysis | undefined;
  #signals = 0;
  #executions = 0;
  #lastDecisionAt: number | undefined;
  #waiting = 0;

  constructor(options: DecisionLoopOptions) {
    this.#o = options;
    const { config } = options;
    this.weights = options.weights ?? DEFAULT_FUSION_WEIGHTS;
    this.taMinutes = options.taMinutes ?? 15;
    const sma = options.sma ?? { fast: 10, slow: 30 };
    this.modes = new TradingModes({
      clock: options.clock,
      store: options.store,
      mode: options.control.mode,
      autonomousThreshold: config.trading.autonomousThreshold,
      approvalTimeoutSeconds: config.trading.approvalTimeoutSeconds,
    });
    if (this.modes.mode !== options.control.mode) {
      this.modes.setMode(options.control.mode, 'server', 'mode at start');
    }
    const kelly = kellySettingsFromConfig(config as MinhosConfig);
    if (!kelly.ok) throw kelly.error;
    this.kelly = kelly.value;
    this.pipeline = new DecisionPipeline({
      modes: this.modes,
      store: options.store,
      instruments: [options.instrument],
      bracket: { stopLossPoints: config.risk.stopLossPoints, takeProfitPoints: config.risk.takeProfitPoints },
      kelly: kelly.value,
      commissionPerContract: config.trading.commissionPerContract,
      strategyName: 'ai-pipeline',
      ...(options.modules === undefined ? {} : { hooks: options.modules.hooks }),
    });
    this.#minute = new IndicatorBook(
      { [SMA_FAST]: { kind: 'sma', period: sma.fast }, [SMA_SLOW]: { kind: 'sma', period: sma.slow } },
      REGIME_BARS,
    );
    this.#ta = new IndicatorBook({}, 20);
    const m = options.modules;
    const supervised = (member: SignalMember): SignalMember => (m === undefined ? member : m.member(member));
    this.#sma = supervised(smaCrossoverMember(sma.fast, sma.slow));
    this.#taMember = supervised(traditionalTaMember(20));
    this.#members = (options.members ?? []).map(supervised);
    this.#moduleStrategy = m?.strategy({
      name: 'ai-pipeline',
      indicators: {},
      historyBars: 1,
      onBar: () => [],
    });
    options.control.onChange((change) => {
      const actor = 'api';
      if (change.kind === 'mode') this.modes.setMode(change.to as TradingModes['mode'], actor, change.reason);
      else this.modes.setEmergencyLevel(TO_RISK_LEVEL[change.to as EmergencyLevel], actor, change.reason);
      this.pipeline.resolveApprovals();
      this.#emit({ kind: 'approvals' });
    });
  }

  /** The bracket of new entries, points (the live risk parameters' stop and target). */
  bracket(): { stopLossPoints: number; takeProfitPoints: number } {
    const r = this.#o.risk?.current ?? this.#o.config.risk;
    return { stopLossPoints: r.stopLossPoints, takeProfitPoints: r.takeProfitPoints };
  }

  /** Wraps the OMS's risk gate so every check's verdict lands in the decision record. */
  gate(inner: RiskGate): RiskGate {
    return this.pipeline.gate(inner);
  }

  /** Connects the OMS (once, before the first bar): decisions trade through it, its fills score execution quality. */
  attach(oms: OrderManager): void {
    this.#oms = oms;
    this.pipeline.attach(oms);
    this.#o.modules?.attach(oms, this.pipeline);
  }

  /** Calls `listener` on every analysis, decision and approval change; returns the unsubscribe function. */
  onEvent(listener: (event: LoopEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The last reading (undefined before the first bar). */
  get analysis(): LoopAnalysis | undefined {
    return this.#analysis;
  }

  /** Counters of this session. */
  stats(): {
    bars: number;
    taBars: number;
    signalsProcessed: number;
    autonomousExecutions: number;
    lastDecisionTime: number | undefined;
  } {
    return {
      bars: this.#bars,
      taBars: this.#taBars,
      signalsProcessed: this.#signals,
      autonomousExecutions: this.#executions,
      lastDecisionTime: this.#lastDecisionAt,
    };
  }

  /**
   * Kelly sizing of a new entry now, computed as the pipeline sizes one: the account's equity (or
   * `capital`), the last price, the win probability of the current fused signal (or
   * `winProbability`), the bracket as payoff and stop, round-trip commission, drawdown and margin.
   * Undefined before the first bar.
   */
  sizing(
    options: { readonly capital?: number; readonly winProbability?: number } = {},
  ): { readonly decision: SizingDecision; readonly price: number; readonly capital: number } | undefined {
    const oms = this.#oms;
    const a = this.#analysis;
    if (oms === undefined || a === undefined) return undefined;
    const account = oms.account();
    const spec = this.#o.instrument;
    const { stopLossPoints, takeProfitPoints } = this.bracket();
    const cost = 2 * this.#o.config.trading.commissionPerContract;
    const capital = options.capital ?? account.equity;
    const decision = sizePosition({
      capital,
      price: a.price,
      pointValue: spec.pointValue,
      winProbability: options.winProbability ?? a.fused.winProbability,
      payoff: {
        averageWin: takeProfitPoints * spec.pointValue,
        averageLoss: stopLossPoints * spec.pointValue,
      },
      costPerTrade: cost,
      roundTripCostUsd: cost,
      stopDistance: stopLossPoints,
      drawdown: account.drawdown,
      ...(spec.marginPerContract > 0
        ? { marginPerContract: spec.marginPerContract, marginInUse: account.marginInUse }
        : {}),
      settings: this.kelly,
    });
    return { decision, price: a.price, capital };
  }

  /** Every decision of this session, newest first. */
  decisions(): EngineDecision[] {
    return this.pipeline.decisions().reverse();
  }

  /**
   * One closed 1-minute bar (`bar.time` its open, µs). `live` false feeds the indicators only
   * (warm-up history): no analysis is decided on.
   */
  async onBar(bar: Bar, live: boolean): Promise<EngineDecision | undefined> {
    const oms = this.#oms;
    if (oms === undefined) throw new Error('DecisionLoop.attach(oms) must be called before onBar');
    const id = this.#o.instrument.instrumentId;
    this.#bars += 1;
    // Approvals that expired on the clock since the last bar: their records say so, listeners hear it.
    const waiting = this.modes.pending().length;
    if (waiting !== this.#waiting) {
      this.pipeline.resolveApprovals();
      this.#emit({ kind: 'approvals' });
    }
    this.#minute.push(bar);
    this.#aggregate(bar);
    const now = this.#o.clock.now();
    const position = oms.position(id).quantity;
    const pending = pendingEntries(oms, id);
    const ctx: StrategyContext = {
      instrumentId: id,
      bar,
      index: this.#bars - 1,
      now,
      position,
      pending,
      indicators: this.#minute,
      history: this.#minute,
    };
    const taCtx: StrategyContext = { ...ctx, indicators: this.#ta, history: this.#ta };
    const members = await Promise.all([
      this.#sma.evaluate(ctx),
      this.#taMember.evaluate(taCtx),
      ...this.#members.map((m) => m.evaluate(ctx)),
    ]);
    if (!live) return undefined;
    // The modules' own intents on the open position (exits, reductions, adds), each a decision.
    const moduleIntents = (await this.#moduleStrategy?.onBar(ctx)) ?? [];
    let last: EngineDecision | undefined;
    for (const intent of moduleIntents) last = await this.#decide(intent, ctx);
    let regime: LoopAnalysis['regime'];
    let regimeError: string | undefined;
    const r = classifyMarketState(this.#minute.closes(), {});
    if (r.ok) {
      const { state, volatility, rule, explanation } = r.value;
      regime = { state, volatility, rule, explanation };
    } else regimeError = r.error.message;
    const fused = fuseSignals(members, regime?.state, { weights: this.weights });
    const held = Math.sign(position + pending);
    if (fused.direction === 0 || fused.direction === held) this.#lastDirection = fused.direction;
    const decide =
      fused.direction !== 0 && fused.direction !== held && fused.direction !== this.#lastDirection;
    const analysis: LoopAnalysis = {
      time: now,
      price: bar.close,
      members,
      ...(regime === undefined ? {} : { regime }),
      ...(regimeError === undefined ? {} : { regimeError }),
      fused,
      decided: decide,
    };
    this.#analysis = analysis;
    this.#o.modules?.onAnalysis(ctx, analysis);
    this.#emit({ kind: 'analysis', analysis });
    if (!decide) return last;
    this.#lastDirection = fused.direction;
    return this.#decide(
      {
        instrumentId: id,
        target: fused.direction,
        confidence: fused.confidence,
        reason: `fused ${fused.direction > 0 ? 'long' : 'short'} (${fused.agreement}): ${fused.steps.join('; ')}`,
        bracket: this.bracket(),
        details: { members, regime, regimeError, fused },
      },
      ctx,
    );
  }

  async #decide(intent: StrategyIntent, ctx: StrategyContext): Promise<EngineDecision> {
    const oms = this.#oms as OrderManager;
    this.#signals += 1;
    this.#lastDecisionAt = ctx.now;
    let n = 0;
    const record = await this.pipeline.decide(intent, {
      oms,
      clock: this.#o.clock,
      strategy: ctx,
      nextClientOrderId: (p) => `${p}-${++n}`,
    });
    if (record.outcome.status === 'submitted' && record.route.action === 'execute') this.#executions += 1;
    this.#emit({ kind: 'decision', decision: record });
    if (record.outcome.status === 'pending_approval') this.#emit({ kind: 'approvals' });
    return record;
  }

  /** Approves a pending decision (semi_auto) and executes it; the record is re-stored. */
  async approve(id: string, actor: string): ReturnType<TradingModes['approve']> {
    const out = await this.modes.approve(id, actor);
    this.pipeline.resolveApprovals();
    this.#emit({ kind: 'approvals' });
    const d = this.pipeline.decision(id);
    if (out.ok && d !== undefined) this.#emit({ kind: 'decision', decision: d });
    return out;
  }

  /** Rejects a pending decision; the record says who and why. */
  reject(id: string, actor: string, reason: string): ReturnType<TradingModes['reject']> {
    const out = this.modes.reject(id, actor, reason);
    this.pipeline.resolveApprovals();
    this.#emit({ kind: 'approvals' });
    const d = this.pipeline.decision(id);
    if (out.ok && d !== undefined) this.#emit({ kind: 'decision', decision: d });
    return out;
  }

  #aggregate(bar: Bar): void {
    const size = this.taMinutes * MINUTE_US;
    const start = Math.floor(bar.time / size) * size;
    const b = this.#bucket;
    if (b !== undefined && b.start !== start) this.#closeBucket();
    const cur = this.#bucket;
    if (cur === undefined) this.#bucket = { start, bar: { ...bar, time: start as TimestampUs } };
    else
      cur.bar = {
        time: cur.bar.time,
        open: cur.bar.open,
        high: Math.max(cur.bar.high, bar.high),
        low: Math.min(cur.bar.low, bar.low),
        close: bar.close,
        volume: cur.bar.volume + bar.volume,
      };
    // The bucket's last minute closes it at once (no waiting for the next bar).
    if (bar.time + MINUTE_US >= start + size) this.#closeBucket();
  }

  #closeBucket(): void {
    const b = this.#bucket;
    if (b === undefined) return;
    this.#ta.push(b.bar);
    this.#taBars += 1;
    this.#bucket = undefined;
  }

  #emit(event: LoopEvent): void {
    if (event.kind === 'approvals') this.#waiting = this.modes.pending().length;
    for (const l of this.#listeners) l(event);
  }
}
