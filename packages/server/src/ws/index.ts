export type { WsHubOptions, WsHubStats } from './WsHub.js';
export { WS_TOPICS, WsHub } from './WsHub.js';
