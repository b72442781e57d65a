/**
 * Recursively readonly view of plain data (objects and arrays), the type of a deeply frozen value
 * such as {@link MinhosConfig}.
 *
 * @example
 * ```ts
 * import type { DeepReadonly } from '@minhos/config';
 * const limits: DeepReadonly<{ roots: string[] }> = { roots: ['ES'] };
 * // limits.roots.push('NQ'); // type error: readonly
 * ```
 */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
