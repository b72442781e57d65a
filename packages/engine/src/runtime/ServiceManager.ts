import { type Logger, MinhosError, silentLogger, type TimerClock } from '@minhos/core';
import { ServiceMetrics } from './Metrics.js';
import type { Service, ServiceState } from './Service.js';

/** Restart policy after a failure: exponential backoff between attempts. Delays in ms. */
export interface RestartPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
  /** Attempts before giving up (the service stays `failed`). */
  readonly maxAttempts: number;
}

/** Options of a {@link ServiceManager}. */
export interface ServiceManagerOptions {
  /** Timers for restart backoff (a `SimulatedClock` in tests, `LiveClock` live). */
  readonly clock: TimerClock;
  readonly logger?: Logger;
  readonly restart?: Partial<RestartPolicy>;
  /** Health below this is `degraded` (default 50). */
  readonly degradedBelow?: number;
}

/** One service's status for the API. */
export interface ServiceStatus {
  readonly name: string;
  readonly state: ServiceState;
  readonly health: number;
  readonly restarts: number;
  readonly lastError?: string;
  readonly metrics: ReturnType<ServiceMetrics['snapshot']>;
}

interface Entry {
  readonly service: Service;
  state: ServiceState;
  restarts: number;
  attempt: number;
  lastError?: string;
  readonly metrics: ServiceMetrics;
  cancelRestart?: () => boolean;
}

const DEFAULT_RESTART: RestartPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  multiplier: 2,
  maxAttempts: 10,
};

/**
 * Runs the engine's services: starts them in dependency order (a service starts after everything it
 * depends on is running), stops them in reverse order, tracks the lifecycle (created → starting →
 * running ↔ degraded → stopping → stopped, or failed), health 0–100, and restarts a failed service
 * with exponential backoff on the injected clock. Every service gets counters and latency
 * histograms.
 *
 * @example
 * ```ts
 * import { LiveClock } from '@minhos/core';
 * import { ServiceManager } from '@minhos/engine';
 * const services = new ServiceManager({ clock: new LiveClock() });
 * services.add({ name: 'feed', start: async () => {}, stop: async () => {} });
 * await services.startAll();
 * await services.stopAll();
 * ```
 */
export class ServiceManager {
  readonly #clock: TimerClock;
  readonly #logger: Logger;
  readonly #policy: RestartPolicy;
  readonly #degradedBelow: number;
  readonly #entries = new Map<string, Entry>();
  #stopping = false;

  constructor(options: ServiceManagerOptions) {
    this.#clock = options.clock;
    this.#logger = options.logger ?? silentLogger;
    this.#policy = { ...DEFAULT_RESTART, ...options.restart };
    this.#degradedBelow = options.degradedBelow ?? 50;
  }

