import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The token file's name inside the data folder. */
export const TOKEN_FILE = 'api-token';

/** The result of {@link loadAccessToken}. */
export interface AccessToken {
  readonly token: string;
  /** True when this call generated it (print it once, then never again). */
  readonly created: boolean;
  readonly path: string;
}

/**
 * Reads the API access token from `<dataDir>/api-token`, or generates one (32 random bytes,
 * base64url) on first start and stores it with mode 0600. A token file readable by others is
 * tightened to 0600; an empty or malformed one is an error naming the file.
 */
export function loadAccessToken(dataDir: string): AccessToken {
  const path = join(dataDir, TOKEN_FILE);
  if (existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    if (!/^[A-Za-z0-9_-]{32,}$/.test(token))
      throw new Error(`the access token file ${path} is malformed: delete it to generate a new token`);
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return { token, created: false, path };
  }
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { token, created: true, path };
}

/** Constant-time comparison of a presented token with the expected one. */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request carries: `Authorization: Bearer <token>` or `X-MinhOS-Token: <token>`. */
export function presentedToken(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = headers['x-minhos-token'];
  return typeof header === 'string' ? header.trim() : undefined;
}

/** Whether a remote address is the local machine. */
export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
