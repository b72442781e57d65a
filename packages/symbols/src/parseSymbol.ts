import {
  err,
  type InstrumentId,
  instrumentId,
  MinhosError,
  ok,
  type Result,
  type TimestampUs,
} from '@minhos/core';
import type { ContractRegistry } from './ContractRegistry.js';
import type { AssetClass, ContractSpec } from './ContractSpec.js';
import { MONTH_CODES, type MonthCode, monthOfCode } from './ContractSpec.js';
import { type FuturesContract, futuresContract } from './FuturesContract.js';
import { type IsoDate, parseIsoDate } from './IsoDate.js';
import { defaultRegistry } from './internal/defaultRegistry.js';

/**
 * The symbol styles understood: Sierra Chart `NQZ25-CME` (`sierra`), Sierra's exchange-feed form
 * `NQZ25_FUT_CME` (`sierra_fut`), our {@link InstrumentId} `NQZ25.CME` (`instrument`), and the
 * bare contract code `NQZ25` / root `NQ` (`code`).
 */
export type SymbolStyle = 'sierra' | 'sierra_fut' | 'instrument' | 'code';

/** A parsed symbol: the product spec and, for a dated futures symbol, the contract. */
export interface ParsedSymbol {
  readonly spec: ContractSpec;
  readonly root: string;
  readonly assetClass: AssetClass;
  /** The dated contract (`undefined` for a cash index, spot, or a root-only continuous id). */
  readonly contract?: FuturesContract;
  /** Our id: `'NQZ25.CME'`, `'ES.CME'` (continuous root), `'VIX.CBOE'`, `'EURUSD.FX'`. */
  readonly id: InstrumentId;
  /** The style the input was written in. */
  readonly style: SymbolStyle;
}

/** Options of {@link parseSymbol}. */
export interface ParseSymbolOptions {
  /** Products to recognise. Default: the built-in specs ({@link contractRegistry}). */
  readonly registry?: ContractRegistry;
  /**
   * The date the symbol is read at, used to resolve years: a single-digit year (`NQZ5`) resolves
   * to the nearest year ending in that digit (ties go forward); a two-digit year to the nearest
   * century (default without a reference: 20yy). Required for single-digit years.
   */
  readonly reference?: TimestampUs | IsoDate;
}

const MONTHS = MONTH_CODES.join('');
const DATED = new RegExp(`^([A-Z0-9]+?)([${MONTHS}])(\\d{1,2})(?:(-|_FUT_|\\.)([A-Z][A-Z0-9]*))?$`);
const ROOT_ONLY = /^([A-Z0-9]+)(?:\.([A-Z][A-Z0-9]*))?$/;

/**
 * Parses a Sierra Chart symbol (`NQZ25-CME`, `ESZ25_FUT_CME`, `VIX_CGI`, `EURUSD`), one of our
 * instrument ids (`NQZ25.CME`, `ES.CME`, `VIX.CBOE`) or a bare code (`NQZ25`, `NQZ5`, `ES`).
 * Input is trimmed and upper-cased.
 *
 * A bad symbol is an expected outcome, returned as an error value (`SYMBOL_INVALID`,
 * `SYMBOL_UNKNOWN_ROOT`, `SYMBOL_WRONG_EXCHANGE`, `SYMBOL_MONTH_NOT_LISTED`,
 * `SYMBOL_YEAR_AMBIGUOUS`) whose message names the symbol and what was expected.
 *
 * @example
 * ```ts
 * import { parseSymbol } from '@minhos/symbols';
 * const r = parseSymbol('NQZ25-CME');
 * if (r.ok) r.value.id; // 'NQZ25.CME'
 * const five = parseSymbol('NQZ5', { reference: '2025-07-25' }); // NQ Dec 2025
 * parseSymbol('ESF25-CME'); // { ok: false, error: SYMBOL_MONTH_NOT_LISTED … }
 * ```
 */
