// The chat: pure parsing, the rule-based service, history, the REST routes and /ws/chat.
export type { ChatActionResult, ChatActions, ChatOrder } from './ChatActions.js';
export { injectChatActions } from './ChatActions.js';
export type { ChatHistory } from './ChatHistory.js';
export { CHAT_CLIENT_ID, MemoryChatHistory, StoreChatHistory } from './ChatHistory.js';
export type { ChatMessage, ChatMessageType } from './ChatMessage.js';
export type { ChatLlmProvider, ChatSender, ChatServiceOptions } from './ChatService.js';
export { ChatService } from './ChatService.js';
export type { ChatIndicatorReading } from './chatIndicatorValue.js';
export { chatIndicatorValue } from './chatIndicatorValue.js';
export type { ChatRoutesOptions } from './chatRoutes.js';
export { chatRoutes } from './chatRoutes.js';
export { CHAT_SUGGESTIONS } from './chatTexts.js';
export { explainDecision } from './explainDecision.js';
export type { ChatPriceAlert } from './PriceAlerts.js';
export { alertFires, MAX_ALERTS_PER_CLIENT, PRICE_ALERTS_KEY, PriceAlerts } from './PriceAlerts.js';
export type {
  ChatCommand,
  ChatEntities,
  ChatIndicator,
  ChatIntent,
  ParsedChatMessage,
} from './parseChatMessage.js';
export { CHAT_INDICATORS, extractChatEntities, parseChatMessage } from './parseChatMessage.js';
