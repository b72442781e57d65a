import type { FastifyInstance } from 'fastify';

/** The answer of one mutating API call made on behalf of the chat. */
export interface ChatActionResult {
  readonly ok: boolean;
  /** HTTP status of the API call. */
  readonly status: number;
  /** Its JSON body (`{error:{code,message,details}}` when not ok). */
  readonly body: Record<string, unknown>;
}

/** An order the chat submits (the body of `POST /api/trading/orders`). */
export interface ChatOrder {
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly order_type: 'MARKET' | 'LIMIT';
  readonly price?: number;
  readonly reduce_only?: boolean;
  readonly client_order_id: string;
}

/** What the chat can change, each through the same path as the REST API. */
export interface ChatActions {
  /** Switches the trading mode (`manual`, `semi_auto`, `full_auto`), recorded with `reason`. */
  setMode(mode: string, reason: string): Promise<ChatActionResult>;
  /** Submits an order through the OMS and its pre-trade risk gate. */
  submitOrder(order: ChatOrder): Promise<ChatActionResult>;
  /** Approves a pending semi_auto decision (it is sized, gated and sent). */
  approve(id: string): Promise<ChatActionResult>;
  /** Rejects a pending semi_auto decision, recorded with `reason`. */
  reject(id: string, reason: string): Promise<ChatActionResult>;
  /** Sets the emergency level (`reduce_only`, `cancel_all`, `flatten`). */
  emergencyStop(level: string, reason: string): Promise<ChatActionResult>;
}

/**
 * {@link ChatActions} that call the server's own REST routes in-process (`app.inject`) with the
 * access token: a chat order goes through exactly the validation, OMS and risk gate of
 * `POST /api/trading/orders`, a mode switch through `POST /api/trading/mode` (recorded with its
 * reason), approvals through `/api/trading/approvals/:id/*`, the emergency stop through
 * `POST /api/trading/emergency-stop`.
 */
export function injectChatActions(app: FastifyInstance, token: string): ChatActions {
  const call = async (method: 'POST', url: string, payload: unknown): Promise<ChatActionResult> => {
    const res = await app.inject({
      method,
      url,
      payload: payload as Record<string, unknown>,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    let body: Record<string, unknown>;
    try {
      body = res.json() as Record<string, unknown>;
    } catch {
      body = { error: { code: 'NOT_JSON', message: res.body.slice(0, 200) } };
    }
    return { ok: res.statusCode < 300, status: res.statusCode, body };
  };
  return {
    setMode: (mode, reason) => call('POST', '/api/trading/mode', { mode, reason }),
    submitOrder: (order) => call('POST', '/api/trading/orders', order),
    approve: (id) => call('POST', `/api/trading/approvals/${encodeURIComponent(id)}/approve`, {}),
    reject: (id, reason) =>
      call('POST', `/api/trading/approvals/${encodeURIComponent(id)}/reject`, { reason }),
    emergencyStop: (level, reason) => call('POST', '/api/trading/emergency-stop', { level, reason }),
  };
}
