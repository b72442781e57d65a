import type { TimestampUs } from '@minhos/core';

/** Parameters of {@link assessPosition} (config `modules.positionIntelligence`). */
export interface PositionIntelligenceParams {
  readonly breakEvenAfterPoints: number;
  readonly trailingStopPoints: number;
  /** 0 = no time stop. */
  readonly timeStopBars: number;
  readonly stalledBars: number;
  readonly nearFraction: number;
  readonly flattenBeforeRollHours: number;
  /** 0 = hold through the session close. */
  readonly flattenBeforeCloseMinutes: number;
  /**
   * Bars before an exit that was refused (the trading mode held it as a signal, the gate denied
   * it: no order working the bar after) is asked again (≥ 1), so a held position is not a new
   * decision, or a new approval, at every bar.
   */
  readonly exitRetryBars: number;
}

/** The defaults, equal to config's `modules.positionIntelligence` defaults. */
export const DEFAULT_POSITION_INTELLIGENCE_PARAMS: PositionIntelligenceParams = Object.freeze({
  breakEvenAfterPoints: 3,
  trailingStopPoints: 4,
  timeStopBars: 16,
  stalledBars: 8,
  nearFraction: 0.25,
  flattenBeforeRollHours: 24,
  flattenBeforeCloseMinutes: 0,
  exitRetryBars: 10,
});

/** An open position as the module sees it (prices in points). */
export interface PositionView {
  /** Signed contracts (≠ 0). */
  readonly quantity: number;
  readonly avgPrice: number;
  readonly price: number;
  /** Best price since entry (highest for a long, lowest for a short). */
  readonly bestPrice: number;
  /** Bars held so far. */
  readonly barsHeld: number;
  readonly now: TimestampUs;
  /** Working protective stop and target prices, if any. */
  readonly stopPrice?: number;
  readonly targetPrice?: number;
  readonly tickSize: number;
  readonly rollAt?: TimestampUs;
  readonly sessionCloseAt?: TimestampUs;
}

/** How a position is doing. */
export type PositionClass =
  | 'running_winner'
  | 'stalled'
  | 'losing'
  | 'near_target'
  | 'near_stop'
  | 'into_roll'
  | 'into_session_close'
  | 'open';

/** What the module would do with a position. */
export type PositionAction =
  | {
      readonly kind: 'move_stop';
      readonly stopPrice: number;
      readonly rule: 'break_even' | 'trailing';
      readonly reason: string;
    }
  | { readonly kind: 'exit'; readonly rule: 'roll' | 'session_close' | 'time_stop'; readonly reason: string };

/** The assessment of one position. */
export interface PositionAssessment {
  readonly classification: PositionClass;
  /** Open gain in points (signed: < 0 losing). */
  readonly gainPoints: number;
  /** Best excursion in points since entry. */
  readonly bestGainPoints: number;
  readonly actions: readonly PositionAction[];
}

const US_PER_MINUTE = 60_000_000;

function roundToTick(price: number, tick: number, dir: 'down' | 'up'): number {
  const q = price / tick;
  return (dir === 'down' ? Math.floor(q + 1e-9) : Math.ceil(q - 1e-9)) * tick;
}

/**
 * Classifies an open position and proposes its exit management. Rules, in order:
 *
 * - **flatten before the roll**: within `flattenBeforeRollHours` of the contract's roll instant → exit;
 * - **flatten before the close**: with `flattenBeforeCloseMinutes` > 0, within that of the session close → exit;
 * - **time stop**: held `timeStopBars` bars without the best excursion reaching `breakEvenAfterPoints` → exit;
 * - **break-even**: once the best excursion reaches `breakEvenAfterPoints`, the stop moves to the
 *   entry (rounded to the tick on the safe side) if it is worse;
 * - **trailing stop**: past break-even, the stop trails `trailingStopPoints` behind the best price
 *   whenever that is better than the current stop (a stop only ever tightens).
 *
 * Classification: into_roll / into_session_close when an exit rule fires, near_target / near_stop
 * within `nearFraction` of the stop-to-target range, running_winner past break-even, losing below
 * the entry, stalled after `stalledBars` within ±1 point, else open. Pure.
 *
 * @example
 * ```ts
 * import { assessPosition, DEFAULT_POSITION_INTELLIGENCE_PARAMS } from '@minhos/engine';
 * const a = assessPosition({ quantity: 1, avgPrice: 100, price: 104, bestPrice: 105, barsHeld: 3, now: 0, stopPrice: 96, tickSize: 0.25 }, DEFAULT_POSITION_INTELLIGENCE_PARAMS);
 * a.actions[0]; // { kind: 'move_stop', stopPrice: 101, rule: 'trailing', … }
 * ```
 */
