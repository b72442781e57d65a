import type { AssetClass } from './ContractSpec.js';
import { type ParseSymbolOptions, parseSymbol } from './parseSymbol.js';

/**
 * The asset class of any symbol form `parseSymbol` understands, or `undefined` when the symbol is
 * not recognised. Use it to route instruments (futures vs index vs spot) without parsing twice.
 *
 * @example
 * ```ts
 * import { assetClassOf } from '@minhos/symbols';
 * assetClassOf('NQU25-CME'); // 'equity_index_future'
 * assetClassOf('VIX_CGI'); // 'index'
 * assetClassOf('XAUUSD'); // 'metal_spot'
 * assetClassOf('???'); // undefined
 * ```
 */
export function assetClassOf(symbol: string, options: ParseSymbolOptions = {}): AssetClass | undefined {
  const r = parseSymbol(symbol, options);
  return r.ok ? r.value.assetClass : undefined;
}
