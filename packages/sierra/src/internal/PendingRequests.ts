import { err, MinhosError, type Result } from '@minhos/core';
import type { DtcServerMessage } from '../dtcMessages.js';

/** What a request's collector makes of one message: not ours, ours but more to come, or the final result. */
export type DtcCollect<V> = Result<V, MinhosError> | 'partial' | undefined;

/** Per-request settings of {@link DtcSession.request}. */
export interface DtcRequestOptions {
  /** Inactivity timeout (default: the session's `requestTimeoutMs`). */
  readonly timeoutMs?: number | undefined;
  /** Survives reconnects (market data subscriptions are re-sent by their owner). */
  readonly keepOnDisconnect?: boolean;
  /** The error for a timeout (default `DTC_TIMEOUT`, retryable). */
  readonly timeoutError?: (label: string, timeoutMs: number) => MinhosError;
  /** The error when the connection drops while waiting (default `DTC_DISCONNECTED`, retryable). */
  readonly disconnectError?: (label: string, reason: MinhosError) => MinhosError;
}

interface Pending {
  readonly label: string;
  /** Returns true when the message belongs to this (still open) request. */
  readonly match: (m: DtcServerMessage) => boolean;
  readonly fail: (e: MinhosError) => void;
  readonly timeoutMs: number;
  readonly options: DtcRequestOptions;
  timer?: NodeJS.Timeout;
}

/**
 * The requests waiting for an answer on one session: each has an inactivity timeout (reset by
 * every partial answer), sees every validated message until its collector decides, and is failed
 * when the connection drops (unless it survives reconnects) or the session closes.
 */
export class PendingRequests {
  readonly #pending = new Set<Pending>();
  readonly #onTimeout: () => void;

  /** `onTimeout` counts timeouts (the session's `stats.requestTimeouts`). */
  constructor(onTimeout: () => void) {
    this.#onTimeout = onTimeout;
  }

  /** Registers a request; the returned promise settles with the collector's result or a failure. */
  add<V>(
    label: string,
    timeoutMs: number,
    collect: (m: DtcServerMessage) => DtcCollect<V>,
    options: DtcRequestOptions,
  ): Promise<Result<V, MinhosError>> {
    return new Promise((resolve) => {
      const p: Pending = {
        label,
        timeoutMs,
        options,
        fail: (e) => resolve(err(e)),
        match: (m) => {
          const r = collect(m);
          if (r === undefined) return false;
          if (r === 'partial') return true;
          clearTimeout(p.timer);
          this.#pending.delete(p);
          resolve(r);
          return false;
        },
      };
      this.#pending.add(p);
      this.#arm(p);
    });
  }

  /** Offers `m` to every open request; partial answers extend their timeouts. */
  match(m: DtcServerMessage): void {
    for (const p of this.#pending) {
      if (p.match(m) && this.#pending.has(p)) this.#arm(p);
    }
  }

  #arm(p: Pending): void {
    clearTimeout(p.timer);
    p.timer = setTimeout(() => {
      this.#pending.delete(p);
      this.#onTimeout();
      p.fail(
        p.options.timeoutError?.(p.label, p.timeoutMs) ??
          new MinhosError('DTC_TIMEOUT', `DTC ${p.label} got no response within ${p.timeoutMs} ms`, {
            retryable: true,
            details: { request: p.label, timeoutMs: p.timeoutMs },
          }),
      );
    }, p.timeoutMs);
  }

  /** Fails requests: all of them (closing), or those that do not survive a reconnect. */
  fail(reason: MinhosError, all: boolean): void {
    for (const p of [...this.#pending]) {
      if (!all && p.options.keepOnDisconnect === true) continue;
      clearTimeout(p.timer);
      this.#pending.delete(p);
      const closing = reason.code === 'DTC_CLOSED' || reason.code === 'DTC_GAVE_UP';
      p.fail(
        p.options.disconnectError?.(p.label, reason) ??
          (closing
            ? reason
            : new MinhosError(
                'DTC_DISCONNECTED',
                `DTC ${p.label}: connection lost while waiting: ${reason.message}`,
                {
                  cause: reason,
                  retryable: true,
                },
              )),
      );
    }
  }
}
