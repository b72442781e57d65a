import { createServer, type Server, type Socket } from 'node:net';
import { type Clock, LiveClock, MinhosError, type TimestampUs } from '@minhos/core';
import type { DtcSimulatorOptions, DtcSimulatorStats } from './DtcSimulatorOptions.js';
import {
  DtcFrameDecoder,
  type DtcJsonFrame,
  encodeDtcEncodingMessage,
  encodeDtcJsonFrame,
} from './dtcFraming.js';
import {
  type DtcClientMessage,
  type DtcHistoricalPriceDataRequest,
  type DtcLogonRequest,
  type DtcMarketDataRequest,
  parseDtcClientMessage,
} from './dtcMessages.js';
import { DTC_PROTOCOL_VERSION, DtcEncoding, DtcRequestAction, DtcMessageType as T } from './dtcProtocol.js';
import type { DtcReplayEvent, DtcReplaySource } from './dtcReplaySource.js';
import { usToDtcWholeSeconds } from './dtcTime.js';
import { SimBroker, type SimInstrument } from './internal/dtcSimBroker.js';
import { SimTradingDesk } from './internal/SimTradingDesk.js';
import { serveHistorical } from './internal/simHistorical.js';
import { simLogonResponse } from './internal/simLogon.js';
import { type SimMarketState, simApply, simSnapshot, simUpdateFrame } from './internal/simSnapshot.js';

interface InstrumentState extends SimMarketState {
  readonly spec: SimInstrument;
  readonly source: DtcReplaySource;
  subscribers: Map<Conn, Set<number>>;
}

interface Conn {
  readonly socket: Socket;
  readonly decoder: DtcFrameDecoder;
  loggedOn: boolean;
  heartbeat?: NodeJS.Timeout;
  watchdog?: NodeJS.Timeout;
  lastReceived: number;
  dropped: number;
  readonly subscriptions: Map<number, InstrumentState>;
}

const DEFAULT_HEARTBEAT_S = 10;
const BATCH = 256;

/**
 * A DTC protocol **server** that replays recorded market data and fills orders against it: the
 * embedded default feed of the reference server and the test peer of {@link DtcClient}.
 *
 * It speaks what Sierra Chart's DTC server speaks for the JSON encoding: binary encoding handshake,
 * logon, heartbeats both ways, market data subscribe/unsubscribe/snapshot with trade and bid/ask
 * updates, historical price data (bars or ticks, from the replay source, never beyond the replay
 * time), single orders (market, limit, stop, stop-limit) with cancel and cancel/replace, order,
 * position and account-balance updates with commissions, and the matching requests. Fill rules:
 * market orders fill at the next replayed trade; resting limits fill at their price when a trade
 * crosses them; stops fill at the trade that touches them (see `SimBroker`).
 *
 * Several clients may connect; they share the accounts (as terminals of one broker) and the replay
 * (as one market). It listens on 127.0.0.1 unless told otherwise.
 *
 * @example
 * ```ts
 * import { DtcSimulator, dtcCsvBarSource } from '@minhos/sierra';
 * const source = await dtcCsvBarSource('data/ohlcv/es_1min_trade_lean.csv', { contract: 'ES201312' });
 * const sim = new DtcSimulator({ instruments: [{ symbol: 'ESZ13', exchange: 'CME', source }], port: 0, speed: 60 });
 * const { port } = await sim.start();
 * // … connect a DtcClient to 127.0.0.1:port …
 * await sim.stop();
 * ```
 */
export class DtcSimulator {
  readonly #options: DtcSimulatorOptions;
  readonly #instruments: InstrumentState[] = [];
  readonly #specs = new Map<string, SimInstrument>();
  readonly #broker: SimBroker;
  readonly #desk: SimTradingDesk<Conn>;
  readonly #conns = new Set<Conn>();
  readonly #clock: Clock;
  readonly #maxBuffered: number;
  #server: Server | undefined;
  #replayTime: TimestampUs;
  #playing = false;
  #started = false;
  #stopping = false;
  #resume: (() => void) | undefined;
  #replayDone: Promise<void> | undefined;
  #replayError: MinhosError | undefined;
  #sleepTimer: NodeJS.Timeout | undefined;
  #wakeSleep: (() => void) | undefined;
  readonly stats: DtcSimulatorStats = {
    connections: 0,
    activeConnections: 0,
    framesReceived: 0,
    malformedFrames: 0,
    unknownTypes: 0,
    invalidMessages: 0,
    tradesReplayed: 0,
    quotesReplayed: 0,
    droppedMarketData: 0,
    ordersSubmitted: 0,
    fills: 0,
  };

