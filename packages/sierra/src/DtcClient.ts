import { connect as netConnect, type Socket } from 'node:net';
import {
  type Clock,
  err,
  LiveClock,
  MinhosError,
  ok,
  type Result,
  type Side,
  type TimestampUs,
  US_PER_SECOND,
} from '@minhos/core';
import { type DtcBackoffOptions, dtcBackoffDelay } from './dtcBackoffDelay.js';
import {
  DtcFrameDecoder,
  type DtcFrameEvent,
  type DtcJsonFrame,
  encodeDtcEncodingMessage,
  encodeDtcJsonFrame,
} from './dtcFraming.js';
import {
  type DtcAccountBalanceUpdate,
  type DtcLogonResponse,
  type DtcMarketDataReject,
  type DtcMarketDataSnapshot,
  type DtcOrderUpdate,
  type DtcPositionUpdate,
  type DtcServerMessage,
  isDtcUnset,
  parseDtcServerMessage,
} from './dtcMessages.js';
import {
  DTC_PROTOCOL_VERSION,
  DtcAtBidOrAsk,
  DtcBuySell,
  DtcEncoding,
  DtcLogonStatus,
  DtcOrderStatus,
  DtcOrderType,
  DtcOrderUpdateReason,
  DtcRequestAction,
  DtcTimeInForce,
  DtcMessageType as T,
} from './dtcProtocol.js';
import { dtcAutoDateTimeToUs, dtcSecondsToUs, usToDtcWholeSeconds } from './dtcTime.js';
import { AsyncQueue, type OverflowPolicy } from './internal/AsyncQueue.js';
import { TypedEmitter } from './internal/TypedEmitter.js';

/** Settings of {@link DtcClient}. Times in milliseconds. */
export interface DtcClientOptions {
  /** Server address (default `127.0.0.1`). */
  readonly host?: string;
  /** Server port (Sierra Chart's DTC server default is 11099). */
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  /** Sent as `ClientName` (default `"MinhOS"`). */
  readonly clientName?: string;
  /** Sent as `TradeAccount` in the logon (default `""`). */
  readonly tradeAccount?: string;
  /** `LOGON_REQUEST.Integer_1` (Sierra uses bit flags here, e.g. 2 = relay mode; default 0). */
  readonly logonInteger1?: number;
  /**
   * Our heartbeat period (default 10 000). Sent to the server as `HeartbeatIntervalInSeconds`
   * (whole seconds, at least 1), which is also how often the server heartbeats us.
   */
  readonly heartbeatIntervalMs?: number;
  /** Silence (no byte received) after which the connection is considered dead (default 3 × heartbeat interval). */
  readonly heartbeatTimeoutMs?: number;
  /** Budget for TCP connect + encoding handshake + logon (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** Default timeout of each request, reset by each partial response (default 10 000). */
  readonly requestTimeoutMs?: number;
  /** Send the binary ENCODING_REQUEST first (default true). Disable for servers fixed to JSON that do not answer it. */
  readonly encodingHandshake?: boolean;
  /** Reconnect automatically after a drop (default true). */
  readonly reconnect?: boolean;
  /** Backoff between reconnect attempts (see {@link dtcBackoffDelay}). */
  readonly backoff?: DtcBackoffOptions;
  /** Give up after this many consecutive failed reconnect attempts (default unlimited). */
  readonly maxReconnectAttempts?: number;
  /** Uniform [0, 1) source for backoff jitter (injectable for tests; default `Math.random`). */
  readonly random?: () => number;
  /** Clock for outgoing heartbeat timestamps and for quotes the server leaves unstamped (default {@link LiveClock}). */
  readonly clock?: Clock;
  /** Largest accepted frame in bytes (default 1 MiB). */
  readonly maxFrameBytes?: number;
  /** Called when one of your listeners throws (default: ignored and counted in `stats.listenerErrors`). */
  readonly onListenerError?: (error: unknown) => void;
}

/** Connection state of a {@link DtcClient}. */
export type DtcClientState = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'closed';

/** One trade print for a subscribed symbol. `time` in µs; `size` in contracts. */
export interface DtcTrade {
  readonly symbolId: number;
  readonly symbol: string;
  readonly exchange: string;
  readonly time: TimestampUs;
  readonly price: number;
  readonly size: number;
  /** BUY when the print was at the ask, SELL at the bid, absent when the server does not say. */
  readonly aggressor?: Side;
}

/**
 * Top of book for a subscribed symbol after an update. A side never quoted has price `NaN` and size 0.
 * `time` in µs (DTC stamps bid/ask updates in whole seconds).
 */
export interface DtcQuote {
  readonly symbolId: number;
  readonly symbol: string;
  readonly exchange: string;
  readonly time: TimestampUs;
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
}

/** A MARKET_DATA_SNAPSHOT in domain units; unset fields are `undefined`. */
export interface DtcSnapshot {
  readonly symbolId: number;
  readonly symbol: string;
  readonly exchange: string;
  readonly lastPrice?: number;
  readonly lastSize?: number;
  readonly lastTime?: TimestampUs;
  readonly bid?: number;
  readonly ask?: number;
  readonly bidSize?: number;
  readonly askSize?: number;
  readonly sessionOpen?: number;
  readonly sessionHigh?: number;
  readonly sessionLow?: number;
  readonly sessionVolume?: number;
  readonly settlementPrice?: number;
  readonly openInterest?: number;
  /** The message as received. */
  readonly raw: DtcMarketDataSnapshot;
}

/** A live market data subscription. */
export interface DtcSubscription {
  readonly symbolId: number;
  readonly symbol: string;
  readonly exchange: string;
  /** The snapshot that confirmed the subscription. */
  readonly snapshot: DtcSnapshot;
}

/** A historical bar: `time` = bar start (µs), volumes in contracts. */
export interface DtcHistoricalBar {
  readonly time: TimestampUs;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly numTrades: number;
  readonly bidVolume: number;
  readonly askVolume: number;
}

/** Arguments of {@link DtcClient.historicalBars} / {@link DtcClient.historicalTicks}. */
export interface DtcHistoricalRequest {
  readonly symbol: string;
  readonly exchange?: string;
  /** Bar length in seconds (a `DtcHistoricalInterval` value; ignored for ticks). */
  readonly intervalSeconds?: number;
  /** First bar start (µs, inclusive; DTC resolves whole seconds). Default: as far back as the server has. */
  readonly start?: TimestampUs;
  /** End (µs; default: now). */
  readonly end?: TimestampUs;
  /** `MaxDaysToReturn` (0 = no limit). */
  readonly maxDays?: number;
  /** Overrides the request timeout (an inactivity timeout: each record resets it). */
  readonly timeoutMs?: number;
}

/** Order types the client can submit. */
export type DtcOrderKind = 'market' | 'limit' | 'stop' | 'stop-limit';

/** A new single order. Prices in quote units, quantity in whole contracts. */
export interface DtcNewOrder {
  readonly symbol: string;
  readonly exchange?: string;
  readonly tradeAccount?: string;
  /** Our id; generated when absent. Resubmitting the same id is rejected by the server (idempotent submit). */
  readonly clientOrderId?: string;
  readonly side: Side;
  readonly type: DtcOrderKind;
  readonly quantity: number;
  /** Limit price (limit), stop price (stop, stop-limit). */
  readonly price1?: number;
  /** Limit price of a stop-limit. */
  readonly price2?: number;
  /** Default `'day'`. */
  readonly timeInForce?: 'day' | 'gtc' | 'ioc' | 'fok';
  readonly freeFormText?: string;
  /** Marks the order as automated (`IsAutomatedOrder`; default true: MinhOS orders are). */
  readonly automated?: boolean;
  readonly timeoutMs?: number;
}

