// Test-only (imported by *.test.ts files, never by index.ts).
import { isMinhosError } from '@minhos/core';
import { expect } from 'vitest';

/** Asserts that `fn` throws a `MinhosError` with `code`; returns its message. */
export function throwsCode(fn: () => unknown, code: string): string {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(isMinhosError(caught, code), `expected ${code}, got ${String(caught)}`).toBe(true);
  return (caught as Error).message;
}
