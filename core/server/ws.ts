import type { Server as HttpServer } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import { gauge } from '../metrics.js';
import { connectionParam, type BaseContext, type ContextInput } from './context.js';

export interface GraphqlWsOptions<C extends BaseContext> {
  httpServer: HttpServer;
  path: string;
  schema: GraphQLSchema;
  buildContext: (input: ContextInput) => Promise<C>;
  logger: Logger;
  /** Largest accepted WebSocket message. @default 256 KiB */
  maxPayloadBytes?: number;
  /** Where the connection and subscription gauges go. */
  registry: Registry;
  /** Service name, the `subgraph` label of the subscription gauge. */
  service: string;
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
  registry,
  service,
}: GraphqlWsOptions<C>) {
  // Same series as the gateway's, so "is the upstream really closed?" is one query away.
  const connections = gauge(registry, { name: 'resync_ws_connections', help: 'Open graphql-ws connections' });
  const subscriptions = gauge(registry, {
    name: 'resync_ws_subscriptions',
    help: 'Active subscriptions, by the subgraph that serves them',
    labelNames: ['subgraph'],
  });
  subscriptions.inc({ subgraph: service }, 0);
  const wss = new WebSocketServer({ server: httpServer, path, maxPayload: maxPayloadBytes });
  const inputOf = (params: Readonly<Record<string, unknown>> | undefined): ContextInput => ({
    authorization: connectionParam(params, 'authorization'),
    requestId: connectionParam(params, 'x-request-id'),
  });
  const cleanup = useServer<Record<string, unknown>, { context?: C; active?: Set<string> }>(
    {
      schema,
      onConnect: async (ctx) => {
        const context = await buildContext(inputOf(ctx.connectionParams));
        if (!context.identity) return false; // graphql-ws closes with 4403 Forbidden
        ctx.extra.context = context;
        ctx.extra.active = new Set();
        connections.inc();
        return true;
      },
      onOperation: (ctx, id, _payload, _args, result) => {
        if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) {
          ctx.extra.active?.add(id);
          subscriptions.inc({ subgraph: service });
        }
      },
      onComplete: (ctx, id) => {
        if (ctx.extra.active?.delete(id)) subscriptions.dec({ subgraph: service });
      },
      onClose: (ctx) => {
        if (!ctx.extra.active) return;
        // Normally every operation completed before this; count any that did not.
        subscriptions.dec({ subgraph: service }, ctx.extra.active.size);
        ctx.extra.active.clear();
        connections.dec();
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
