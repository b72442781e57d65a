import type { ServiceMetrics } from './Metrics.js';

/** Lifecycle of a service. `failed` waits for a restart (with backoff) or stays when retries ran out. */
export type ServiceState =
  | 'created'
  | 'starting'
  | 'running'
  | 'degraded'
  | 'stopping'
  | 'stopped'
  | 'failed';

/** What a service gets from its manager. */
export interface ServiceContext {
  readonly metrics: ServiceMetrics;
  /** Reports a failure while running: the manager stops the service and restarts it with backoff. */
  fail(error: unknown): void;
}

/**
 * A long-running part of the engine (data feed, broker connection, order manager, API). Start and
 * stop are idempotent from the manager's point of view: it calls each once per lifecycle.
 */
export interface Service {
  /** Unique name, used by `dependsOn`. */
  readonly name: string;
  /** Services that must be running before this one starts (and stop after it). */
  readonly dependsOn?: readonly string[];
  start(context: ServiceContext): Promise<void>;
  stop(): Promise<void>;
  /** Health 0–100 (default 100 while running); below the manager's threshold the service is `degraded`. */
  health?(): number;
}
