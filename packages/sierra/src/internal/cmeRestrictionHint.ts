/** CME Group exchanges whose data Sierra Chart's DTC server does not relay. */
const CME_EXCHANGES = new Set(['CME', 'CBOT', 'NYMEX', 'COMEX', 'CME_MINI', 'CBOT_MINI', 'GLOBEX']);

/**
 * When a market data / historical reject is most likely Sierra Chart's CME restriction, the sentence
 * that tells the user what to do instead; otherwise `undefined`. Pure.
 */
export function cmeRestrictionHint(symbol: string, exchange: string, rejectText: string): string | undefined {
  const sym = symbol.toUpperCase();
  const ex = exchange.toUpperCase();
  const cmeSymbol =
    CME_EXCHANGES.has(ex) ||
    [...CME_EXCHANGES].some((e) => sym.endsWith(`-${e}`) || sym.endsWith(`_${e}`) || sym.endsWith(`.${e}`));
  const text = rejectText.toUpperCase();
  const refusal = [
    'NOT ALLOWED',
    'NOT PERMITTED',
    'RESTRICT',
    'LICENS',
    'NOT AVAILABLE',
    'NOT SUPPORTED',
    'CANNOT BE',
  ].some((w) => text.includes(w));
  // A refusal of a CME symbol, or a reject that names CME — but not an unknown symbol or a typo.
  if (['UNKNOWN', 'NOT FOUND', 'INVALID SYMBOL', 'NO SUCH'].some((w) => text.includes(w))) return undefined;
  if (!((cmeSymbol || text.includes('CME')) && (refusal || text.includes('CME')))) return undefined;
  return (
    "Sierra Chart's DTC server does not provide CME Group real-time or historical data to other programs (exchange licensing); " +
    'for ES/NQ follow the .scid file Sierra writes (ScidTail / dtcScidSource) and use DTC for orders only'
  );
}
