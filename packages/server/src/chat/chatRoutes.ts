import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { defineRoute } from '../api/defineRoute.js';
import { isLoopback, presentedToken, tokenMatches } from '../auth/accessToken.js';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import type { WsHub } from '../ws/WsHub.js';
import { injectChatActions } from './ChatActions.js';
import { CHAT_CLIENT_ID, type ChatHistory, StoreChatHistory } from './ChatHistory.js';
import { type ChatLlmProvider, ChatService } from './ChatService.js';

/** Options of {@link chatRoutes}. */
export interface ChatRoutesOptions {
  /** Where conversations are kept (default: the engine store, {@link StoreChatHistory}). */
  readonly history?: ChatHistory;
  readonly llm?: ChatLlmProvider;
  /** How long a dangerous command waits for `confirm`, ms (default 60 000). */
  readonly confirmTimeoutMs?: number;
  /** Loopback clients may chat without the token (changes always need it). Default true. */
  readonly openReads?: boolean;
}

const clientId = z.string().regex(CHAT_CLIENT_ID, 'client_id: 1-64 letters, digits or _ . : -');
const content = z.string().trim().min(1, 'say something').max(1000);

const wsMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('chat_message'), content }),
  z.object({ type: z.literal('get_history'), limit: z.number().int().min(1).max(500).optional() }),
  z.object({ type: z.literal('get_suggestions'), partial_command: z.string().max(200).default('') }),
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('auth'), token: z.string().max(200) }),
]);

/**
 * The chat: `GET /api/chat/status`, `GET /api/chat/conversation/:client_id?limit`,
 * `POST /api/chat/message` `{content, client_id?}`, `POST /api/chat/test` `{message?}` (the
 * original's), and the `/ws/chat` WebSocket (routed by `hub`) with the original's messages —
 * client `chat_message {content}`, `get_history {limit?}`, `get_suggestions {partial_command}`,
 * `ping`, plus `auth {token}`; server `{content, type: system|user|ai|error, timestamp, metadata}`,
 * `{type:'history', messages}`, `{type:'suggestions', suggestions}`, `{type:'pong'}`. Commands that
 * change trading need the access token (header, or `auth` on the socket) and a `confirm`; they run
 * through the REST routes. Returns the {@link ChatService}.
 *
 * @example
 * ```ts
 * const server = await createServer(deps); // registers chatRoutes(app, deps, hub)
 * await server.app.inject({ method: 'POST', url: '/api/chat/message', payload: { content: 'rsi es 5m' } });
 * ```
 */
export function chatRoutes(
  app: FastifyInstance,
  deps: ServerDeps,
  hub: WsHub,
  options: ChatRoutesOptions = {},
): ChatService {
  const service = new ChatService({
    deps,
    actions: injectChatActions(app, deps.token),
    history: options.history ?? new StoreChatHistory(deps.store),
    ...(options.llm === undefined ? {} : { llm: options.llm }),
    ...(options.confirmTimeoutMs === undefined ? {} : { confirmTimeoutMs: options.confirmTimeoutMs }),
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  const openReads = options.openReads ?? true;
  const authedRequest = (headers: IncomingMessage['headers']) =>
    tokenMatches(presentedToken(headers), deps.token);

  defineRoute(app, {
    method: 'GET',
    url: '/api/chat/status',
    summary: 'Chat status: rule-based engine, optional LLM provider, conversations, connections',
    tag: 'chat',
    mutating: false,
    handler: () => ({ ...service.status(), active_connections: wss.clients.size }),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/chat/conversation/:client_id',
    summary: 'A client’s conversation, oldest first (persisted)',
    tag: 'chat',
    mutating: false,
    params: z.strictObject({ client_id: clientId }),
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
    handler: ({ params, query }) => {
      const messages = service.history(params.client_id, query.limit);
      return { client_id: params.client_id, messages, count: messages.length };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/chat/message',
    summary:
      'Send a chat message; the answer comes from live engine state. Trading changes need the token and a "confirm" message',
    tag: 'chat',
    mutating: false,
    body: z.strictObject({ content, client_id: clientId.default('rest') }),
    handler: async ({ body, request }) => {
      const response = await service.handle(
        { clientId: body.client_id, authed: authedRequest(request.headers) },
        body.content,
      );
      return { success: response.type !== 'error', client_id: body.client_id, response };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/chat/test',
    summary: 'The original’s chat self-test: answers "status" (or the message given) as client "test"',
    tag: 'chat',
    mutating: false,
    body: z.strictObject({ message: content.default('status') }).default({ message: 'status' }),
    handler: async ({ body, request }) => {
      const response = await service.handle(
        { clientId: 'test', authed: authedRequest(request.headers) },
        body.message,
      );
      return { success: response.type !== 'error', test_message: body.message, response };
    },
  });

  const accept = (ws: WebSocket, id: string, authedAtStart: boolean) => {
    let authed = authedAtStart;
    let queue: Promise<void> = Promise.resolve();
    const send = (data: unknown) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(data));
    };
    const offPush = service.onPush((client, message) => {
      if (client === id) send(message);
    });
    ws.on('close', offPush);
    const error = (text: string) =>
      send({ content: text, type: 'error', timestamp: new Date().toISOString(), metadata: {} });
    send({
      content: `Connected to the MinhOS chat (rule-based${authed ? ', token accepted' : ', read-only until you send {"type":"auth","token":…}'}). Try "status", "rsi es 5m" or "help".`,
      type: 'system',
      timestamp: new Date().toISOString(),
      metadata: { client_id: id, authed },
    });
    ws.on('message', (raw) => {
      let json: unknown;
      try {
        json = JSON.parse(String(raw));
      } catch {
        error('send JSON such as {"type":"chat_message","content":"status"}');
        return;
      }
      const msg = wsMessage.safeParse(json);
      if (!msg.success) {
        error(
          `bad message: ${msg.error.issues.map((i) => `${i.path.join('.') || 'type'}: ${i.message}`).join('; ')} (types: chat_message, get_history, get_suggestions, ping, auth)`,
        );
        return;
      }
      const m = msg.data;
      // One message at a time per client, answered in order.
      queue = queue.then(async () => {
        switch (m.type) {
          case 'ping':
            send({ type: 'pong', timestamp: new Date().toISOString() });
            return;
          case 'auth':
            authed = tokenMatches(m.token, deps.token);
            send({
              content: authed ? 'token accepted: trading commands allowed after confirmation' : 'wrong token',
              type: authed ? 'system' : 'error',
              timestamp: new Date().toISOString(),
              metadata: { authed },
            });
            return;
          case 'get_history':
            send({ type: 'history', client_id: id, messages: service.history(id, m.limit ?? 50) });
            return;
          case 'get_suggestions':
            send({ type: 'suggestions', suggestions: service.suggestions(m.partial_command) });
            return;
          case 'chat_message':
            send(await service.handle({ clientId: id, authed }, m.content));
            return;
        }
      });
      queue = queue.catch((e) => error(`chat failed: ${e instanceof Error ? e.message : String(e)}`));
    });
  };

  hub.onUpgrade('/ws/chat', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const authed = authedRequest(request.headers);
    if (!authed && !(openReads && isLoopback(request.socket.remoteAddress))) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams.get('client_id');
    if (query !== null && !CHAT_CLIENT_ID.test(query)) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const id = query ?? `ws-${randomUUID().slice(0, 8)}`;
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, id, authed));
  });
  app.addHook('onClose', async () => {
    service.close();
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  });
  return service;
}
