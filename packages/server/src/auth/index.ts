export type { AccessToken } from './accessToken.js';
export { isLoopback, loadAccessToken, presentedToken, TOKEN_FILE, tokenMatches } from './accessToken.js';
