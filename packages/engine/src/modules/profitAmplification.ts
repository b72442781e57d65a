/** Parameters of {@link amplifyPosition} (config `modules.profitAmplification`). */
export interface ProfitAmplificationParams {
  readonly minProfitPoints: number;
  readonly lockPoints: number;
  readonly minConfidence: number;
  readonly maxAdds: number;
  readonly addContracts: number;
}

/** The defaults, equal to config's `modules.profitAmplification` defaults. */
export const DEFAULT_PROFIT_AMPLIFICATION_PARAMS: ProfitAmplificationParams = Object.freeze({
  minProfitPoints: 4,
  lockPoints: 1,
  minConfidence: 0.6,
  maxAdds: 1,
  addContracts: 1,
});

/** A winning candidate as the module sees it (prices in points). */
export interface AmplificationInput {
  /** Signed contracts held (≠ 0 to add). */
  readonly quantity: number;
  readonly avgPrice: number;
  readonly price: number;
  /** The current fused signal: its direction and confidence at this bar. */
  readonly signalDirection: -1 | 0 | 1;
  readonly signalConfidence: number;
  /** Adds already made to this position. */
  readonly adds: number;
  readonly tickSize: number;
}

/** The module's answer: add or not, and where the whole position's stop must go. */
export type AmplificationDecision =
  | {
      readonly add: true;
      /** New signed target: the position plus the add (the pipeline caps it with Kelly). */
      readonly target: number;
      /** Stop for the whole position after the add, locking `lockPoints` of gain on the old average. */
      readonly lockStop: number;
      readonly reason: string;
    }
  | { readonly add: false; readonly reason: string };

/**
 * Adds to a winner only when all hold: a position is open; the fused signal still points its way
 * with confidence ≥ `minConfidence`; the open profit is ≥ `minProfitPoints`; fewer than
 * `maxAdds` adds were made; and the stop can move to lock ≥ `lockPoints` of gain on the position's
 * average while staying at least a tick from the price. The add is then an intent for the
 * decision pipeline, which caps it with Kelly sizing and sends it through the risk gate. Off by
 * default. Pure.
 *
 * @example
 * ```ts
 * import { amplifyPosition, DEFAULT_PROFIT_AMPLIFICATION_PARAMS } from '@minhos/engine';
 * amplifyPosition({ quantity: 1, avgPrice: 100, price: 105, signalDirection: 1, signalConfidence: 0.7, adds: 0, tickSize: 0.25 }, DEFAULT_PROFIT_AMPLIFICATION_PARAMS);
 * // { add: true, target: 2, lockStop: 101, … }
 * ```
 */
export function amplifyPosition(
  input: AmplificationInput,
  params: ProfitAmplificationParams,
): AmplificationDecision {
  const side = Math.sign(input.quantity);
  if (side === 0) return { add: false, reason: 'no position to add to' };
  if (input.signalDirection !== side) {
    return {
      add: false,
      reason: `the signal (${input.signalDirection}) no longer points the position's way`,
    };
  }
  if (!(input.signalConfidence >= params.minConfidence)) {
    return {
      add: false,
      reason: `signal confidence ${input.signalConfidence.toFixed(3)} < ${params.minConfidence}`,
    };
  }
  const profit = side * (input.price - input.avgPrice);
  if (!(profit >= params.minProfitPoints)) {
    return { add: false, reason: `open profit ${profit.toFixed(2)} < ${params.minProfitPoints} points` };
  }
  if (input.adds >= params.maxAdds)
    return { add: false, reason: `already added ${input.adds} of ${params.maxAdds}` };
  const lockStop = input.avgPrice + side * params.lockPoints;
  if (side * (input.price - lockStop) < input.tickSize) {
    return {
      add: false,
      reason: `a stop locking ${params.lockPoints} points would be within a tick of the price`,
    };
  }
  return {
    add: true,
    target: input.quantity + side * params.addContracts,
    lockStop,
    reason: `signal persists (${input.signalConfidence.toFixed(3)}), profit ${profit.toFixed(2)} ≥ ${params.minProfitPoints}: add ${params.addContracts}, stop to ${lockStop}`,
  };
}
