import { MinhosError } from '@minhos/core';

/** A deterministic source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * xoshiro128** pseudo-random generator (Blackman & Vigna), seeded from a 32-bit integer through
 * SplitMix32 so that nearby seeds give unrelated streams.
 *
 * Use it wherever this package needs randomness (Monte Carlo validation, simulated trade
 * sequences): the same seed always gives the same sequence on every platform, so results are
 * reproducible and tests are deterministic. 2¹²⁸ − 1 period; not for cryptography.
 *
 * @param seed - any integer (taken modulo 2³²).
 * @returns a function returning uniforms in [0, 1) with 32 bits of resolution.
 * @throws {@link @minhos/core!MinhosError} `KELLY_INVALID_INPUT` if the seed is not an integer.
 * @example
 * ```ts
 * import { seededRandom } from '@minhos/kelly';
 * const rnd = seededRandom(42);
 * rnd(); // same value on every run
 * ```
 */
export function seededRandom(seed: number): RandomSource {
  if (!Number.isInteger(seed)) {
    throw new MinhosError('KELLY_INVALID_INPUT', `seededRandom: seed must be an integer, got ${seed}`);
  }
  let x = seed >>> 0;
  const splitmix32 = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const next = xoshiro128ss([splitmix32(), splitmix32(), splitmix32(), splitmix32()]);
  return () => next() / 4294967296;
}

/**
 * @internal Raw xoshiro128** over an explicit 128-bit state (four uint32 words, not all zero).
 * Returns uint32 outputs; exposed for the reference-vector test.
 */
export function xoshiro128ss(state: readonly [number, number, number, number]): () => number {
  let s0 = state[0] >>> 0;
  let s1 = state[1] >>> 0;
  let s2 = state[2] >>> 0;
  let s3 = state[3] >>> 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  return () => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