/** Identifies an existing order: by the server's id, or by ours. */
export interface DtcOrderRef {
  readonly serverOrderId?: string;
  readonly clientOrderId?: string;
  readonly timeoutMs?: number;
}

/** Counters of a {@link DtcClient}, cumulative over reconnects. */
export interface DtcClientStats {
  bytesReceived: number;
  framesReceived: number;
  messagesReceived: number;
  malformedFrames: number;
  invalidMessages: number;
  unknownTypes: number;
  otherMessages: number;
  heartbeatsReceived: number;
  heartbeatTimeouts: number;
  connects: number;
  reconnects: number;
  disconnects: number;
  requestTimeouts: number;
  /** Market data dropped from full async-iterator buffers (drop policies). */
  droppedMarketData: number;
  /** Trades/quotes for a SymbolID with no live subscription (e.g. just after unsubscribing). */
  unmatchedMarketData: number;
  /** Times reading the socket was paused because a never-drop consumer fell behind. */
  backpressurePauses: number;
  listenerErrors: number;
}

/** Events of {@link DtcClient.on}. Listeners run synchronously, in registration order. */
export interface DtcClientEvents {
  /** Every state change. */
  state: (state: DtcClientState, previous: DtcClientState) => void;
  /** Each successful logon (first connect and every reconnect). */
  connected: (logon: DtcLogonResponse) => void;
  /** The connection dropped (`willReconnect` tells whether a reconnect is scheduled). */
  disconnected: (reason: MinhosError, willReconnect: boolean) => void;
  trade: (trade: DtcTrade) => void;
  quote: (quote: DtcQuote) => void;
  snapshot: (snapshot: DtcSnapshot) => void;
  marketDataReject: (reject: DtcMarketDataReject) => void;
  /** Every ORDER_UPDATE (solicited or not). */
  orderUpdate: (update: DtcOrderUpdate) => void;
  /** Every POSITION_UPDATE. */
  positionUpdate: (update: DtcPositionUpdate) => void;
  /** Every ACCOUNT_BALANCE_UPDATE. */
  accountBalance: (update: DtcAccountBalanceUpdate) => void;
  /** Every validated message, before the specific event. */
  message: (message: DtcServerMessage) => void;
  /** A DTC message type this package does not model (passed through unvalidated). */
  otherMessage: (type: number, value: Readonly<Record<string, unknown>>) => void;
  /** A `Type` that is not DTC as known here; it is ignored. */
  unknownMessage: (type: number) => void;
  /** Malformed JSON, an invalid message, a bad handshake: reported, the connection stays up. */
  protocolError: (error: MinhosError) => void;
}

/** Buffer settings of the async iterators. */
export interface DtcStreamOptions {
  /** Only this symbol (default: all subscriptions). */
  readonly symbol?: string;
  /** Buffered items before the overflow policy applies (default 10 000). */
  readonly capacity?: number;
  /** Default `'drop-oldest'` for market data. `'pause'` never drops: it stops reading the socket instead. */
  readonly overflow?: OverflowPolicy;
}

interface SubState {
  readonly symbolId: number;
  readonly symbol: string;
  readonly exchange: string;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  confirmed: boolean;
}

interface Pending {
  /** Returns true when the message completes (or belongs to) this request. */
  readonly match: (m: DtcServerMessage) => boolean;
  readonly fail: (e: MinhosError) => void;
  readonly timeoutMs: number;
  timer?: NodeJS.Timeout;
  /** Survives reconnects (market data subscriptions are re-sent). */
  readonly keepOnDisconnect: boolean;
  readonly label: string;
}

type Sink<T> = { queue: AsyncQueue<T>; symbol: string | undefined };

const ORDER_TYPE: Record<DtcOrderKind, number> = {
  market: DtcOrderType.ORDER_TYPE_MARKET,
  limit: DtcOrderType.ORDER_TYPE_LIMIT,
  stop: DtcOrderType.ORDER_TYPE_STOP,
  'stop-limit': DtcOrderType.ORDER_TYPE_STOP_LIMIT,
};
const TIF = {
  day: DtcTimeInForce.TIF_DAY,
  gtc: DtcTimeInForce.TIF_GOOD_TILL_CANCELED,
  ioc: DtcTimeInForce.TIF_IMMEDIATE_OR_CANCEL,
  fok: DtcTimeInForce.TIF_FILL_OR_KILL,
} as const;

function aggressorOf(atBidOrAsk: number): Side | undefined {
  if (atBidOrAsk === DtcAtBidOrAsk.AT_ASK) return 'BUY';
  if (atBidOrAsk === DtcAtBidOrAsk.AT_BID) return 'SELL';
  return undefined;
}

function defined<T>(v: number | undefined, f: (n: number) => T): T | undefined {
  return isDtcUnset(v) ? undefined : f(v);
}

/**
 * Client of Sierra Chart's DTC protocol (JSON encoding) — market data, historical data and trading
 * against Sierra Chart's DTC server or the {@link DtcSimulator}.
 *
 * Transport behaviour: TCP_NODELAY; binary encoding handshake then NUL-terminated JSON; logon with a
 * heartbeat interval; heartbeats both ways; a connection silent for `heartbeatTimeoutMs` is dead;
 * dropped connections reconnect with exponential backoff and jitter, log on again and re-subscribe
 * market data under the same SymbolIDs. Malformed frames, invalid messages and unknown types are
 * counted and reported (`protocolError`, `unknownMessage`) without dropping the connection.
 *
 * Requests return `Result` values: every one has a timeout (`DTC_TIMEOUT`), and fails fast with
 * `DTC_NOT_CONNECTED` when the client is not logged on, `DTC_DISCONNECTED` (retryable) when the
 * connection drops while waiting, `DTC_REJECTED` when the server says no.
 *
 * Consumption: synchronous callbacks via {@link DtcClient.on}, or bounded async iterators
 * ({@link DtcClient.trades}, {@link DtcClient.orderUpdates} …). Market data iterators drop the oldest
 * item when full (counted in `stats.droppedMarketData`); order/position/balance iterators never drop:
 * when full they pause reading the socket (TCP backpressure reaches the server) until the consumer
 * catches up, and the heartbeat watchdog is suspended meanwhile.
 *
 * @example
 * ```ts
 * import { DtcClient } from '@minhos/sierra';
 * const client = new DtcClient({ host: '127.0.0.1', port: 11099, heartbeatIntervalMs: 5000 });
 * const logon = await client.connect();
 * if (!logon.ok) throw logon.error;
 * const sub = await client.subscribe('ESZ25-CME');
 * for await (const t of client.trades()) console.log(t.price, t.size);
 * ```
 */
