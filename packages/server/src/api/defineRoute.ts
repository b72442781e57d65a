import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseInput } from './parseInput.js';

/** One API route: zod schemas for its inputs, whether it changes state, and its handler. */
export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly summary: string;
  readonly tag: string;
  /** Mutating routes always need the access token. */
  readonly mutating: boolean;
  readonly body?: B;
  readonly query?: Q;
  readonly params?: P;
  readonly handler: (input: {
    readonly body: z.output<B>;
    readonly query: z.output<Q>;
    readonly params: z.output<P>;
    readonly request: FastifyRequest;
    readonly reply: FastifyReply;
  }) => unknown;
}

function jsonSchema(schema: z.ZodType | undefined): Record<string, unknown> | undefined {
  if (schema === undefined) return undefined;
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/**
 * Registers a route: the zod schemas become its OpenAPI description and are what validates the
 * request (Fastify's own validator is off), so bad input is a 400 naming the problem.
 */
export function defineRoute<
  B extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
>(app: FastifyInstance, spec: RouteSpec<B, Q, P>): void {
  const schema: Record<string, unknown> = { summary: spec.summary, tags: [spec.tag] };
  const body = jsonSchema(spec.body);
  const query = jsonSchema(spec.query);
  const params = jsonSchema(spec.params);
  if (body !== undefined) schema.body = body;
  if (query !== undefined) schema.querystring = query;
  if (params !== undefined) schema.params = params;
  if (spec.mutating) schema.security = [{ bearerAuth: [] }];
  app.route({
    method: spec.method,
    url: spec.url,
    schema,
    config: { mutating: spec.mutating },
    handler: async (request, reply) => {
      const input = {
        body: (spec.body === undefined
          ? undefined
          : parseInput(spec.body, request.body, 'body')) as z.output<B>,
        query: (spec.query === undefined
          ? undefined
          : parseInput(spec.query, request.query, 'query')) as z.output<Q>,
        params: (spec.params === undefined
          ? undefined
          : parseInput(spec.params, request.params, 'params')) as z.output<P>,
        request,
        reply,
      };
      return spec.handler(input);
    },
  });
}