  /** Registers a service. @throws `MinhosError` `SERVICE_INVALID` on a duplicate name. */
  add(service: Service): void {
    if (this.#entries.has(service.name)) {
      throw new MinhosError('SERVICE_INVALID', `service "${service.name}" is registered twice`);
    }
    this.#entries.set(service.name, {
      service,
      state: 'created',
      restarts: 0,
      attempt: 0,
      metrics: new ServiceMetrics(),
    });
  }

  /**
   * The start order: dependencies first, ties in registration order.
   * @throws `MinhosError` `SERVICE_INVALID` naming an unknown dependency or a cycle.
   */
  startOrder(): string[] {
    const order: string[] = [];
    const mark = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, path: string[]): void => {
      const m = mark.get(name);
      if (m === 'done') return;
      if (m === 'visiting') {
        throw new MinhosError(
          'SERVICE_INVALID',
          `services depend on each other in a cycle: ${[...path, name].join(' → ')}`,
        );
      }
      const entry = this.#entries.get(name);
      if (entry === undefined) {
        throw new MinhosError(
          'SERVICE_INVALID',
          `service "${path.at(-1)}" depends on "${name}", which is not registered`,
        );
      }
      mark.set(name, 'visiting');
      for (const dep of entry.service.dependsOn ?? []) visit(dep, [...path, name]);
      mark.set(name, 'done');
      order.push(name);
    };
    for (const name of this.#entries.keys()) visit(name, []);
    return order;
  }

  /** Starts every service in dependency order; a service whose start throws is restarted with backoff. */
  async startAll(): Promise<void> {
    this.#stopping = false;
    for (const name of this.startOrder()) await this.#start(this.#entries.get(name) as Entry);
  }

  /** Stops every service in reverse dependency order and cancels pending restarts. */
  async stopAll(): Promise<void> {
    this.#stopping = true;
    for (const name of this.startOrder().reverse()) {
      const e = this.#entries.get(name) as Entry;
      e.cancelRestart?.();
      if (e.state === 'running' || e.state === 'degraded' || e.state === 'starting') {
        e.state = 'stopping';
        try {
          await e.service.stop();
        } catch (error) {
          this.#logger.error('service stop failed', { service: name, error });
        }
      }
      e.state = 'stopped';
    }
  }

  /** Status of every service, in start order. */
  status(): ServiceStatus[] {
    return this.startOrder().map((name) => {
      const e = this.#entries.get(name) as Entry;
      const health = this.#health(e);
      if (e.state === 'running' && health < this.#degradedBelow) e.state = 'degraded';
      else if (e.state === 'degraded' && health >= this.#degradedBelow) e.state = 'running';
      return {
        name,
        state: e.state,
        health,
        restarts: e.restarts,
        ...(e.lastError === undefined ? {} : { lastError: e.lastError }),
        metrics: e.metrics.snapshot(),
      };
    });
  }

  /** Overall health: the lowest service health (0 with none running). */
  health(): number {
    const all = this.status();
    return all.length === 0 ? 0 : Math.min(...all.map((s) => s.health));
  }

  #health(e: Entry): number {
    if (e.state !== 'running' && e.state !== 'degraded') return 0;
    const h = e.service.health?.() ?? 100;
    return Math.max(0, Math.min(100, Number.isFinite(h) ? h : 0));
  }

  async #start(e: Entry): Promise<void> {
    const name = e.service.name;
    for (const dep of e.service.dependsOn ?? []) {
      const d = this.#entries.get(dep) as Entry;
      if (d.state !== 'running' && d.state !== 'degraded') {
        e.state = 'failed';
        e.lastError = `dependency ${dep} is ${d.state}`;
        this.#scheduleRestart(e);
        return;
      }
    }
    e.state = 'starting';
    const t0 = this.#clock.now();
    try {
      await e.service.start({ metrics: e.metrics, fail: (error) => void this.#failed(e, error) });
      e.state = 'running';
      e.attempt = 0;
      e.metrics.latency('start', this.#clock.now() - t0);
      this.#logger.info('service running', { service: name });
    } catch (error) {
      await this.#failed(e, error);
    }
  }

  async #failed(e: Entry, error: unknown): Promise<void> {
    if (this.#stopping || e.state === 'failed' || e.state === 'stopped') return;
    const wasUp = e.state === 'running' || e.state === 'degraded';
    e.state = 'failed';
    e.lastError = error instanceof Error ? error.message : String(error);
    e.metrics.count('failures');
    this.#logger.error('service failed', { service: e.service.name, error });
    if (wasUp) {
      try {
        await e.service.stop();
      } catch (stopError) {
        this.#logger.warn('service stop after failure failed', { service: e.service.name, error: stopError });
      }
    }
    this.#scheduleRestart(e);
  }

  #scheduleRestart(e: Entry): void {
    if (this.#stopping) return;
    if (e.attempt >= this.#policy.maxAttempts) {
      this.#logger.error('service gave up restarting', { service: e.service.name, attempts: e.attempt });
      return;
    }
    const delayMs = Math.min(
      this.#policy.maxDelayMs,
      this.#policy.initialDelayMs * this.#policy.multiplier ** e.attempt,
    );
    e.attempt += 1;
    e.cancelRestart = this.#clock.scheduleAfter(delayMs * 1000, () => {
      e.restarts += 1;
      e.metrics.count('restarts');
      void this.#start(e);
    });
  }
}
