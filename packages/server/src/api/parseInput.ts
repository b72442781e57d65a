import type { z } from 'zod';
import { ApiError } from './ApiError.js';

/**
 * Validates one part of a request (`body`, `query` or `params`) with a zod schema: the parsed
 * value, or an {@link ApiError} 400 `INVALID_<PART>` listing every issue with its path.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: 'body' | 'query' | 'params',
): z.output<S> {
  const parsed = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(root)',
    message: i.message,
  }));
  const first = issues[0];
  throw new ApiError(
    400,
    `INVALID_${part.toUpperCase()}`,
    `invalid request ${part}: ${first === undefined ? 'malformed' : `${first.path}: ${first.message}`}`,
    { issues },
  );
}
