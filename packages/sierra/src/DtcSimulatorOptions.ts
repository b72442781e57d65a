import type { Clock, TimestampUs } from '@minhos/core';
import type { DtcReplaySource } from './dtcReplaySource.js';

/** One instrument the simulator serves. */
export interface DtcSimulatorInstrument {
  /** DTC `Symbol` clients subscribe to, e.g. `"ESZ13"` or Sierra style `"ESZ13-CME"`. */
  readonly symbol: string;
  /** DTC `Exchange` (default `""`); a request with an empty exchange matches any. */
  readonly exchange?: string;
  /** What to replay. */
  readonly source: DtcReplaySource;
  /** Currency per 1.0 price point per contract, for P&L (default 50, the ES multiplier). */
  readonly pointValue?: number;
  /** Initial margin per contract in account currency, for `BalanceAvailableForNewPositions` (default 0). */
  readonly marginPerContract?: number;
}

/** Settings of `DtcSimulator`. */
export interface DtcSimulatorOptions {
  readonly instruments: readonly DtcSimulatorInstrument[];
  /** Interface to listen on (default `127.0.0.1`: never exposed to the network by default). */
  readonly host?: string;
  /** TCP port (default 11099, Sierra Chart's DTC default; 0 = any free port, for tests). */
  readonly port?: number;
  /**
   * Replay speed: 1 = real time, N = N× faster, `'max'` = as fast as the clients read (the replay
   * waits for slow clients instead of dropping their market data). Default 1.
   */
  readonly speed?: number | 'max';
  /**
   * Market time the replay starts at (µs). History before it is served to historical requests;
   * nothing at or after the current replay time ever is (no look-ahead). Default: each source's start.
   */
  readonly replayFrom?: TimestampUs;
  /** When the replay starts: at `start()`, at the first market data subscription (default), or only on `play()`. */
  readonly autoPlay?: 'on-start' | 'on-first-subscribe' | 'manual';
  /** Longest real wait between two replayed events, in ms (default 10 000): compresses nights and weekends. */
  readonly maxGapMs?: number;
  /** Trade accounts (default `["SIM1"]`). */
  readonly accounts?: readonly string[];
  /** Starting cash per account (default 100 000). */
  readonly startingBalance?: number;
  /** Commission per contract per fill (each side), in account currency (default 2.5). */
  readonly commissionPerContract?: number;
  /** Account currency code (default `"USD"`). */
  readonly currency?: string;
  /** Credentials to require at logon; when unset any logon succeeds. */
  readonly credentials?: { readonly username: string; readonly password: string };
  /** Overrides the heartbeat interval clients ask for, in ms (tests use a few tens of ms). */
  readonly heartbeatIntervalMs?: number;
  /** Market data buffered for one client beyond which its market data is dropped (default 8 MiB). Order updates are never dropped. */
  readonly maxBufferedBytesPerClient?: number;
  /** Wall clock for heartbeats (default `LiveClock`). */
  readonly clock?: Clock;
  /** `ServerName` in LOGON_RESPONSE. */
  readonly serverName?: string;
  /**
   * Whether orders are accepted (`TradingIsSupported` in LOGON_RESPONSE; default true). False acts
   * like Sierra Chart with "Allow Trading" off: every order request is rejected.
   */
  readonly tradingSupported?: boolean;
  /** Most contracts one trade print fills of one order (default: all). Smaller values give partial fills. */
  readonly maxFillPerPrint?: number;
  /**
   * `'combined'` (default): historical requests on the same connection as everything else, ticks as
   * 804. `'sierra'`: like Sierra Chart's historical port — `OneHistoricalPriceDataRequestPerConnection`
   * 1, every record (ticks included) as 803 (ticks: Open 0, High = ask, Low = bid), the connection
   * closed after the request.
   */
  readonly historicalMode?: 'combined' | 'sierra';
}

/** Counters of a running `DtcSimulator`. */
export interface DtcSimulatorStats {
  connections: number;
  activeConnections: number;
  framesReceived: number;
  malformedFrames: number;
  unknownTypes: number;
  invalidMessages: number;
  tradesReplayed: number;
  quotesReplayed: number;
  droppedMarketData: number;
  ordersSubmitted: number;
  fills: number;
}
