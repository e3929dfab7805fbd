import type { IncomingMessage, Server as HttpServer } from 'node:http';
import {
  GraphQLError,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Registry } from 'prom-client';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Identity, TokenVerifier } from '../../core/auth/index.js';
import { ErrorCode } from '../../core/errors/index.js';
import type { Logger } from '../../core/logger.js';
import { wsMetrics } from '../../core/server/index.js';
import type { GatewayContext } from '../context.js';
import type { Limits } from '../limits.js';
import { admitConnection, type ConnectionState } from './connection.js';
import { eventShaper, subgraphSender, type FetchSubgraph } from './events.js';
import type { SubscriptionPlanner } from './planner.js';
import { createPreparedOperations } from './prepared.js';
import { relay } from './relay.js';

/** A query or mutation sent over the socket, as Apollo's executeOperation takes it. */
export interface OperationRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  extensions?: Record<string, unknown>;
}

export interface SubscriptionProxyOptions {
  httpServer: HttpServer;
  path: string;
  planner: SubscriptionPlanner;
  /** HTTP GraphQL URL of each subgraph by composed name (ws:// is derived). */
  subgraphUrls: Readonly<Record<string, string>>;
  verifier: TokenVerifier;
  limits: Limits;
  logger: Logger;
  registry: Registry;
  /** The gateway's error formatter (masking), applied to everything sent to the client. */
  formatError: (formatted: GraphQLFormattedError, original?: unknown) => GraphQLFormattedError;
  /** Runs an entity fetch of a subscription's `rest` plan over HTTP, through the subgraph breaker. */
  fetchSubgraph: FetchSubgraph;
  /**
   * Runs a query or mutation in this process through the gateway's Apollo pipeline (limits,
   * plugins, masking), with the connection's identity; the result is already formatted.
   */
  executeOperation: (request: OperationRequest, context: GatewayContext) => Promise<FormattedExecutionResult>;
  /** The client address of an upgrade request (honouring trusted proxies). */
  clientIp: (request: IncomingMessage) => string;
  /**
   * Admission checks (rate limits): throw a coded GraphQLError to refuse. A RATE_LIMITED
   * refusal at connect closes the socket with 4429; at operation it is that operation's error.
   */
  admission: {
    /** Runs on every new socket before graphql-ws sees it (per-socket guards). */
    socket: (socket: WebSocket, request: IncomingMessage) => void;
    connect: (identity: Identity, ip: string, socket: WebSocket) => Promise<void>;
    /** Every operation, whatever its kind. `inFlight`: the other operations open on this connection. */
    operation: (identity: Identity, ip: string, inFlight: number) => Promise<void>;
  };
}

/** What graphql-ws carries from onSubscribe to execute/subscribe/onNext for one operation. */
interface OperationContext {
  state: ConnectionState;
  payload: SubscribePayload;
  key: string;
  kind: string | undefined;
}

const badInput = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });

/**
 * The gateway's graphql-ws endpoint (DESIGN §3.2). `@apollo/gateway` cannot execute
 * subscriptions, so each one is planned against the supergraph, opened on the owning subgraph
 * over graphql-ws with the caller's token, and relayed; fields owned by other subgraphs are
 * fetched per event. Completion travels both ways and a client leaving closes its upstreams.
 * Queries and mutations on the socket run in-process through Apollo, like HTTP ones.
 */
