import { connect as netConnect, type Socket } from 'node:net';
import { type Clock, err, LiveClock, MinhosError, ok, type Result } from '@minhos/core';
import type {
  DtcClientState,
  DtcClientStats,
  DtcEncodingHandshake,
  DtcSessionEvents,
  DtcSessionOptions,
} from './DtcSessionOptions.js';
import { dtcBackoffDelay } from './dtcBackoffDelay.js';
import {
  DtcFrameDecoder,
  type DtcFrameEvent,
  type DtcJsonFrame,
  encodeDtcEncodingMessage,
  encodeDtcJsonFrame,
} from './dtcFraming.js';
import { type DtcLogonResponse, type DtcServerMessage, parseDtcServerMessage } from './dtcMessages.js';
import { DtcEncoding, DtcMessageType as T } from './dtcProtocol.js';
import { usToDtcWholeSeconds } from './dtcTime.js';
import {
  dtcConnectionClosed,
  dtcConnectTimeout,
  dtcEncodingNoAnswer,
  dtcEncodingRefused,
  dtcHeartbeatTimeout,
  dtcJsonEncodingRequest,
  dtcLogonOutcome,
  dtcLogonRequest,
  dtcMalformedFrame,
  dtcSocketError,
  newDtcClientStats,
} from './internal/dtcSessionMessages.js';
import { type DtcCollect, type DtcRequestOptions, PendingRequests } from './internal/PendingRequests.js';
import { TypedEmitter } from './internal/TypedEmitter.js';

export type {
  DtcClientState,
  DtcClientStats,
  DtcEncodingHandshake,
  DtcSessionEvents,
  DtcSessionOptions,
} from './DtcSessionOptions.js';
export type { DtcCollect, DtcRequestOptions } from './internal/PendingRequests.js';

/**
 * One logical DTC connection: TCP socket, encoding handshake, logon, heartbeats both ways, the
 * heartbeat watchdog, reconnect with backoff, and request/response matching. Market data, trading
 * and historical clients are built on it ({@link DtcClient}, {@link DtcHistoricalClient}).
 *
 * The socket is never paused: everything received is parsed at once (consumers that fall behind
 * are the owners' business), so heartbeats and the watchdog keep working under any load.
 *
 * @example
 * ```ts
 * import { DtcSession } from '@minhos/sierra';
 * const session = new DtcSession({ port: 11099 });
 * const logon = await session.connect();
 * if (logon.ok) console.log(logon.value.ServerName);
 * await session.close();
 * ```
 */