export function assessPosition(p: PositionView, params: PositionIntelligenceParams): PositionAssessment {
  const side = Math.sign(p.quantity);
  const gain = side * (p.price - p.avgPrice);
  const best = Math.max(gain, side * (p.bestPrice - p.avgPrice));
  const actions: PositionAction[] = [];
  let classification: PositionClass | undefined;
  if (p.rollAt !== undefined && p.rollAt - p.now <= params.flattenBeforeRollHours * 60 * US_PER_MINUTE) {
    actions.push({
      kind: 'exit',
      rule: 'roll',
      reason: `roll at ${new Date(p.rollAt / 1000).toISOString()} is within ${params.flattenBeforeRollHours} h: flatten`,
    });
    classification = 'into_roll';
  } else if (
    params.flattenBeforeCloseMinutes > 0 &&
    p.sessionCloseAt !== undefined &&
    p.sessionCloseAt - p.now >= 0 &&
    p.sessionCloseAt - p.now <= params.flattenBeforeCloseMinutes * US_PER_MINUTE
  ) {
    actions.push({
      kind: 'exit',
      rule: 'session_close',
      reason: `session closes in ${((p.sessionCloseAt - p.now) / US_PER_MINUTE).toFixed(0)} min ≤ ${params.flattenBeforeCloseMinutes}: flatten`,
    });
    classification = 'into_session_close';
  } else if (
    params.timeStopBars > 0 &&
    p.barsHeld >= params.timeStopBars &&
    best < params.breakEvenAfterPoints
  ) {
    actions.push({
      kind: 'exit',
      rule: 'time_stop',
      reason: `held ${p.barsHeld} bars ≥ ${params.timeStopBars} and best gain ${best.toFixed(2)} < ${params.breakEvenAfterPoints} points: time stop`,
    });
    classification = 'stalled';
  } else if (best >= params.breakEvenAfterPoints) {
    const tick = p.tickSize;
    const be = side > 0 ? roundToTick(p.avgPrice, tick, 'up') : roundToTick(p.avgPrice, tick, 'down');
    const bestPrice = p.avgPrice + side * best;
    const trail =
      side > 0
        ? roundToTick(bestPrice - params.trailingStopPoints, tick, 'down')
        : roundToTick(bestPrice + params.trailingStopPoints, tick, 'up');
    // The tighter of break-even and trailing, never past the current price.
    let stop = side > 0 ? Math.max(be, trail) : Math.min(be, trail);
    if (side > 0) stop = Math.min(stop, roundToTick(p.price - tick, tick, 'down'));
    else stop = Math.max(stop, roundToTick(p.price + tick, tick, 'up'));
    const better =
      p.stopPrice === undefined || (side > 0 ? stop > p.stopPrice + 1e-9 : stop < p.stopPrice - 1e-9);
    if (better) {
      const rule = Math.abs(stop - be) < 1e-9 ? 'break_even' : 'trailing';
      actions.push({
        kind: 'move_stop',
        stopPrice: stop,
        rule,
        reason:
          rule === 'break_even'
            ? `best gain ${best.toFixed(2)} ≥ ${params.breakEvenAfterPoints} points: stop to break-even ${stop}`
            : `trail ${params.trailingStopPoints} points behind the best price ${bestPrice}: stop ${stop}`,
      });
    }
  }
  if (classification === undefined) {
    if (p.stopPrice !== undefined && p.targetPrice !== undefined) {
      const range = Math.abs(p.targetPrice - p.stopPrice);
      if (Math.abs(p.targetPrice - p.price) <= params.nearFraction * range) classification = 'near_target';
      else if (Math.abs(p.price - p.stopPrice) <= params.nearFraction * range) classification = 'near_stop';
    }
  }
  classification ??=
    best >= params.breakEvenAfterPoints && gain > 0
      ? 'running_winner'
      : p.barsHeld >= params.stalledBars && Math.abs(gain) <= 1
        ? 'stalled'
        : gain < 0
          ? 'losing'
          : 'open';
  return { classification, gainPoints: gain, bestGainPoints: best, actions };
}
