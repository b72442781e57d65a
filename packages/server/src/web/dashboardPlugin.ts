import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from '../api/ApiError.js';

/** Where the dashboard is served. */
export const DASHBOARD_PATH = '/dashboard/';

/** Options of {@link dashboardPlugin}. */
export interface DashboardOptions {
  /** The built app (`vite build` output with `index.html`); default: {@link findDashboardRoot}. */
  readonly root?: string;
}

/**
 * Finds the built dashboard: `dist/web` next to the bundled server (`dist/index.js`,
 * `dist/bin.js`), or the package's `dist/web` when the server runs from its sources. Undefined when
 * it has not been built.
 */
export function findDashboardRoot(from: string = import.meta.url): string | undefined {
  for (const relative of ['./web/', '../../dist/web/']) {
    const dir = fileURLToPath(new URL(relative, from));
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return undefined;
}

const NOT_BUILT =
  'the dashboard is not built: run "pnpm --filter @minhos/server build" (tsup + vite build into dist/web)';

/**
 * Serves the dashboard (the Vite app of `packages/server/web`) under `/dashboard/` with
 * `@fastify/static`: hashed assets with `Cache-Control: public, max-age=31536000, immutable`,
 * `index.html` with `no-cache` (a new build is seen at once), every other `/dashboard/…` path
 * answered with `index.html` (SPA fallback), and `/` redirected to `/dashboard/`. A missing asset is
 * a 404 in the API's error shape; an unbuilt dashboard is a 503 that says how to build it.
 *
 * @example
 * ```ts
 * await app.register(dashboardPlugin); // GET / → 302 /dashboard/
 * ```
 */
export async function dashboardPlugin(app: FastifyInstance, options: DashboardOptions = {}): Promise<void> {
  const root = options.root ?? findDashboardRoot();
  const hide = { schema: { hide: true } };
  app.get('/', hide, (_request, reply) => reply.redirect(DASHBOARD_PATH, 302));
  app.get('/dashboard', hide, (_request, reply) => reply.redirect(DASHBOARD_PATH, 301));
  if (root === undefined || !existsSync(join(root, 'index.html'))) {
    const body = new ApiError(503, 'DASHBOARD_NOT_BUILT', NOT_BUILT).toBody();
    const notBuilt = (_request: unknown, reply: FastifyReply) => reply.code(503).send(body);
    app.get(DASHBOARD_PATH, hide, notBuilt);
    app.get(`${DASHBOARD_PATH}*`, hide, notBuilt);
    return;
  }
  await app.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: `${DASHBOARD_PATH}assets/`,
    // Vite puts a content hash in every asset name: a changed file is a new URL.
    cacheControl: true,
    maxAge: '365d',
    immutable: true,
    index: false,
    schemaHide: true,
  });
  const index = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  app.get(DASHBOARD_PATH, hide, (_request, reply) => index(reply));
  // Client-side paths (e.g. /dashboard/decisions/d-7) get the app; it reads location itself.
  app.get(`${DASHBOARD_PATH}*`, hide, (_request, reply) => index(reply));
}