export function attachSubscriptionProxy(options: SubscriptionProxyOptions) {
  const { planner, limits, logger, formatError, admission } = options;
  const { connections, subscriptions } = wsMetrics(options.registry);
  const format = (errors: ReadonlyArray<GraphQLError | GraphQLFormattedError>) =>
    errors.map((e) => (e instanceof GraphQLError ? formatError(e.toJSON(), e) : formatError(e)));

  const prepared = createPreparedOperations(planner, limits);
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: limits.maxWsMessageBytes,
  });
  // Registered before useServer so the guard wraps each socket before graphql-ws listens to it.
  wss.on('connection', admission.socket);

  const run = async ({ state, payload }: OperationContext): Promise<FormattedExecutionResult> => {
    try {
      return await options.executeOperation(
        {
          query: payload.query,
          ...(payload.variables ? { variables: payload.variables } : {}),
          ...(payload.operationName ? { operationName: payload.operationName } : {}),
          ...(payload.extensions ? { extensions: payload.extensions } : {}),
        },
        {
          identity: state.identity,
          requestId: state.requestId,
          ip: state.ip,
          logger: logger.child({ requestId: state.requestId, sub: state.identity.sub }),
        },
      );
    } catch (error) {
      // Never a throw: graphql-ws would answer it by closing the socket, and every subscription on it.
      return {
        errors: format([new GraphQLError((error as Error).message, { originalError: error as Error })]),
      };
    }
  };

  const cleanup = useServer<Record<string, unknown>, { state?: ConnectionState }>(
    {
      onConnect: async (ctx) => {
        const state = await admitConnection(ctx.connectionParams, ctx.extra.socket, ctx.extra.request, {
          verifier: options.verifier,
          admit: admission.connect,
          clientIp: options.clientIp,
          wsUrlOf: (service) => options.subgraphUrls[service]?.replace(/^http/, 'ws'),
          upstreamTimeoutMs: limits.subgraphTimeoutMs,
        });
        if (!state) return false; // graphql-ws closes with 4403 Forbidden
        ctx.extra.state = state;
        connections.inc();
        return true;
      },
      onClose: async (ctx) => {
        const state = ctx.extra.state;
        if (!state) return;
        connections.dec();
        state.cancelExpiry();
        // graphql-ws calls this without a catch: a rejection here would kill the process.
        try {
          await state.pool.dispose();
        } catch (error) {
          logger.debug({ err: error }, 'closing the upstream connections failed');
        }
      },
      onSubscribe: async (ctx, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        const state = ctx.extra.state!;
        const variables = (payload.variables ?? {}) as Record<string, unknown>;
        const operationName = payload.operationName ?? undefined;
        const ready = prepared.prepare(payload.query, operationName, variables);
        if ('errors' in ready) return ready.errors;
        try {
          // graphql-ws lists every operation of the connection from its subscribe message to its
          // end (this one included), so concurrent subscribe messages cannot slip past the cap.
          const inFlight = Object.keys(ctx.subscriptions).length - 1;
          await admission.operation(state.identity, state.ip, inFlight);
        } catch (error) {
          return [error instanceof GraphQLError ? error : badInput('Refused')];
        }
        const context: OperationContext = { state, payload, key: ready.key, kind: ready.kind };
        return {
          schema: planner.apiSchema,
          document: ready.document,
          variableValues: variables,
          operationName: operationName ?? null,
          contextValue: context,
        };
      },
      // Apollo's result is formatted JSON already; onNext passes it through untouched.
      execute: async (args) => (await run(args.contextValue as OperationContext)) as ExecutionResult,
      subscribe: async (args) => {
        const { state, key } = args.contextValue as OperationContext;
        const variables = (args.variableValues ?? {}) as Record<string, unknown>;
        let plan;
        try {
          plan = prepared.plan(key, args.document, args.operationName ?? undefined);
        } catch (error) {
          return { errors: [badInput(`Cannot plan this subscription: ${(error as Error).message}`)] };
        }
        const service = plan.primary.serviceName;
        const primaryVars: Record<string, unknown> = {};
        for (const name of plan.primary.variableUsages ?? [])
          if (name in variables) primaryVars[name] = variables[name];
        let upstream;
        try {
          upstream = state.pool.subscribe(service, plan.primary.operation, primaryVars);
        } catch (error) {
          // A subgraph the supergraph names but the configuration does not: masked, logged.
          return { errors: [new GraphQLError((error as Error).message, { originalError: error as Error })] };
        }
        subscriptions.inc({ subgraph: service });
        const send = subgraphSender(options.fetchSubgraph, `Bearer ${state.identity.token}`, state.requestId);
        return relay(upstream, service, eventShaper(args, plan.rest, send), () =>
          subscriptions.dec({ subgraph: service }),
        );
      },
      onNext: (_ctx, _id, _payload, args, result) => {
        if ((args.contextValue as OperationContext).kind !== 'subscription')
          return result as unknown as FormattedExecutionResult;
        return result.errors ? { ...result, errors: format(result.errors) } : undefined;
      },
      onError: (_ctx, _id, _payload, errors) => format(errors),
    },
    wss,
  );

  return {
    wss,
    async dispose() {
      await cleanup.dispose();
    },
  };
}
