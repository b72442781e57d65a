import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { TOPICS } from '@minhos/core';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { isLoopback, presentedToken, tokenMatches } from '../auth/accessToken.js';
import { decisionView } from '../runtime/decisionView.js';
import { aiView, approvalsView, backtestSummary } from '../runtime/loopViews.js';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { TRADING_MODES, type TradingMode } from '../runtime/TradingControl.js';
import { orderView, pnlView, positionsView, riskView, statusView } from '../runtime/views.js';

/** Topics every server has; `market:<symbol>` exists per traded symbol. */
export const WS_TOPICS = [
  'status',
  'positions',
  'orders',
  'pnl',
  'risk',
  'alerts',
  'decisions',
  'ai',
  'approvals',
  'backtests',
] as const;

/** Options of {@link WsHub}. */
export interface WsHubOptions {
  readonly statusIntervalMs?: number;
  readonly heartbeatMs?: number;
  readonly maxBufferedBytes?: number;
  readonly replayDepth?: number;
  /** Loopback clients may subscribe without a token (commands always need one). */
  readonly openReads?: boolean;
}

/** Counters of the hub, for status and benchmarks. */
export interface WsHubStats {
  readonly clients: number;
  readonly dropped: number;
  readonly published: number;
}

interface Client {
  readonly ws: WebSocket;
  readonly topics: Set<string>;
  authed: boolean;
  alive: boolean;
}

interface Sent {
  readonly seq: number;
  readonly text: string;
}

const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), topics: z.array(z.string().max(60)).min(1).max(50) }),
  z.object({ type: z.literal('unsubscribe'), topics: z.array(z.string().max(60)).min(1).max(50) }),
  z.object({ type: z.literal('resync'), topic: z.string().max(60), after: z.number().int().min(0) }),
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('auth'), token: z.string().max(200) }),
  z.object({
    type: z.literal('command'),
    command: z.enum(['set_mode', 'cancel_order']),
    args: z.record(z.string(), z.unknown()).default({}),
  }),
]);

/**
 * The `/ws` WebSocket hub. Clients subscribe to topics and get `{type:'update', topic, seq, data}`
 * pushed on engine events (orders, fills, positions, market updates, mode and emergency changes)
 * and every `statusIntervalMs` for `status` and `pnl`. `seq` counts per topic: a client that sees
 * a gap sends `{type:'resync', topic, after}` and gets the missed messages replayed (from the last
 * `replayDepth`) or a fresh snapshot. Heartbeat: a client that missed a pong is dropped; a client
 * whose unsent data exceeds `maxBufferedBytes` is dropped, never buffered without limit.
 */
export class WsHub {
  readonly #deps: ServerDeps;
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  readonly #clients = new Set<Client>();
  readonly #paths = new Map<string, (request: IncomingMessage, socket: Duplex, head: Buffer) => void>();
  readonly #seq = new Map<string, number>();
  readonly #replay = new Map<string, Sent[]>();
  readonly #last = new Map<string, unknown>();
  readonly #maxBuffered: number;
  readonly #replayDepth: number;
  readonly #openReads: boolean;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #unsubscribe: (() => void)[] = [];
  readonly #startedAt = Date.now();
  #dropped = 0;
  #published = 0;

