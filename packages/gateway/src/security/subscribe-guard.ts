import type { ExecutionArgs, GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { graphql } from './graphql-instance.ts';
import type { OperationGuard } from './operation-limits.ts';
import { enforceRate, type Caller, type RateLimiter } from './rate-limit.ts';

/** What graphql-ws subscribe messages are checked with. */
export interface SubscribeGuardOptions {
  guard: OperationGuard;
  limiter: RateLimiter;
  /** The gateway's error formatter (public codes kept, unexpected errors masked). */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

/**
 * graphql-ws `options` with an onSubscribe that does what Apollo does for HTTP before any resolver runs:
 * parses with the token limit, validates with the depth, alias, cost and directive rules (and
 * no introspection outside development), then makes the context with `options.context` and
 * counts the caller's rate. A refusal is the operation's `error` message; the socket stays open.
 */
export function withSubscribeGuard<
  P extends Record<string, unknown> | undefined,
  E extends { request: { socket: { remoteAddress?: string } } },
>(
  { guard, limiter, formatError }: SubscribeGuardOptions,
  options: ServerOptions<P, E> & { schema: GraphQLSchema },
): ServerOptions<P, E> {
  const refuse = (error: unknown): GraphQLError[] => {
    // Duck-typed: a coded error made by the other copy of graphql (see graphql-instance.ts) too.
    const extensions = error instanceof Error ? (error as Partial<GraphQLError>).extensions : null;
    const graphqlError =
      error instanceof Error && extensions && typeof extensions === 'object'
        ? new graphql.GraphQLError(error.message, { extensions })
        : new graphql.GraphQLError('Unexpected error', { originalError: error as Error });
    const formatted = formatError(graphqlError.toJSON(), error);
    return [new graphql.GraphQLError(formatted.message, { extensions: formatted.extensions })];
  };
  const { schema, context } = options;

  return {
    ...options,
    onSubscribe: async (ctx, id, payload) => {
      const document = guard.check(schema, payload.query);
      if (Array.isArray(document)) return document.flatMap(refuse);
      const args: ExecutionArgs = {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
      };
      try {
        const contextValue =
          typeof context === 'function' ? await context(ctx, id, payload, args) : context;
        enforceRate(
          limiter,
          (contextValue ?? {}) as Caller,
          ctx.extra.request.socket.remoteAddress,
        );
        return { ...args, contextValue };
      } catch (error) {
        return refuse(error);
      }
    },
  };
}
