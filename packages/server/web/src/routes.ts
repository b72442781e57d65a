import { getJson } from './api.js';

/** The routes this server has, from its OpenAPI document (`/api/docs/json`). */
export class RouteTable {
  readonly #routes: { method: string; pattern: RegExp; prefix: string }[];

  constructor(paths: Record<string, Record<string, unknown>>) {
    this.#routes = Object.entries(paths).flatMap(([path, methods]) => {
      const pattern = new RegExp(
        `^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
      );
      return Object.keys(methods).map((m) => ({ method: m.toUpperCase(), pattern, prefix: path }));
    });
  }

  /** Whether `METHOD path` (query ignored) is served here. */
  has(method: string, path: string): boolean {
    const bare = path.split('?')[0] ?? path;
    return this.#routes.some((r) => r.method === method && r.pattern.test(bare));
  }

  /** Whether any route starts with `prefix` (e.g. `/api/chat` for the chat). */
  hasPrefix(prefix: string): boolean {
    return this.#routes.some((r) => r.prefix.startsWith(prefix));
  }
}

/** Loads the route table of this server. */
export async function loadRoutes(): Promise<RouteTable> {
  const doc = await getJson<{ paths?: Record<string, Record<string, unknown>> }>('/api/docs/json');
  return new RouteTable(doc.paths ?? {});
}
