/**
 * An expected outcome as a value: success with `value`, or failure with `error`.
 *
 * Use it where failure is part of normal operation (validation, parsing a user's symbol) so callers
 * must handle it; throw only for broken invariants.
 *
 * @example
 * ```ts
 * import { ok, err, type Result } from '@minhos/core';
 * function half(n: number): Result<number, string> {
 *   return n % 2 === 0 ? ok(n / 2) : err(`${n} is odd`);
 * }
 * ```
 */
export type Result<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** Wraps a success value. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Wraps a failure. */
export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