export class DtcSession {
  readonly #o: DtcSessionOptions;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #heartbeatMs: number;
  readonly #heartbeatTimeoutMs: number;
  readonly #requestTimeoutMs: number;
  readonly #emitter: TypedEmitter<DtcSessionEvents>;
  #host: string;
  #port: number;
  #state: DtcClientState = 'idle';
  #socket: Socket | undefined;
  readonly #decoder: DtcFrameDecoder;
  readonly #pending = new PendingRequests(() => {
    this.stats.requestTimeouts++;
  });
  #attempt = 0;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #watchdogTimer: NodeJS.Timeout | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #lastReceived = 0;
  #logon: DtcLogonResponse | undefined;
  #onLogon: ((r: Result<DtcLogonResponse, MinhosError>) => void) | undefined;
  #noReconnect = false;
  /** The handshake of the next attempt (`'auto'` resolves to binary or json). */
  #handshake: Exclude<DtcEncodingHandshake, 'auto'>;
  /** Whether the current attempt got an encoding answer (for `'auto'`). */
  #encodingAnswered = false;
  /** Whether the current attempt's TCP connection was established (for `'auto'`). */
  #tcpConnected = false;
  /** Counters (shared with the client built on this session). */
  readonly stats: DtcClientStats = newDtcClientStats();

  constructor(options: DtcSessionOptions) {
    if (!(Number.isInteger(options.port) && options.port > 0 && options.port < 65536)) {
      throw new MinhosError('DTC_INVALID_OPTION', `DTC: port must be 1..65535, got ${options.port}`);
    }
    this.#o = options;
    this.#host = options.host ?? '127.0.0.1';
    this.#port = options.port;
    this.#clock = options.clock ?? new LiveClock();
    this.#random = options.random ?? Math.random;
    this.#heartbeatMs = options.heartbeatIntervalMs ?? 10_000;
    if (!(this.#heartbeatMs >= 0 && Number.isFinite(this.#heartbeatMs))) {
      throw new MinhosError(
        'DTC_INVALID_OPTION',
        `DTC: heartbeatIntervalMs must be >= 0 (0 = none), got ${this.#heartbeatMs}`,
      );
    }
    this.#heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 3 * this.#heartbeatMs;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    const hs = options.encodingHandshake ?? 'auto';
    this.#handshake = hs === 'auto' ? 'binary' : hs;
    this.#decoder = new DtcFrameDecoder({ maxFrameBytes: options.maxFrameBytes ?? 1024 * 1024 });
    this.#emitter = new TypedEmitter<DtcSessionEvents>((e) => {
      this.stats.listenerErrors++;
      options.onListenerError?.(e);
    });
  }

  /** Current connection state. */
  get state(): DtcClientState {
    return this.#state;
  }

  /** The last successful LOGON_RESPONSE (server name and capabilities). */
  get logonResponse(): DtcLogonResponse | undefined {
    return this.#logon;
  }

  /** The clock of this session. */
  get clock(): Clock {
    return this.#clock;
  }

  /** `host:port` currently used. */
  get address(): string {
    return `${this.#host}:${this.#port}`;
  }

  /** Registers a listener; returns a function that removes it. */
  on<K extends keyof DtcSessionEvents>(event: K, listener: DtcSessionEvents[K]): () => void {
    return this.#emitter.on(event, listener);
  }

  /**
   * Connects and logs on (one attempt, bounded by `connectTimeoutMs`; with `encodingHandshake:
   * 'auto'` a second attempt in JSON follows a first one that got no encoding answer). After success
   * the session keeps itself connected until {@link DtcSession.close} or until it gives up.
   */
  async connect(): Promise<Result<DtcLogonResponse, MinhosError>> {
    if (this.#state === 'closed') return err(new MinhosError('DTC_CLOSED', 'DTC session is closed'));
    if (this.#state !== 'idle') {
      return err(new MinhosError('DTC_INVALID_STATE', `DTC connect() called while ${this.#state}`));
    }
    let r = await this.#attemptOnce();
    if (
      !r.ok &&
      (this.#state as DtcClientState) !== 'closed' &&
      this.#handshake === 'binary' &&
      this.#switchHandshakeIfUnanswered()
    ) {
      r = await this.#attemptOnce();
    }
    if (!r.ok && (this.#state as DtcClientState) !== 'closed') this.#setState('idle');
    return r;
  }

  /**
   * Sends LOGOFF (when logged on), closes the socket and stops reconnecting. Pending requests fail
   * with `DTC_CLOSED`; the `closed` event fires. Idempotent: a second call (or a call after the
   * session gave up) resolves at once.
   */
  async close(reason = 'client closing'): Promise<void> {
    if (this.#state === 'closed') return;
    const graceful = this.#state === 'ready';
    if (graceful) this.#write({ Type: T.LOGOFF, Reason: reason.slice(0, 95), DoNotReconnect: 1 });
    const socket = this.#finish(new MinhosError('DTC_CLOSED', `DTC session closed: ${reason}`), graceful);
    if (socket !== undefined && !socket.destroyed) {
      // Let the LOGOFF flush, then close; do not wait on a server that never closes its side.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          socket.destroy();
          resolve();
        }, 200);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.end();
      });
    }
  }

  /** Sends one JSON message; false when there is no open socket. */
  write(frame: DtcJsonFrame): boolean {
    return this.#write(frame);
  }

  /**
   * Registers a request, sends `frame` and resolves with what `collect` decides. `collect` sees every
   * validated message and returns `undefined` (not ours), `'partial'` (ours, keep waiting and reset
   * the inactivity timeout) or a final Result. Fails at once with `DTC_NOT_CONNECTED` (nothing was
   * sent) when not logged on.
   */
  request<V>(
    label: string,
    frame: DtcJsonFrame,
    collect: (m: DtcServerMessage) => DtcCollect<V>,
    options: DtcRequestOptions = {},
  ): Promise<Result<V, MinhosError>> {
    if (this.#state !== 'ready') {
      return Promise.resolve(
        err(
          new MinhosError(
            'DTC_NOT_CONNECTED',
            `DTC ${label}: not sent, the session is ${this.#state}, not logged on`,
            { retryable: this.#state !== 'closed', details: { state: this.#state } },
          ),
        ),
      );
    }
    const r = this.#pending.add(label, options.timeoutMs ?? this.#requestTimeoutMs, collect, options);
    this.#write(frame);
    return r;
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /**
   * `'auto'`: after an attempt that reached the server but got no encoding answer, switch between
   * the binary and the JSON encoding request. Returns whether it switched. A refused or unreachable
   * server says nothing about its encoding, so it changes nothing.
   */
  #switchHandshakeIfUnanswered(): boolean {
    if ((this.#o.encodingHandshake ?? 'auto') !== 'auto' || !this.#tcpConnected || this.#encodingAnswered)
      return false;
    this.#handshake = this.#handshake === 'binary' ? 'json' : 'binary';
    return true;
  }

  #setState(next: DtcClientState): void {
    const prev = this.#state;
    if (prev === next) return;
    this.#state = next;
    this.#emitter.emit('state', next, prev);
  }

  /** The one way into `closed`: timers off, socket detached, every request failed, `closed` emitted. */
  #finish(reason: MinhosError, graceful: boolean): Socket | undefined {
    this.#noReconnect = true;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#onLogon?.(err(reason));
    const socket = this.#teardownSocket(graceful);
    this.#pending.fail(reason, true);
    this.#setState('closed');
    this.#emitter.emit('closed', reason);
    return socket;
  }

  #attemptOnce(): Promise<Result<DtcLogonResponse, MinhosError>> {
    this.#setState(this.#state === 'reconnecting' ? 'reconnecting' : 'connecting');
    const timeoutMs = this.#o.connectTimeoutMs ?? 10_000;
    const handshake = this.#handshake;
    this.#encodingAnswered = handshake === 'none';
    this.#tcpConnected = false;
    return new Promise((resolve) => {
      let settled = false;
      let encodingTimer: NodeJS.Timeout | undefined;
      const finish = (r: Result<DtcLogonResponse, MinhosError>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(encodingTimer);
        this.#onLogon = undefined;
        if (r.ok) this.#onReady(r.value);
        else this.#teardownSocket();
        resolve(r);
      };
      const timer = setTimeout(
        () => finish(err(dtcConnectTimeout(this.#host, this.#port, timeoutMs))),
        timeoutMs,
      );
      this.#onLogon = finish;
      this.#decoder.reset(handshake === 'binary' ? 'response' : 'none');
      const socket = netConnect({ host: this.#host, port: this.#port });
      this.#socket = socket;
      socket.setNoDelay(true);
      socket.on('connect', () => {
        this.#tcpConnected = true;
        this.#lastReceived = performance.now();
        if (handshake === 'binary') {
          socket.write(encodeDtcEncodingMessage(T.ENCODING_REQUEST, DtcEncoding.JSON_ENCODING));
          if ((this.#o.encodingHandshake ?? 'auto') === 'auto') {
            const ms = this.#o.encodingTimeoutMs ?? 2000;
            encodingTimer = setTimeout(() => {
              if (this.#encodingAnswered) return;
              finish(err(dtcEncodingNoAnswer(this.#host, this.#port, ms)));
            }, ms);
          }
        } else if (handshake === 'json') {
          this.#write(dtcJsonEncodingRequest());
        } else this.#sendLogon();
      });
      socket.on('data', (chunk: Buffer) => {
        if (this.#socket === socket) this.#onData(chunk);
      });
      socket.on('error', (e) => {
        if (this.#socket !== socket) return;
        const error = dtcSocketError(this.#host, this.#port, e);
        if (this.#onLogon !== undefined) this.#onLogon(err(error));
        else this.#connectionLost(error);
      });
      socket.on('close', () => {
        if (this.#socket !== socket) return;
        const error = dtcConnectionClosed(this.#host, this.#port);
        if (this.#onLogon !== undefined) this.#onLogon(err(error));
        else this.#connectionLost(error);
      });
    });
  }

  #sendLogon(): void {
    this.#write(dtcLogonRequest(this.#o, this.#heartbeatMs));
  }

  #onReady(logon: DtcLogonResponse): void {
    this.#logon = logon;
    const wasReconnect = this.stats.connects > 0;
    this.stats.connects++;
    if (wasReconnect) this.stats.reconnects++;
    this.#attempt = 0;
    this.#setState('ready');
    this.#lastReceived = performance.now();
    if (this.#heartbeatMs > 0) {
      this.#heartbeatTimer = setInterval(() => {
        this.#write({
          Type: T.HEARTBEAT,
          NumDroppedMessages: 0,
          CurrentDateTime: usToDtcWholeSeconds(this.#clock.now()),
        });
      }, this.#heartbeatMs);
      // The watchdog runs whenever the connection is up: nothing ever suspends it.
      const check = Math.max(5, Math.min(this.#heartbeatMs, this.#heartbeatTimeoutMs / 4));
      this.#watchdogTimer = setInterval(() => {
        const silent = performance.now() - this.#lastReceived;
        if (silent > this.#heartbeatTimeoutMs) {
          this.stats.heartbeatTimeouts++;
          this.#connectionLost(dtcHeartbeatTimeout(silent, this.#heartbeatTimeoutMs));
        }
      }, check);
    }
    this.#emitter.emit('connected', logon);
  }

  /** Stops timers and detaches the socket (its handlers then ignore it); destroys it unless `graceful`. */
  #teardownSocket(graceful = false): Socket | undefined {
    clearInterval(this.#heartbeatTimer);
    clearInterval(this.#watchdogTimer);
    this.#heartbeatTimer = undefined;
    this.#watchdogTimer = undefined;
    const s = this.#socket;
    this.#socket = undefined;
    if (!graceful && s !== undefined && !s.destroyed) s.destroy();
    return s;
  }

  #connectionLost(reason: MinhosError): void {
    if (this.#state !== 'ready') return;
    this.stats.disconnects++;
    this.#teardownSocket();
    this.#pending.fail(reason, false);
    const willReconnect = (this.#o.reconnect ?? true) && !this.#noReconnect;
    if (!willReconnect) {
      this.#emitter.emit('disconnected', reason, false);
      this.#finish(
        new MinhosError('DTC_CLOSED', `DTC session closed: ${reason.message}`, { cause: reason }),
        false,
      );
      return;
    }
    this.#setState('reconnecting');
    this.#emitter.emit('disconnected', reason, true);
    this.#scheduleReconnect(reason);
  }

  #giveUp(reason: MinhosError): void {
    if (this.#state === 'closed') return;
    this.#emitter.emit('disconnected', reason, false);
    this.#finish(
      new MinhosError(
        'DTC_GAVE_UP',
        `DTC gave up reconnecting to ${this.#host}:${this.#port}: ${reason.message}`,
        {
          cause: reason,
          details: { attempts: this.#attempt },
        },
      ),
      false,
    );
  }

  #scheduleReconnect(lastError: MinhosError): void {
    const max = this.#o.maxReconnectAttempts ?? Number.POSITIVE_INFINITY;
    if (this.#attempt >= max) {
      this.#giveUp(lastError);
      return;
    }
    const delay = dtcBackoffDelay(this.#attempt, this.#o.backoff, this.#random);
    this.#attempt++;
    this.#reconnectTimer = setTimeout(() => {
      if (this.#state !== 'reconnecting') return;
      void this.#attemptOnce().then((r) => {
        if (r.ok || this.#state !== 'reconnecting') return;
        this.#switchHandshakeIfUnanswered();
        if (r.error.retryable && !this.#noReconnect) this.#scheduleReconnect(r.error);
        else this.#giveUp(r.error);
      });
    }, delay);
  }

  #write(frame: DtcJsonFrame): boolean {
    const s = this.#socket;
    if (s === undefined || s.destroyed) return false;
    s.write(encodeDtcJsonFrame(frame));
    return true;
  }

  // ---- inbound ------------------------------------------------------------------------------

  #onData(chunk: Buffer): void {
    this.#lastReceived = performance.now();
    this.stats.bytesReceived += chunk.length;
    const events = this.#decoder.push(chunk);
    for (const ev of events) {
      if (this.#socket === undefined) return;
      this.#onFrame(ev);
    }
  }

  #onFrame(ev: DtcFrameEvent): void {
    if (ev.kind === 'encoding') {
      this.#encodingAnswered = true;
      if (ev.message.encoding !== DtcEncoding.JSON_ENCODING) {
        this.#onLogon?.(err(dtcEncodingRefused(ev.message.encoding, true)));
        return;
      }
      this.#sendLogon();
      return;
    }
    if (ev.kind === 'malformed') {
      this.stats.malformedFrames++;
      const e = dtcMalformedFrame(ev);
      this.#emitter.emit('protocolError', e);
      if (ev.reason === 'bad-handshake') {
        this.#encodingAnswered = true; // an answer, if a bad one: not a server preset to JSON
        this.#onLogon?.(err(e));
      }
      return;
    }
    this.stats.framesReceived++;
    const value = ev.value as { Type?: unknown; Encoding?: unknown };
    if (value !== null && typeof value === 'object' && value.Type === T.ENCODING_RESPONSE) {
      // The JSON form of the encoding answer (server preset to JSON).
      this.#encodingAnswered = true;
      if (this.#onLogon !== undefined) {
        if (value.Encoding === DtcEncoding.JSON_ENCODING || value.Encoding === undefined) this.#sendLogon();
        else {
          this.#onLogon(err(dtcEncodingRefused(value.Encoding, false)));
        }
      }
      return;
    }
    const parsed = parseDtcServerMessage(ev.value);
    switch (parsed.kind) {
      case 'message':
        this.stats.messagesReceived++;
        this.#onMessage(parsed.message);
        return;
      case 'other':
        this.stats.otherMessages++;
        this.#emitter.emit('otherMessage', parsed.type, parsed.value);
        return;
      case 'unknown':
        this.stats.unknownTypes++;
        this.#emitter.emit('unknownMessage', parsed.type);
        return;
      case 'invalid':
        this.stats.invalidMessages++;
        this.#emitter.emit(
          'protocolError',
          new MinhosError('DTC_INVALID_MESSAGE', parsed.error, { details: { type: parsed.type } }),
        );
        return;
    }
  }

  #onMessage(m: DtcServerMessage): void {
    switch (m.Type) {
      case T.LOGON_RESPONSE:
        this.#onLogonResponse(m);
        break;
      case T.HEARTBEAT:
        this.stats.heartbeatsReceived++;
        break;
      case T.LOGOFF: {
        const reason = new MinhosError(
          'DTC_LOGOFF',
          `DTC server logged us off: ${m.Reason || '(no reason)'}`,
          {
            retryable: m.DoNotReconnect === 0,
            details: { doNotReconnect: m.DoNotReconnect },
          },
        );
        if (m.DoNotReconnect === 1) this.#noReconnect = true;
        this.#emitter.emit('message', m);
        this.#connectionLost(reason);
        return;
      }
    }
    this.#emitter.emit('message', m);
    this.#pending.match(m);
  }

  #onLogonResponse(m: DtcLogonResponse): void {
    const finish = this.#onLogon;
    if (finish === undefined) return;
    this.#encodingAnswered = true;
    const outcome = dtcLogonOutcome(m);
    if (outcome.ok) {
      finish(ok(m));
      return;
    }
    if (outcome.host !== undefined) this.#host = outcome.host;
    if (outcome.port !== undefined) this.#port = outcome.port;
    if (outcome.noReconnect) this.#noReconnect = true;
    finish(err(outcome.error));
  }
}
