import { err, MinhosError, ok, type Result, type Side, type TimestampUs } from '@minhos/core';
import type { DtcAccountBalance } from './DtcAccountBalance.js';
import type { DtcFill } from './DtcFill.js';
import type { DtcOrder } from './DtcOrder.js';
import type { DtcPosition } from './DtcPosition.js';
import {
  type DtcClientState,
  type DtcClientStats,
  DtcSession,
  type DtcSessionOptions,
} from './DtcSession.js';
import {
  type DtcFillsRequest,
  type DtcNewOrder,
  type DtcOrderChange,
  type DtcOrderFlowStreamOptions,
  type DtcOrderRef,
  type DtcReconcileRequest,
  type DtcReconciliation,
  DtcTradingClient,
} from './DtcTradingClient.js';
import type { DtcMarketDataReject } from './dtcMarketDataMessages.js';
import type { DtcLogonResponse, DtcServerMessage } from './dtcMessages.js';
import { DtcRequestAction, DtcMessageType as T } from './dtcProtocol.js';
import { dtcSecondsToUs } from './dtcTime.js';
import { cmeRestrictionHint } from './internal/cmeRestrictionHint.js';
import { aggressorOf, MarketDataBook } from './internal/MarketDataBook.js';
import { StreamSinks } from './internal/StreamSinks.js';
import { TypedEmitter } from './internal/TypedEmitter.js';

/** Settings of {@link DtcClient}. Times in milliseconds. */
export interface DtcClientOptions extends DtcSessionOptions {
  /**
   * Request the security definition of each subscribed symbol (when the server says
   * `SecurityDefinitionsSupported`) and apply its `DisplayPriceMultiplier` to prices (default true).
   */
  readonly securityDefinitions?: boolean;
}

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

/**
 * A MARKET_DATA_SNAPSHOT in domain units, kept up to date by the session-update messages (113, 114,
 * 115, 119, 120, 124, 134, 135). Unset fields — absent, `DBL_MAX`, or 0 where 0 cannot be real
 * (Sierra sends 0 for what it does not know) — are `undefined`.
 */
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
  readonly sessionNumTrades?: number;
  readonly settlementPrice?: number;
  readonly openInterest?: number;
  /** Multiplier applied to the server's prices (from the security definition; 1 when none). */
  readonly priceMultiplier: number;
  /** The message that last changed it, as received. */
  readonly raw: DtcServerMessage;
}

/** A MARKET_DATA_REJECT in domain terms. */
export interface DtcMarketDataRejection {
  readonly symbolId: number;
  /** The subscription's symbol, `''` when the SymbolID is not (or no longer) ours. */
  readonly symbol: string;
  readonly exchange: string;
  readonly text: string;
  /** Sierra Chart's CME restriction, most likely (see the README). */
  readonly cmeRestricted: boolean;
  readonly raw: DtcMarketDataReject;
}

/** A live market data subscription. */
export interface DtcSubscription {
  readonly symbolId: number;
  readonly symbol: string;
  readonly exchange: string;
  /** The snapshot that confirmed the subscription. */
  readonly snapshot: DtcSnapshot;
}

/** Events of {@link DtcClient.on}. Listeners run synchronously, in registration order. */
export interface DtcClientEvents {
  /** Every state change. */
  state: (state: DtcClientState, previous: DtcClientState) => void;
  /** Each successful logon (first connect and every reconnect). */
  connected: (logon: DtcLogonResponse) => void;
  /** The connection dropped (`willReconnect` false: it was the last one, the client is closed). */
  disconnected: (reason: MinhosError, willReconnect: boolean) => void;
  /** Fired once, last, when the client becomes `closed` (by `close()` or by giving up). */
  closed: (reason: MinhosError) => void;
  trade: (trade: DtcTrade) => void;
  quote: (quote: DtcQuote) => void;
  /** The first snapshot of a subscription and every session-update change to it. */
  snapshot: (snapshot: DtcSnapshot) => void;
  /** A MARKET_DATA_REJECT (also when it ends a subscription the server dropped later). */
  marketDataReject: (reject: DtcMarketDataRejection) => void;
  /** Every ORDER_UPDATE, in domain units. */
  order: (order: DtcOrder) => void;
  /** Every POSITION_UPDATE. */
  position: (position: DtcPosition) => void;
  /** Every ACCOUNT_BALANCE_UPDATE. */
  balance: (balance: DtcAccountBalance) => void;
  /** Every validated message as received (the raw frames). */
  message: (message: DtcServerMessage) => void;
  /** A DTC message type this package does not model (passed through unvalidated). */
  otherMessage: (type: number, value: Readonly<Record<string, unknown>>) => void;
  /** A `Type` that is not DTC as known here; it is ignored. */
  unknownMessage: (type: number) => void;
  /** Malformed JSON, an invalid message, a bad handshake: reported, the connection stays up. */
  protocolError: (error: MinhosError) => void;
}

