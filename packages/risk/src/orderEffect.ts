import { type Side, sideSign } from '@minhos/core';

/** How an order changes the position in its instrument (signed contracts). */
export interface OrderEffect {
  /** Signed position before the order, contracts. */
  readonly before: number;
  /** Signed position if the order fills completely, contracts. */
  readonly after: number;
  /**
   * The order only shrinks |position| and does not flip it: `|after| < |before|` and `after` has
   * the same sign as `before` or is 0. Reducing orders are let through the exposure and loss
   * checks and through REDUCE_ONLY / FLATTEN.
   */
  readonly reducing: boolean;
  /** The order crosses through zero to the other side. */
  readonly flips: boolean;
}

/**
 * The effect of filling `quantity` contracts on `side` against a signed `position`.
 *
 * @example
 * ```ts
 * import { orderEffect } from '@minhos/risk';
 * orderEffect(3, 'SELL', 2); // { before: 3, after: 1, reducing: true, flips: false }
 * orderEffect(3, 'SELL', 5); // { before: 3, after: -2, reducing: false, flips: true }
 * ```
 */
export function orderEffect(position: number, side: Side, quantity: number): OrderEffect {
  const after = position + sideSign(side) * quantity;
  const flips = (position > 0 && after < 0) || (position < 0 && after > 0);
  const reducing = !flips && Math.abs(after) < Math.abs(position);
  return { before: position, after, reducing, flips };
}