  constructor(deps: ServerDeps, options: WsHubOptions = {}) {
    this.#deps = deps;
    this.#maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
    this.#replayDepth = options.replayDepth ?? 256;
    this.#openReads = options.openReads ?? true;
    const { oms, market, control, risk } = deps;
    this.#unsubscribe.push(
      oms.bus.subscribe(TOPICS.order, ({ order }) => this.publish('orders', { order: orderView(order) })),
      oms.bus.subscribe(TOPICS.position, () => this.publish('positions', { positions: positionsView(deps) })),
      oms.bus.subscribe(TOPICS.fill, () => this.publish('pnl', pnlView(deps))),
      market.onUpdate((symbol, q) => this.publish(`market:${symbol}`, { symbol, ...q })),
      control.onChange((change) => {
        this.publish('alerts', { kind: change.kind, change });
        this.publish('status', statusView(deps, this.#startedAt));
      }),
      risk.onChange(() => this.publish('risk', riskView(deps))),
    );
    const loop = deps.loop;
    if (loop !== undefined)
      this.#unsubscribe.push(
        loop.onEvent((event) => {
          if (event.kind === 'analysis') this.publish('ai', aiView(event.analysis));
          else if (event.kind === 'decision') {
            const { record: _record, ...view } = decisionView(event.decision);
            this.publish('decisions', view);
          } else this.publish('approvals', approvalsView(loop));
        }),
      );
    const jobs = deps.backtests;
    if (jobs !== undefined)
      this.#unsubscribe.push(jobs.onUpdate((job) => this.publish('backtests', backtestSummary(job))));
    const every = options.statusIntervalMs ?? 1000;
    if (every > 0)
      this.#timers.push(
        setInterval(() => {
          if (this.#clients.size === 0) return;
          this.publish('status', statusView(deps, this.#startedAt));
          this.publish('pnl', pnlView(deps));
        }, every),
      );
    const beat = options.heartbeatMs ?? 15_000;
    if (beat > 0)
      this.#timers.push(
        setInterval(() => {
          for (const c of this.#clients) {
            if (!c.alive) {
              this.#drop(c);
              continue;
            }
            c.alive = false;
            c.ws.ping();
          }
        }, beat),
      );
    for (const t of this.#timers) t.unref();
  }

  /**
   * Routes WebSocket upgrades of another path (e.g. `/ws/chat`) to `handler`, on the same HTTP
   * server. The handler does its own authentication (see `presentedToken` / `tokenMatches`).
   */
  onUpgrade(path: string, handler: (request: IncomingMessage, socket: Duplex, head: Buffer) => void): void {
    if (path === '/ws') throw new Error('WsHub: /ws is the hub itself');
    this.#paths.set(path, handler);
  }

  /**
   * Handles HTTP upgrades to `/ws` on `server`; paths registered with {@link WsHub.onUpgrade} go to
   * their handler; other paths are left to any other `upgrade` listener of the server, and refused
   * with 404 when there is none.
   */
  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (request.url ?? '').split('?')[0] ?? '';
      const other = this.#paths.get(path);
      if (other !== undefined) {
        other(request, socket, head);
        return;
      }
      if (path !== '/ws') {
        if (server.listenerCount('upgrade') > 1) return;
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      const authed = tokenMatches(presentedToken(request.headers), this.#deps.token);
      if (!authed && !(this.#openReads && isLoopback(request.socket.remoteAddress))) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
        return;
      }
      this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, authed));
    });
  }

  /** Current sequence number of `topic` (0 before its first message). */
  sequence(topic: string): number {
    return this.#seq.get(topic) ?? 0;
  }

