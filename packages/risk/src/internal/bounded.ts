import type { RiskCheckVerdict } from '../RiskCheck.js';
import { fmt } from './format.js';

/** `1,234.5 USD`. */
export const usd = (x: number): string => `${fmt(x)} USD`;
/** `12.5 %`. */
export const pct = (x: number): string => `${fmt(x * 100, 3)} %`;

/**
 * The common "inclusive maximum with a warning zone" rule: `value > limit` denies,
 * `value > warnFraction × limit` warns, else passes.
 */
export function bounded(
  value: number,
  limit: number,
  warnFraction: number,
  codes: { readonly ok: string; readonly warn: string; readonly deny: string },
  describe: (value: number, limit: number) => string,
): RiskCheckVerdict {
  const message = describe(value, limit);
  // Fail closed: a measurement that cannot be computed (NaN from bad inputs) must not pass.
  if (Number.isNaN(value))
    return { outcome: 'deny', code: codes.deny, message: `cannot be computed: ${message}`, value, limit };
  if (value > limit) return { outcome: 'deny', code: codes.deny, message, value, limit };
  if (value > warnFraction * limit) return { outcome: 'warn', code: codes.warn, message, value, limit };
  return { outcome: 'pass', code: codes.ok, message, value, limit };
}

/** A passing verdict without numbers. */
export const pass = (code: string, message: string): RiskCheckVerdict => ({ outcome: 'pass', code, message });
