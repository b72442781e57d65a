import { getToken } from './token.js';

/** A failed API call: the HTTP status and the server's `{error:{code,message}}` body. */
export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiFailure';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** True when this server has no such route at all (an endpoint that has not landed yet). */
  get unavailable(): boolean {
    return this.status === 404 && this.code === 'NOT_FOUND';
  }
}

async function parse<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  let body: unknown = null;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiFailure(response.status, 'BAD_RESPONSE', `${what}: the server answered with non-JSON`);
    }
  }
  if (!response.ok) {
    const e = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiFailure(
      response.status,
      e?.code ?? `HTTP_${response.status}`,
      e?.message ?? `${what}: HTTP ${response.status}`,
      e?.details,
    );
  }
  return body as T;
}

/** GET a JSON endpoint of this server. */
export async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' } });
  } catch {
    throw new ApiFailure(0, 'OFFLINE', `GET ${path}: the server cannot be reached`);
  }
  return parse<T>(response, `GET ${path}`);
}

/** A state-changing call: sends the access token kept for this browser tab. */
export async function send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const token = getToken();
  if (token === null)
    throw new ApiFailure(401, 'NO_TOKEN', 'enter the access token first (top right): changes need it');
  const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiFailure(0, 'OFFLINE', `${method} ${path}: the server cannot be reached`);
  }
  return parse<T>(response, `${method} ${path}`);
}

/** A readable one-line message for any error thrown by {@link getJson} or {@link send}. */
export function errorText(error: unknown): string {
  if (error instanceof ApiFailure) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
