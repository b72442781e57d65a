import type { Writable } from 'node:stream';

/** Knobs of {@link createServer}; every one has a safe default. */
export interface ServerOptions {
  /** Read-only endpoints answer without a token from loopback clients (default true). */
  readonly openReads?: boolean;
  /** Largest request body in bytes (default 64 KiB); larger ones get 413. */
  readonly bodyLimit?: number;
  /** Requests allowed per client per window (default 600 per 60 s); more get 429. */
  readonly rateLimit?: { readonly max: number; readonly windowMs: number };
  /** Origins allowed by CORS (default none: CORS closed). */
  readonly corsOrigins?: readonly string[];
  /** Market data older than this is `stale` (default 60 s). */
  readonly staleAfterSeconds?: number;
  /** Where JSON log lines go (default none). Authorization headers are never logged. */
  readonly logStream?: Writable;
  /** WebSocket settings. */
  readonly ws?: {
    /** Status push interval, ms (default 1000). */
    readonly statusIntervalMs?: number;
    /** Heartbeat ping interval, ms (default 15000); a client that missed a pong is dropped. */
    readonly heartbeatMs?: number;
    /** A client whose unsent bytes exceed this is dropped (default 1 MiB). */
    readonly maxBufferedBytes?: number;
    /** Messages kept per topic for resync (default 256). */
    readonly replayDepth?: number;
  };
}
