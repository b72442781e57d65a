import { type InstrumentId, instrumentId, MinhosError } from '@minhos/core';
import type { FuturesSpec, MonthCode } from './ContractSpec.js';
import { MONTH_CODES, monthCode } from './ContractSpec.js';

/** A contract month: year (4 digits) and month 1–12. */
export interface ContractMonth {
  readonly year: number;
  readonly month: number;
}

/**
 * One futures contract of a product, e.g. ES December 2025: code `ESZ25`, id `ESZ25.CME`.
 */
export interface FuturesContract extends ContractMonth {
  readonly root: string;
  readonly monthCode: MonthCode;
  /** Root + month code + 2-digit year: `'ESZ25'`. */
  readonly code: string;
  /** Our instrument id: `'ESZ25.CME'`. */
  readonly id: InstrumentId;
}

/**
 * The contract of `spec` for a year and month (1–12).
 *
 * @throws {@link @minhos/core!MinhosError} `CONTRACT_MONTH_NOT_LISTED` when the month is not a listed month of
 * the product (ES in January), `INVALID_MONTH` for a month outside 1..12.
 * @example
 * ```ts
 * import { ES, futuresContract } from '@minhos/symbols';
 * futuresContract(ES, 2025, 12).id; // 'ESZ25.CME'
 * ```
 */
export function futuresContract(spec: FuturesSpec, year: number, month: number): FuturesContract {
  const mc = monthCode(month);
  const listed = spec.listedMonths ?? spec.months;
  if (!listed.includes(mc)) {
    throw new MinhosError(
      'CONTRACT_MONTH_NOT_LISTED',
      `${spec.root}: month ${mc} (${month}) is not listed (listed: ${listed.join(' ')})`,
      { details: { root: spec.root, month } },
    );
  }
  if (!(Number.isInteger(year) && year >= 1900 && year <= 9999)) {
    throw new MinhosError('INVALID_YEAR', `${spec.root}: contract year ${year} is not a 4-digit year`, {
      details: { root: spec.root, year },
    });
  }
  const code = `${spec.root}${mc}${String(year % 100).padStart(2, '0')}`;
  return Object.freeze({
    root: spec.root,
    year,
    month,
    monthCode: mc,
    code,
    id: instrumentId(`${code}.${spec.exchange}`),
  });
}

/**
 * The next contract in the product's roll cycle (`months`) after `contract`.
 *
 * @example
 * ```ts
 * import { ES, futuresContract, nextContract } from '@minhos/symbols';
 * nextContract(ES, futuresContract(ES, 2025, 12)).code; // 'ESH26'
 * ```
 */
export function nextContract(spec: FuturesSpec, contract: ContractMonth): FuturesContract {
  for (let k = 1; k <= 12; k++) {
    const m = ((contract.month - 1 + k) % 12) + 1;
    const y = contract.year + Math.floor((contract.month - 1 + k) / 12);
    if (spec.months.includes(MONTH_CODES[m - 1] as MonthCode)) return futuresContract(spec, y, m);
  }
  /* c8 ignore next */
  throw new MinhosError('CONTRACT_SPEC_INVALID', `${spec.root}: no roll months`);
}

/**
 * The first contract in the roll cycle whose month is on or after `year`/`month`.
 *
 * @example
 * ```ts
 * import { ES, firstContractFrom } from '@minhos/symbols';
 * firstContractFrom(ES, 2025, 7).code; // 'ESU25'
 * ```
 */
export function firstContractFrom(spec: FuturesSpec, year: number, month: number): FuturesContract {
  return nextContract(spec, month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 });
}

/** The contract code (`ESZ25`) of a contract month; the key of `spec.overrides`. */
export function contractCode(spec: FuturesSpec, contract: ContractMonth): string {
  return `${spec.root}${monthCode(contract.month)}${String(contract.year % 100).padStart(2, '0')}`;
}
