import { MinhosError } from '@minhos/core';
import type { MarketState } from '@minhos/risk';
import type { MemberSignal } from './MemberSignal.js';

/** Fusion settings. */
export interface FusionOptions {
  /** Configured weight per member name (≥ 0); a member not listed weighs 0. */
  readonly weights: Readonly<Record<string, number>>;
  /**
   * Weight multipliers per market state and member name (default {@link DEFAULT_REGIME_MULTIPLIERS}):
   * the regime adjustment. A member not listed keeps × 1.
   */
  readonly regimeMultipliers?: Readonly<Partial<Record<MarketState, Readonly<Record<string, number>>>>>;
  /** Confidence multiplier per market state (default {@link DEFAULT_REGIME_CONFIDENCE}). */
  readonly regimeConfidence?: Readonly<Partial<Record<MarketState, number>>>;
  /** Added to the confidence when ≥ 2 voting members all agree (default 0.1). */
  readonly agreementBonus?: number;
  /** Confidence × (1 − penalty × opposing weight share) when members disagree (default 0.5). */
  readonly disagreementPenalty?: number;
}

/** Default regime weights: trend-following rules count more in trends, less in ranges. */
export const DEFAULT_REGIME_MULTIPLIERS: Readonly<
  Partial<Record<MarketState, Readonly<Record<string, number>>>>
> = Object.freeze({
  BULL_STRONG: { 'traditional-ta': 1.25 },
  BEAR_STRONG: { 'traditional-ta': 1.25 },
  SIDEWAYS_TIGHT: { 'traditional-ta': 0.75 },
  SIDEWAYS_WIDE: { 'traditional-ta': 0.75 },
});

/** Default confidence haircut in disorderly markets. */
export const DEFAULT_REGIME_CONFIDENCE: Readonly<Partial<Record<MarketState, number>>> = Object.freeze({
  VOLATILE: 0.8,
  CHOPPY: 0.85,
});

/** One member's place in the fusion. */
export interface FusedMember {
  readonly name: string;
  readonly configuredWeight: number;
  /** After the regime multiplier; 0 for a member that is not active (and why, in `note`). */
  readonly effectiveWeight: number;
  readonly direction: -1 | 0 | 1;
  readonly confidence: number;
  readonly note: string;
}

/** The fused signal. */
export interface FusedSignal {
  /** +1 long, −1 short, 0 no trade. */
  readonly direction: -1 | 0 | 1;
  /** Weighted score `Σ wᵢ dᵢ cᵢ / Σ wᵢ` in [−1, 1]. */
  readonly score: number;
  /** Final confidence in [0, 1] after regime and agreement. */
  readonly confidence: number;
  /** Win probability handed to Kelly: `0.5 + |score| / 2` (as calibrated as the members are). */
  readonly winProbability: number;
  readonly agreement: 'unanimous' | 'split' | 'single' | 'none';
  readonly regime?: MarketState;
  readonly members: readonly FusedMember[];
  /** Each adjustment, in order. */
  readonly steps: readonly string[];
}

/**
 * Fuses member signals into one, by a documented rule:
 *
 * 1. **Weights**: each member's configured weight × the regime multiplier of the current market
 *    state; a member that is not `active` (untrained, missing, failed, warming up) weighs **0**
 *    and its entry says so.
 * 2. **Score** `s = Σ wᵢ·dᵢ·cᵢ / Σ wᵢ` (direction × confidence), over the members with weight;
 *    direction `sign(s)`; base confidence `|s|`.
 * 3. **Regime**: confidence × the regime's confidence multiplier (VOLATILE 0.8, CHOPPY 0.85).
 * 4. **Agreement**: when ≥ 2 members vote (weight > 0, direction ≠ 0) and all agree, confidence
 *    + `agreementBonus` (0.1, capped at 1); when some vote against the fused direction, confidence
 *    × (1 − `disagreementPenalty` × their share of the voting weight) (0.5 × share).
 *
 * @throws {@link @minhos/core!MinhosError} `FUSION_INVALID` for a negative or non-finite weight.
 * @example
 * ```ts
 * import { fuseSignals } from '@minhos/engine';
 * const f = fuseSignals([
 *   { name: 'traditional-ta', state: 'active', direction: 1, confidence: 0.8, reason: 'up trend' },
 *   { name: 'lstm', state: 'untrained', direction: 0, confidence: 0, reason: 'not trained' },
 * ], undefined, { weights: { 'traditional-ta': 1, lstm: 2 } });
 * f.direction; // 1 — the LSTM weighs 0
 * ```
 */