export function parseSymbol(
  text: string,
  options: ParseSymbolOptions = {},
): Result<ParsedSymbol, MinhosError> {
  const registry = options.registry ?? defaultRegistry();
  const sym = String(text).trim().toUpperCase();
  const fail = (code: string, why: string, details: Record<string, unknown> = {}) =>
    err(new MinhosError(code, `symbol "${text}": ${why}`, { details: { symbol: text, ...details } }));
  if (sym.length === 0) return fail('SYMBOL_INVALID', 'is empty');

  for (const spec of registry.list()) {
    if (spec.kind !== 'future' && spec.sierraSymbol === sym) {
      return ok(nonExpiring(spec, 'sierra'));
    }
  }

  const dated = DATED.exec(sym);
  if (dated !== null) {
    const [, root = '', code = '', yearText = '', sep = '', exchange = ''] = dated;
    const spec = registry.find(root);
    if (spec === undefined) {
      return fail('SYMBOL_UNKNOWN_ROOT', `unknown root "${root}" (known: ${registry.roots().join(', ')})`, {
        root,
      });
    }
    const style: SymbolStyle =
      sep === '' ? 'code' : sep === '.' ? 'instrument' : sep === '-' ? 'sierra' : 'sierra_fut';
    if (spec.kind !== 'future') {
      return fail(
        'SYMBOL_INVALID',
        `${root} is a ${spec.assetClass} and has no contract months (use "${spec.sierraSymbol}" or "${root}.${spec.exchange}")`,
      );
    }
    if (exchange !== '' && exchange !== spec.exchange) {
      return fail('SYMBOL_WRONG_EXCHANGE', `${root} trades on ${spec.exchange}, not ${exchange}`, {
        exchange,
      });
    }
    const listed = spec.listedMonths ?? spec.months;
    if (!listed.includes(code as MonthCode)) {
      return fail(
        'SYMBOL_MONTH_NOT_LISTED',
        `month ${code} is not listed for ${root} (listed: ${listed.join(' ')})`,
        {
          month: code,
        },
      );
    }
    const year = resolveYear(yearText, options.reference);
    if (!year.ok) return fail('SYMBOL_YEAR_AMBIGUOUS', year.error);
    const contract = futuresContract(spec, year.value, monthOfCode(code) as number);
    return ok(Object.freeze({ spec, root, assetClass: spec.assetClass, contract, id: contract.id, style }));
  }

  const rootOnly = ROOT_ONLY.exec(sym);
  if (rootOnly !== null) {
    const [, root = '', exchange = ''] = rootOnly;
    const spec = registry.find(root);
    if (spec === undefined) {
      return fail('SYMBOL_UNKNOWN_ROOT', `unknown root "${root}" (known: ${registry.roots().join(', ')})`, {
        root,
      });
    }
    if (exchange !== '' && exchange !== spec.exchange) {
      return fail('SYMBOL_WRONG_EXCHANGE', `${root} trades on ${spec.exchange}, not ${exchange}`, {
        exchange,
      });
    }
    return ok(nonExpiring(spec, exchange === '' ? 'code' : 'instrument'));
  }

  return fail(
    'SYMBOL_INVALID',
    'is not a known symbol form (expected e.g. "NQZ25-CME", "NQZ25_FUT_CME", "NQZ25.CME", "NQZ25", "VIX_CGI" or "EURUSD")',
  );
}

/**
 * {@link parseSymbol} for callers that treat a bad symbol as a bug (configuration already
 * validated, literals in code).
 *
 * @throws {@link @minhos/core!MinhosError} with the same codes as {@link parseSymbol}'s errors.
 * @example
 * ```ts
 * import { parseSymbolOrThrow } from '@minhos/symbols';
 * parseSymbolOrThrow('ESZ25_FUT_CME').contract?.code; // 'ESZ25'
 * ```
 */
export function parseSymbolOrThrow(text: string, options: ParseSymbolOptions = {}): ParsedSymbol {
  const r = parseSymbol(text, options);
  if (!r.ok) throw r.error;
  return r.value;
}

function nonExpiring(spec: ContractSpec, style: SymbolStyle): ParsedSymbol {
  return Object.freeze({
    spec,
    root: spec.root,
    assetClass: spec.assetClass,
    id: instrumentId(`${spec.root}.${spec.exchange}`),
    style,
  });
}

function referenceYear(reference: TimestampUs | IsoDate): number {
  if (typeof reference === 'string') return Number(parseIsoDate(reference).slice(0, 4));
  return new Date(Math.floor(reference / 1000)).getUTCFullYear();
}

function resolveYear(digits: string, reference: TimestampUs | IsoDate | undefined): Result<number, string> {
  const n = Number(digits);
  if (digits.length === 2) {
    if (reference === undefined) return ok(2000 + n);
    const ref = referenceYear(reference);
    const base = Math.floor(ref / 100) * 100 + n;
    const candidates = [base - 100, base, base + 100];
    return ok(nearest(candidates, ref));
  }
  if (reference === undefined) {
    return err(`single-digit year "${digits}" needs a reference date (options.reference) to pick the decade`);
  }
  const ref = referenceYear(reference);
  const base = Math.floor(ref / 10) * 10 + n;
  return ok(nearest([base - 10, base, base + 10], ref));
}

function nearest(candidates: number[], ref: number): number {
  let best = candidates[0] as number;
  for (const c of candidates) {
    const d = Math.abs(c - ref);
    const bd = Math.abs(best - ref);
    if (d < bd || (d === bd && c > best)) best = c;
  }
  return best;
}
