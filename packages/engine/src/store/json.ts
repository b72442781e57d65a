/**
 * JSON for stored rows. Plain `JSON.stringify` (a replacer costs a call per key on the hot path);
 * it writes NaN as `null`, so readers restore the numeric fields that are NaN by design: an order's
 * `avgFillPrice` until it fills and a position's `avgPrice` when flat.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Parses a stored row. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** `null` (a stored NaN) back to NaN. */
export function nan(value: number | null | undefined): number {
  return value === null || value === undefined ? Number.NaN : value;
}
