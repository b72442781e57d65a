import { type InstrumentId, instrumentId, MinhosError } from '@minhos/core';
import type { ContractSpec } from './ContractSpec.js';
import type { ContractMonth } from './FuturesContract.js';
import { futuresContract } from './FuturesContract.js';
import type { SymbolStyle } from './parseSymbol.js';

/**
 * Formats a product (and, for futures, a contract month) as a symbol: Sierra Chart (`sierra`,
 * from the spec's template: `NQZ25-CME`, `VIX_CGI`), Sierra's `_FUT_` form (`sierra_fut`:
 * `NQZ25_FUT_CME`), our instrument id (`instrument`: `NQZ25.CME`) or the bare code (`code`: `NQZ25`). A future without a
 * contract month formats as its continuous root id (`ES.CME`, `instrument` style only).
 *
 * @throws {@link @minhos/core!MinhosError} `SYMBOL_FORMAT_INVALID` when the combination has no symbol (a
 * dated non-expiring instrument, a Sierra symbol for a continuous root).
 * @example
 * ```ts
 * import { NQ, VIX, formatSymbol } from '@minhos/symbols';
 * formatSymbol(NQ, { year: 2025, month: 12 }); // 'NQZ25-CME'
 * formatSymbol(NQ, { year: 2025, month: 12 }, 'instrument'); // 'NQZ25.CME'
 * formatSymbol(VIX); // 'VIX_CGI'
 * ```
 */
export function formatSymbol(
  spec: ContractSpec,
  contract?: ContractMonth,
  style: SymbolStyle = 'sierra',
): string {
  const bad = (why: string): never => {
    throw new MinhosError('SYMBOL_FORMAT_INVALID', `${spec.root}: ${why}`, {
      details: { root: spec.root, style },
    });
  };
  if (spec.kind !== 'future') {
    if (contract !== undefined) bad(`a ${spec.assetClass} has no contract months`);
    if (style === 'code') return spec.root;
    return style === 'instrument' ? `${spec.root}.${spec.exchange}` : spec.sierraSymbol;
  }
  if (contract === undefined) {
    if (style === 'code') return spec.root;
    if (style !== 'instrument')
      bad('a Sierra symbol needs a contract month (continuous roots exist only as ids)');
    return `${spec.root}.${spec.exchange}`;
  }
  const c = futuresContract(spec, contract.year, contract.month);
  if (style === 'instrument') return c.id;
  if (style === 'sierra_fut') return `${c.code}_FUT_${spec.exchange}`;
  if (style === 'code') return c.code;
  const yyyy = String(c.year).padStart(4, '0');
  return spec.sierraSymbol
    .replaceAll('{root}', spec.root)
    .replaceAll('{month}', c.monthCode)
    .replaceAll('{yyyy}', yyyy)
    .replaceAll('{yy}', yyyy.slice(2))
    .replaceAll('{y}', yyyy.slice(3));
}

/**
 * Our instrument id of a spec + optional contract month (`NQZ25.CME`, `ES.CME`, `VIX.CBOE`).
 *
 * @example
 * ```ts
 * import { ES, toInstrumentId } from '@minhos/symbols';
 * toInstrumentId(ES, { year: 2025, month: 12 }); // 'ESZ25.CME'
 * ```
 */
export function toInstrumentId(spec: ContractSpec, contract?: ContractMonth): InstrumentId {
  return instrumentId(formatSymbol(spec, contract, 'instrument'));
}
