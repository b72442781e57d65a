/** Who wrote a chat message: the person (`user`), the assistant (`ai`), the server (`system`), or an `error`. */
export type ChatMessageType = 'system' | 'user' | 'ai' | 'error';

/** One chat message, in the original's `/ws/chat` shape. */
export interface ChatMessage {
  readonly content: string;
  readonly type: ChatMessageType;
  /** ISO time. */
  readonly timestamp: string;
  readonly metadata: {
    readonly intent?: string;
    readonly command?: string;
    readonly symbol?: string | null;
    readonly indicator?: string | null;
    readonly timeframe?: string | null;
    readonly confidence?: number;
    /** Set on a reply that waits for `confirm` / `cancel`. */
    readonly awaiting_confirmation?: boolean;
    /** The numbers behind the answer (indicator value, prices, order outcome …). */
    readonly data?: unknown;
  };
}
