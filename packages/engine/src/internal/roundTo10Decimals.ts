/**
 * `Number(x.toFixed(10))` (rounds away binary noise such as 0.1 + 0.2), without the string when
 * `x` is already a multiple of 2⁻¹⁰ below 1e21: every price on a binary tick grid (0.25, 0.125,
 * 1/32 …) and every commission that is a multiple of such a step. Such an `x` times 10¹⁰ is an
 * integer (k/2¹⁰ · 10¹⁰ = k · 5¹⁰), so `toFixed(10)` prints it exactly and parsing gives `x` back;
 * `+ 0` turns −0 into 0 as the string round trip does. Bit-identical to the string form (tested);
 * the string form cost ~3 % of a backtest's CPU.
 * @internal
 */
export function roundTo10Decimals(x: number): number {
  if (Number.isInteger(x * 1024) && Math.abs(x) < 1e21) return x + 0;
  return Number(x.toFixed(10));
}