  /** Counters. */
  stats(): WsHubStats {
    return { clients: this.#clients.size, dropped: this.#dropped, published: this.#published };
  }

  /** Publishes `data` on `topic` to its subscribers, with the topic's next sequence number. */
  publish(topic: string, data: unknown): number {
    const seq = this.sequence(topic) + 1;
    this.#seq.set(topic, seq);
    this.#last.set(topic, data);
    const text = JSON.stringify({ type: 'update', topic, seq, timestamp: Date.now(), data });
    let ring = this.#replay.get(topic);
    if (ring === undefined) {
      ring = [];
      this.#replay.set(topic, ring);
    }
    ring.push({ seq, text });
    if (ring.length > this.#replayDepth) ring.shift();
    this.#published++;
    for (const c of this.#clients) if (c.topics.has(topic)) this.#send(c, text);
    return seq;
  }

  /** Closes every connection and stops the timers. */
  close(): void {
    for (const t of this.#timers) clearInterval(t);
    for (const off of this.#unsubscribe) off();
    for (const c of this.#clients) c.ws.terminate();
    this.#clients.clear();
    this.#wss.close();
  }

  #accept(ws: WebSocket, authed: boolean): void {
    const client: Client = { ws, topics: new Set(), authed, alive: true };
    this.#clients.add(client);
    ws.on('pong', () => {
      client.alive = true;
    });
    ws.on('close', () => this.#clients.delete(client));
    ws.on('error', () => this.#drop(client));
    ws.on('message', (raw) => {
      void this.#onMessage(client, raw.toString());
    });
    this.#reply(client, { type: 'initial', data: statusView(this.#deps, this.#startedAt) });
  }

  #valid(topic: string): boolean {
    if ((WS_TOPICS as readonly string[]).includes(topic)) return true;
    return topic.startsWith('market:') && this.#deps.market.symbols.includes(topic.slice(7));
  }

  #snapshot(topic: string): unknown {
    const d = this.#deps;
    switch (topic) {
      case 'status':
        return statusView(d, this.#startedAt);
      case 'positions':
        return { positions: positionsView(d) };
      case 'orders':
        return { orders: d.oms.workingOrders().map(orderView) };
      case 'pnl':
        return pnlView(d);
      case 'risk':
        return riskView(d);
      case 'alerts':
        return { events: d.store.riskEvents(20) };
      case 'ai':
        return d.loop?.analysis === undefined ? null : aiView(d.loop.analysis);
      case 'approvals':
        return d.loop === undefined ? null : approvalsView(d.loop);
      case 'backtests':
        return d.backtests === undefined ? null : { backtests: d.backtests.list().map(backtestSummary) };
      default: {
        if (topic.startsWith('market:')) {
          const symbol = topic.slice(7);
          const q = d.market.latest(symbol);
          return q === undefined ? null : { symbol, ...q };
        }
        return this.#last.get(topic) ?? null;
      }
    }
  }

  #sendSnapshot(client: Client, topic: string): void {
    this.#reply(client, { type: 'snapshot', topic, seq: this.sequence(topic), data: this.#snapshot(topic) });
  }

  async #onMessage(client: Client, text: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.#reply(client, { type: 'error', code: 'INVALID_JSON', message: 'messages must be JSON objects' });
      return;
    }
    const parsed = clientMessage.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.#reply(client, {
        type: 'error',
        code: 'INVALID_MESSAGE',
        message: `invalid message: ${issue === undefined ? 'malformed' : `${issue.path.join('.') || 'type'}: ${issue.message}`}`,
      });
      return;
    }
    const m = parsed.data;
    switch (m.type) {
      case 'ping':
        this.#reply(client, { type: 'pong', timestamp: Date.now() });
        return;
      case 'auth':
        client.authed = tokenMatches(m.token, this.#deps.token);
        this.#reply(
          client,
          client.authed
            ? { type: 'authenticated' }
            : { type: 'error', code: 'UNAUTHORIZED', message: 'wrong access token' },
        );
        return;
      case 'subscribe': {
        const bad = m.topics.filter((t) => !this.#valid(t));
        if (bad.length > 0) {
          this.#reply(client, {
            type: 'error',
            code: 'UNKNOWN_TOPIC',
            message: `unknown topics: ${bad.join(', ')}`,
          });
          return;
        }
        for (const t of m.topics) client.topics.add(t);
        this.#reply(client, { type: 'subscribed', topics: m.topics });
        for (const t of m.topics) this.#sendSnapshot(client, t);
        return;
      }
      case 'unsubscribe':
        for (const t of m.topics) client.topics.delete(t);
        this.#reply(client, { type: 'unsubscribed', topics: m.topics });
        return;
      case 'resync': {
        if (!this.#valid(m.topic)) {
          this.#reply(client, { type: 'error', code: 'UNKNOWN_TOPIC', message: `unknown topic: ${m.topic}` });
          return;
        }
        const ring = this.#replay.get(m.topic) ?? [];
        const oldest = ring[0]?.seq ?? this.sequence(m.topic) + 1;
        if (m.after + 1 >= oldest) {
          for (const s of ring) if (s.seq > m.after) this.#send(client, s.text);
        } else this.#sendSnapshot(client, m.topic);
        return;
      }
      case 'command':
        await this.#command(client, m.command, m.args);
        return;
    }
  }

  async #command(
    client: Client,
    command: 'set_mode' | 'cancel_order',
    args: Record<string, unknown>,
  ): Promise<void> {
    if (!client.authed) {
      this.#reply(client, {
        type: 'error',
        code: 'UNAUTHORIZED',
        message: 'commands need the access token: send {type:"auth", token} first',
      });
      return;
    }
    const d = this.#deps;
    if (command === 'set_mode') {
      const mode = args.mode;
      if (typeof mode !== 'string' || !(TRADING_MODES as readonly string[]).includes(mode)) {
        this.#reply(client, {
          type: 'error',
          code: 'INVALID_COMMAND',
          message: `mode must be one of ${TRADING_MODES.join(', ')}`,
        });
        return;
      }
      const now = d.clock.now();
      const change = d.control.setMode(
        mode as TradingMode,
        typeof args.reason === 'string' ? args.reason : 'ws',
        now,
      );
      d.store.recordRiskEvent(now, 'TRADING_MODE', change);
      this.#reply(client, { type: 'result', command, ok: true, mode });
      return;
    }
    const id = args.order_id;
    if (typeof id !== 'string') {
      this.#reply(client, { type: 'error', code: 'INVALID_COMMAND', message: 'cancel_order needs order_id' });
      return;
    }
    const r = await d.oms.cancel(id, 'ws');
    this.#reply(
      client,
      r.ok
        ? { type: 'result', command, ok: true }
        : { type: 'result', command, ok: false, message: r.message },
    );
  }

  #reply(client: Client, message: unknown): void {
    this.#send(client, JSON.stringify(message));
  }

  #send(client: Client, text: string): void {
    if (client.ws.readyState !== client.ws.OPEN) return;
    if (client.ws.bufferedAmount > this.#maxBuffered) {
      this.#drop(client);
      return;
    }
    client.ws.send(text);
  }

  #drop(client: Client): void {
    if (!this.#clients.delete(client)) return;
    this.#dropped++;
    client.ws.terminate();
  }
}
