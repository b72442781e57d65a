/**
 * The chat's fixed texts and small formatters: which commands are dangerous, the example commands,
 * the help text, money and error formatting (kept apart from the chat service, which answers).
 */
import type { ChatActionResult } from './ChatActions.js';
import type { ChatCommand } from './parseChatMessage.js';

/** Commands that change state: they need the access token and a confirmation. */
export const DANGEROUS_COMMANDS: ReadonlySet<ChatCommand['kind']> = new Set<ChatCommand['kind']>([
  'set_mode',
  'order',
  'close_position',
  'approve',
  'reject',
  'emergency_stop',
]);

/** Example commands, for help and `get_suggestions`. */
export const CHAT_SUGGESTIONS: readonly string[] = [
  'status',
  'positions',
  'pnl',
  'open orders',
  'price es',
  'rsi es 5m',
  'macd es 15m',
  'sma 20 es 1h',
  'atr es',
  'bollinger es 5m',
  'volume es',
  'volatility es',
  'trend es 15m',
  'explain the last decision',
  'pending approvals',
  'alert me when es is above 1800',
  'alert me when rsi es 5m above 70',
  'alerts',
  'clear alerts',
  'approve <id>',
  'reject <id>',
  'switch to manual',
  'switch to semi_auto',
  'switch to full_auto',
  'buy 1 es',
  'sell 1 es at 1800.25',
  'close my position',
  'emergency stop',
  'emergency stop reduce only',
  'help',
];

/** The chat's help text. */
export const CHAT_HELP = `I answer from the live engine: status · positions · pnl · open orders · price es · rsi es 5m (also sma, ema, macd, atr, bollinger, volume, volatility, trend; timeframes 1m 5m 15m 30m 1h 4h 1d) · explain the last decision · pending approvals · alert me when es is above 1800 (also below, crosses; on an indicator: alert me when rsi es 5m above 70; "alerts", "clear alerts").
With the access token, after you confirm: switch to manual|semi_auto|full_auto · buy 2 es / sell 1 es at 1800.25 (the full risk gate) · close my position · approve|reject <id> · emergency stop [reduce only|cancel all].`;

/** Currency with its sign before the dollar (-$12.50). */
export const chatMoney = (v: number): string => `${v < 0 ? '-' : ''}$${Math.abs(v).toFixed(2)}`;

/** The message of a failed chat action (the route's error, or its HTTP status). */
export function chatErrorText(r: ChatActionResult): string {
  const e = r.body.error as { message?: string; code?: string } | undefined;
  return e?.message ?? `HTTP ${r.status}`;
}
