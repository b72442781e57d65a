/** A Sierra Chart symbol as its DTC server names it: letters, digits and `.-_/#`, 1–40 characters. */
const SYMBOL = /^[A-Za-z0-9][A-Za-z0-9._/#-]{0,39}$/;

/**
 * Parses the value of `minhos serve --dtc-symbols`: a comma-separated list of non-CME symbols as
 * Sierra Chart names them (`VXZ25-CFE,6EZ25-CME`). Spaces around commas are ignored; duplicates
 * are kept once, in first-seen order.
 *
 * @returns the symbols, or a message saying what to fix (empty list, empty entry, bad symbol).
 */
export function parseDtcSymbols(value: string): readonly string[] | string {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.every((p) => p === '')) return '--dtc-symbols needs at least one symbol, e.g. VXZ25-CFE';
  const out: string[] = [];
  for (const p of parts) {
    if (p === '') return `--dtc-symbols has an empty entry in "${value}" (a stray comma?)`;
    if (!SYMBOL.test(p))
      return `--dtc-symbols: "${p}" is not a Sierra Chart symbol (letters, digits and . - _ / #, e.g. VXZ25-CFE)`;
    if (!out.includes(p)) out.push(p);
  }
  return out;
}
