import { randomUUID } from 'node:crypto';
import type { InstrumentId } from '@minhos/core';
import { aggregateBars, TIMEFRAMES } from '../api/marketRoutes.js';
import { decisionView } from '../runtime/decisionView.js';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { orderView, pnlView, positionsView, statusView } from '../runtime/views.js';
import type { ChatActionResult, ChatActions } from './ChatActions.js';
import type { ChatHistory } from './ChatHistory.js';
import type { ChatMessage, ChatMessageType } from './ChatMessage.js';
import { chatIndicatorValue } from './chatIndicatorValue.js';
import { CHAT_HELP, CHAT_SUGGESTIONS, chatErrorText, chatMoney, DANGEROUS_COMMANDS } from './chatTexts.js';
import { explainDecision } from './explainDecision.js';
import { IndicatorAlerts } from './IndicatorAlerts.js';
import { type ChatPriceAlert, PriceAlerts } from './PriceAlerts.js';
import { type ChatCommand, type ParsedChatMessage, parseChatMessage } from './parseChatMessage.js';

/** An optional language model that phrases answers the rules do not cover. */
export interface ChatLlmProvider {
  readonly name: string;
  /** Answers `question` given the live `context` (status view); may throw (the rules answer then). */
  answer(question: string, context: Readonly<Record<string, unknown>>): Promise<string>;
}

/** Options of {@link ChatService}. */
export interface ChatServiceOptions {
  readonly deps: ServerDeps;
  readonly actions: ChatActions;
  readonly history: ChatHistory;
  readonly llm?: ChatLlmProvider;
  /** How long a dangerous command waits for `confirm`, ms (default 60 000). */
  readonly confirmTimeoutMs?: number;
  /** Wall clock for message times and confirmation expiry, ms (default `Date.now`). */
  readonly now?: () => number;
}

/** Who sends a message: `authed` = presented the access token. */
export interface ChatSender {
  readonly clientId: string;
  readonly authed: boolean;
}

interface Pending {
  readonly description: string;
  readonly command: ChatCommand['kind'];
  readonly expiresAt: number;
  readonly run: () => Promise<ChatMessage>;
}

/**
 * The rule-based chat: parses a message ({@link parseChatMessage}), answers reads from the live
 * engine state (status, positions, P&L, orders, prices, indicator values computed from the stored
 * bars, the last decision's record, pending approvals) and runs changes (mode, orders, approvals,
 * emergency stop) only for a sender holding the access token and only after `confirm`, through
 * {@link ChatActions} (the REST routes, so orders pass the full risk gate). Each client's
 * conversation is kept in {@link ChatHistory}. An optional {@link ChatLlmProvider} may phrase
 * answers to questions the rules do not cover; nothing needs it.
 */
export class ChatService {
  readonly #o: ChatServiceOptions;
  readonly #pending = new Map<string, Pending>();
  readonly #now: () => number;
  readonly #startedAt: number;
  readonly #alerts: PriceAlerts;
  readonly #indicatorAlerts: IndicatorAlerts;
  readonly #listeners = new Set<(clientId: string, message: ChatMessage) => void>();
  readonly #unsubscribe: () => void;
  #messages = 0;

