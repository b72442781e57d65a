/** Structured context attached to a log line. Never secrets. */
export type LogContext = Readonly<Record<string, unknown>>;

/**
 * The logging interface MinhOS components receive by injection (never `console` inside domain
 * code), so the host decides where lines go and tests can capture them.
 */
export interface Logger {
  debug(message: string, context?: LogContext): void;
  info(message: string, context?: LogContext): void;
  warn(message: string, context?: LogContext): void;
  error(message: string, context?: LogContext): void;
}

/**
 * A {@link Logger} that writes one JSON line per entry to stderr (the default where none is injected).
 *
 * @example
 * ```ts
 * import { consoleLogger } from '@minhos/core';
 * consoleLogger.warn('feed stale', { symbol: 'ES', ageMs: 5000 });
 * ```
 */
export const consoleLogger: Logger = Object.freeze({
  debug: (message: string, context?: LogContext) => write('debug', message, context),
  info: (message: string, context?: LogContext) => write('info', message, context),
  warn: (message: string, context?: LogContext) => write('warn', message, context),
  error: (message: string, context?: LogContext) => write('error', message, context),
});

/** A {@link Logger} that drops everything (for benchmarks and tests that assert on nothing). */
export const silentLogger: Logger = Object.freeze({
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
});

function write(level: string, message: string, context: LogContext | undefined): void {
  const safe: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(context ?? {})) {
    safe[k] = v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
  }
  process.stderr.write(`${JSON.stringify({ level, message, ...safe })}\n`);
}
