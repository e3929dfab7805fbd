import type { IncomingMessage, Server as HttpServer } from 'node:http';
import {
  execute,
  GraphQLError,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Registry } from 'prom-client';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Identity, TokenVerifier } from '../../core/auth/index.js';
import { ErrorCode, maskError } from '../../core/errors/index.js';
import type { Logger } from '../../core/logger.js';
import { gauge } from '../../core/metrics.js';
import { connectionParam, normaliseRequestId } from '../../core/server/index.js';
import type { Limits } from '../limits.js';
import type { SubscriptionPlanner } from './planner.js';
import { createPreparedOperations } from './prepared.js';
import { relay } from './relay.js';
import { executeRest, type FetchResult } from './rest-executor.js';
import { createUpstreamPool, type UpstreamPool } from './upstream.js';

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
  production: boolean;
  /** Runs an entity fetch of a subscription's `rest` plan over HTTP, through the subgraph breaker. */
  fetchSubgraph: (service: string, init: RequestInit) => Promise<Response>;
  /** Runs a query or mutation sent over the socket through the gateway's own HTTP pipeline. */
  executeOverHttp: (
    body: unknown,
    authorization: string,
    requestId: string,
    ip: string,
  ) => Promise<ExecutionResult>;
  /** The client address of an upgrade request (honouring trusted proxies). @default the socket peer */
  clientIp?: (request: IncomingMessage) => string;
  /**
   * Extra admission checks (rate limits): throw a coded GraphQLError to refuse. A RATE_LIMITED
   * refusal at connect closes the socket with 4429; at operation it is that operation's error.
   */
  admission?: {
    /** Runs on every new socket before graphql-ws sees it (per-socket guards). */
    socket?: (socket: WebSocket, request: IncomingMessage) => void;
    connect?: (identity: Identity, ip: string, socket: WebSocket) => Promise<void>;
    /** `inFlight`: the other operations open on this connection. */
    operation?: (identity: Identity, ip: string, inFlight: number) => Promise<void>;
  };
}

interface ConnectionState {
  identity?: Identity;
  authorization?: string;
  requestId?: string;
  pool?: UpstreamPool;
  expiryTimer?: NodeJS.Timeout;
  active?: number;
  /** Client address, forwarded when queries are relayed through the HTTP pipeline. */
  ip?: string;
}

/** Reads a result field by response key, since subgraph data is keyed by aliases. */
const byResponseKey: GraphQLFieldResolver<unknown, unknown> = (source, _args, _ctx, info) =>
  source !== null && typeof source === 'object'
    ? (source as Record<string, unknown>)[info.path.key as string]
    : undefined;

const badInput = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });

/**
 * The gateway's graphql-ws endpoint (DESIGN §3.2). `@apollo/gateway` cannot execute
 * subscriptions, so each one is planned against the supergraph, opened on the owning subgraph
 * over graphql-ws with the caller's token, and relayed; fields owned by other subgraphs are
 * fetched per event. Completion travels both ways and a client leaving closes its upstreams.
 */
