import { MinhosError } from './MinhosError.js';

/** ISO-4217 currency code, upper case (`USD`, `EUR`). */
export type Currency = string;

/** An amount of money with its currency. Amounts are plain numbers in the currency's unit (dollars, not cents). */
export interface Money {
  readonly amount: number;
  readonly currency: Currency;
}

/**
 * Builds a {@link Money} value.
 * @throws {@link MinhosError} `INVALID_MONEY` for a non-finite amount or a currency that is not three upper-case letters.
 * @example
 * ```ts
 * import { money } from '@minhos/core';
 * const fee = money(2.25, 'USD');
 * ```
 */
export function money(amount: number, currency: Currency = 'USD'): Money {
  if (!Number.isFinite(amount)) {
    throw new MinhosError('INVALID_MONEY', `money amount must be finite, got ${amount}`);
  }
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new MinhosError('INVALID_MONEY', `currency must be an ISO-4217 code like "USD", got "${currency}"`);
  }
  return { amount, currency };
}

/**
 * Adds amounts of the same currency.
 * @throws {@link MinhosError} `CURRENCY_MISMATCH` when currencies differ (convert first).
 */
export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) {
    throw new MinhosError(
      'CURRENCY_MISMATCH',
      `cannot add ${b.currency} to ${a.currency} without a conversion rate`,
    );
  }
  return { amount: a.amount + b.amount, currency: a.currency };
}