export class DtcClient {
  readonly #o: DtcClientOptions;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #heartbeatMs: number;
  readonly #heartbeatTimeoutMs: number;
  readonly #requestTimeoutMs: number;
  readonly #emitter: TypedEmitter<DtcClientEvents>;
  #host: string;
  #port: number;
  #state: DtcClientState = 'idle';
  #socket: Socket | undefined;
  #decoder: DtcFrameDecoder;
  #pending = new Set<Pending>();
  #subs = new Map<number, SubState>();
  #nextSymbolId = 1;
  #nextRequestId = 1;
  #nextClientOrderId = 1;
  #attempt = 0;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #watchdogTimer: NodeJS.Timeout | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #lastReceived = 0;
  #pausedBy = new Set<AsyncQueue<unknown>>();
  #logon: DtcLogonResponse | undefined;
  /** Resolves the in-flight connection attempt. */
  #onLogon: ((r: Result<DtcLogonResponse, MinhosError>) => void) | undefined;
  #noReconnect = false;
  readonly #tradeSinks = new Set<Sink<DtcTrade>>();
  readonly #quoteSinks = new Set<Sink<DtcQuote>>();
  readonly #orderSinks = new Set<Sink<DtcOrderUpdate>>();
  readonly #positionSinks = new Set<Sink<DtcPositionUpdate>>();
  readonly #balanceSinks = new Set<Sink<DtcAccountBalanceUpdate>>();
  readonly stats: DtcClientStats = {
    bytesReceived: 0,
    framesReceived: 0,
    messagesReceived: 0,
    malformedFrames: 0,
    invalidMessages: 0,
    unknownTypes: 0,
    otherMessages: 0,
    heartbeatsReceived: 0,
    heartbeatTimeouts: 0,
    connects: 0,
    reconnects: 0,
    disconnects: 0,
    requestTimeouts: 0,
    droppedMarketData: 0,
    unmatchedMarketData: 0,
    backpressurePauses: 0,
    listenerErrors: 0,
  };

  constructor(options: DtcClientOptions) {
    if (!(Number.isInteger(options.port) && options.port > 0 && options.port < 65536)) {
      throw new MinhosError('DTC_INVALID_OPTION', `DtcClient: port must be 1..65535, got ${options.port}`);
    }
    this.#o = options;
    this.#host = options.host ?? '127.0.0.1';
    this.#port = options.port;
    this.#clock = options.clock ?? new LiveClock();
    this.#random = options.random ?? Math.random;
    this.#heartbeatMs = options.heartbeatIntervalMs ?? 10_000;
    if (!(this.#heartbeatMs > 0)) {
      throw new MinhosError(
        'DTC_INVALID_OPTION',
        `DtcClient: heartbeatIntervalMs must be > 0, got ${this.#heartbeatMs}`,
      );
    }
    this.#heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 3 * this.#heartbeatMs;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.#decoder = new DtcFrameDecoder({ maxFrameBytes: options.maxFrameBytes ?? 1024 * 1024 });
    this.#emitter = new TypedEmitter<DtcClientEvents>((e) => {
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

  /** Live subscriptions (re-sent after every reconnect). */
  get subscriptions(): { symbolId: number; symbol: string; exchange: string }[] {
    return [...this.#subs.values()].map((s) => ({
      symbolId: s.symbolId,
      symbol: s.symbol,
      exchange: s.exchange,
    }));
  }

  /** Registers a listener; returns a function that removes it. */
  on<K extends keyof DtcClientEvents>(event: K, listener: DtcClientEvents[K]): () => void {
    return this.#emitter.on(event, listener);
  }

  // ---- connection ---------------------------------------------------------------------------