  /**
   * A chat on live engine parts.
   *
   * @param options - the engine parts, the actions, the history and the optional LLM provider.
   */
  constructor(options: ChatServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#startedAt = this.#now();
    this.#indicatorAlerts = new IndicatorAlerts(options.deps.store);
    this.#alerts = new PriceAlerts(options.deps.store, () => options.deps.clock.now());
    this.#unsubscribe = options.deps.market.onUpdate((symbol, quote) =>
      this.#checkAlerts(symbol, quote.last),
    );
  }

  /**
   * Calls `listener` with messages the chat sends on its own (a price alert that fired), with the
   * client they are for; returns the unsubscribe function.
   */
  onPush(listener: (clientId: string, message: ChatMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The price alerts waiting, of one client or of all. */
  alerts(clientId?: string): ChatPriceAlert[] {
    return this.#alerts.list(clientId);
  }

  /** Stops watching the market for alerts. */
  close(): void {
    this.#unsubscribe();
    this.#listeners.clear();
  }

  #checkAlerts(symbol: string, last: number): void {
    for (const { alert: a, reading: r } of this.#indicatorAlerts.check(symbol, this.#o.deps.clock.now())) {
      const verb = a.condition === 'crosses' ? 'crossed' : `is ${a.condition}`;
      this.#push(
        a.clientId,
        `alert ${a.id}: ${symbol} ${a.timeframe} ${a.indicator} ${r.value.toFixed(2)} ${verb} ${a.level} (set at ${a.createdAt} at ${a.valueAtCreation.toFixed(2)})`,
        { command: 'alert_triggered', symbol, data: { alert: a, value: r.value, reading: r } },
      );
    }
    for (const a of this.#alerts.fire(symbol, last)) {
      const verb = a.condition === 'crosses' ? 'crossed' : `is ${a.condition}`;
      const message = this.#message(
        'ai',
        `alert ${a.id}: ${symbol} ${last} ${verb} ${a.level} (set at ${a.createdAt} at ${a.priceAtCreation})`,
        undefined,
        { command: 'alert_triggered', symbol, data: { alert: a, price: last } },
      );
      this.#o.history.append(a.clientId, [message]);
      for (const l of this.#listeners) l(a.clientId, message);
    }
  }

  #push(clientId: string, text: string, metadata: ChatMessage['metadata']): void {
    const message = this.#message('ai', text, undefined, metadata);
    this.#o.history.append(clientId, [message]);
    for (const l of this.#listeners) l(clientId, message);
  }

  /** Counters and configuration for `GET /api/chat/status`. */
  status(): Record<string, unknown> {
    return {
      status: 'active',
      engine: 'rule-based',
      llm_provider: this.#o.llm?.name ?? null,
      conversations: this.#o.history.conversations(),
      messages_processed: this.#messages,
      pending_confirmations: this.#pending.size,
      alerts: this.#alerts.list().length + this.#indicatorAlerts.list().length,
      confirm_timeout_seconds: (this.#o.confirmTimeoutMs ?? 60_000) / 1000,
      commands: CHAT_SUGGESTIONS,
      timestamp: new Date(this.#now()).toISOString(),
    };
  }

  /** The last `limit` messages of a client, oldest first. */
  history(clientId: string, limit: number): ChatMessage[] {
    return this.#o.history.recent(clientId, limit);
  }

  /** Commands that start with (or contain) `partial`, at most 8. */
  suggestions(partial: string): string[] {
    const p = partial.trim().toLowerCase();
    if (p === '') return CHAT_SUGGESTIONS.slice(0, 8);
    const starts = CHAT_SUGGESTIONS.filter((s) => s.startsWith(p));
    const contains = CHAT_SUGGESTIONS.filter((s) => !s.startsWith(p) && s.includes(p));
    return [...starts, ...contains].slice(0, 8);
  }

  /** Handles one message; the message and the reply are appended to the client's history. */
  async handle(sender: ChatSender, content: string): Promise<ChatMessage> {
    this.#messages += 1;
    const parsed = parseChatMessage(content);
    const user = this.#message('user', content.slice(0, 1000), parsed);
    let reply: ChatMessage;
    try {
      reply = await this.#answer(sender, parsed, content);
    } catch (error) {
      reply = this.#message(
        'error',
        `that failed: ${error instanceof Error ? error.message : String(error)}`,
        parsed,
      );
    }
    this.#o.history.append(sender.clientId, [user, reply]);
    return reply;
  }

  #message(
    type: ChatMessageType,
    content: string,
    parsed?: ParsedChatMessage,
    extra: ChatMessage['metadata'] = {},
  ): ChatMessage {
    return {
      content,
      type,
      timestamp: new Date(this.#now()).toISOString(),
      metadata:
        parsed === undefined
          ? extra
          : {
              intent: parsed.intent,
              command: parsed.command.kind,
              symbol: parsed.entities.symbols[0] ?? null,
              indicator: parsed.entities.indicators[0] ?? null,
              timeframe: parsed.entities.timeframes[0] ?? null,
              confidence: parsed.confidence,
              ...extra,
            },
    };
  }

  /** The traded symbol a message names (root `ES` or contract `ESZ13`), else the primary one. */
  #symbol(parsed: ParsedChatMessage): string | { error: string } {
    const traded = this.#o.deps.market.symbols;
    const wanted = parsed.entities.symbols[0];
    if (wanted === undefined) return traded[0] as string;
    const hit = traded.find((s) => {
      const code = s.split('.')[0] as string;
      const root = code.replace(/[FGHJKMNQUVXZ]\d{1,2}$/, '');
      return code === wanted || root === wanted;
    });
    return hit ?? { error: `${wanted} is not traded here; traded: ${traded.join(', ')}` };
  }

  async #answer(sender: ChatSender, parsed: ParsedChatMessage, content: string): Promise<ChatMessage> {
    const c = parsed.command;
    const reply = (text: string, data?: unknown) =>
      this.#message('ai', text, parsed, data === undefined ? {} : { data });
    const fail = (text: string) => this.#message('error', text, parsed);
    if (c.kind === 'confirm') return this.#confirm(sender, parsed);
    if (c.kind === 'cancel') {
      const p = this.#pending.get(sender.clientId);
      this.#pending.delete(sender.clientId);
      return reply(p === undefined ? 'nothing is waiting for confirmation' : `canceled: ${p.description}`);
    }
    if (DANGEROUS_COMMANDS.has(c.kind)) {
      if (!sender.authed)
        return fail(
          `"${content.trim()}" changes trading and needs the access token: send it as "Authorization: Bearer <token>" (stored in the data folder as api-token), or {"type":"auth","token":…} on /ws/chat`,
        );
      return this.#prepare(sender, parsed);
    }
    const deps = this.#o.deps;
    switch (c.kind) {
      case 'help':
        return reply(CHAT_HELP);
      case 'status': {
        const s = statusView(deps, this.#startedAt) as {
          status: string;
          banner: string | null;
          trading: {
            mode: string;
            positions: number;
            working_orders: number;
            total_pnl: number;
            active: boolean;
          };
          market: { symbol: string; price: number | null; last_update: string | null };
        };
        return reply(
          `${s.status}${s.banner === null ? '' : ` (${s.banner})`}: mode ${s.trading.mode}, emergency level ${deps.control.level}, trading ${s.trading.active ? 'active' : 'not active'} (${deps.oms.permission}); ${s.market.symbol} ${s.market.price ?? 'no price yet'}${s.market.last_update === null ? '' : ` at ${s.market.last_update}`}; ${s.trading.positions} open positions, ${s.trading.working_orders} working orders, total P&L ${chatMoney(s.trading.total_pnl)}`,
          s,
        );
      }
      case 'positions': {
        const list = positionsView(deps) as {
          symbol: string;
          quantity: number;
          avg_price: number;
          current_price: number | null;
          unrealized_pnl: number;
        }[];
        if (list.length === 0) return reply('no open positions', { positions: [] });
        return reply(
          list
            .map(
              (p) =>
                `${p.symbol} ${p.quantity > 0 ? 'long' : 'short'} ${Math.abs(p.quantity)} @ ${p.avg_price}, mark ${p.current_price ?? '-'}, unrealized ${chatMoney(p.unrealized_pnl)}`,
            )
            .join('; '),
          { positions: list },
        );
      }
      case 'pnl': {
        const p = pnlView(deps) as Record<string, number>;
        return reply(
          `total P&L ${chatMoney(p.total_pnl as number)} (realized ${chatMoney(p.realized_pnl as number)}, unrealized ${chatMoney(p.unrealized_pnl as number)}), today ${chatMoney(p.daily_pnl as number)}, commissions ${chatMoney(p.commissions as number)}, equity ${chatMoney(p.equity as number)}, drawdown ${(100 * (p.drawdown as number)).toFixed(2)} %`,
          p,
        );
      }
      case 'orders': {
        const orders = deps.oms.workingOrders().map(orderView);
        if (orders.length === 0) return reply('no working orders', { orders: [] });
        return reply(
          orders
            .map(
              (o) =>
                `${o.order_id}: ${o.side} ${o.quantity} ${o.symbol} ${o.order_type}${o.price === null ? '' : ` @ ${o.price}`} (${o.status})`,
            )
            .join('; '),
          { orders },
        );
      }
      case 'price': {
        const sym = this.#symbol(parsed);
        if (typeof sym !== 'string') return fail(sym.error);
        const q = deps.market.latest(sym);
        if (q === undefined) return reply(`no price for ${sym} yet`);
        const age = (deps.clock.now() - q.time) / 1e6;
        return reply(
          `${sym} last ${q.last}${q.bid === undefined ? '' : `, bid ${q.bid}`}${q.ask === undefined ? '' : `, ask ${q.ask}`}, volume ${q.volume}, ${age.toFixed(0)} s old`,
          { symbol: sym, ...q, age_seconds: age },
        );
      }
      case 'indicator': {
        const sym = this.#symbol(parsed);
        if (typeof sym !== 'string') return fail(sym.error);
        const tf = parsed.entities.timeframes[0] ?? '1m';
        const seconds = TIMEFRAMES[tf];
        if (seconds === undefined)
          return fail(`timeframe ${tf} is not available; use ${Object.keys(TIMEFRAMES).join(', ')}`);
        const minute = deps.store.bars(sym as InstrumentId, '1m');
        const stored = tf === '1m' ? minute : deps.store.bars(sym as InstrumentId, tf);
        const bars = stored.length > 0 ? stored : aggregateBars(minute, seconds);
        const r = chatIndicatorValue(bars, c.indicator, c.period);
        if (typeof r === 'string') return fail(`${sym} ${tf}: ${r}`);
        return reply(
          `${sym} ${tf}: ${r.text} (last bar ${new Date(r.lastBarTime / 1000).toISOString()}, ${r.bars} bars)`,
          {
            symbol: sym,
            timeframe: tf,
            ...r,
          },
        );
      }
      case 'explain_decision':
        return this.#explain(parsed);
      case 'alert': {
        const sym = this.#symbol(parsed);
        if (typeof sym !== 'string') return fail(sym.error);
        if (c.indicator !== undefined) {
          const r = this.#indicatorAlerts.request(
            {
              clientId: sender.clientId,
              symbol: sym,
              indicator: c.indicator,
              timeframe: c.timeframe ?? '1m',
            },
            c,
            new Date(this.#now()).toISOString(),
            deps.clock.now(),
          );
          return r.ok ? reply(r.text, r.alert === undefined ? {} : { alert: r.alert }) : fail(r.text);
        }
        const q = deps.market.latest(sym);
        if (q === undefined)
          return fail(`no price for ${sym} yet, so there is nothing to compare the alert with`);
        const already =
          (c.condition === 'above' && q.last >= c.level) ||
          (c.condition === 'below' && q.last <= c.level) ||
          (c.condition === 'crosses' && q.last === c.level);
        if (already)
          return reply(
            `${sym} is at ${q.last} now, already ${c.condition === 'crosses' ? 'at' : c.condition} ${c.level}: no alert set`,
          );
        const alert = this.#alerts.add({
          clientId: sender.clientId,
          symbol: sym,
          condition: c.condition,
          level: c.level,
          priceAtCreation: q.last,
          createdAt: new Date(this.#now()).toISOString(),
        });
        if (typeof alert === 'string') return fail(alert);
        return reply(
          `alert ${alert.id} set: I tell you when ${sym} ${c.condition === 'crosses' ? 'crosses' : `is ${c.condition}`} ${c.level} (now ${q.last}); alerts live until they fire (kept across restarts)`,
          { alert },
        );
      }
      case 'list_alerts': {
        const mine = this.alerts(sender.clientId);
        const ind = this.#indicatorAlerts.list(sender.clientId);
        if (mine.length + ind.length === 0) return reply('no alerts set', { alerts: [] });
        return reply(
          [
            ...mine.map((a) => `${a.id}: ${a.symbol} ${a.condition} ${a.level}`),
            ...ind.map((a) => `${a.id}: ${a.symbol} ${a.timeframe} ${a.indicator} ${a.condition} ${a.level}`),
          ].join('; '),
          { alerts: mine, indicator_alerts: ind },
        );
      }
      case 'clear_alerts':
        return reply(
          `cleared ${this.#alerts.clear(sender.clientId) + this.#indicatorAlerts.clear(sender.clientId, deps.clock.now())} alerts`,
        );
      case 'approvals': {
        const loop = deps.loop;
        if (loop === undefined) return reply('no decision loop runs here, so nothing waits for approval');
        const pending = loop.modes.pending();
        if (pending.length === 0)
          return reply(`nothing waits for approval (mode ${loop.modes.mode})`, { approvals: [] });
        const now = deps.clock.now();
        return reply(
          pending
            .map(
              (p) =>
                `${p.id} (expires in ${Math.max(0, (p.expiresAt - now) / 1e6).toFixed(0)} s): ${JSON.stringify(p.summary)}`,
            )
            .join('; '),
          { approvals: pending },
        );
      }
      default:
        break;
    }
    if (this.#o.llm !== undefined) {
      try {
        return reply(await this.#o.llm.answer(content, statusView(deps, this.#startedAt)));
      } catch {
        // The rules answer below.
      }
    }
    return reply(`I did not understand "${content.trim().slice(0, 80)}". ${CHAT_HELP}`);
  }

  #explain(parsed: ParsedChatMessage): ChatMessage {
    const deps = this.#o.deps;
    // The decision loop's own records first (the engine pipeline), else the server's decision list.
    const engine = deps.loop?.decisions()[0];
    const last = engine === undefined ? deps.decisions?.()[0] : decisionView(engine);
    if (last === undefined) return this.#message('ai', 'no decision has been made yet', parsed);
    return this.#message('ai', explainDecision(last), parsed, { data: { id: last.id } });
  }

  /** Builds the confirmation step of a dangerous command. */
  #prepare(sender: ChatSender, parsed: ParsedChatMessage): ChatMessage {
    const c = parsed.command;
    const deps = this.#o.deps;
    const { actions } = this.#o;
    const done = (r: ChatActionResult, ok: string) =>
      r.ok
        ? this.#message('ai', ok, parsed, { data: r.body })
        : this.#message('error', `refused: ${chatErrorText(r)}`, parsed, { data: r.body });
    let description: string;
    let run: () => Promise<ChatMessage>;
    switch (c.kind) {
      case 'set_mode':
        if (deps.control.mode === c.mode) return this.#message('ai', `the mode is already ${c.mode}`, parsed);
        {
          const from = deps.control.mode;
          description = `switch the trading mode from ${from} to ${c.mode}`;
          run = async () =>
            done(
              await actions.setMode(c.mode, `chat (${sender.clientId})`),
              `mode is now ${c.mode} (was ${from})`,
            );
          break;
        }
      case 'order': {
        const sym = this.#symbol(parsed);
        if (typeof sym !== 'string') return this.#message('error', sym.error, parsed);
        if (!(Number.isInteger(c.quantity) && c.quantity >= 1 && c.quantity <= 1000))
          return this.#message(
            'error',
            `the quantity must be a whole number of contracts 1..1000, got ${c.quantity}`,
            parsed,
          );
        const id = `chat-${randomUUID()}`;
        description = `${c.side} ${c.quantity} ${sym} ${c.orderType === 'LIMIT' ? `LIMIT @ ${c.price}` : 'at MARKET'} (order ${id}, through the risk gate)`;
        run = async () => {
          const r = await actions.submitOrder({
            symbol: sym,
            side: c.side,
            quantity: c.quantity,
            order_type: c.orderType,
            ...(c.price === undefined ? {} : { price: c.price }),
            client_order_id: id,
          });
          const order = r.body.order as { status?: string } | undefined;
          return done(
            r,
            `order ${id} ${String(r.body.status ?? order?.status ?? 'sent')}: ${c.side} ${c.quantity} ${sym}`,
          );
        };
        break;
      }
      case 'close_position': {
        const open = deps.oms.positions().filter((p) => p.quantity !== 0);
        if (open.length === 0) return this.#message('ai', 'no open positions to close', parsed);
        description = `close ${open.map((p) => `${p.instrumentId} ${p.quantity > 0 ? 'long' : 'short'} ${Math.abs(p.quantity)}`).join(', ')} at market (reduce-only)`;
        run = async () => {
          const results: string[] = [];
          for (const p of open) {
            const r = await actions.submitOrder({
              symbol: p.instrumentId,
              side: p.quantity > 0 ? 'SELL' : 'BUY',
              quantity: Math.abs(p.quantity),
              order_type: 'MARKET',
              reduce_only: true,
              client_order_id: `chat-close-${randomUUID()}`,
            });
            results.push(
              r.ok
                ? `${p.instrumentId}: closing order ${String(r.body.status ?? 'sent')}`
                : `${p.instrumentId}: refused: ${chatErrorText(r)}`,
            );
          }
          return this.#message('ai', results.join('; '), parsed);
        };
        break;
      }
      case 'approve':
      case 'reject': {
        const loop = deps.loop;
        if (loop === undefined)
          return this.#message('error', 'no decision loop runs here: there is nothing to approve', parsed);
        const pending = loop.modes.pending();
        let id = c.id;
        if (id === undefined) {
          if (pending.length === 0) return this.#message('ai', 'nothing waits for approval', parsed);
          if (pending.length > 1)
            return this.#message(
              'ai',
              `${pending.length} decisions wait: say which, e.g. "${c.kind} ${pending[0]?.id}" (${pending.map((p) => p.id).join(', ')})`,
              parsed,
            );
          id = (pending[0] as { id: string }).id;
        } else if (!pending.some((p) => p.id === id)) {
          const match = pending.find((p) => p.id.toLowerCase() === id?.toLowerCase());
          if (match === undefined)
            return this.#message(
              'error',
              `no pending approval ${id}; pending: ${pending.map((p) => p.id).join(', ') || 'none'}`,
              parsed,
            );
          id = match.id;
        }
        const which = id;
        description = `${c.kind} pending decision ${which}`;
        run = async () =>
          c.kind === 'approve'
            ? done(await actions.approve(which), `approved ${which}: it was sized, gated and sent`)
            : done(
                await actions.reject(which, `rejected in the chat (${sender.clientId})`),
                `rejected ${which}`,
              );
        break;
      }
      case 'emergency_stop':
        description = `EMERGENCY STOP at level ${c.level} (${c.level === 'reduce_only' ? 'only closing orders allowed' : c.level === 'cancel_all' ? 'also cancel every working order' : 'also cancel working orders and close every position at market'})`;
        run = async () => {
          const r = await actions.emergencyStop(c.level, `chat (${sender.clientId})`);
          return done(r, String(r.body.message ?? `emergency ${c.level}`));
        };
        break;
      default:
        return this.#message('error', `not a command that changes trading: ${c.kind}`, parsed);
    }
    const timeout = this.#o.confirmTimeoutMs ?? 60_000;
    this.#pending.set(sender.clientId, {
      description,
      command: c.kind,
      expiresAt: this.#now() + timeout,
      run,
    });
    return this.#message(
      'system',
      `About to ${description}. Reply "confirm" within ${Math.round(timeout / 1000)} s to go ahead, or "cancel".`,
      parsed,
      { awaiting_confirmation: true },
    );
  }

  async #confirm(sender: ChatSender, parsed: ParsedChatMessage): Promise<ChatMessage> {
    const p = this.#pending.get(sender.clientId);
    this.#pending.delete(sender.clientId);
    if (p === undefined) return this.#message('ai', 'nothing is waiting for confirmation', parsed);
    if (!sender.authed) return this.#message('error', 'confirming needs the access token', parsed);
    if (this.#now() > p.expiresAt)
      return this.#message(
        'error',
        `the confirmation window closed; nothing was done (${p.description}). Ask again.`,
        parsed,
      );
    const result = await p.run();
    return { ...result, metadata: { ...result.metadata, command: p.command } };
  }
}
