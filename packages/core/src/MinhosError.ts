/** Options accepted by {@link MinhosError}. */
export interface MinhosErrorOptions {
  /** The underlying error, kept for diagnostics. */
  readonly cause?: unknown;
  /** Whether retrying the same operation can succeed (a dropped socket: yes; a corrupt file: no). */
  readonly retryable?: boolean;
  /** Structured context (file, offset, path, value) for logs and API responses. Never secrets. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Base class of every error MinhOS throws or returns: a stable machine-readable `code`, the `cause`,
 * and whether a retry can help.
 *
 * Throw only for broken invariants or I/O failures; expected outcomes (a denied order, an invalid
 * config value) are returned as values. Messages name what was wrong, where, and what was expected.
 *
 * @example
 * ```ts
 * import { MinhosError } from '@minhos/core';
 * const e = new MinhosError('SCID_BAD_MAGIC', 'ES.scid: header magic is "XXXX", expected "SCID"', {
 *   details: { file: 'ES.scid', offset: 0 },
 * });
 * e.code; // 'SCID_BAD_MAGIC'
 * ```
 */
export class MinhosError extends Error {
  /** Stable identifier, `UPPER_SNAKE`, safe to match on. */
  readonly code: string;
  /** Whether retrying the same operation can succeed. */
  readonly retryable: boolean;
  /** Structured context for diagnostics. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options: MinhosErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }

  /** A plain JSON-safe view (for logs and API responses). */
  toJSON(): {
    name: string;
    code: string;
    message: string;
    retryable: boolean;
    details: Record<string, unknown>;
  } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      details: { ...this.details },
    };
  }
}

/** Narrowing guard for {@link MinhosError}, optionally for one `code`. */
export function isMinhosError(value: unknown, code?: string): value is MinhosError {
  return value instanceof MinhosError && (code === undefined || value.code === code);
}
