import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DecisionLoop, LoopAnalysis } from '../runtime/DecisionLoop.js';
import { decisionView } from '../runtime/decisionView.js';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { riskView } from '../runtime/views.js';
import { ApiError } from './ApiError.js';
import { defineRoute } from './defineRoute.js';
import { modelMemberState } from './modelMemberState.js';

const iso = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function loopOf(deps: ServerDeps): DecisionLoop {
  if (deps.loop === undefined)
    throw new ApiError(404, 'NO_DECISION_LOOP', 'no decision loop runs in this server');
  return deps.loop;
}

/** The traditional TA member's readings at the last bar (undefined while it warms up). */
function taDetails(a: LoopAnalysis | undefined): Record<string, unknown> | undefined {
  return a?.members.find((m) => m.name === 'traditional-ta' && m.state === 'active')?.details as
    | Record<string, unknown>
    | undefined;
}

function signalWord(direction: number, confidence: number): string {
  if (direction === 0) return 'HOLD';
  const side = direction > 0 ? 'BUY' : 'SELL';
  return confidence >= 0.9 ? `STRONG_${side}` : side;
}

/** `/api/ai/*` (AI transparency) and `/api/kelly/current-recommendation`, from the live decision loop. */
export function aiRoutes(app: FastifyInstance, deps: ServerDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/ai/current-analysis',
    summary:
      'The fused signal at the last bar, the market reading behind it, loop counters and recent decisions',
    tag: 'ai',
    mutating: false,
    handler: () => {
      const loop = loopOf(deps);
      const a = loop.analysis;
      const ta = taDetails(a);
      const stats = loop.stats();
      const f = a?.fused;
      const { stopLossPoints: stop, takeProfitPoints: target } = loop.bracket();
      return {
        status: a === undefined ? 'no_data' : 'ok',
        current_signal:
          a === undefined || f === undefined
            ? null
            : {
                signal: signalWord(f.direction, f.confidence),
                direction: f.direction,
                confidence: f.confidence,
                reasoning: [...f.steps, ...a.members.map((m) => `${m.name}: ${m.reason}`)],
                target_price: f.direction === 0 ? null : a.price + f.direction * target,
                stop_loss: f.direction === 0 ? null : a.price - f.direction * stop,
                analysis_type: 'fusion',
                price: a.price,
                timestamp: iso(a.time),
              },
        current_analysis: {
          trend_direction: (ta?.trend as string | undefined) ?? null,
          trend_strength: num(ta?.strength),
          volatility_level: (ta?.volatilityLevel as string | undefined) ?? a?.regime?.volatility ?? null,
          volume_analysis:
            ta === undefined ? null : { volume_ratio: num(ta.volumeRatio), volume_trend: ta.volumeTrend },
          market_regime: a?.regime?.state ?? null,
        },
        ai_stats: {
          signals_processed: stats.signalsProcessed,
          autonomous_executions: stats.autonomousExecutions,
          execution_threshold: loop.modes.threshold,
          last_decision_time: stats.lastDecisionTime === undefined ? null : iso(stats.lastDecisionTime),
          bars_processed: stats.bars,
          mode: loop.modes.mode,
        },
        recent_decisions: loop
          .decisions()
          .slice(0, 10)
          .map((d) => {
            const { record: _record, ...rest } = decisionView(d);
            return rest;
          }),
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/ai/reasoning-breakdown',
    summary: 'Indicator values, each member and its weight, every fusion step, the market regime',
    tag: 'ai',
    mutating: false,
    handler: () => {
      const loop = loopOf(deps);
      const a = loop.analysis;
      const ta = taDetails(a);
      const sma = a?.members.find((m) => m.name === 'sma-crossover')?.details;
      return {
        status: a === undefined ? 'no_data' : 'ok',
        timestamp: a === undefined ? null : iso(a.time),
        technical_indicators: {
          timeframe: `${loop.taMinutes}m (traditional TA), 1m (SMA crossover, regime)`,
          trend_analysis: {
            trend: ta?.trend ?? null,
            strength: num(ta?.strength),
            sma10: num(ta?.sma10),
            sma20: num(ta?.sma20),
            sma_fast: num(sma?.smaFast),
            sma_slow: num(sma?.smaSlow),
            breakout: ta?.breakout ?? null,
          },
          momentum_analysis: { rsi: num(ta?.rsi), rsi_state: ta?.rsiState ?? null },
          volatility_analysis: { volatility: num(ta?.volatility), level: ta?.volatilityLevel ?? null },
          volume_analysis: { volume_ratio: num(ta?.volumeRatio), volume_trend: ta?.volumeTrend ?? null },
        },
        confidence_breakdown:
          a === undefined
            ? null
            : {
                score: a.fused.score,
                final_confidence: a.fused.confidence,
                win_probability: a.fused.winProbability,
                agreement: a.fused.agreement,
                steps: a.fused.steps,
                members: a.fused.members.map((m) => ({
                  name: m.name,
                  configured_weight: m.configuredWeight,
                  effective_weight: m.effectiveWeight,
                  direction: m.direction,
                  confidence: m.confidence,
                  note: m.note,
                  reason: a.members.find((x) => x.name === m.name)?.reason ?? '',
                  state:
                    modelMemberState(
                      a.members.find((x) => x.name === m.name)?.state ?? null,
                      m.name === 'model' ? deps.ml?.status().state : undefined,
                    ) ?? 'missing',
                })),
              },
        market_regime:
          a?.regime === undefined
            ? { state: null, error: a?.regimeError ?? 'no bar yet' }
            : { ...a.regime, error: null },
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/ai/risk-assessment',
    summary: 'Risk now, how the next position would be sized (every Kelly step), violations, circuit breaker',
    tag: 'ai',
    mutating: false,
    handler: () => {
      const loop = loopOf(deps);
      const r = riskView(deps);
      const sized = loop.sizing();
      const step = (name: string) => sized?.decision.steps.find((s) => s.name === name);
      const events = deps.store.riskEvents(200).filter((e) => /EMERGENCY|BREAKER/.test(e.kind));
      const last = events[0];
      return {
        current_risk: {
          risk_level: r.risk_level,
          total_exposure: r.exposure,
          risk_budget_used: r.daily_loss_used,
          margin_used: r.margin_used,
          drawdown_current: r.drawdown_current,
          volatility_adjusted_size: step('volatility')?.outputFraction ?? null,
        },
        position_sizing:
          sized === undefined
            ? null
            : {
                base_size: step('kelly')?.outputFraction ?? 0,
                confidence_multiplier: step('fractionalKelly')?.outputFraction ?? 0,
                volatility_adjustment: step('volatility')?.outputFraction ?? 0,
                risk_adjustment: step('drawdown')?.outputFraction ?? 0,
                final_size: sized.decision.contracts,
                steps: sized.decision.steps,
                ...(sized.decision.zeroReason === undefined
                  ? {}
                  : { zero_reason: sized.decision.zeroReason }),
              },
        risk_violations: r.violations,
        circuit_breaker: {
          active: deps.control.level !== 'normal' || deps.oms.permission !== 'ACTIVE',
          level: deps.control.level,
          trading_permission: deps.oms.permission,
          triggers: events.slice(0, 10).map((e) => ({ time: iso(e.time), kind: e.kind, detail: e.body })),
          last_triggered: last === undefined ? null : iso(last.time),
        },
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/ai/signals',
    summary: 'Each member’s signal at the last bar and the fused one',
    tag: 'ai',
    mutating: false,
    handler: () => {
      const a = loopOf(deps).analysis;
      return {
        timestamp: a === undefined ? null : iso(a.time),
        signals: (a?.members ?? []).map((m) => ({
          source: m.name,
          state: modelMemberState(m.state, m.name === 'model' ? deps.ml?.status().state : undefined),
          signal: signalWord(m.direction, m.confidence),
          direction: m.direction,
          confidence: m.confidence,
          reason: m.reason,
          ...(m.probabilityUp === undefined ? {} : { probability_up: m.probabilityUp }),
        })),
        fused:
          a === undefined
            ? null
            : {
                signal: signalWord(a.fused.direction, a.fused.confidence),
                direction: a.fused.direction,
                confidence: a.fused.confidence,
                agreement: a.fused.agreement,
              },
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/ai/ensemble-weights',
    summary: 'Configured and effective (regime-adjusted, 0 when not active) weight of each member',
    tag: 'ai',
    mutating: false,
    handler: () => {
      const loop = loopOf(deps);
      const a = loop.analysis;
      const effective = new Map(a?.fused.members.map((m) => [m.name, m]) ?? []);
      const total = a?.fused.members.reduce((s, m) => s + m.effectiveWeight, 0) ?? 0;
      return {
        regime: a?.regime?.state ?? null,
        weights: Object.entries(loop.weights).map(([name, configured]) => {
          const m = effective.get(name);
          return {
            name,
            configured_weight: configured,
            effective_weight: m?.effectiveWeight ?? 0,
            share: total > 0 && m !== undefined ? m.effectiveWeight / total : 0,
            note: m?.note ?? 'not evaluated yet',
          };
        }),
      };
    },
  });

  const sizingQuery = z.strictObject({
    symbol: z.string().min(1).max(40).optional(),
    account_capital: z.coerce.number().finite().positive().max(1e12).optional(),
    win_probability: z.coerce.number().gt(0).lt(1).optional(),
  });
  const sizingOf = (query: z.output<typeof sizingQuery>) => {
    const loop = loopOf(deps);
    if (query.symbol !== undefined && !deps.market.symbols.includes(query.symbol))
      throw new ApiError(400, 'UNKNOWN_SYMBOL', `symbol ${query.symbol} is not traded here`, {
        symbols: deps.market.symbols,
      });
    const sized = loop.sizing({
      ...(query.account_capital === undefined ? {} : { capital: query.account_capital }),
      ...(query.win_probability === undefined ? {} : { winProbability: query.win_probability }),
    });
    if (sized === undefined)
      throw new ApiError(409, 'NO_DATA', 'no bar has been seen yet: nothing to size against');
    return { loop, sized };
  };

  defineRoute(app, {
    method: 'GET',
    url: '/api/ai/kelly-sizing',
    summary:
      'Kelly sizing of an entry now, every step (win probability → Kelly → fraction → caps → contracts)',
    tag: 'ai',
    mutating: false,
    query: sizingQuery,
    handler: ({ query }) => {
      const { loop, sized } = sizingOf(query);
      const d = sized.decision;
      return {
        symbol: query.symbol ?? deps.market.symbols[0],
        price: sized.price,
        capital: sized.capital,
        contracts: d.contracts,
        fraction: d.fraction,
        kelly_fraction: d.kellyFraction,
        win_probability: d.winProbability,
        payoff_ratio: d.payoffRatio,
        risk_usd: d.riskUsd,
        steps: d.steps,
        zero_reason: d.zeroReason ?? null,
        settings: loop.kelly,
        bracket: {
          stop_loss_points: loop.bracket().stopLossPoints,
          take_profit_points: loop.bracket().takeProfitPoints,
        },
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/kelly/current-recommendation',
    summary: 'The Kelly recommendation now (the original dashboard’s fields)',
    tag: 'ai',
    mutating: false,
    query: sizingQuery,
    handler: ({ query }) => {
      const { loop, sized } = sizingOf(query);
      const d = sized.decision;
      const capped = d.steps.filter((s) => s.name !== 'winProbability' && s.outputFraction < s.inputFraction);
      return {
        symbol: query.symbol ?? deps.market.symbols[0],
        kelly_fraction: d.kellyFraction,
        position_size: d.contracts,
        confidence: loop.analysis?.fused.confidence ?? 0,
        win_probability: d.winProbability,
        win_loss_ratio: d.payoffRatio,
        capital_risk: d.riskUsd,
        reasoning: d.steps.map((s) => `${s.name}: ${s.reason}`),
        constraints_applied: capped.map((s) => s.name),
        timestamp: iso(deps.clock.now()),
      };
    },
  });
}
