import type { Server as HttpServer } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';
import { connectionParam, type BaseContext, type ContextInput } from './context.js';

export interface GraphqlWsOptions<C extends BaseContext> {
  httpServer: HttpServer;
  path: string;
  schema: GraphQLSchema;
  buildContext: (input: ContextInput) => Promise<C>;
  logger: Logger;
  /** Largest accepted WebSocket message. @default 256 KiB */
  maxPayloadBytes?: number;
}

/**
 * graphql-ws on the same port and path as HTTP. The token is checked when the connection
 * opens (refused → close 4403) and the same context builder as HTTP runs per operation.
 */
export function attachGraphqlWs<C extends BaseContext>({
  httpServer,
  path,
  schema,
  buildContext,
  logger,
  maxPayloadBytes = 256 * 1024,
}: GraphqlWsOptions<C>) {
  const wss = new WebSocketServer({ server: httpServer, path, maxPayload: maxPayloadBytes });
  const inputOf = (params: Readonly<Record<string, unknown>> | undefined): ContextInput => ({
    authorization: connectionParam(params, 'authorization'),
    requestId: connectionParam(params, 'x-request-id'),
  });
  const cleanup = useServer<Record<string, unknown>, { context?: C }>(
    {
      schema,
      onConnect: async (ctx) => {
        const context = await buildContext(inputOf(ctx.connectionParams));
        if (!context.identity) return false; // graphql-ws closes with 4403 Forbidden
        ctx.extra.context = context;
        return true;
      },
      context: async (ctx) => ctx.extra.context ?? (await buildContext(inputOf(ctx.connectionParams))),
      onError: (_ctx, _id, _payload, errors) => {
        logger.debug({ errors: errors.map((e) => e.message) }, 'subscription error');
      },
    },
    wss,
  );
  return {
    wss,
    /** Closes every socket (clients see 1001 Going away) and the server. */
    async dispose() {
      await cleanup.dispose();
    },
  };
}
