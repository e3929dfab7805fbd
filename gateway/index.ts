import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import type { ExecutionResult } from 'graphql';
import { SUBGRAPH_NAMES, applyLibraryEnvironment, type SubgraphName } from '../core/config/index.js';
import { maskError } from '../core/errors/index.js';
import type { ServiceRuntime } from '../core/runtime.js';
import {
  createProbeRouter,
  graphqlHttpErrorHandler,
  metricsPlugin,
  normaliseRequestId,
  type RunningServer,
} from '../core/server/index.js';
import { complexityPlugin } from './complexity-plugin.js';
import { admitAddress, createEdgeAdmission, requestIds } from './edge/index.js';
import type { GatewayContext } from './context.js';
import { AuthenticatedDataSource } from './datasource.js';
import { requireToken, type AuthLocals } from './http-auth.js';
import { limitRules, parseOptions } from './limits.js';
import { securityHeaders } from './security-headers.js';
import { createSubgraphFetch, type SubgraphFetch } from './subgraph-fetch.js';
import { createSubscriptionPlanner } from './subscriptions/planner.js';
import { attachSubscriptionProxy, type SubscriptionProxyOptions } from './subscriptions/proxy.js';
import { loadSupergraphSdl } from './supergraph.js';

export interface GatewayOptions {
  /** @default config.gateway.port */
  port?: number;
  /** Subgraph URLs by name. @default config.subgraphs.*.url */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  /** @default schema/supergraph.graphql */
  supergraphSdl?: string;
  /**
   * Rate limits and other admission checks (HTTP and WebSocket alike).
   * @default the edge protection configured by RATE_LIMIT_* (gateway/edge)
   */
  admission?: SubscriptionProxyOptions['admission'] & {
    /** Every HTTP request, before its token is verified. */
    ip?: (ip: string) => Promise<void>;
    http?: (identity: GatewayContext['identity'], ip: string) => Promise<void>;
  };
}

/**
 * The gateway: authenticates, limits, plans queries over the supergraph with
 * `@apollo/gateway`, relays subscriptions over its own graphql-ws endpoint, masks errors.
 */
export async function startGateway(
  runtime: ServiceRuntime,
  options: GatewayOptions = {},
): Promise<RunningServer> {
  const { config, logger, lifecycle, registry, verifier } = runtime;
  const { limits, production } = config;
  const edge = createEdgeAdmission({
    edge: config.edge,
    redis: runtime.redis,
    keyPrefix: runtime.keyPrefix,
    logger,
    registry,
  });
  const admission = options.admission ?? edge;
  const supergraphSdl = options.supergraphSdl ?? loadSupergraphSdl();
  const subgraphUrls: Record<string, string> = {};
  for (const name of SUBGRAPH_NAMES)
    subgraphUrls[name] = options.subgraphUrls?.[name] ?? config.subgraphs[name].url;

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

  const app = express();
  app.disable('x-powered-by');
  // Which hops may set X-Forwarded-For (GATEWAY_TRUST_PROXY); the WebSocket side uses the same rule.
  app.set('trust proxy', (address: string) => edge.trustProxy(address));
  const httpServer = createServer(app);
  let selfUrl = '';

  const planner = createSubscriptionPlanner(supergraphSdl);
  const ws = attachSubscriptionProxy({
    httpServer,
    path: '/graphql',
    planner,
    subgraphUrls,
    verifier,
    limits,
    logger,
    registry,
    production,
    fetchSubgraph: (service, init) => fetcherFor(service)(subgraphUrls[service] ?? '', init),
    clientIp: edge.clientIp,
    executeOverHttp: async (body, authorization, requestId, ip) => {
      const response = await fetch(selfUrl, {
        method: 'POST',
        // Through loopback (a trusted proxy), so the client's address keeps its own budget.
        headers: {
          'content-type': 'application/json',
          authorization,
          'x-request-id': requestId,
          'x-forwarded-for': ip,
        },
        body: JSON.stringify(body),
      });
      return (await response.json()) as ExecutionResult;
    },
    admission,
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    csrfPrevention: true,
    // Shutdown is ours (Lifecycle + stopOnSignals); Apollo's own signal handler would race it.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: !production,
    validationRules: limitRules(limits),
    parseOptions: parseOptions(limits),
    formatError: (formatted, original) =>
      maskError(formatted, original, {
        includeStack: !production,
        onMasked: (f, error) => logger.error({ err: error, path: f.path }, 'unexpected error (masked)'),
      }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        async serverWillStart() {
          return { drainServer: () => ws.dispose() };
        },
      },
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
      // Subgraphs send no cache hints; the per-field plugin would only cost CPU.
      ApolloServerPluginCacheControlDisabled(),
      metricsPlugin<GatewayContext>(registry),
      complexityPlugin(limits),
    ],
    logger,
  });
  await apollo.start();
  lifecycle.defer('gateway', () => apollo.stop());

  app.use(requestIds(logger));
  app.use(securityHeaders({ sandbox: !production }));
  app.use(
    createProbeRouter({
      registry,
      readiness: () =>
        SUBGRAPH_NAMES.map((name) => ({
          name: `subgraph:${name}`,
          kind: 'SUBGRAPH',
          check: async () => {
            const response = await fetch(subgraphUrls[name]!.replace(/\/graphql\/?$/, '/healthz'), {
              signal: AbortSignal.timeout(2000),
            });
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
          },
        })),
    }),
  );
  app.use(
    '/graphql',
    cors<cors.CorsRequest>({ origin: [...config.corsOrigins], credentials: false, maxAge: 600 }),
    ...(admission.ip ? [admitAddress(admission.ip)] : []),
    requireToken(
      verifier,
      admission.http ? { onIdentity: (identity, req) => admission.http!(identity, req.ip ?? 'unknown') } : {},
    ),
    express.json({ limit: limits.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const identity = (res.locals as AuthLocals).identity!;
        const requestId = normaliseRequestId(req.headers['x-request-id'] as string | undefined);
        return {
          identity,
          requestId,
          ip: req.ip ?? 'unknown',
          logger: logger.child({ requestId, sub: identity.sub }),
        };
      },
    }),
  );
  app.use(graphqlHttpErrorHandler(logger));

  const port = options.port ?? config.gateway.port;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const bound = (httpServer.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  selfUrl = `http://${host}:${bound}/graphql`;
  logger.info({ port: bound }, 'gateway listening');
  return { name: 'gateway', port: bound, url: selfUrl, wsUrl: selfUrl.replace(/^http/, 'ws'), httpServer };
}
