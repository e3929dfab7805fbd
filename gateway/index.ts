import { ApolloGateway } from '@apollo/gateway';
import type { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import cors from 'cors';
import type { FormattedExecutionResult } from 'graphql';
import { SUBGRAPH_NAMES, applyLibraryEnvironment } from '../core/config/index.js';
import { ErrorCode, ResyncError } from '../core/errors/index.js';
import type { ServiceRuntime } from '../core/runtime.js';
import {
  errorFormatter,
  normaliseRequestId,
  probeUrl,
  startGraphqlHttpServer,
  type RunningServer,
} from '../core/server/index.js';
import { complexityPlugin } from './complexity-plugin.js';
import type { GatewayContext } from './context.js';
import { AuthenticatedDataSource } from './datasource.js';
import { admitAddress, createEdgeAdmission, requestIds } from './edge/index.js';
import { requireToken, type AuthLocals } from './http-auth.js';
import { limitRules, parseOptions } from './limits.js';
import { securityHeaders } from './security-headers.js';
import { createSubgraphFetch, type SubgraphFetch } from './subgraph-fetch.js';
import { createSubscriptionPlanner } from './subscriptions/planner.js';
import { attachSubscriptionProxy, type OperationRequest } from './subscriptions/proxy.js';
import { loadSupergraphSdl } from './supergraph.js';

/**
 * The gateway: authenticates, limits, plans queries over the supergraph with
 * `@apollo/gateway`, relays subscriptions over its own graphql-ws endpoint, masks errors.
 * Subgraph URLs, port and limits come from the configuration; the supergraph is the committed
 * schema/supergraph.graphql.
 */
export async function startGateway(runtime: ServiceRuntime): Promise<RunningServer> {
  const { config, logger, lifecycle, registry, verifier } = runtime;
  const { limits, production } = config;
  const edge = createEdgeAdmission({
    edge: config.edge,
    redis: runtime.redis,
    keyPrefix: runtime.keyPrefix,
    logger,
    registry,
  });
  const supergraphSdl = loadSupergraphSdl();
  const subgraphUrls: Record<string, string> = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, config.subgraphs[name].url]),
  );

  const fetchers = new Map<string, SubgraphFetch>();
  // Registered before the servers, so the pools close after the HTTP and WebSocket drain.
  lifecycle.defer('subgraph connection pools', async () => {
    await Promise.all([...fetchers.values()].map((f) => f.close()));
  });
  const fetcherFor = (name: string) => {
    let f = fetchers.get(name);
    if (!f) {
      f = createSubgraphFetch({ subgraph: name, timeoutMs: limits.subgraphTimeoutMs, registry, logger });
      fetchers.set(name, f);
    }
    return f;
  };

  applyLibraryEnvironment(config);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new AuthenticatedDataSource(subgraphUrls[name] ?? url ?? '', fetcherFor(name)),
    logger,
  });
  const planner = createSubscriptionPlanner(supergraphSdl);

  /** Queries and mutations sent over the WebSocket: the same Apollo pipeline as HTTP, in-process. */
  const inProcess =
    (apollo: ApolloServer<GatewayContext>) =>
    async (request: OperationRequest, contextValue: GatewayContext): Promise<FormattedExecutionResult> => {
      const response = await apollo.executeOperation(request, { contextValue });
      if (response.body.kind === 'single') return response.body.singleResult;
      return {
        errors: [
          {
            message: 'Incremental delivery is not supported',
            extensions: { code: ErrorCode.BAD_USER_INPUT },
          },
        ],
      };
    };

  return startGraphqlHttpServer<GatewayContext>({
    name: 'gateway',
    host: config.host,
    port: config.gateway.port,
    production,
    logger,
    registry,
    lifecycle,
    executor: { gateway },
    validationRules: limitRules(limits),
    parseOptions: parseOptions(limits),
    plugins: [
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
      complexityPlugin(limits),
    ],
    webSocket: (httpServer, apollo) =>
      attachSubscriptionProxy({
        httpServer,
        path: '/graphql',
        planner,
        subgraphUrls,
        verifier,
        limits,
        logger,
        registry,
        formatError: errorFormatter({ production, logger }),
        fetchSubgraph: (service, init) => fetcherFor(service)(subgraphUrls[service] ?? '', init),
        executeOperation: inProcess(apollo),
        clientIp: edge.clientIp,
        admission: edge,
      }),
    readiness: () =>
      SUBGRAPH_NAMES.map((name) => ({
        name: `subgraph:${name}`,
        kind: 'SUBGRAPH',
        check: async () => {
          const response = await fetch(probeUrl(subgraphUrls[name]!, 'healthz'), {
            signal: AbortSignal.timeout(2000),
          });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
        },
      })),
    // Which hops may set X-Forwarded-For (GATEWAY_TRUST_PROXY); the WebSocket side uses the same rule.
    trustProxy: edge.trustProxy,
    middleware: [requestIds(logger), securityHeaders({ sandbox: !production })],
    guards: [
      cors<cors.CorsRequest>({ origin: [...config.corsOrigins], credentials: false, maxAge: 600 }),
      admitAddress(edge.ip),
      requireToken(verifier, {
        sandboxPage: !production,
        onIdentity: (identity, req) => edge.http(identity, req.ip ?? 'unknown'),
      }),
    ],
    bodyLimit: limits.maxBodyBytes,
    context: async ({ req, res }) => {
      const identity = (res.locals as AuthLocals).identity;
      // Only the development Sandbox page passes requireToken without a token, and Apollo
      // answers it before building a context; anything else here is refused, never crashed on.
      if (!identity) throw unauthenticated();
      const requestId = normaliseRequestId(req.headers['x-request-id'] as string | undefined);
      return {
        identity,
        requestId,
        ip: req.ip ?? 'unknown',
        logger: logger.child({ requestId, sub: identity.sub }),
      };
    },
  });
}

/** UNAUTHENTICATED with HTTP 401 (Apollo answers context failures with 500 unless told). */
const unauthenticated = () =>
  new ResyncError(ErrorCode.UNAUTHENTICATED, 'Authentication required: send a valid bearer token', {
    extensions: { http: { status: 401 } },
  });
