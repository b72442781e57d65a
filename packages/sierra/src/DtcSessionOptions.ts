import type { Clock, MinhosError } from '@minhos/core';
import type { DtcBackoffOptions } from './dtcBackoffDelay.js';
import type { DtcLogonResponse, DtcServerMessage } from './dtcMessages.js';

/**
 * How the session opens the JSON encoding:
 * - `'binary'`: binary ENCODING_REQUEST first (what Sierra Chart answers when its DTC server's
 *   encoding is *Automatic*);
 * - `'json'`: the ENCODING_REQUEST sent as a JSON message (Sierra Chart with the encoding preset to JSON
 *   expects every message, this one included, in JSON);
 * - `'none'`: no encoding request, logon directly (servers fixed to JSON that do not answer it);
 * - `'auto'` (default): `'binary'` first; when that attempt gets no encoding answer (silence, a close,
 *   or a JSON frame) the next attempt uses `'json'`, and the working mode is kept for reconnects.
 */
export type DtcEncodingHandshake = 'auto' | 'binary' | 'json' | 'none';

/** Settings of a `DtcSession` (and of the clients built on it). Times in milliseconds. */
export interface DtcSessionOptions {
  /** Server address (default `127.0.0.1`). */
  readonly host?: string;
  /** Server port (Sierra Chart's DTC server default is 11099, its historical port 11098). */
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
   * (whole seconds), which is also how often the server heartbeats us. `0` = no heartbeats and no
   * watchdog (Sierra's historical connections, which can stay silent while Sierra downloads data).
   */
  readonly heartbeatIntervalMs?: number;
  /** Silence (no byte received) after which the connection is considered dead (default 3 × heartbeat interval). */
  readonly heartbeatTimeoutMs?: number;
  /** Budget for TCP connect + encoding handshake + logon (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** Default timeout of each request, reset by each partial response (default 10 000). */
  readonly requestTimeoutMs?: number;
  /** How to open the JSON encoding (default `'auto'`, see {@link DtcEncodingHandshake}). */
  readonly encodingHandshake?: DtcEncodingHandshake;
  /** How long `'auto'` waits for the binary encoding answer before switching to JSON (default 2 000). */
  readonly encodingTimeoutMs?: number;
  /** Reconnect automatically after a drop (default true). */
  readonly reconnect?: boolean;
  /** Backoff between reconnect attempts (see `dtcBackoffDelay`). */
  readonly backoff?: DtcBackoffOptions;
  /** Give up after this many consecutive failed reconnect attempts (default unlimited). */
  readonly maxReconnectAttempts?: number;
  /** Uniform [0, 1) source for backoff jitter (injectable for tests; default `Math.random`). */
  readonly random?: () => number;
  /** Clock for outgoing heartbeat timestamps and for data the server leaves unstamped (default `LiveClock`). */
  readonly clock?: Clock;
  /** Largest accepted frame in bytes (default 1 MiB). */
  readonly maxFrameBytes?: number;
  /** Called when one of your listeners throws (default: ignored and counted in `stats.listenerErrors`). */
  readonly onListenerError?: (error: unknown) => void;
}

/** Connection state of a `DtcSession` / `DtcClient`. `closed` is final. */
export type DtcClientState = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'closed';

/** Counters of a session and the client on it, cumulative over reconnects. */
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
  /** Market data dropped because a consumer's iterator buffer was full (never order flow). */
  droppedMarketData: number;
  /** Trades/quotes for a SymbolID with no live subscription (e.g. just after unsubscribing). */
  unmatchedMarketData: number;
  listenerErrors: number;
}

/** Events of a `DtcSession`. Listeners run synchronously, in registration order. */
export interface DtcSessionEvents {
  /** Every state change. */
  state: (state: DtcClientState, previous: DtcClientState) => void;
  /** Each successful logon (first connect and every reconnect). */
  connected: (logon: DtcLogonResponse) => void;
  /**
   * The connection dropped. `willReconnect` false means this was the last connection: the session
   * is `closed` (reconnect disabled, the server said do-not-reconnect, or `maxReconnectAttempts` ran out).
   */
  disconnected: (reason: MinhosError, willReconnect: boolean) => void;
  /** Fired exactly once, last, when the session becomes `closed` (by `close()` or by giving up). */
  closed: (reason: MinhosError) => void;
  /** Every validated message. */
  message: (message: DtcServerMessage) => void;
  /** A DTC message type this package does not model (passed through unvalidated). */
  otherMessage: (type: number, value: Readonly<Record<string, unknown>>) => void;
  /** A `Type` that is not DTC as known here; it is ignored. */
  unknownMessage: (type: number) => void;
  /** Malformed JSON, an invalid message, a bad handshake: reported, the connection stays up. */
  protocolError: (error: MinhosError) => void;
}
