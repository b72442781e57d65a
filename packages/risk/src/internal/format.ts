/**
 * Number formatting for check messages: thousands separators, at most `digits` decimals, trailing
 * zeros dropped. Hand-written because `toLocaleString` costs ~10 µs a call and the gate formats a
 * dozen numbers per order.
 */
export function fmt(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  const fixed = Number.isInteger(x)
    ? String(Math.abs(x))
    : Math.abs(x)
        .toFixed(digits)
        .replace(/\.?0+$/, '');
  const [int = '', frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${x < 0 && fixed !== '0' ? '-' : ''}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}
