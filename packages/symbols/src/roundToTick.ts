import { MinhosError } from '@minhos/core';
import type { ContractSpec } from './ContractSpec.js';

/** How {@link roundToTick} rounds: to the nearest tick, or always down / up. */
export type TickRounding = 'nearest' | 'down' | 'up';

function decimals(x: number): number {
  const s = String(x);
  const e = s.indexOf('e-');
  if (e >= 0) return Number(s.slice(e + 2)) + (s.indexOf('.') >= 0 ? e - s.indexOf('.') - 1 : 0);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/**
 * Rounds a price (in points) to the product's tick grid, without binary floating-point residue
 * (`roundToTick(GC, 2000.07)` is `2000.1`, not `2000.1000000000001`).
 *
 * @throws {@link @minhos/core!MinhosError} `INVALID_PRICE` for a non-finite price.
 * @example
 * ```ts
 * import { ES, roundToTick } from '@minhos/symbols';
 * roundToTick(ES, 5012.13); // 5012.25
 * roundToTick(ES, 5012.13, 'down'); // 5012
 * ```
 */
export function roundToTick(spec: ContractSpec, price: number, mode: TickRounding = 'nearest'): number {
  if (!Number.isFinite(price)) {
    throw new MinhosError('INVALID_PRICE', `${spec.root}: price must be a finite number, got ${price}`, {
      details: { root: spec.root, price },
    });
  }
  const tick = spec.tickSize;
  // A relative epsilon keeps prices already on the grid (5012.25 / 0.25) from moving under floor/ceil.
  const q = price / tick;
  const n = mode === 'nearest' ? Math.round(q) : mode === 'down' ? Math.floor(q + 1e-9) : Math.ceil(q - 1e-9);
  return Number((n * tick).toFixed(decimals(tick)));
}

/**
 * Money value of one tick for one contract (`tickSize × pointValue`, in the spec's currency).
 *
 * @example
 * ```ts
 * import { ES, NQ, tickValue } from '@minhos/symbols';
 * tickValue(ES); // 12.5 (USD)
 * tickValue(NQ); // 5
 * ```
 */
export function tickValue(spec: ContractSpec): number {
  return Number((spec.tickSize * spec.pointValue).toFixed(10));
}