/** Buffer settings of the market-data iterators. */
export interface DtcStreamOptions {
  /** Only this symbol (default: all subscriptions). */
  readonly symbol?: string;
  /** Buffered items before the overflow policy applies (default 10 000). */
  readonly capacity?: number;
  /** Default `'drop-oldest'`; drops are counted in `stats.droppedMarketData`. */
  readonly overflow?: 'drop-oldest' | 'drop-newest';
}

/**
 * Client of Sierra Chart's DTC protocol (JSON encoding): market data and trading on one connection
 * (a {@link DtcSession}; trading through the {@link DtcTradingClient} at `client.trading`, whose
 * methods are also available here). Historical data goes through {@link DtcHistoricalClient}.
 *
 * Sierra Chart's DTC server does **not** relay CME real-time or historical data (its documented
 * restriction): for ES/NQ follow the `.scid` file Sierra writes with {@link ScidTail} and use DTC for
 * orders. A subscription it refuses for that reason fails with `DTC_CME_RESTRICTED`.
 *
 * Transport: TCP_NODELAY; encoding handshake (`auto`: binary, then JSON when the server is preset to
 * JSON); logon with a heartbeat interval; heartbeats both ways; a connection silent for
 * `heartbeatTimeoutMs` is dead (the watchdog is always on); dropped connections reconnect with
 * exponential backoff and jitter, log on again and re-subscribe market data under the same
 * SymbolIDs. When `maxReconnectAttempts` runs out the client closes for good: a final `disconnected`
 * (willReconnect false), then `closed`, every iterator ends, subscriptions are cleared.
 *
 * Consumption: synchronous callbacks via {@link DtcClient.on}, or async iterators. The socket is
 * never paused: market-data iterators drop (oldest first, counted in `stats.droppedMarketData`) for a
 * consumer that falls behind; order/position/balance iterators keep everything.
 *
 * @example
 * ```ts
 * import { DtcClient } from '@minhos/sierra';
 * const client = new DtcClient({ host: '127.0.0.1', port: 11099, heartbeatIntervalMs: 5000 });
 * const logon = await client.connect();
 * if (!logon.ok) throw logon.error;
 * const sub = await client.subscribe('CLZ25_FUT_NYMEX');
 * for await (const t of client.trades()) console.log(t.price, t.size);
 * ```
 */
export class DtcClient {
  readonly #session: DtcSession;
  readonly #emitter: TypedEmitter<DtcClientEvents>;
  readonly #book: MarketDataBook;
  readonly #securityDefinitions: boolean;
  readonly #trades = new StreamSinks<DtcTrade>();
  readonly #quotes = new StreamSinks<DtcQuote>();
  /** Orders, fills, positions and balances on this client's connection. */
  readonly trading: DtcTradingClient;
  #nextSymbolId = 1;
  #nextRequestId = 1_000_000;