  /**
   * Connects and logs on (one attempt, bounded by `connectTimeoutMs`). After success the client
   * keeps itself connected until {@link DtcClient.close}.
   */
  async connect(): Promise<Result<DtcLogonResponse, MinhosError>> {
    if (this.#state === 'closed') return err(new MinhosError('DTC_CLOSED', 'DtcClient is closed'));
    if (this.#state !== 'idle') {
      return err(new MinhosError('DTC_INVALID_STATE', `DtcClient.connect() called while ${this.#state}`));
    }
    const r = await this.#attemptOnce();
    if (!r.ok && (this.#state as DtcClientState) !== 'closed') this.#setState('idle');
    return r;
  }

  /** Sends LOGOFF, closes the socket and stops reconnecting. Pending requests fail with `DTC_CLOSED`; iterators end. */
  async close(reason = 'client closing'): Promise<void> {
    if (this.#state === 'closed') return;
    this.#noReconnect = true;
    clearTimeout(this.#reconnectTimer);
    this.#onLogon?.(err(new MinhosError('DTC_CLOSED', 'DtcClient closed while connecting')));
    const graceful = this.#state === 'ready';
    if (graceful) this.#write({ Type: T.LOGOFF, Reason: reason.slice(0, 95), DoNotReconnect: 1 });
    const socket = this.#teardownSocket(graceful);
    this.#failPending(new MinhosError('DTC_CLOSED', 'DtcClient closed', { details: { reason } }), true);
    this.#setState('closed');
    for (const set of [
      this.#tradeSinks,
      this.#quoteSinks,
      this.#orderSinks,
      this.#positionSinks,
      this.#balanceSinks,
    ]) {
      for (const s of set as Set<Sink<unknown>>) s.queue.close();
    }
    if (socket !== undefined && !socket.destroyed) {
      // Let the LOGOFF flush, then close; do not wait on a server that never closes its side.
      socket.resume();
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

  #setState(next: DtcClientState): void {
    const prev = this.#state;
    if (prev === next) return;
    this.#state = next;
    this.#emitter.emit('state', next, prev);
  }

  #attemptOnce(): Promise<Result<DtcLogonResponse, MinhosError>> {
    this.#setState(this.#state === 'reconnecting' ? 'reconnecting' : 'connecting');
    const timeoutMs = this.#o.connectTimeoutMs ?? 10_000;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (r: Result<DtcLogonResponse, MinhosError>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#onLogon = undefined;
        if (r.ok) this.#onReady(r.value);
        else this.#teardownSocket();
        resolve(r);
      };
      const timer = setTimeout(
        () =>
          finish(
            err(
              new MinhosError(
                'DTC_TIMEOUT',
                `DTC connect/logon to ${this.#host}:${this.#port} timed out after ${timeoutMs} ms`,
                {
                  retryable: true,
                  details: { host: this.#host, port: this.#port, timeoutMs },
                },
              ),
            ),
          ),
        timeoutMs,
      );
      this.#onLogon = finish;
      const handshake = this.#o.encodingHandshake ?? true;
      this.#decoder.reset(handshake ? 'response' : 'none');
      const socket = netConnect({ host: this.#host, port: this.#port });
      this.#socket = socket;
      socket.setNoDelay(true);
      socket.on('connect', () => {
        this.#lastReceived = performance.now();
        if (handshake) socket.write(encodeDtcEncodingMessage(T.ENCODING_REQUEST, DtcEncoding.JSON_ENCODING));
        else this.#sendLogon();
      });
      socket.on('data', (chunk: Buffer) => {
        if (this.#socket === socket) this.#onData(chunk);
      });
      socket.on('error', (e) => {
        if (this.#socket !== socket) return;
        const error = new MinhosError(
          'DTC_SOCKET_ERROR',
          `DTC socket ${this.#host}:${this.#port}: ${e.message}`,
          {
            cause: e,
            retryable: true,
            details: { host: this.#host, port: this.#port },
          },
        );
        if (this.#onLogon !== undefined) this.#onLogon(err(error));
        else this.#connectionLost(error);
      });
      socket.on('close', () => {
        if (this.#socket !== socket) return;
        const error = new MinhosError(
          'DTC_CONNECTION_CLOSED',
          `DTC server ${this.#host}:${this.#port} closed the connection`,
          {
            retryable: true,
          },
        );
        if (this.#onLogon !== undefined) this.#onLogon(err(error));
        else this.#connectionLost(error);
      });
    });
  }

  #sendLogon(): void {
    this.#write({
      Type: T.LOGON_REQUEST,
      ProtocolVersion: DTC_PROTOCOL_VERSION,
      Username: this.#o.username ?? '',
      Password: this.#o.password ?? '',
      GeneralTextData: '',
      Integer_1: this.#o.logonInteger1 ?? 0,
      Integer_2: 0,
      HeartbeatIntervalInSeconds: Math.max(1, Math.round(this.#heartbeatMs / 1000)),
      TradeAccount: this.#o.tradeAccount ?? '',
      HardwareIdentifier: '',
      ClientName: this.#o.clientName ?? 'MinhOS',
    });
  }

  #onReady(logon: DtcLogonResponse): void {
    this.#logon = logon;
    const wasReconnect = this.stats.connects > 0;
    this.stats.connects++;
    if (wasReconnect) this.stats.reconnects++;
    this.#attempt = 0;
    this.#setState('ready');
    this.#lastReceived = performance.now();
    this.#heartbeatTimer = setInterval(() => {
      this.#write({
        Type: T.HEARTBEAT,
        NumDroppedMessages: 0,
        CurrentDateTime: usToDtcWholeSeconds(this.#clock.now()),
      });
    }, this.#heartbeatMs);
    const check = Math.max(5, Math.min(this.#heartbeatMs, this.#heartbeatTimeoutMs / 4));
    this.#watchdogTimer = setInterval(() => {
      if (this.#pausedBy.size > 0) return;
      const silent = performance.now() - this.#lastReceived;
      if (silent > this.#heartbeatTimeoutMs) {
        this.stats.heartbeatTimeouts++;
        this.#connectionLost(
          new MinhosError(
            'DTC_HEARTBEAT_TIMEOUT',
            `no data from DTC server for ${Math.round(silent)} ms (limit ${this.#heartbeatTimeoutMs} ms)`,
            {
              retryable: true,
              details: { silentMs: Math.round(silent), timeoutMs: this.#heartbeatTimeoutMs },
            },
          ),
        );
      }
    }, check);
    for (const s of this.#subs.values()) {
      this.#write({
        Type: T.MARKET_DATA_REQUEST,
        RequestAction: DtcRequestAction.SUBSCRIBE,
        SymbolID: s.symbolId,
        Symbol: s.symbol,
        Exchange: s.exchange,
      });
    }
    this.#emitter.emit('connected', logon);
  }

  /** Stops timers and detaches the socket (its handlers then ignore it); destroys it unless `graceful`. */
  #teardownSocket(graceful = false): Socket | undefined {
    clearInterval(this.#heartbeatTimer);
    clearInterval(this.#watchdogTimer);
    this.#heartbeatTimer = undefined;
    this.#watchdogTimer = undefined;
    this.#pausedBy.clear();
    const s = this.#socket;
    this.#socket = undefined;
    if (!graceful && s !== undefined && !s.destroyed) s.destroy();
    return s;
  }

  #connectionLost(reason: MinhosError): void {
    if (this.#state !== 'ready') return;
    this.stats.disconnects++;
    this.#teardownSocket();
    this.#failPending(
      new MinhosError('DTC_DISCONNECTED', `DTC connection lost while waiting: ${reason.message}`, {
        cause: reason,
        retryable: true,
      }),
      false,
    );
    const willReconnect = (this.#o.reconnect ?? true) && !this.#noReconnect;
    this.#setState(willReconnect ? 'reconnecting' : 'closed');
    this.#emitter.emit('disconnected', reason, willReconnect);
    if (willReconnect) this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const max = this.#o.maxReconnectAttempts ?? Number.POSITIVE_INFINITY;
    if (this.#attempt >= max) {
      this.#setState('closed');
      return;
    }
    const delay = dtcBackoffDelay(this.#attempt, this.#o.backoff, this.#random);
    this.#attempt++;
    this.#reconnectTimer = setTimeout(() => {
      if (this.#state !== 'reconnecting') return;
      void this.#attemptOnce().then((r) => {
        if (r.ok || this.#state !== 'reconnecting') return;
        if (r.error.retryable && !this.#noReconnect) this.#scheduleReconnect();
        else {
          this.#setState('closed');
          this.#emitter.emit('disconnected', r.error, false);
        }
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
      if (ev.message.encoding !== DtcEncoding.JSON_ENCODING) {
        this.#onLogon?.(
          err(
            new MinhosError(
              'DTC_ENCODING_REFUSED',
              `DTC server answered encoding ${ev.message.encoding}, this client speaks JSON (2) only; set the server's encoding to JSON or Automatic`,
              {
                details: { encoding: ev.message.encoding },
              },
            ),
          ),
        );
        return;
      }
      this.#sendLogon();
      return;
    }
    if (ev.kind === 'malformed') {
      this.stats.malformedFrames++;
      const e = new MinhosError(
        ev.reason === 'bad-handshake' ? 'DTC_BAD_HANDSHAKE' : 'DTC_MALFORMED_FRAME',
        `DTC ${ev.reason}: ${ev.detail}`,
        { retryable: true, details: { excerpt: ev.excerpt } },
      );
      this.#emitter.emit('protocolError', e);
      if (ev.reason === 'bad-handshake') this.#onLogon?.(err(e));
      return;
    }
    this.stats.framesReceived++;
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
    this.#emitter.emit('message', m);
    switch (m.Type) {
      case T.LOGON_RESPONSE:
        this.#onLogonResponse(m);
        return;
      case T.HEARTBEAT:
        this.stats.heartbeatsReceived++;
        return;
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
        this.#connectionLost(reason);
        return;
      }
      case T.MARKET_DATA_UPDATE_TRADE:
      case T.MARKET_DATA_UPDATE_TRADE_COMPACT:
      case T.MARKET_DATA_UPDATE_TRADE_WITH_UNBUNDLED_INDICATOR:
        this.#onTrade(m.SymbolID, m.Price, m.Volume, dtcSecondsToUs(m.DateTime), m.AtBidOrAsk);
        return;
      case T.MARKET_DATA_UPDATE_TRADE_WITH_UNBUNDLED_INDICATOR_2:
        this.#onTrade(m.SymbolID, m.Price, m.Volume, m.DateTime, m.AtBidOrAsk);
        return;
      case T.MARKET_DATA_UPDATE_TRADE_NO_TIMESTAMP:
        this.#onTrade(m.SymbolID, m.Price, m.Volume, this.#clock.now(), m.AtBidOrAsk);
        return;
      case T.MARKET_DATA_UPDATE_BID_ASK:
      case T.MARKET_DATA_UPDATE_BID_ASK_COMPACT:
        this.#onQuote(
          m.SymbolID,
          m.BidPrice,
          m.BidQuantity,
          m.AskPrice,
          m.AskQuantity,
          m.DateTime > 0 ? dtcSecondsToUs(m.DateTime) : undefined,
        );
        return;
      case T.MARKET_DATA_UPDATE_BID_ASK_FLOAT_WITH_MICROSECONDS:
        this.#onQuote(
          m.SymbolID,
          m.BidPrice,
          m.BidQuantity,
          m.AskPrice,
          m.AskQuantity,
          m.DateTime > 0 ? m.DateTime : undefined,
        );
        return;
      case T.MARKET_DATA_UPDATE_BID_ASK_NO_TIMESTAMP:
        this.#onQuote(m.SymbolID, m.BidPrice, m.BidQuantity, m.AskPrice, m.AskQuantity, undefined);
        return;
      case T.MARKET_DATA_SNAPSHOT:
        this.#onSnapshot(m);
        break;
      case T.MARKET_DATA_REJECT:
        this.#emitter.emit('marketDataReject', m);
        break;
      case T.ORDER_UPDATE:
        this.#emitter.emit('orderUpdate', m);
        this.#deliver(this.#orderSinks, m, undefined);
        break;
      case T.POSITION_UPDATE:
        this.#emitter.emit('positionUpdate', m);
        this.#deliver(this.#positionSinks, m, undefined);
        break;
      case T.ACCOUNT_BALANCE_UPDATE:
        this.#emitter.emit('accountBalance', m);
        this.#deliver(this.#balanceSinks, m, undefined);
        break;
    }
    for (const p of this.#pending) {
      if (p.match(m)) {
        // Partial responses extend the inactivity timeout of multi-message requests.
        if (this.#pending.has(p)) this.#arm(p);
      }
    }
  }

  #onLogonResponse(m: DtcLogonResponse): void {
    const finish = this.#onLogon;
    if (finish === undefined) return;
    if (m.Result === DtcLogonStatus.LOGON_SUCCESS) {
      finish(ok(m));
      return;
    }
    if (m.Result === DtcLogonStatus.LOGON_RECONNECT_NEW_ADDRESS && m.ReconnectAddress !== '') {
      const [host, port] = m.ReconnectAddress.split(':');
      if (host !== undefined && host !== '') this.#host = host;
      const p = Number(port);
      if (Number.isInteger(p) && p > 0 && p < 65536) this.#port = p;
    }
    const noRetry = m.Result === DtcLogonStatus.LOGON_ERROR_NO_RECONNECT;
    if (noRetry) this.#noReconnect = true;
    finish(
      err(
        new MinhosError(
          'DTC_LOGON_REJECTED',
          `DTC logon rejected (Result ${m.Result}): ${m.ResultText || '(no text)'}`,
          {
            retryable: !noRetry,
            details: { result: m.Result, resultText: m.ResultText, reconnectAddress: m.ReconnectAddress },
          },
        ),
      ),
    );
  }

  #onTrade(symbolId: number, price: number, volume: number, time: TimestampUs, atBidOrAsk: number): void {
    const sub = this.#subs.get(symbolId);
    if (sub === undefined) {
      this.stats.unmatchedMarketData++;
      return;
    }
    const aggressor = aggressorOf(atBidOrAsk);
    const t: DtcTrade = {
      symbolId,
      symbol: sub.symbol,
      exchange: sub.exchange,
      time,
      price,
      size: volume,
      ...(aggressor === undefined ? {} : { aggressor }),
    };
    this.#emitter.emit('trade', t);
    this.#deliver(this.#tradeSinks, t, sub.symbol);
  }

  #onQuote(
    symbolId: number,
    bidPrice: number | undefined,
    bidQty: number,
    askPrice: number | undefined,
    askQty: number,
    /** µs; undefined when the server did not stamp it (then: our clock). */
    time: TimestampUs | undefined,
  ): void {
    const sub = this.#subs.get(symbolId);
    if (sub === undefined) {
      this.stats.unmatchedMarketData++;
      return;
    }
    // An unset side (absent or DBL_MAX) means "unchanged" for that side.
    if (!isDtcUnset(bidPrice)) {
      sub.bid = bidPrice;
      sub.bidSize = bidQty;
    }
    if (!isDtcUnset(askPrice)) {
      sub.ask = askPrice;
      sub.askSize = askQty;
    }
    const q: DtcQuote = {
      symbolId,
      symbol: sub.symbol,
      exchange: sub.exchange,
      time: time ?? this.#clock.now(),
      bid: sub.bid,
      ask: sub.ask,
      bidSize: sub.bidSize,
      askSize: sub.askSize,
    };
    this.#emitter.emit('quote', q);
    this.#deliver(this.#quoteSinks, q, sub.symbol);
  }

  #onSnapshot(m: DtcMarketDataSnapshot): void {
    const sub = this.#subs.get(m.SymbolID);
    const symbol = sub?.symbol ?? '';
    const exchange = sub?.exchange ?? '';
    const id = (n: number) => n;
    const snapshot: DtcSnapshot = {
      symbolId: m.SymbolID,
      symbol,
      exchange,
      ...opt('lastPrice', defined(m.LastTradePrice, id)),
      ...opt('lastSize', defined(m.LastTradeVolume, id)),
      ...opt(
        'lastTime',
        defined(m.LastTradeDateTime, (s) => (s > 0 ? dtcSecondsToUs(s) : Number.NaN)),
      ),
      ...opt('bid', defined(m.BidPrice, id)),
      ...opt('ask', defined(m.AskPrice, id)),
      ...opt('bidSize', defined(m.BidQuantity, id)),
      ...opt('askSize', defined(m.AskQuantity, id)),
      ...opt('sessionOpen', defined(m.SessionOpenPrice, id)),
      ...opt('sessionHigh', defined(m.SessionHighPrice, id)),
      ...opt('sessionLow', defined(m.SessionLowPrice, id)),
      ...opt('sessionVolume', defined(m.SessionVolume, id)),
      ...opt('settlementPrice', defined(m.SessionSettlementPrice, id)),
      ...opt(
        'openInterest',
        m.OpenInterest === undefined || m.OpenInterest >= 4294967295 ? undefined : m.OpenInterest,
      ),
      raw: m,
    };
    if (sub !== undefined) {
      if (snapshot.bid !== undefined) {
        sub.bid = snapshot.bid;
        sub.bidSize = snapshot.bidSize ?? 0;
      }
      if (snapshot.ask !== undefined) {
        sub.ask = snapshot.ask;
        sub.askSize = snapshot.askSize ?? 0;
      }
    }
    this.#emitter.emit('snapshot', snapshot);
  }

  #deliver<V>(sinks: Set<Sink<V>>, value: V, symbol: string | undefined): void {
    for (const s of sinks) {
      if (s.symbol !== undefined && s.symbol !== symbol) continue;
      const before = s.queue.dropped;
      const roomLeft = s.queue.push(value);
      if (s.queue.dropped !== before) this.stats.droppedMarketData += s.queue.dropped - before;
      if (
        !roomLeft &&
        s.queue.policy === 'pause' &&
        !s.queue.closed &&
        !this.#pausedBy.has(s.queue as AsyncQueue<unknown>)
      ) {
        // A never-drop queue is full: stop reading until its consumer catches up.
        this.#pausedBy.add(s.queue as AsyncQueue<unknown>);
        this.stats.backpressurePauses++;
        this.#socket?.pause();
      }
    }
  }

  #stream<V>(
    sinks: Set<Sink<V>>,
    options: DtcStreamOptions,
    defaultPolicy: OverflowPolicy,
  ): AsyncIterableIterator<V> {
    let sink: Sink<V> | undefined;
    const release = () => {
      const q = sink?.queue as AsyncQueue<unknown> | undefined;
      if (q !== undefined && this.#pausedBy.delete(q) && this.#pausedBy.size === 0) {
        this.#lastReceived = performance.now();
        this.#socket?.resume();
      }
    };
    const queue = new AsyncQueue<V>(
      options.capacity ?? 10_000,
      options.overflow ?? defaultPolicy,
      release,
      () => {
        if (sink !== undefined) sinks.delete(sink);
        release();
      },
    );
    sink = { queue, symbol: options.symbol };
    if (this.#state === 'closed') queue.close();
    else sinks.add(sink);
    return queue;
  }

  /**
   * Trades of subscribed symbols as an async iterator (bounded; default capacity 10 000, drop-oldest).
   * Breaking out of `for await` unregisters it.
   */
  trades(options: DtcStreamOptions = {}): AsyncIterableIterator<DtcTrade> {
    return this.#stream(this.#tradeSinks, options, 'drop-oldest');
  }

  /** Top-of-book updates as an async iterator (bounded; default drop-oldest). */
  quotes(options: DtcStreamOptions = {}): AsyncIterableIterator<DtcQuote> {
    return this.#stream(this.#quoteSinks, options, 'drop-oldest');
  }

  /** Every ORDER_UPDATE as an async iterator. Never drops: default policy `'pause'` (socket backpressure). */
  orderUpdates(options: Omit<DtcStreamOptions, 'symbol'> = {}): AsyncIterableIterator<DtcOrderUpdate> {
    return this.#stream(this.#orderSinks, options, 'pause');
  }

  /** Every POSITION_UPDATE as an async iterator (default policy `'pause'`). */
  positionUpdates(options: Omit<DtcStreamOptions, 'symbol'> = {}): AsyncIterableIterator<DtcPositionUpdate> {
    return this.#stream(this.#positionSinks, options, 'pause');
  }

  /** Every ACCOUNT_BALANCE_UPDATE as an async iterator (default policy `'pause'`). */
  accountBalanceUpdates(
    options: Omit<DtcStreamOptions, 'symbol'> = {},
  ): AsyncIterableIterator<DtcAccountBalanceUpdate> {
    return this.#stream(this.#balanceSinks, options, 'pause');
  }

  // ---- requests -----------------------------------------------------------------------------

  #arm(p: Pending): void {
    clearTimeout(p.timer);
    p.timer = setTimeout(() => {
      this.#pending.delete(p);
      this.stats.requestTimeouts++;
      p.fail(
        new MinhosError('DTC_TIMEOUT', `DTC ${p.label} got no response within ${p.timeoutMs} ms`, {
          retryable: true,
          details: { request: p.label, timeoutMs: p.timeoutMs },
        }),
      );
    }, p.timeoutMs);
  }

  #failPending(error: MinhosError, all: boolean): void {
    for (const p of [...this.#pending]) {
      if (!all && p.keepOnDisconnect) continue;
      clearTimeout(p.timer);
      this.#pending.delete(p);
      p.fail(error);
    }
  }

  /**
   * Registers a request, sends `frame` and resolves with what `collect` decides. `collect` sees every
   * validated message and returns `undefined` (not ours), `'partial'` (ours, keep waiting) or a
   * final Result.
   */
  #request<V>(
    label: string,
    frame: DtcJsonFrame,
    collect: (m: DtcServerMessage) => Result<V, MinhosError> | 'partial' | undefined,
    timeoutMs: number | undefined,
    keepOnDisconnect = false,
  ): Promise<Result<V, MinhosError>> {
    if (this.#state !== 'ready') {
      return Promise.resolve(
        err(
          new MinhosError('DTC_NOT_CONNECTED', `DTC ${label}: client is ${this.#state}, not logged on`, {
            retryable: this.#state !== 'closed',
          }),
        ),
      );
    }
    return new Promise((resolve) => {
      const p: Pending = {
        label,
        timeoutMs: timeoutMs ?? this.#requestTimeoutMs,
        keepOnDisconnect,
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
      this.#write(frame);
    });
  }

  /**
   * Subscribes to market data for `symbol` (Sierra Chart style, e.g. `"ESZ25-CME"`, or symbol +
   * exchange). Resolves when the server's snapshot confirms it; rejects with `DTC_REJECTED` on
   * MARKET_DATA_REJECT. The subscription is re-sent after every reconnect.
   */
  async subscribe(
    symbol: string,
    exchange = '',
    timeoutMs?: number,
  ): Promise<Result<DtcSubscription, MinhosError>> {
    for (const s of this.#subs.values()) {
      if (s.symbol === symbol && s.exchange === exchange) {
        return err(
          new MinhosError(
            'DTC_ALREADY_SUBSCRIBED',
            `already subscribed to ${symbol} ${exchange} (SymbolID ${s.symbolId})`,
          ),
        );
      }
    }
    const symbolId = this.#nextSymbolId++;
    const sub: SubState = {
      symbolId,
      symbol,
      exchange,
      bid: Number.NaN,
      ask: Number.NaN,
      bidSize: 0,
      askSize: 0,
      confirmed: false,
    };
    if (this.#state === 'ready') this.#subs.set(symbolId, sub);
    let snapshot: DtcSnapshot | undefined;
    const off = this.on('snapshot', (s) => {
      if (s.symbolId === symbolId) snapshot = s;
    });
    const r = await this.#request<DtcSubscription>(
      `MARKET_DATA_REQUEST ${symbol}`,
      {
        Type: T.MARKET_DATA_REQUEST,
        RequestAction: DtcRequestAction.SUBSCRIBE,
        SymbolID: symbolId,
        Symbol: symbol,
        Exchange: exchange,
      },
      (m) => {
        if (m.Type === T.MARKET_DATA_SNAPSHOT && m.SymbolID === symbolId && snapshot !== undefined) {
          return ok({ symbolId, symbol, exchange, snapshot });
        }
        if (m.Type === T.MARKET_DATA_REJECT && m.SymbolID === symbolId) {
          return err(
            new MinhosError(
              'DTC_REJECTED',
              `market data for ${symbol} ${exchange} rejected: ${m.RejectText || '(no text)'}`,
              {
                details: { symbol, exchange, symbolId, rejectText: m.RejectText },
              },
            ),
          );
        }
        return undefined;
      },
      timeoutMs,
      true,
    );
    off();
    if (r.ok) sub.confirmed = true;
    else this.#subs.delete(symbolId);
    return r;
  }

  /** Ends a subscription (by SymbolID or symbol). Returns false when there was none. */
  unsubscribe(symbolOrId: string | number, exchange = ''): boolean {
    const sub =
      typeof symbolOrId === 'number'
        ? this.#subs.get(symbolOrId)
        : [...this.#subs.values()].find((s) => s.symbol === symbolOrId && s.exchange === exchange);
    if (sub === undefined) return false;
    this.#subs.delete(sub.symbolId);
    this.#write({
      Type: T.MARKET_DATA_REQUEST,
      RequestAction: DtcRequestAction.UNSUBSCRIBE,
      SymbolID: sub.symbolId,
      Symbol: sub.symbol,
      Exchange: sub.exchange,
    });
    return true;
  }

