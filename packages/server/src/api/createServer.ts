import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { isLoopback, presentedToken, tokenMatches } from '../auth/accessToken.js';
import { chatRoutes } from '../chat/index.js';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { dashboardPlugin } from '../web/dashboardPlugin.js';
import { WsHub } from '../ws/WsHub.js';
import { ApiError } from './ApiError.js';
import { aiRoutes } from './aiRoutes.js';
import { approvalRoutes } from './approvalRoutes.js';
import { backtestRoutes } from './backtestRoutes.js';
import { configRoutes } from './configRoutes.js';
import { decisionRoutes } from './decisionRoutes.js';
import { marketRoutes } from './marketRoutes.js';
import { mlRoutes } from './mlRoutes.js';
import { moduleRoutes } from './moduleRoutes.js';
import { performanceRoutes } from './performanceRoutes.js';
import { qualityRoutes } from './qualityRoutes.js';
import { riskRoutes } from './riskRoutes.js';
import type { ServerOptions } from './ServerOptions.js';
import { statusRoutes } from './statusRoutes.js';
import { tradingRoutes } from './tradingRoutes.js';

/** The address {@link MinhosServer.listen} binds unless told otherwise: this machine only. */
export const DEFAULT_HOST = '127.0.0.1';

/** A created server: the Fastify app, its WebSocket hub, and start/stop. */
export interface MinhosServer {
  readonly app: FastifyInstance;
  readonly hub: WsHub;
  /** Starts listening (host defaults to {@link DEFAULT_HOST}); resolves to the base URL. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops the WebSocket hub and the HTTP server. */
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on routes that change state: they always need the access token. */
    mutating?: boolean;
  }
}

const UNAUTHORIZED_MESSAGE =
  'missing or wrong access token: send "Authorization: Bearer <token>" (printed on first start, stored in the data folder as api-token)';

function errorFromFastify(error: FastifyError): ApiError {
  if (error instanceof ApiError) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'BODY_TOO_LARGE', 'request body is larger than the server accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the request body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'INVALID_BODY', 'the JSON body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError(400, 'INVALID_BODY', `the body is not valid JSON: ${error.message}`);
    default:
      break;
  }
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    if (status === 429) return new ApiError(429, 'RATE_LIMITED', error.message);
    return new ApiError(status, error.code ?? 'BAD_REQUEST', error.message);
  }
  if (error instanceof SyntaxError) return new ApiError(400, 'INVALID_BODY', error.message);
  return new ApiError(500, 'INTERNAL', 'internal error (see the server log)');
}

let cachedSecurityHeaders: Promise<Record<string, string>> | undefined;

/**
 * The headers `@fastify/helmet` adds to a response, found once by asking it. Its defaults, except
 * the CSP's `upgrade-insecure-requests`: the server speaks plain http, and from a host other than
 * localhost a browser would upgrade the dashboard's asset requests to https and load nothing.
 */
function securityHeaders(): Promise<Record<string, string>> {
  cachedSecurityHeaders ??= (async () => {
    const plain = Fastify();
    plain.get('/', async () => 'x');
    const secured = Fastify();
    await secured.register(helmet, {
      global: true,
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    });
    secured.get('/', async () => 'x');
    const [a, b] = await Promise.all([plain.inject({ url: '/' }), secured.inject({ url: '/' })]);
    await Promise.all([plain.close(), secured.close()]);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(b.headers)) {
      if (typeof v === 'string' && a.headers[k] === undefined) out[k] = v;
    }
    return out;
  })();
  return cachedSecurityHeaders;
}

/**
 * Builds the MinhOS API server on live engine parts: Fastify with zod-validated routes, errors as
 * `{error:{code,message,details}}`, a body size limit (413), per-client rate limiting (429), CORS
 * closed unless origins are listed, security headers, the OpenAPI document at `/api/docs`
 * (`/api/docs/json`), token auth on every mutating route (and on reads from other machines, or
 * from everyone when `openReads` is false), and the `/ws` WebSocket hub.
 *
 * @example
 * ```ts
 * const server = await createServer(deps);
 * const url = await server.listen(8888); // http://127.0.0.1:8888
 * ```
 */
export async function createServer(deps: ServerDeps, options: ServerOptions = {}): Promise<MinhosServer> {
  const openReads = options.openReads ?? true;
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    logger:
      options.logStream === undefined
        ? false
        : {
            level: 'info',
            stream: options.logStream,
            redact: {
              paths: ['req.headers.authorization', 'req.headers["x-minhos-token"]'],
              censor: '[redacted]',
            },
          },
    ajv: { customOptions: { strict: false } },
    // Errors raised before routing (URL too long, malformed URL) get the same error shape.
    frameworkErrors: (error, _request, reply) => {
      const api = errorFromFastify(error as FastifyError);
      void (reply as unknown as { code(n: number): { send(b: unknown): unknown } })
        .code(api.status)
        .send(api.toBody());
    },
  });
  // zod validates inside each route (defineRoute); Fastify's schemas only document the API.
  app.setValidatorCompiler(() => () => true);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const api = errorFromFastify(error);
    if (api.status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(api.status).send(api.toBody());
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send(
        new ApiError(404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`).toBody(),
      ),
  );

  // helmet's headers are the same for every response (no CSP nonces): computed once by helmet
  // itself, then set on each reply without running its middleware per request.
  const security = await securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(security);
    done();
  });
  // CORS closed (the default) needs no plugin: without one no response carries an
  // Access-Control-* header, and no per-request hook runs (the API bench counts every hook).
  if (options.corsOrigins !== undefined && options.corsOrigins.length > 0)
    await app.register(cors, { origin: [...options.corsOrigins] });
  const limit = options.rateLimit ?? { max: 600, windowMs: 60_000 };
  await app.register(rateLimit, {
    max: limit.max,
    timeWindow: limit.windowMs,
    errorResponseBuilder: (_req, ctx) =>
      new ApiError(429, 'RATE_LIMITED', `too many requests: at most ${ctx.max} per ${ctx.after}`, {
        retryAfter: ctx.after,
      }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'MinhOS API', version: deps.version ?? '0.1.0' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.addHook('onRequest', async (request) => {
    const mutating = request.routeOptions.config?.mutating === true;
    if (!mutating && openReads && isLoopback(request.ip)) return;
    if (!tokenMatches(presentedToken(request.headers), deps.token))
      throw new ApiError(401, 'UNAUTHORIZED', UNAUTHORIZED_MESSAGE);
  });

  statusRoutes(app, deps);
  tradingRoutes(app, deps);
  riskRoutes(app, deps);
  marketRoutes(app, deps, options.staleAfterSeconds ?? 60);
  configRoutes(app, deps);
  moduleRoutes(app, deps);
  decisionRoutes(app, deps);
  aiRoutes(app, deps);
  qualityRoutes(app, deps);
  approvalRoutes(app, deps);
  mlRoutes(app, deps);
  backtestRoutes(app, deps);
  performanceRoutes(app, deps);
  await app.register(dashboardPlugin);

  const hub = new WsHub(deps, { ...options.ws, openReads });
  hub.attach(app.server);
  chatRoutes(app, deps, hub, { openReads });

  return {
    app,
    hub,
    async listen(port, host = DEFAULT_HOST) {
      const address = await app.listen({ port, host });
      return address;
    },
    async close() {
      hub.close();
      await app.close();
    },
  };
}