  constructor(options: DtcClientOptions) {
    this.#session = new DtcSession(options);
    this.#securityDefinitions = options.securityDefinitions ?? true;
    this.#emitter = new TypedEmitter<DtcClientEvents>((e) => {
      this.#session.stats.listenerErrors++;
      options.onListenerError?.(e);
    });
    this.#book = new MarketDataBook(this.#session.clock);
    this.trading = new DtcTradingClient(this.#session, options.tradeAccount ?? '');
    const s = this.#session;
    s.on('state', (n, p) => this.#emitter.emit('state', n, p));
    s.on('connected', (logon) => {
      for (const sub of this.#book.all()) {
        s.write({
          Type: T.MARKET_DATA_REQUEST,
          RequestAction: DtcRequestAction.SUBSCRIBE,
          SymbolID: sub.symbolId,
          Symbol: sub.symbol,
          Exchange: sub.exchange,
        });
      }
      this.#emitter.emit('connected', logon);
    });
    s.on('disconnected', (r, w) => this.#emitter.emit('disconnected', r, w));
    s.on('closed', (r) => {
      this.#trades.closeAll();
      this.#quotes.closeAll();
      this.#book.clear();
      this.#emitter.emit('closed', r);
    });
    s.on('message', (m) => this.#onMessage(m));
    s.on('otherMessage', (t, v) => this.#emitter.emit('otherMessage', t, v));
    s.on('unknownMessage', (t) => this.#emitter.emit('unknownMessage', t));
    s.on('protocolError', (e) => this.#emitter.emit('protocolError', e));
    this.trading.on('order', (o) => this.#emitter.emit('order', o));
    this.trading.on('position', (p) => this.#emitter.emit('position', p));
    this.trading.on('balance', (b) => this.#emitter.emit('balance', b));
  }

  /** The session (connection) this client runs on. */
  get session(): DtcSession {
    return this.#session;
  }

  /** Current connection state. */
  get state(): DtcClientState {
    return this.#session.state;
  }

  /** Counters, cumulative over reconnects. */
  get stats(): DtcClientStats {
    return this.#session.stats;
  }

  /** The last successful LOGON_RESPONSE (server name and capabilities). */
  get logonResponse(): DtcLogonResponse | undefined {
    return this.#session.logonResponse;
  }

  /** Live subscriptions (re-sent after every reconnect; cleared when the client closes). */
  get subscriptions(): { symbolId: number; symbol: string; exchange: string }[] {
    return this.#book.all().map((s) => ({ symbolId: s.symbolId, symbol: s.symbol, exchange: s.exchange }));
  }

  /** Registers a listener; returns a function that removes it. */
  on<K extends keyof DtcClientEvents>(event: K, listener: DtcClientEvents[K]): () => void {
    return this.#emitter.on(event, listener);
  }

  /** Connects and logs on (one attempt, bounded by `connectTimeoutMs`); see {@link DtcSession.connect}. */
  connect(): Promise<Result<DtcLogonResponse, MinhosError>> {
    return this.#session.connect();
  }

  /** Sends LOGOFF, closes the socket and stops reconnecting; pending requests fail with `DTC_CLOSED`, iterators end. Idempotent. */
  close(reason = 'client closing'): Promise<void> {
    return this.#session.close(reason);
  }

  // ---- inbound market data ------------------------------------------------------------------

  #onMessage(m: DtcServerMessage): void {
    this.#emitter.emit('message', m);
    const b = this.#book;
    switch (m.Type) {
      case T.MARKET_DATA_UPDATE_TRADE:
      case T.MARKET_DATA_UPDATE_TRADE_COMPACT:
      case T.MARKET_DATA_UPDATE_TRADE_WITH_UNBUNDLED_INDICATOR:
        this.#trade(m.SymbolID, m.Price, m.Volume, dtcSecondsToUs(m.DateTime), m.AtBidOrAsk);
        return;
      case T.MARKET_DATA_UPDATE_TRADE_WITH_UNBUNDLED_INDICATOR_2:
        this.#trade(m.SymbolID, m.Price, m.Volume, m.DateTime, m.AtBidOrAsk);
        return;
      case T.MARKET_DATA_UPDATE_TRADE_NO_TIMESTAMP:
        this.#trade(m.SymbolID, m.Price, m.Volume, this.#session.clock.now(), m.AtBidOrAsk);
        return;
      case T.MARKET_DATA_UPDATE_BID_ASK:
      case T.MARKET_DATA_UPDATE_BID_ASK_COMPACT:
        this.#quote(
          b.quote(
            m.SymbolID,
            m.BidPrice,
            m.BidQuantity,
            m.AskPrice,
            m.AskQuantity,
            m.DateTime > 0 ? dtcSecondsToUs(m.DateTime) : undefined,
          ),
        );
        return;
      case T.MARKET_DATA_UPDATE_BID_ASK_FLOAT_WITH_MICROSECONDS:
        this.#quote(
          b.quote(
            m.SymbolID,
            m.BidPrice,
            m.BidQuantity,
            m.AskPrice,
            m.AskQuantity,
            m.DateTime > 0 ? m.DateTime : undefined,
          ),
        );
        return;
      case T.MARKET_DATA_UPDATE_BID_ASK_NO_TIMESTAMP:
        this.#quote(b.quote(m.SymbolID, m.BidPrice, m.BidQuantity, m.AskPrice, m.AskQuantity, undefined));
        return;
      case T.MARKET_DATA_REJECT:
        {
          const sub = b.get(m.SymbolID);
          const symbol = sub?.symbol ?? '';
          const exchange = sub?.exchange ?? '';
          this.#emitter.emit('marketDataReject', {
            symbolId: m.SymbolID,
            symbol,
            exchange,
            text: m.RejectText,
            cmeRestricted: cmeRestrictionHint(symbol, exchange, m.RejectText) !== undefined,
            raw: m,
          });
        }
        return;
      default: {
        const snap = b.snapshotUpdate(m);
        if (snap !== undefined) this.#emitter.emit('snapshot', snap);
      }
    }
  }

  #trade(symbolId: number, price: number, volume: number, time: TimestampUs, atBidOrAsk: number): void {
    const t = this.#book.trade(symbolId, price, volume, time, aggressorOf(atBidOrAsk));
    if (t === undefined) {
      this.stats.unmatchedMarketData++;
      return;
    }
    this.#emitter.emit('trade', t);
    this.stats.droppedMarketData += this.#trades.deliver(t, t.symbol);
  }

  #quote(q: DtcQuote | undefined): void {
    if (q === undefined) {
      this.stats.unmatchedMarketData++;
      return;
    }
    this.#emitter.emit('quote', q);
    this.stats.droppedMarketData += this.#quotes.deliver(q, q.symbol);
  }

  /**
   * Trades of subscribed symbols as an async iterator (bounded; default capacity 10 000, drop-oldest).
   * Breaking out of `for await` unregisters it; it ends when the client closes.
   */
  trades(options: DtcStreamOptions = {}): AsyncIterableIterator<DtcTrade> {
    return this.#trades.open(options.capacity ?? 10_000, options.overflow ?? 'drop-oldest', options.symbol);
  }

  /** Top-of-book updates as an async iterator (bounded; default drop-oldest). */
  quotes(options: DtcStreamOptions = {}): AsyncIterableIterator<DtcQuote> {
    return this.#quotes.open(options.capacity ?? 10_000, options.overflow ?? 'drop-oldest', options.symbol);
  }

  // ---- subscriptions ------------------------------------------------------------------------

  /**
   * Subscribes to market data for `symbol` (Sierra Chart style, e.g. `"CLZ25_FUT_NYMEX"`, or symbol +
   * exchange). Resolves when the server's snapshot confirms it; `DTC_REJECTED` on MARKET_DATA_REJECT
   * (`DTC_CME_RESTRICTED` when Sierra refuses CME data). When the server supports security
   * definitions, the symbol's `DisplayPriceMultiplier` is fetched first and applied to every price.
   * The subscription is re-sent after every reconnect.
   */
  async subscribe(
    symbol: string,
    exchange = '',
    timeoutMs?: number,
  ): Promise<Result<DtcSubscription, MinhosError>> {
    if (this.state === 'closed')
      return err(new MinhosError('DTC_CLOSED', `subscribe ${symbol}: the client is closed`));
    const existing = this.#book.find(symbol, exchange);
    if (existing !== undefined) {
      return err(
        new MinhosError(
          'DTC_ALREADY_SUBSCRIBED',
          `already subscribed to ${symbol} ${exchange} (SymbolID ${existing.symbolId})`,
        ),
      );
    }
    const multiplier = await this.#priceMultiplier(symbol, exchange, timeoutMs);
    if (!multiplier.ok) return multiplier;
    const symbolId = this.#nextSymbolId++;
    if (this.state === 'ready') this.#book.add(symbolId, symbol, exchange, multiplier.value);
    const r = await this.#session.request<DtcSubscription>(
      `MARKET_DATA_REQUEST ${symbol}`,
      {
        Type: T.MARKET_DATA_REQUEST,
        RequestAction: DtcRequestAction.SUBSCRIBE,
        SymbolID: symbolId,
        Symbol: symbol,
        Exchange: exchange,
      },
      (m) => {
        if (m.Type === T.MARKET_DATA_SNAPSHOT && m.SymbolID === symbolId) {
          const snapshot = this.#book.snapshotOf(symbolId);
          return snapshot === undefined ? undefined : ok({ symbolId, symbol, exchange, snapshot });
        }
        if (m.Type === T.MARKET_DATA_REJECT && m.SymbolID === symbolId) {
          const hint = cmeRestrictionHint(symbol, exchange, m.RejectText);
          return err(
            new MinhosError(
              hint === undefined ? 'DTC_REJECTED' : 'DTC_CME_RESTRICTED',
              `market data for ${symbol} ${exchange} rejected: ${m.RejectText || '(no text)'}${hint === undefined ? '' : `. ${hint}`}`,
              { details: { symbol, exchange, symbolId, rejectText: m.RejectText } },
            ),
          );
        }
        return undefined;
      },
      { timeoutMs, keepOnDisconnect: true },
    );
    if (!r.ok) this.#book.remove(symbolId);
    return r;
  }

  /** The `DisplayPriceMultiplier` of a symbol (1 unless the server supports security definitions and says otherwise). */
  #priceMultiplier(
    symbol: string,
    exchange: string,
    timeoutMs?: number,
  ): Promise<Result<number, MinhosError>> {
    if (!this.#securityDefinitions || this.logonResponse?.SecurityDefinitionsSupported !== 1)
      return Promise.resolve(ok(1));
    const requestId = this.#nextRequestId++;
    return this.#session.request<number>(
      `SECURITY_DEFINITION_FOR_SYMBOL_REQUEST ${symbol}`,
      {
        Type: T.SECURITY_DEFINITION_FOR_SYMBOL_REQUEST,
        RequestID: requestId,
        Symbol: symbol,
        Exchange: exchange,
      },
      (m) => {
        if (m.Type === T.SECURITY_DEFINITION_RESPONSE && m.RequestID === requestId) {
          const x = m.DisplayPriceMultiplier;
          return ok(Number.isFinite(x) && x > 0 ? x : 1);
        }
        // No definition (unknown symbol): the subscription itself will say so.
        if (m.Type === T.SECURITY_DEFINITION_REJECT && m.RequestID === requestId) return ok(1);
        return undefined;
      },
      { timeoutMs },
    );
  }

  /** Ends a subscription (by SymbolID or symbol). Returns false when there was none. */
  unsubscribe(symbolOrId: string | number, exchange = ''): boolean {
    const sub =
      typeof symbolOrId === 'number' ? this.#book.get(symbolOrId) : this.#book.find(symbolOrId, exchange);
    if (sub === undefined) return false;
    this.#book.remove(sub.symbolId);
    this.#session.write({
      Type: T.MARKET_DATA_REQUEST,
      RequestAction: DtcRequestAction.UNSUBSCRIBE,
      SymbolID: sub.symbolId,
      Symbol: sub.symbol,
      Exchange: sub.exchange,
    });
    return true;
  }

  // ---- trading (delegates to `trading`) -----------------------------------------------------

  /** See {@link DtcTradingClient.submitOrder}. */
  submitOrder(order: DtcNewOrder): Promise<Result<DtcOrder, MinhosError>> {
    return this.trading.submitOrder(order);
  }

  /** See {@link DtcTradingClient.cancelOrder}. */
  cancelOrder(ref: DtcOrderRef): Promise<Result<DtcOrder, MinhosError>> {
    return this.trading.cancelOrder(ref);
  }

  /** See {@link DtcTradingClient.cancelReplaceOrder}. */
  cancelReplaceOrder(change: DtcOrderChange): Promise<Result<DtcOrder, MinhosError>> {
    return this.trading.cancelReplaceOrder(change);
  }

  /** See {@link DtcTradingClient.openOrders}. */
  openOrders(tradeAccount?: string, timeoutMs?: number): Promise<Result<DtcOrder[], MinhosError>> {
    return this.trading.openOrders(tradeAccount, timeoutMs);
  }

  /** See {@link DtcTradingClient.fills}. */
  fills(req: DtcFillsRequest): Promise<Result<DtcFill[], MinhosError>> {
    return this.trading.fills(req);
  }

  /** See {@link DtcTradingClient.positions}. */
  positions(tradeAccount?: string, timeoutMs?: number): Promise<Result<DtcPosition[], MinhosError>> {
    return this.trading.positions(tradeAccount, timeoutMs);
  }

  /** See {@link DtcTradingClient.tradeAccounts}. */
  tradeAccounts(timeoutMs?: number): Promise<Result<string[], MinhosError>> {
    return this.trading.tradeAccounts(timeoutMs);
  }

  /** See {@link DtcTradingClient.accountBalances}. */
  accountBalances(
    tradeAccount?: string,
    timeoutMs?: number,
  ): Promise<Result<DtcAccountBalance[], MinhosError>> {
    return this.trading.accountBalances(tradeAccount, timeoutMs);
  }

  /** See {@link DtcTradingClient.reconcile}. */
  reconcile(req: DtcReconcileRequest): Promise<Result<DtcReconciliation, MinhosError>> {
    return this.trading.reconcile(req);
  }

  /** See {@link DtcTradingClient.orderUpdates} (never drops). */
  orderUpdates(options?: DtcOrderFlowStreamOptions): AsyncIterableIterator<DtcOrder> {
    return this.trading.orderUpdates(options);
  }

  /** See {@link DtcTradingClient.positionUpdates} (never drops). */
  positionUpdates(options?: DtcOrderFlowStreamOptions): AsyncIterableIterator<DtcPosition> {
    return this.trading.positionUpdates(options);
  }

  /** See {@link DtcTradingClient.balanceUpdates} (never drops). */
  balanceUpdates(options?: DtcOrderFlowStreamOptions): AsyncIterableIterator<DtcAccountBalance> {
    return this.trading.balanceUpdates(options);
  }
}
