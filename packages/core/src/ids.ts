import { MinhosError } from './MinhosError.js';

declare const brand: unique symbol;
/** A nominal type: `string & Brand<'X'>` cannot be mixed up with another id or a plain string. */
export type Brand<B extends string> = { readonly [brand]: B };

/**
 * A tradeable instrument, `SYMBOL.VENUE`: `ESZ25.CME` for a futures contract, `ES.CME` for a
 * continuous/root series, `EURUSD.FX` for spot, `VIX.CBOE` for an index.
 * Use `@minhos/symbols` to convert from/to Sierra Chart's `ESZ25-CME`.
 */
export type InstrumentId = string & Brand<'InstrumentId'>;
/** The venue/broker-assigned id of an order. */
export type OrderId = string & Brand<'OrderId'>;
/** Our own order id, unique per order; resubmitting the same one is idempotent. */
export type ClientOrderId = string & Brand<'ClientOrderId'>;
/** A trading account id. */
export type AccountId = string & Brand<'AccountId'>;

const INSTRUMENT_ID = /^[A-Z0-9][A-Z0-9_]*\.[A-Z][A-Z0-9]*$/;

/**
 * Validates and brands an instrument id.
 *
 * @throws {@link MinhosError} `INVALID_INSTRUMENT_ID` when `value` is not `SYMBOL.VENUE` in upper case.
 * @example
 * ```ts
 * import { instrumentId } from '@minhos/core';
 * const es = instrumentId('ESZ25.CME');
 * ```
 */
export function instrumentId(value: string): InstrumentId {
  if (!INSTRUMENT_ID.test(value)) {
    throw new MinhosError(
      'INVALID_INSTRUMENT_ID',
      `instrument id "${value}" is not SYMBOL.VENUE in upper case (e.g. "ESZ25.CME")`,
      { details: { value } },
    );
  }
  return value as InstrumentId;
}

/** Whether `value` is a well-formed {@link InstrumentId}. */
export function isInstrumentId(value: string): value is InstrumentId {
  return INSTRUMENT_ID.test(value);
}

/** Splits an instrument id into its symbol and venue: `ESZ25.CME` → `{ symbol: 'ESZ25', venue: 'CME' }`. */
export function splitInstrumentId(id: InstrumentId): { symbol: string; venue: string } {
  const dot = id.lastIndexOf('.');
  return { symbol: id.slice(0, dot), venue: id.slice(dot + 1) };
}

function nonEmpty(kind: string, value: string): void {
  if (value.length === 0 || value.length > 64 || /\s/.test(value)) {
    throw new MinhosError('INVALID_ID', `${kind} "${value}" must be 1..64 characters without whitespace`, {
      details: { kind, value },
    });
  }
}

/** Brands a venue order id. @throws {@link MinhosError} `INVALID_ID` when empty, too long or with whitespace. */
export function orderId(value: string): OrderId {
  nonEmpty('order id', value);
  return value as OrderId;
}

/** Brands a client order id. @throws {@link MinhosError} `INVALID_ID` when empty, too long or with whitespace. */
export function clientOrderId(value: string): ClientOrderId {
  nonEmpty('client order id', value);
  return value as ClientOrderId;
}

/** Brands an account id. @throws {@link MinhosError} `INVALID_ID` when empty, too long or with whitespace. */
export function accountId(value: string): AccountId {
  nonEmpty('account id', value);
  return value as AccountId;
}