  #historical<V>(
    req: DtcHistoricalRequest,
    intervalSeconds: number,
    convert: (m: DtcServerMessage) => V | undefined,
  ): Promise<Result<V[], MinhosError>> {
    const requestId = this.#nextRequestId++;
    const rows: V[] = [];
    return this.#request<V[]>(
      `HISTORICAL_PRICE_DATA_REQUEST ${req.symbol}`,
      {
        Type: T.HISTORICAL_PRICE_DATA_REQUEST,
        RequestID: requestId,
        Symbol: req.symbol,
        Exchange: req.exchange ?? '',
        RecordInterval: intervalSeconds,
        StartDateTime: req.start === undefined ? 0 : Math.floor(req.start / US_PER_SECOND),
        EndDateTime: req.end === undefined ? 0 : Math.ceil(req.end / US_PER_SECOND),
        MaxDaysToReturn: req.maxDays ?? 0,
        UseZLibCompression: 0,
        RequestDividendAdjustedStockData: 0,
        Integer_1: 0,
      },
      (m) => {
        if (!('RequestID' in m) || m.RequestID !== requestId) return undefined;
        switch (m.Type) {
          case T.HISTORICAL_PRICE_DATA_REJECT:
            return err(
              new MinhosError(
                'DTC_REJECTED',
                `historical data for ${req.symbol} rejected: ${m.RejectText || '(no text)'}`,
                {
                  retryable: m.RejectReasonCode === 1,
                  details: { rejectReasonCode: m.RejectReasonCode, retryTimeInSeconds: m.RetryTimeInSeconds },
                },
              ),
            );
          case T.HISTORICAL_PRICE_DATA_RESPONSE_HEADER:
            if (m.UseZLibCompression === 1) {
              return err(
                new MinhosError(
                  'DTC_UNSUPPORTED',
                  'server sent zlib-compressed historical data, which was not requested',
                ),
              );
            }
            return m.NoRecordsToReturn === 1 ? ok(rows) : 'partial';
          case T.HISTORICAL_PRICE_DATA_RECORD_RESPONSE:
          case T.HISTORICAL_PRICE_DATA_TICK_RECORD_RESPONSE: {
            const v = convert(m);
            if (v !== undefined) rows.push(v);
            return m.IsFinalRecord === 1 ? ok(rows) : 'partial';
          }
          case T.HISTORICAL_PRICE_DATA_RESPONSE_TRAILER:
            return ok(rows);
          default:
            return undefined;
        }
      },
      req.timeoutMs,
    );
  }

  /**
   * Requests historical bars (HISTORICAL_PRICE_DATA_REQUEST with `RecordInterval` > 0). Resolves with
   * every record once the final one arrives. Note: Sierra Chart serves historical data on its
   * separate historical port, usually with one request per connection — use a second client there.
   */
  historicalBars(req: DtcHistoricalRequest): Promise<Result<DtcHistoricalBar[], MinhosError>> {
    const interval = req.intervalSeconds ?? 60;
    if (!(Number.isInteger(interval) && interval > 0)) {
      return Promise.resolve(
        err(
          new MinhosError(
            'DTC_INVALID_REQUEST',
            `intervalSeconds must be a positive integer, got ${interval}`,
          ),
        ),
      );
    }
    return this.#historical<DtcHistoricalBar>(req, interval, (m) => {
      if (m.Type !== T.HISTORICAL_PRICE_DATA_RECORD_RESPONSE) return undefined;
      // Some servers close with an empty final record (StartDateTime 0): not a bar.
      if (m.StartDateTime === 0) return undefined;
      return {
        time: dtcAutoDateTimeToUs(m.StartDateTime),
        open: m.OpenPrice,
        high: m.HighPrice,
        low: m.LowPrice,
        close: m.LastPrice,
        volume: m.Volume,
        numTrades: m.NumTrades ?? m.OpenInterest ?? 0,
        bidVolume: m.BidVolume,
        askVolume: m.AskVolume,
      };
    });
  }

  /** Requests historical trades (`RecordInterval` 0): ticks with µs times and the aggressor side when known. */
  historicalTicks(req: DtcHistoricalRequest): Promise<Result<DtcTrade[], MinhosError>> {
    return this.#historical<DtcTrade>(req, 0, (m) => {
      if (m.Type !== T.HISTORICAL_PRICE_DATA_TICK_RECORD_RESPONSE || m.DateTime === 0) return undefined;
      const aggressor = aggressorOf(m.AtBidOrAsk);
      return {
        symbolId: 0,
        symbol: req.symbol,
        exchange: req.exchange ?? '',
        time: dtcSecondsToUs(m.DateTime),
        price: m.Price,
        size: m.Volume,
        ...(aggressor === undefined ? {} : { aggressor }),
      };
    });
  }

  /**
   * Submits a single order (SUBMIT_NEW_SINGLE_ORDER). Resolves with the server's first ORDER_UPDATE
   * for it: `ok` when accepted (status open, or already filled), `err` `DTC_REJECTED` (with the
   * update in `details.update`) when rejected. Fills arrive later as `orderUpdate` events.
   * Not retried across reconnects: on `DTC_DISCONNECTED`, query {@link DtcClient.openOrders} before
   * resubmitting (the same `clientOrderId` makes a resubmission safe).
   */
  submitOrder(order: DtcNewOrder): Promise<Result<DtcOrderUpdate, MinhosError>> {
    const invalid = (msg: string) =>
      Promise.resolve(
        err(new MinhosError('DTC_INVALID_REQUEST', `submitOrder: ${msg}`, { details: { order } })),
      );
    if (!(Number.isInteger(order.quantity) && order.quantity > 0))
      return invalid(`quantity must be a positive whole number of contracts, got ${order.quantity}`);
    if (order.type !== 'market' && !(order.price1 !== undefined && Number.isFinite(order.price1)))
      return invalid(`${order.type} order needs price1`);
    if (order.type === 'stop-limit' && !(order.price2 !== undefined && Number.isFinite(order.price2)))
      return invalid('stop-limit order needs price2 (the limit)');
    const clientOrderId =
      order.clientOrderId ??
      `minhos-${Math.floor(this.#clock.now() / 1000).toString(36)}-${this.#nextClientOrderId++}`;
    return this.#request<DtcOrderUpdate>(
      `SUBMIT_NEW_SINGLE_ORDER ${clientOrderId}`,
      {
        Type: T.SUBMIT_NEW_SINGLE_ORDER,
        Symbol: order.symbol,
        Exchange: order.exchange ?? '',
        TradeAccount: order.tradeAccount ?? this.#o.tradeAccount ?? '',
        ClientOrderID: clientOrderId,
        OrderType: ORDER_TYPE[order.type],
        BuySell: order.side === 'BUY' ? DtcBuySell.BUY : DtcBuySell.SELL,
        Price1: order.price1 ?? 0,
        Price2: order.price2 ?? 0,
        Quantity: order.quantity,
        TimeInForce: TIF[order.timeInForce ?? 'day'],
        GoodTillDateTime: 0,
        IsAutomatedOrder: order.automated === false ? 0 : 1,
        IsParentOrder: 0,
        FreeFormText: order.freeFormText ?? '',
        OpenOrClose: 0,
      },
      (m) => {
        if (m.Type !== T.ORDER_UPDATE || m.ClientOrderID !== clientOrderId) return undefined;
        if (m.OrderUpdateReason === DtcOrderUpdateReason.OPEN_ORDERS_REQUEST_RESPONSE) return undefined;
        if (
          m.OrderStatus === DtcOrderStatus.ORDER_STATUS_REJECTED ||
          m.OrderUpdateReason === DtcOrderUpdateReason.NEW_ORDER_REJECTED
        ) {
          return err(
            new MinhosError('DTC_REJECTED', `order ${clientOrderId} rejected: ${m.InfoText || '(no text)'}`, {
              details: { clientOrderId, infoText: m.InfoText, update: m },
            }),
          );
        }
        return ok(m);
      },
      order.timeoutMs,
    );
  }

  #matchesRef(m: DtcOrderUpdate, ref: DtcOrderRef): boolean {
    return (
      (ref.serverOrderId !== undefined &&
        ref.serverOrderId !== '' &&
        m.ServerOrderID === ref.serverOrderId) ||
      (ref.clientOrderId !== undefined && ref.clientOrderId !== '' && m.ClientOrderID === ref.clientOrderId)
    );
  }

  /** Cancels an order (CANCEL_ORDER). Resolves `ok` with the canceled ORDER_UPDATE, `err` `DTC_REJECTED` on a cancel reject. */
  cancelOrder(ref: DtcOrderRef): Promise<Result<DtcOrderUpdate, MinhosError>> {
    if ((ref.serverOrderId ?? '') === '' && (ref.clientOrderId ?? '') === '') {
      return Promise.resolve(
        err(new MinhosError('DTC_INVALID_REQUEST', 'cancelOrder needs serverOrderId or clientOrderId')),
      );
    }
    return this.#request<DtcOrderUpdate>(
      `CANCEL_ORDER ${ref.serverOrderId ?? ref.clientOrderId}`,
      {
        Type: T.CANCEL_ORDER,
        ServerOrderID: ref.serverOrderId ?? '',
        ClientOrderID: ref.clientOrderId ?? '',
      },
      (m) => {
        if (m.Type !== T.ORDER_UPDATE || !this.#matchesRef(m, ref)) return undefined;
        if (m.OrderUpdateReason === DtcOrderUpdateReason.ORDER_CANCEL_REJECTED) {
          return err(
            new MinhosError('DTC_REJECTED', `cancel rejected: ${m.InfoText || '(no text)'}`, {
              details: { update: m },
            }),
          );
        }
        if (
          m.OrderUpdateReason === DtcOrderUpdateReason.ORDER_CANCELED ||
          m.OrderStatus === DtcOrderStatus.ORDER_STATUS_CANCELED
        )
          return ok(m);
        return undefined;
      },
      ref.timeoutMs,
    );
  }

  /** Modifies a working order (CANCEL_REPLACE_ORDER): new prices and/or quantity. */
  cancelReplaceOrder(
    ref: DtcOrderRef & { readonly price1?: number; readonly price2?: number; readonly quantity?: number },
  ): Promise<Result<DtcOrderUpdate, MinhosError>> {
    if ((ref.serverOrderId ?? '') === '' && (ref.clientOrderId ?? '') === '') {
      return Promise.resolve(
        err(
          new MinhosError('DTC_INVALID_REQUEST', 'cancelReplaceOrder needs serverOrderId or clientOrderId'),
        ),
      );
    }
    return this.#request<DtcOrderUpdate>(
      `CANCEL_REPLACE_ORDER ${ref.serverOrderId ?? ref.clientOrderId}`,
      {
        Type: T.CANCEL_REPLACE_ORDER,
        ServerOrderID: ref.serverOrderId ?? '',
        ClientOrderID: ref.clientOrderId ?? '',
        Price1: ref.price1 ?? 0,
        Price2: ref.price2 ?? 0,
        Quantity: ref.quantity ?? 0,
        Price1IsSet: ref.price1 === undefined ? 0 : 1,
        Price2IsSet: ref.price2 === undefined ? 0 : 1,
        TimeInForce: 0,
        GoodTillDateTime: 0,
        UpdatePrice1OffsetToParent: 0,
      },
      (m) => {
        if (m.Type !== T.ORDER_UPDATE || !this.#matchesRef(m, ref)) return undefined;
        if (m.OrderUpdateReason === DtcOrderUpdateReason.ORDER_CANCEL_REPLACE_COMPLETE) return ok(m);
        if (m.OrderUpdateReason === DtcOrderUpdateReason.ORDER_CANCEL_REPLACE_REJECTED) {
          return err(
            new MinhosError('DTC_REJECTED', `cancel/replace rejected: ${m.InfoText || '(no text)'}`, {
              details: { update: m },
            }),
          );
        }
        return undefined;
      },
      ref.timeoutMs,
    );
  }

  /** Collects a numbered multi-message response (`MessageNumber` of `Total`). */
  #collectNumbered<V>(
    rows: V[],
    number: number,
    total: number,
    empty: boolean,
    value: () => V,
  ): Result<V[], MinhosError> | 'partial' {
    if (!empty) rows.push(value());
    return empty || total <= 0 || number >= total ? ok(rows) : 'partial';
  }

  /** Working orders (OPEN_ORDERS_REQUEST), optionally of one trade account. */
  openOrders(tradeAccount = '', timeoutMs?: number): Promise<Result<DtcOrderUpdate[], MinhosError>> {
    const requestId = this.#nextRequestId++;
    const rows: DtcOrderUpdate[] = [];
    return this.#request<DtcOrderUpdate[]>(
      'OPEN_ORDERS_REQUEST',
      {
        Type: T.OPEN_ORDERS_REQUEST,
        RequestID: requestId,
        RequestAllOrders: 1,
        ServerOrderID: '',
        TradeAccount: tradeAccount,
      },
      (m) => {
        if (m.Type === T.OPEN_ORDERS_REJECT && m.RequestID === requestId) {
          return err(new MinhosError('DTC_REJECTED', `open orders rejected: ${m.RejectText || '(no text)'}`));
        }
        if (m.Type !== T.ORDER_UPDATE || m.RequestID !== requestId) return undefined;
        return this.#collectNumbered(rows, m.MessageNumber, m.TotalNumMessages, m.NoOrders === 1, () => m);
      },
      timeoutMs,
    );
  }

  /** Current positions (CURRENT_POSITIONS_REQUEST), optionally of one trade account. Quantities signed, in contracts. */
  positions(tradeAccount = '', timeoutMs?: number): Promise<Result<DtcPositionUpdate[], MinhosError>> {
    const requestId = this.#nextRequestId++;
    const rows: DtcPositionUpdate[] = [];
    return this.#request<DtcPositionUpdate[]>(
      'CURRENT_POSITIONS_REQUEST',
      { Type: T.CURRENT_POSITIONS_REQUEST, RequestID: requestId, TradeAccount: tradeAccount },
      (m) => {
        if (m.Type === T.CURRENT_POSITIONS_REJECT && m.RequestID === requestId) {
          return err(new MinhosError('DTC_REJECTED', `positions rejected: ${m.RejectText || '(no text)'}`));
        }
        if (m.Type !== T.POSITION_UPDATE || m.RequestID !== requestId) return undefined;
        return this.#collectNumbered(
          rows,
          m.MessageNumber,
          m.TotalNumberMessages,
          m.NoPositions === 1,
          () => m,
        );
      },
      timeoutMs,
    );
  }

  /** Trade accounts available on the connection (TRADE_ACCOUNTS_REQUEST). */
  tradeAccounts(timeoutMs?: number): Promise<Result<string[], MinhosError>> {
    const requestId = this.#nextRequestId++;
    const rows: string[] = [];
    return this.#request<string[]>(
      'TRADE_ACCOUNTS_REQUEST',
      { Type: T.TRADE_ACCOUNTS_REQUEST, RequestID: requestId },
      (m) => {
        if (m.Type !== T.TRADE_ACCOUNT_RESPONSE || (m.RequestID !== requestId && m.RequestID !== 0))
          return undefined;
        return this.#collectNumbered(
          rows,
          m.MessageNumber,
          m.TotalNumberMessages,
          m.TradeAccount === '',
          () => m.TradeAccount,
        );
      },
      timeoutMs,
    );
  }

  /** Account balances (ACCOUNT_BALANCE_REQUEST); an empty account asks for all of them. */
  accountBalances(
    tradeAccount = '',
    timeoutMs?: number,
  ): Promise<Result<DtcAccountBalanceUpdate[], MinhosError>> {
    const requestId = this.#nextRequestId++;
    const rows: DtcAccountBalanceUpdate[] = [];
    return this.#request<DtcAccountBalanceUpdate[]>(
      'ACCOUNT_BALANCE_REQUEST',
      { Type: T.ACCOUNT_BALANCE_REQUEST, RequestID: requestId, TradeAccount: tradeAccount },
      (m) => {
        if (m.Type === T.ACCOUNT_BALANCE_REJECT && m.RequestID === requestId) {
          return err(
            new MinhosError('DTC_REJECTED', `account balance rejected: ${m.RejectText || '(no text)'}`),
          );
        }
        if (m.Type !== T.ACCOUNT_BALANCE_UPDATE || m.RequestID !== requestId) return undefined;
        return this.#collectNumbered(
          rows,
          m.MessageNumber,
          m.TotalNumberMessages,
          m.NoAccountBalances === 1,
          () => m,
        );
      },
      timeoutMs,
    );
  }
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (
    value === undefined || (typeof value === 'number' && Number.isNaN(value)) ? {} : { [key]: value }
  ) as { [P in K]?: V };
}