  constructor(options: DtcSimulatorOptions) {
    if (options.instruments.length === 0) {
      throw new MinhosError('DTC_INVALID_OPTION', 'DtcSimulator needs at least one instrument');
    }
    const speed = options.speed ?? 1;
    if (speed !== 'max' && !(typeof speed === 'number' && speed > 0 && Number.isFinite(speed))) {
      throw new MinhosError(
        'DTC_INVALID_OPTION',
        `speed must be a positive number or 'max', got ${String(speed)}`,
      );
    }
    this.#options = options;
    this.#clock = options.clock ?? new LiveClock();
    this.#maxBuffered = options.maxBufferedBytesPerClient ?? 8 * 1024 * 1024;
    this.#replayTime = options.replayFrom ?? Number.NEGATIVE_INFINITY;
    for (const inst of options.instruments) {
      const exchange = inst.exchange ?? '';
      const key = `${inst.symbol}|${exchange}`;
      if (this.#specs.has(key)) {
        throw new MinhosError('DTC_INVALID_OPTION', `instrument ${inst.symbol} ${exchange} is listed twice`);
      }
      const spec: SimInstrument = {
        key,
        symbol: inst.symbol,
        exchange,
        pointValue: inst.pointValue ?? 50,
        marginPerContract: inst.marginPerContract ?? 0,
      };
      this.#specs.set(key, spec);
      this.#instruments.push({
        spec,
        source: inst.source,
        subscribers: new Map(),
        sessionVolume: 0,
        sessionTrades: 0,
      });
    }
    this.#broker = new SimBroker({
      accounts: options.accounts ?? ['SIM1'],
      startingBalance: options.startingBalance ?? 100_000,
      commissionPerContract: options.commissionPerContract ?? 2.5,
      ...(options.maxFillPerPrint === undefined ? {} : { maxFillPerPrint: options.maxFillPerPrint }),
    });
    this.#desk = new SimTradingDesk<Conn>({
      broker: this.#broker,
      specs: this.#specs,
      currency: options.currency ?? 'USD',
      tradingSupported: options.tradingSupported !== false,
      stats: this.stats,
      replayTime: () => this.#replayTime,
      now: () => this.#clock.now(),
      find: (symbol, exchange) => this.#find(symbol, exchange)?.spec,
      send: (conn, frame) => this.#send(conn, frame),
      broadcast: (frame) => this.#broadcastAll(frame),
    });
  }

  /** Market time of the last replayed event (µs), or `replayFrom` before the first. */
  get replayTime(): TimestampUs {
    return this.#replayTime;
  }

  /** Whether the replay is running (not paused, not finished). */
  get playing(): boolean {
    return this.#playing;
  }

  /** Starts listening. Resolves with the bound address (use `port: 0` and read the port back in tests). */
  async start(): Promise<{ host: string; port: number }> {
    if (this.#server !== undefined)
      throw new MinhosError('DTC_SIMULATOR_STATE', 'DtcSimulator already started');
    const host = this.#options.host ?? '127.0.0.1';
    const server = createServer((socket) => this.#accept(socket));
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) =>
        reject(
          new MinhosError(
            'DTC_LISTEN_FAILED',
            `DtcSimulator cannot listen on ${host}:${this.#options.port ?? 11099}`,
            {
              cause: e,
              retryable: true,
            },
          ),
        ),
      );
      server.listen(this.#options.port ?? 11099, host, () => resolve());
    });
    server.on('error', () => {});
    if (this.#options.autoPlay === 'on-start') this.play();
    const addr = server.address();
    return { host, port: typeof addr === 'object' && addr !== null ? addr.port : 0 };
  }

  /** Starts or resumes the replay. */
  play(): void {
    if (this.#stopping) return;
    this.#playing = true;
    if (!this.#started) {
      this.#started = true;
      // A failing source (unreadable file, bad data) ends the replay; it must not crash the process.
      this.#replayDone = this.#run().catch((cause: unknown) => {
        this.#playing = false;
        this.#replayError = new MinhosError(
          'DTC_REPLAY_FAILED',
          `DtcSimulator replay stopped: ${cause instanceof Error ? cause.message : String(cause)}`,
          { cause },
        );
      });
    } else {
      const r = this.#resume;
      this.#resume = undefined;
      r?.();
    }
  }

  /** Pauses the replay (market time stops; orders wait). */
  pause(): void {
    this.#playing = false;
  }

  /**
   * Resolves when the replay has gone through every event (or the simulator stopped).
   * @throws {@link @minhos/core!MinhosError} `DTC_REPLAY_FAILED` when a source failed (the simulator keeps serving).
   */
  async finished(): Promise<void> {
    await this.#replayDone;
    if (this.#replayError !== undefined) throw this.#replayError;
  }

  /** Why the replay stopped early, if a source failed. */
  get replayError(): MinhosError | undefined {
    return this.#replayError;
  }

  /** Stops the replay, disconnects every client and closes the listener. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#playing = false;
    this.#resume?.();
    this.#wakeSleep?.();
    for (const c of this.#conns) this.#close(c);
    const server = this.#server;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
    await this.#replayDone;
  }

  // ---- connections -------------------------------------------------------------------------

  #accept(socket: Socket): void {
    socket.setNoDelay(true);
    const conn: Conn = {
      socket,
      decoder: new DtcFrameDecoder({ handshake: 'request' }),
      loggedOn: false,
      lastReceived: performance.now(),
      dropped: 0,
      subscriptions: new Map(),
    };
    this.#conns.add(conn);
    this.stats.connections++;
    this.stats.activeConnections++;
    socket.on('data', (chunk) => this.#onData(conn, chunk));
    socket.on('error', () => {});
    socket.on('close', () => this.#cleanup(conn));
  }

  #cleanup(conn: Conn): void {
    if (!this.#conns.delete(conn)) return;
    this.stats.activeConnections--;
    clearInterval(conn.heartbeat);
    clearInterval(conn.watchdog);
    for (const inst of conn.subscriptions.values()) inst.subscribers.delete(conn);
    conn.subscriptions.clear();
  }

  #close(conn: Conn): void {
    conn.socket.destroy();
    this.#cleanup(conn);
  }

  #onData(conn: Conn, chunk: Buffer): void {
    conn.lastReceived = performance.now();
    for (const ev of conn.decoder.push(chunk)) {
      if (ev.kind === 'encoding') {
        // We only speak JSON: the response tells the client which encoding it gets.
        conn.socket.write(encodeDtcEncodingMessage(T.ENCODING_RESPONSE, DtcEncoding.JSON_ENCODING));
        continue;
      }
      if (ev.kind === 'malformed') {
        this.stats.malformedFrames++;
        if (ev.reason === 'bad-handshake') {
          this.#close(conn);
          return;
        }
        continue;
      }
      this.stats.framesReceived++;
      const value = ev.value as { Type?: unknown };
      if (value !== null && typeof value === 'object' && value.Type === T.ENCODING_REQUEST) {
        this.#send(conn, {
          Type: T.ENCODING_RESPONSE,
          ProtocolVersion: DTC_PROTOCOL_VERSION,
          Encoding: DtcEncoding.JSON_ENCODING,
          ProtocolType: 'DTC',
        });
        continue;
      }
      const parsed = parseDtcClientMessage(ev.value);
      if (parsed.kind === 'message') this.#handle(conn, parsed.message);
      else if (parsed.kind === 'invalid') {
        this.stats.invalidMessages++;
        if (parsed.type === T.SUBMIT_NEW_SINGLE_ORDER && conn.loggedOn) {
          const v = ev.value as Record<string, unknown>;
          this.#send(
            conn,
            this.#desk.rejectUpdate(typeof v.ClientOrderID === 'string' ? v.ClientOrderID : '', parsed.error),
          );
        }
      } else this.stats.unknownTypes++;
    }
  }

  #handle(conn: Conn, m: DtcClientMessage): void {
    if (m.Type === T.LOGON_REQUEST) {
      this.#logon(conn, m);
      return;
    }
    if (m.Type === T.HEARTBEAT) return;
    if (m.Type === T.LOGOFF) {
      this.#close(conn);
      return;
    }
    if (!conn.loggedOn) return;
    switch (m.Type) {
      case T.MARKET_DATA_REQUEST:
        this.#marketData(conn, m);
        return;
      case T.HISTORICAL_PRICE_DATA_REQUEST:
        void this.#historical(conn, m).then(() => {
          // Sierra's historical port: one request per connection.
          if (this.#options.historicalMode === 'sierra') conn.socket.end();
        });
        return;
      default:
        this.#desk.handle(conn, m);
    }
  }

  #logon(conn: Conn, m: DtcLogonRequest): void {
    const answer = simLogonResponse(this.#options, m);
    this.#send(conn, answer.frame);
    if (!answer.ok) {
      conn.socket.end();
      return;
    }
    conn.loggedOn = true;
    const intervalMs =
      this.#options.heartbeatIntervalMs ??
      (m.HeartbeatIntervalInSeconds > 0 ? m.HeartbeatIntervalInSeconds : DEFAULT_HEARTBEAT_S) * 1000;
    clearInterval(conn.heartbeat);
    clearInterval(conn.watchdog);
    conn.heartbeat = setInterval(() => {
      this.#send(conn, {
        Type: T.HEARTBEAT,
        NumDroppedMessages: conn.dropped,
        CurrentDateTime: usToDtcWholeSeconds(this.#clock.now()),
      });
    }, intervalMs);
    conn.heartbeat.unref?.();
    // A client silent for 3 heartbeat intervals (plus slack) is gone: free its resources.
    const deadAfter = Math.max(3 * intervalMs, 1000) + intervalMs;
    conn.watchdog = setInterval(() => {
      if (performance.now() - conn.lastReceived > deadAfter) this.#close(conn);
    }, intervalMs);
    conn.watchdog.unref?.();
  }

  // ---- market data ------------------------------------------------------------------------

  #find(symbol: string, exchange: string): InstrumentState | undefined {
    return this.#instruments.find(
      (i) =>
        i.spec.symbol === symbol &&
        (exchange === '' || i.spec.exchange === '' || i.spec.exchange === exchange),
    );
  }

  #marketData(conn: Conn, m: DtcMarketDataRequest): void {
    if (m.RequestAction === DtcRequestAction.UNSUBSCRIBE) {
      const inst = conn.subscriptions.get(m.SymbolID);
      if (inst !== undefined) {
        conn.subscriptions.delete(m.SymbolID);
        const ids = inst.subscribers.get(conn);
        ids?.delete(m.SymbolID);
        if (ids !== undefined && ids.size === 0) inst.subscribers.delete(conn);
      }
      return;
    }
    const inst = this.#find(m.Symbol, m.Exchange);
    if (inst === undefined || m.SymbolID === 0) {
      this.#send(conn, {
        Type: T.MARKET_DATA_REJECT,
        SymbolID: m.SymbolID,
        RejectText:
          m.SymbolID === 0
            ? 'SymbolID must be non-zero'
            : `unknown symbol "${m.Symbol}" exchange "${m.Exchange}"`,
      });
      return;
    }
    this.#send(conn, simSnapshot(inst, m.SymbolID));
    if (m.RequestAction === DtcRequestAction.SNAPSHOT) return;
    conn.subscriptions.set(m.SymbolID, inst);
    let ids = inst.subscribers.get(conn);
    if (ids === undefined) {
      ids = new Set();
      inst.subscribers.set(conn, ids);
    }
    ids.add(m.SymbolID);
    if ((this.#options.autoPlay ?? 'on-first-subscribe') === 'on-first-subscribe' && !this.#started)
      this.play();
  }

  // ---- replay -----------------------------------------------------------------------------

  async #run(): Promise<void> {
    const speed = this.#options.speed ?? 1;
    const maxGapMs = this.#options.maxGapMs ?? 10_000;
    const from = this.#options.replayFrom;
    const iters = this.#instruments.map((i) => i.source.events(from)[Symbol.asyncIterator]());
    const heads: (DtcReplayEvent | undefined)[] = await Promise.all(
      iters.map(async (it) => (await it.next()).value),
    );
    let prevTime: number | undefined;
    let wallNext = performance.now();
    let sinceYield = 0;
    try {
      for (;;) {
        let k = -1;
        for (let i = 0; i < heads.length; i++) {
          const h = heads[i];
          if (h !== undefined && (k < 0 || h.time < (heads[k] as DtcReplayEvent).time)) k = i;
        }
        if (k < 0 || this.#stopping) break;
        const ev = heads[k] as DtcReplayEvent;
        while (!this.#playing && !this.#stopping) {
          await new Promise<void>((r) => {
            this.#resume = r;
          });
          wallNext = performance.now();
        }
        if (this.#stopping) break;
        if (speed === 'max') {
          if (++sinceYield >= BATCH) {
            sinceYield = 0;
            await this.#waitForSlowClients();
            await new Promise<void>((r) => setImmediate(r));
          }
        } else if (prevTime !== undefined) {
          const gapMs = Math.min((ev.time - prevTime) / 1000 / speed, maxGapMs);
          wallNext += gapMs;
          const wait = wallNext - performance.now();
          if (wait > 1) await this.#sleep(wait);
          else if (++sinceYield >= BATCH) {
            sinceYield = 0;
            await new Promise<void>((r) => setImmediate(r));
          }
          if (this.#stopping) break;
        }
        prevTime = ev.time;
        this.#apply(this.#instruments[k] as InstrumentState, ev);
        heads[k] = (await (iters[k] as AsyncIterator<DtcReplayEvent>).next()).value;
      }
    } finally {
      this.#playing = false;
      await Promise.all(iters.map((it) => it.return?.()));
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#wakeSleep = resolve;
      this.#sleepTimer = setTimeout(() => {
        this.#wakeSleep = undefined;
        resolve();
      }, ms);
    }).finally(() => clearTimeout(this.#sleepTimer));
  }

  async #waitForSlowClients(): Promise<void> {
    for (const c of this.#conns) {
      if (c.socket.writableLength <= this.#maxBuffered / 2 || c.socket.destroyed) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 5000);
        c.socket.once('drain', () => {
          clearTimeout(t);
          resolve();
        });
        c.socket.once('close', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  #apply(inst: InstrumentState, ev: DtcReplayEvent): void {
    this.#replayTime = ev.time;
    simApply(inst, ev);
    if (ev.kind === 'quote') this.stats.quotesReplayed++;
    else this.stats.tradesReplayed++;
    if (inst.subscribers.size > 0) this.#broadcast(inst, (id) => simUpdateFrame(ev, id));
    if (ev.kind === 'quote') return;
    const { fills, expired } = this.#broker.onTrade(inst.spec.key, ev.price, ev.time);
    for (const o of expired) this.#desk.reportExpired(o);
    for (const f of fills) this.#desk.reportFill(f);
  }

  #broadcast(inst: InstrumentState, make: (symbolId: number) => DtcJsonFrame): void {
    for (const [conn, ids] of inst.subscribers) {
      for (const id of ids) this.#send(conn, make(id), true);
    }
  }

  #broadcastAll(msg: DtcJsonFrame): void {
    const frame = encodeDtcJsonFrame(msg);
    for (const c of this.#conns) if (c.loggedOn && !c.socket.destroyed) c.socket.write(frame);
  }

  #send(conn: Conn, msg: DtcJsonFrame, droppable = false): void {
    if (conn.socket.destroyed) return;
    if (droppable && conn.socket.writableLength > this.#maxBuffered) {
      conn.dropped++;
      this.stats.droppedMarketData++;
      return;
    }
    conn.socket.write(encodeDtcJsonFrame(msg));
  }

  #historical(conn: Conn, m: DtcHistoricalPriceDataRequest): Promise<void> {
    const inst = this.#find(m.Symbol, m.Exchange);
    return serveHistorical(
      {
        send: (frame) => this.#send(conn, frame),
        socket: conn.socket,
        maxBuffered: this.#maxBuffered,
        sierraMode: this.#options.historicalMode === 'sierra',
      },
      inst?.source,
      m,
      this.#replayTime,
    );
  }
}
