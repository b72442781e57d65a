import { classifyMarketState, type MarketStateOptions, type MarketStateReading } from '@minhos/risk';
import type { Strategy, StrategyContext } from '../strategy/Strategy.js';
import { type FusedSignal, type FusionOptions, fuseSignals } from './fuseSignals.js';
import type { MemberSignal, SignalMember } from './MemberSignal.js';

/** Options of {@link aiStrategy}. */
export interface AiStrategyOptions {
  /** Fusion members (traditional TA, registry models, user members). */
  readonly members: readonly SignalMember[];
  readonly fusion: FusionOptions;
  /** Market-state classification of the closes (@minhos/risk), or `false` to fuse without a regime. */
  readonly regime?: MarketStateOptions | false;
  /** Bracket of the entries, points. */
  readonly bracket: { readonly stopLossPoints: number; readonly takeProfitPoints: number };
  /**
   * Called at every bar with the whole analysis, intent or not (the AI modules read the
   * persisting signal from it: {@link AiModules.onAnalysis}).
   */
  readonly onAnalysis?: (ctx: StrategyContext, analysis: AiAnalysis) => void;
}

/** What {@link aiStrategy} puts in an intent's `details` (and so in the decision record). */
export interface AiAnalysis {
  readonly members: readonly MemberSignal[];
  readonly regime?: Pick<MarketStateReading, 'state' | 'volatility' | 'rule' | 'explanation'>;
  readonly regimeError?: string;
  readonly fused: FusedSignal;
}

/**
 * The AI decision strategy: at each bar close every member gives its view, the market state is
 * classified from the closes, and {@link fuseSignals} fuses them. When the fused direction is not
 * the current one it emits an intent with `target = ±1` (a direction: the decision pipeline sizes
 * it with Kelly), the fused confidence, the bracket, and the whole analysis as `details`.
 * A fused "no trade" leaves the position alone.
 *
 * @example
 * ```ts
 * import { aiStrategy, traditionalTaMember } from '@minhos/engine';
 * const s = aiStrategy({ members: [traditionalTaMember()], fusion: { weights: { 'traditional-ta': 1 } }, regime: false, bracket: { stopLossPoints: 8, takeProfitPoints: 16 } });
 * s.historyBars; // 20
 * ```
 */
export function aiStrategy(options: AiStrategyOptions): Strategy {
  const regimeOptions = options.regime === false ? undefined : (options.regime ?? {});
  const regimeBars =
    regimeOptions === undefined
      ? 0
      : (regimeOptions.window ?? 60) * (regimeOptions.minBaselineWindows ?? 5) + 1;
  const historyBars = Math.max(1, regimeBars, ...options.members.map((m) => m.historyBars));
  return {
    name: 'ai-pipeline',
    indicators: {},
    historyBars,
    async onBar(ctx) {
      const members = await Promise.all(options.members.map((m) => m.evaluate(ctx)));
      let regime: AiAnalysis['regime'];
      let regimeError: string | undefined;
      if (regimeOptions !== undefined) {
        const r = classifyMarketState(ctx.history.closes(), regimeOptions);
        if (r.ok) {
          const { state, volatility, rule, explanation } = r.value;
          regime = { state, volatility, rule, explanation };
        } else regimeError = r.error.message;
      }
      const fused = fuseSignals(members, regime?.state, options.fusion);
      const held = Math.sign(ctx.position + ctx.pending);
      const analysis: AiAnalysis = {
        members,
        ...(regime === undefined ? {} : { regime }),
        ...(regimeError === undefined ? {} : { regimeError }),
        fused,
      };
      options.onAnalysis?.(ctx, analysis);
      if (fused.direction === 0 || fused.direction === held) return [];
      return [
        {
          instrumentId: ctx.instrumentId,
          target: fused.direction,
          confidence: fused.confidence,
          reason: `fused ${fused.direction > 0 ? 'long' : 'short'} (${fused.agreement}): ${fused.steps.join('; ')}`,
          bracket: options.bracket,
          details: analysis,
        },
      ];
    },
  };
}
