import type { Server as HttpServer } from 'node:http';
import {
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type ExecutionArgs,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Registry } from 'prom-client';
import { WebSocket, WebSocketServer } from 'ws';
import type { TokenVerifier } from '../auth/index.js';
import { ErrorCode } from '../errors/index.js';
import { connectionParam, type BaseContext, type ContextInput } from './context.js';
import { wsMetrics } from './ws-metrics.js';

export interface GraphqlWsOptions<C extends BaseContext> {
  httpServer: HttpServer;
  path: string;
  schema: GraphQLSchema;
  /** Checks the connection's token once, at connection_init. */
  verify: TokenVerifier;
  /** The same builder as HTTP, run for every operation. */
  buildContext: (input: ContextInput) => Promise<C>;
  /** Masks what is not a coded error, as Apollo's formatError does on HTTP. */
  formatError: (formatted: GraphQLFormattedError, original?: unknown) => GraphQLFormattedError;
  /** Largest accepted WebSocket message. @default 256 KiB */
  maxPayloadBytes?: number;
  /** Where the connection and subscription gauges go. */
  registry: Registry;
  /** Service name, the `subgraph` label of the subscription gauge. */
  service: string;
}

const badInput = (message: string, error?: GraphQLError) =>
  new GraphQLError(message, {
    nodes: error?.nodes ?? null,
    extensions: { code: ErrorCode.BAD_USER_INPUT },
  });

/**
 * graphql-ws on the same port and path as HTTP, for subscriptions only: that is all the gateway
 * sends upstream, and queries or mutations here would bypass Apollo's plugins (audit, metrics).
 * The token is checked when the connection opens (refused → close 4403), and every operation
 * gets a fresh context from the HTTP builder (token checked again, new loaders), never one
 * shared by everything a long-lived connection runs.
 */
export function attachGraphqlWs<C extends BaseContext>({
  httpServer,
  path,
  schema,
  verify,
  buildContext,
  formatError,
  maxPayloadBytes = 256 * 1024,
  registry,
  service,
}: GraphqlWsOptions<C>) {
  const { connections, subscriptions } = wsMetrics(registry);
  subscriptions.inc({ subgraph: service }, 0);
  const wss = new WebSocketServer({ server: httpServer, path, maxPayload: maxPayloadBytes });
  const format = (errors: readonly GraphQLError[]) => errors.map((e) => formatError(e.toJSON(), e));

  const cleanup = useServer<Record<string, unknown>, { active?: Set<string> }>(
    {
      schema,
      onConnect: async (ctx) => {
        try {
          await verify(connectionParam(ctx.connectionParams, 'authorization'));
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
        // The client may have left during the check: its onClose already ran, so count nothing.
        if (ctx.extra.socket.readyState !== WebSocket.OPEN) return false;
        ctx.extra.active = new Set();
        connections.inc();
        return true;
      },
      onSubscribe: (_ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] => {
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [badInput((error as Error).message)];
        }
        const invalid = validate(schema, document);
        if (invalid.length > 0) return invalid.map((e) => badInput(e.message, e));
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [badInput('Unable to identify the operation to run')];
        if (operation.operation !== 'subscription') {
          return [
            badInput('Only subscriptions are served over WebSocket: send queries and mutations over HTTP'),
          ];
        }
        return { schema, document, variableValues: payload.variables, operationName: payload.operationName };
      },
      context: (ctx) =>
        buildContext({
          authorization: connectionParam(ctx.connectionParams, 'authorization'),
          requestId: connectionParam(ctx.connectionParams, 'x-request-id'),
          kind: 'subscription',
        }),
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
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: format(result.errors) } : undefined,
      onError: (_ctx, _id, _payload, errors) => format(errors),
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
