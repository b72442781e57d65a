/** Reconnect backoff settings of {@link DtcClient} (all in milliseconds). */
export interface DtcBackoffOptions {
  /** First delay ceiling (default 250 ms). */
  readonly initialMs?: number;
  /** Largest delay ceiling (default 30 000 ms). */
  readonly maxMs?: number;
  /** Growth per failed attempt (default 2). */
  readonly factor?: number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential backoff with "equal jitter" —
 * `ceiling = min(maxMs, initialMs × factor^attempt)`, delay uniformly in `[ceiling/2, ceiling)`.
 * Half the ceiling is kept so clients never hammer a restarting server; the random half spreads
 * many clients apart. `random` is injectable so tests are deterministic.
 *
 * @example
 * ```ts
 * import { dtcBackoffDelay } from '@minhos/sierra';
 * dtcBackoffDelay(3, { initialMs: 100 }, () => 0); // 400 (ceiling 800, lowest jitter)
 * ```
 */
export function dtcBackoffDelay(
  attempt: number,
  options: DtcBackoffOptions = {},
  random: () => number = Math.random,
): number {
  const initial = options.initialMs ?? 250;
  const max = options.maxMs ?? 30_000;
  const factor = options.factor ?? 2;
  const ceiling = Math.min(max, initial * factor ** Math.max(0, attempt));
  const r = Math.min(Math.max(random(), 0), 1);
  return ceiling / 2 + (r * ceiling) / 2;
}
