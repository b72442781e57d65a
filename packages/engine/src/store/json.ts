// JSON loses NaN and ±Infinity (an order's avgFillPrice is NaN until it fills): tag them.
const TAG = '\u0000num:';

/** JSON.stringify that keeps NaN and ±Infinity. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? `${TAG}${v}` : v,
  );
}

/** The inverse of {@link toJson}. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) =>
    typeof v === 'string' && v.startsWith(TAG) ? Number(v.slice(TAG.length)) : v,
  ) as T;
}
