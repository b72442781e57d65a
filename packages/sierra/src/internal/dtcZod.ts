import { z } from 'zod';
import { DtcMessageType as T } from '../dtcProtocol.js';

/* Shared zod building blocks of the DTC message schemas, and the one parse routine. */

export const int = z.number().int();
export const num = z.number();
export const str = z.string();
export const intD = (d = 0) => int.default(d);
export const numD = (d = 0) => num.default(d);
export const strD = str.default('');
// uint8 flags: Sierra sends 0/1; accept JSON booleans too, normalise to 0 | 1.
export const flag = z
  .union([z.number(), z.boolean()])
  .optional()
  .transform((v): 0 | 1 => (v === true || (typeof v === 'number' && v !== 0) ? 1 : 0));
export const flagDefault1 = z
  .union([z.number(), z.boolean()])
  .optional()
  .transform((v): 0 | 1 => (v === undefined || v === true || (typeof v === 'number' && v !== 0) ? 1 : 0));
// A flag whose absence matters (the header's default differs from what old servers mean by leaving it out).
export const flagOptional = z
  .union([z.number(), z.boolean()])
  .optional()
  .transform((v): 0 | 1 | undefined =>
    v === undefined ? undefined : v === true || (typeof v === 'number' && v !== 0) ? 1 : 0,
  );
export const type = <N extends number>(n: N) => z.literal(n);

/**
 * What the parsers make of one decoded JSON frame:
 * - `message`: a modelled message, validated;
 * - `other`: a DTC message type this package knows but does not model (session statistics, security
 *   definitions, log messages …): passed through unvalidated;
 * - `unknown`: a `Type` that is not part of DTC as known here (to be ignored and counted);
 * - `invalid`: no integer `Type`, or a modelled message whose fields we use are missing/mistyped.
 */
export type DtcParseResult<M> =
  | { readonly kind: 'message'; readonly message: M }
  | { readonly kind: 'other'; readonly type: number; readonly value: Readonly<Record<string, unknown>> }
  | { readonly kind: 'unknown'; readonly type: number }
  | { readonly kind: 'invalid'; readonly type: number | undefined; readonly error: string };

/** A message schema. */
export type AnySchema = z.ZodType<unknown, unknown>;

const knownTypes: ReadonlySet<number> = new Set(Object.values(T));

/** JSON `null` means "unset" in DTC: drop those fields so the header's defaults apply. */
function withoutNulls(v: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const k in v) {
    if (v[k] === null) {
      out ??= { ...v };
      delete out[k];
    }
  }
  return out ?? v;
}

export function parseWith<M>(schemas: Map<number, AnySchema>, value: unknown): DtcParseResult<M> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', type: undefined, error: 'frame is not a JSON object' };
  }
  const rawType = (value as { Type?: unknown }).Type;
  if (typeof rawType !== 'number' || !Number.isInteger(rawType)) {
    return {
      kind: 'invalid',
      type: undefined,
      error: `"Type" must be an integer, got ${JSON.stringify(rawType)}`,
    };
  }
  const schema = schemas.get(rawType);
  if (schema === undefined) {
    return knownTypes.has(rawType)
      ? { kind: 'other', type: rawType, value: value as Record<string, unknown> }
      : { kind: 'unknown', type: rawType };
  }
  const parsed = schema.safeParse(withoutNulls(value as Record<string, unknown>));
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    return { kind: 'invalid', type: rawType, error: `DTC message Type ${rawType}: ${issues}` };
  }
  return { kind: 'message', message: parsed.data as M };
}

/** `true` when A and B are mutually assignable, else `false` (for compile-time table checks). @internal */
export type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
