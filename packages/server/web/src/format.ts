/** A number with fixed decimals, or an em dash for missing values. */
export function num(value: unknown, digits = 2): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—';
}

/** Money in the account currency, signed, two decimals. */
export function money(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  const sign = value < 0 ? '−' : '';
  return `${sign}$${Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A ratio 0..1 as a percentage. */
export function pct(value: unknown, digits = 1): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(digits)}%` : '—';
}

/** The HH:MM:SS (UTC) part of an ISO time. */
export function clock(iso: unknown): string {
  return typeof iso === 'string' && iso.length >= 19 ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : '—';
}

/** The colour class of a 0..1 quality score: green ≥ 0.75, orange ≥ 0.5, red below. */
export function qualityClass(score: number): 'good' | 'fair' | 'poor' {
  return score >= 0.75 ? 'good' : score >= 0.5 ? 'fair' : 'poor';
}

/** CSS class for the sign of a P&L figure. */
export function signClass(value: unknown): string {
  return typeof value === 'number' && value < 0 ? 'neg' : typeof value === 'number' && value > 0 ? 'pos' : '';
}

/** An audit-trail entry's detail in words: `from → to: reason (actor)`, or its text. */
export function auditText(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (detail === null || typeof detail !== 'object') return String(detail ?? '');
  const d = detail as Record<string, unknown>;
  const move = d.from !== undefined && d.to !== undefined ? `${String(d.from)} → ${String(d.to)}` : '';
  const reason = typeof d.reason === 'string' ? d.reason : typeof d.message === 'string' ? d.message : '';
  const actor = typeof d.actor === 'string' ? ` (${d.actor})` : '';
  const text = [move, reason].filter((x) => x !== '').join(': ');
  return text === '' ? JSON.stringify(detail) : `${text}${actor}`;
}