export function attachSubscriptionProxy(options: SubscriptionProxyOptions) {
  const { planner, limits, logger, production } = options;
  const wsUrlOf = (service: string) => options.subgraphUrls[service]?.replace(/^http/, 'ws');
  const connections = gauge(options.registry, {
    name: 'resync_ws_connections',
    help: 'Open WebSocket connections at the gateway',
  });
  const subscriptions = gauge(options.registry, {
    name: 'resync_ws_subscriptions',
    help: 'Active subscriptions relayed by the gateway',
    labelNames: ['subgraph'],
  });
  const mask = (errors: readonly GraphQLFormattedError[]) =>
    errors.map((e) =>
      maskError(e, e, {
        includeStack: !production,
        onMasked: (f) => logger.error({ error: f.message }, 'masked ws error'),
      }),
    );

  const prepared = createPreparedOperations(planner, limits);
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: limits.maxWsMessageBytes,
  });
  // Registered before useServer so the guard wraps each socket before graphql-ws listens to it.
  if (options.admission?.socket) wss.on('connection', options.admission.socket);
  const clientIp =
    options.clientIp ?? ((request: IncomingMessage) => request.socket.remoteAddress ?? 'unknown');

  const sendToSubgraph =
    (state: ConnectionState) =>
    async (service: string, query: string, variables: Record<string, unknown>): Promise<FetchResult> => {
      const url = options.subgraphUrls[service];
      if (!url)
        return {
          errors: [{ message: `Unknown subgraph ${service}`, extensions: { code: ErrorCode.INTERNAL } }],
        };
      try {
        const response = await options.fetchSubgraph(service, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: state.authorization ?? '',
            'x-request-id': state.requestId ?? '',
          },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as FetchResult;
      } catch (error) {
        const formatted =
          error instanceof GraphQLError
            ? error.toJSON()
            : {
                message: `The ${service} service is unavailable`,
                extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE },
              };
        return { errors: [formatted] };
      }
    };

  const cleanup = useServer<Record<string, unknown>, { state?: ConnectionState }>(
    {
      onConnect: async (ctx) => {
        const authorization = connectionParam(ctx.connectionParams, 'authorization');
        let identity: Identity;
        try {
          identity = await options.verifier(authorization);
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
        try {
          await options.admission?.connect?.(identity, clientIp(ctx.extra.request), ctx.extra.socket);
        } catch (error) {
          const rateLimited = (error as GraphQLError).extensions?.['code'] === ErrorCode.RATE_LIMITED;
          if (rateLimited) ctx.extra.socket.close(4429, (error as Error).message.slice(0, 120));
          return false;
        }
        const requestId = normaliseRequestId(connectionParam(ctx.connectionParams, 'x-request-id'));
        const state: ConnectionState = {
          identity,
          authorization: `Bearer ${identity.token}`,
          requestId,
          ip: clientIp(ctx.extra.request),
          pool: createUpstreamPool({ wsUrlOf, authorization: `Bearer ${identity.token}`, requestId }),
          active: 0,
        };
        // A socket must not outlive its token: close it when the token expires.
        if (identity.expiresAt) {
          const ms = identity.expiresAt.getTime() - Date.now();
          state.expiryTimer = setTimeout(
            () => ctx.extra.socket.close(4403, 'Token expired'),
            Math.max(0, Math.min(ms, 2 ** 31 - 1)),
          );
          state.expiryTimer.unref();
        }
        ctx.extra.state = state;
        connections.inc();
        return true;
      },
      onClose: async (ctx) => {
        const state = ctx.extra.state;
        if (!state) return;
        connections.dec();
        if (state.expiryTimer) clearTimeout(state.expiryTimer);
        await state.pool?.dispose();
      },
      onSubscribe: async (ctx, _id, payload) => {
        const state = ctx.extra.state!;
        const variables = (payload.variables ?? {}) as Record<string, unknown>;
        const operationName = payload.operationName ?? undefined;
        const ready = prepared.prepare(payload.query, operationName, variables);
        if ('errors' in ready) return ready.errors;
        const { document, kind, key } = ready;
        try {
          if (kind === 'subscription') {
            // graphql-ws lists every operation of the connection from its subscribe message to its
            // end (this one included), so concurrent subscribe messages cannot slip past the cap.
            const inFlight = Object.keys(ctx.subscriptions).length - 1;
            await options.admission?.operation?.(state.identity!, clientIp(ctx.extra.request), inFlight);
          }
        } catch (error) {
          return [error instanceof GraphQLError ? error : badInput('Refused')];
        }
        const args: ExecutionArgs = {
          schema: planner.apiSchema,
          document,
          variableValues: variables,
          operationName: operationName ?? null,
          contextValue: { state, payload, key },
        };
        return args;
      },
      execute: async (args) => {
        const { state, payload } = args.contextValue as { state: ConnectionState; payload: unknown };
        return options.executeOverHttp(
          payload,
          state.authorization ?? '',
          state.requestId ?? '',
          state.ip ?? 'unknown',
        );
      },
      subscribe: async (args) => {
        const { state, key } = args.contextValue as { state: ConnectionState; key: string };
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
        const upstream = state.pool!.subscribe(service, plan.primary.operation, primaryVars);
        state.active = (state.active ?? 0) + 1;
        subscriptions.inc({ subgraph: service });
        const rest = plan.rest;
        const send = sendToSubgraph(state);
        return relay(
          upstream,
          service,
          async (result) => {
            if (!result.data) return result;
            const data = result.data as Record<string, unknown>;
            const restErrors = rest ? await executeRest(rest, data, variables, send) : [];
            const shaped = await execute({
              ...args,
              rootValue: data,
              fieldResolver: byResponseKey,
              contextValue: {},
            });
            const allErrors = [...(result.errors ?? []), ...restErrors, ...(shaped.errors ?? [])];
            return allErrors.length > 0
              ? ({ data: shaped.data, errors: allErrors } as unknown as ExecutionResult)
              : { data: shaped.data };
          },
          () => {
            state.active = Math.max(0, (state.active ?? 1) - 1);
            subscriptions.dec({ subgraph: service });
          },
        );
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors
          ? {
              ...result,
              errors: mask(
                result.errors.map((e) => ('toJSON' in e ? e.toJSON() : e) as GraphQLFormattedError),
              ),
            }
          : undefined,
      onError: (_ctx, _id, _payload, errors) => mask(errors.map((e) => e.toJSON())),
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
