import type { DeepReadonly } from '../DeepReadonly.js';

/** Freezes `value` and every object/array reachable from it; returns the same reference. */
export function deepFreeze<T>(value: T, seen: WeakSet<object> = new WeakSet()): DeepReadonly<T> {
  if (typeof value === 'object' && value !== null && !seen.has(value)) {
    seen.add(value);
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child, seen);
  }
  return value as DeepReadonly<T>;
}