export function fuseSignals(
  signals: readonly MemberSignal[],
  regime: MarketState | undefined,
  options: FusionOptions,
): FusedSignal {
  const bonus = options.agreementBonus ?? 0.1;
  const penalty = options.disagreementPenalty ?? 0.5;
  const multipliers = options.regimeMultipliers ?? DEFAULT_REGIME_MULTIPLIERS;
  const confidenceBy = options.regimeConfidence ?? DEFAULT_REGIME_CONFIDENCE;
  const steps: string[] = [];
  const members: FusedMember[] = signals.map((m) => {
    const configured = options.weights[m.name] ?? 0;
    if (!(Number.isFinite(configured) && configured >= 0)) {
      throw new MinhosError(
        'FUSION_INVALID',
        `fusion weight of ${m.name} must be a finite number ≥ 0, got ${configured}`,
      );
    }
    const mult = regime === undefined ? 1 : (multipliers[regime]?.[m.name] ?? 1);
    const active = m.state === 'active';
    return {
      name: m.name,
      configuredWeight: configured,
      effectiveWeight: active ? configured * mult : 0,
      direction: active ? m.direction : 0,
      confidence: active ? Math.min(1, Math.max(0, m.confidence)) : 0,
      note: active
        ? `weight ${configured} × regime ${mult}${regime === undefined ? ' (regime unknown)' : ` (${regime})`}`
        : `weight 0: ${m.state} (${m.reason})`,
    };
  });
  let total = 0;
  let sum = 0;
  for (const m of members) {
    total += m.effectiveWeight;
    sum += m.effectiveWeight * m.direction * m.confidence;
  }
  const score = total > 0 ? sum / total : 0;
  const direction: -1 | 0 | 1 = score > 1e-12 ? 1 : score < -1e-12 ? -1 : 0;
  let confidence = Math.abs(score);
  steps.push(
    total > 0
      ? `score ${score.toFixed(4)} over weight ${total.toFixed(4)}`
      : 'no member with weight: no signal',
  );
  const regimeFactor = regime === undefined ? 1 : (confidenceBy[regime] ?? 1);
  if (regimeFactor !== 1) {
    confidence *= regimeFactor;
    steps.push(`regime ${regime}: confidence × ${regimeFactor}`);
  }
  const voters = members.filter((m) => m.effectiveWeight > 0 && m.direction !== 0);
  let agreement: FusedSignal['agreement'] =
    voters.length === 0 ? 'none' : voters.length === 1 ? 'single' : 'unanimous';
  if (voters.length >= 2 && direction !== 0) {
    const against = voters.filter((m) => m.direction !== direction);
    if (against.length === 0) {
      confidence = Math.min(1, confidence + bonus);
      steps.push(`${voters.length} members agree: confidence + ${bonus}`);
    } else {
      agreement = 'split';
      const share =
        against.reduce((a, m) => a + m.effectiveWeight, 0) /
        voters.reduce((a, m) => a + m.effectiveWeight, 0);
      confidence *= 1 - penalty * share;
      steps.push(
        `${against.length} member(s) disagree with ${(share * 100).toFixed(1)} % of the voting weight: confidence × ${(1 - penalty * share).toFixed(4)}`,
      );
    }
  } else if (voters.length >= 2) {
    agreement = 'split';
  }
  return {
    direction: confidence > 0 ? direction : 0,
    score,
    confidence,
    winProbability: 0.5 + Math.abs(score) / 2,
    agreement,
    ...(regime === undefined ? {} : { regime }),
    members,
    steps,
  };
}
