import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Registry } from 'prom-client';
import type { AuditLog } from '../audit/index.js';
import type { TokenVerifier } from '../auth/index.js';
import { applyPermissions, type PermissionTable } from '../authz/index.js';
import { maskError } from '../errors/index.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import { auditPlugin } from './audit-plugin.js';
import { graphqlHttpErrorHandler } from './http-errors.js';
import { createBaseContextFactory, headerValue, type BaseContext } from './context.js';
import { metricsPlugin } from './metrics-plugin.js';
import { createProbeRouter, type ReadinessCheck } from './probes.js';
import { attachGraphqlWs } from './ws.js';

export interface SubgraphServerOptions<C extends BaseContext> {
  /** Service name used in logs, metrics and health. */
  name: string;
  /** The subgraph schema (from `buildSubgraphSchema` or `@neo4j/graphql`), before permissions. */
  schema: GraphQLSchema;
  permissions: PermissionTable;
  host: string;
  /** 0 picks a free port. */
  port: number;
  verifier: TokenVerifier;
  logger: Logger;
  registry: Registry;
  lifecycle: Lifecycle;
  production: boolean;
  /** Dependency checks behind /readyz. @default none */
  readiness?: () => readonly ReadinessCheck[];
  /** Adds per-request fields (loaders, services) to the base context. */
  extendContext?: (base: BaseContext) => C | Promise<C>;
  /** @default '2mb' */
  bodyLimit?: string;
  /** Extra Apollo plugins. @default none */
  plugins?: ApolloServerPlugin<C>[];
  /**
   * Where every mutation is audited (`runtime.audit`); `false` turns auditing off (tests of the
   * server itself). Required, so a server cannot silently run without its audit trail.
   */
  audit: AuditLog | false;
}

export interface RunningServer {
  name: string;
  port: number;
  /** http://host:port/graphql */
  url: string;
  /** ws://host:port/graphql */
  wsUrl: string;
  httpServer: HttpServer;
}

/**
 * The one orchestrator behind every subgraph: HTTP + graphql-ws on `/graphql` with the same
 * context and permission-checked schema, probes, metrics, masking and graceful drain.
 */
export async function startSubgraphServer<C extends BaseContext>(
  options: SubgraphServerOptions<C>,
): Promise<RunningServer> {
  const { name, host, port, logger, registry, lifecycle, production, bodyLimit = '2mb' } = options;
  const schema = applyPermissions(options.schema, options.permissions);
  const audit = options.audit === false ? undefined : options.audit;
  const baseContext = createBaseContextFactory(options.verifier, logger);
  const buildContext = async (input: Parameters<typeof baseContext>[0]): Promise<C> => {
    const base = await baseContext(input);
    return options.extendContext ? options.extendContext(base) : (base as C);
  };

  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  const ws = attachGraphqlWs({
    httpServer,
    path: '/graphql',
    schema,
    buildContext,
    logger,
    registry,
    service: name,
  });

  const apollo = new ApolloServer<C>({
    schema,
    introspection: !production,
    csrfPrevention: true,
    // Shutdown is ours (Lifecycle + stopOnSignals); Apollo's own signal handler would race it.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: !production,
    formatError: (formatted, original) =>
      maskError(formatted, original, {
        includeStack: !production,
        onMasked: (f, error) => logger.error({ err: error, path: f.path }, 'unexpected error (masked)'),
      }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      // Nothing here emits cache hints (caching is ours: core/cache); the per-field plugin only costs CPU.
      ApolloServerPluginCacheControlDisabled(),
      {
        async serverWillStart() {
          return { drainServer: () => ws.dispose() };
        },
      },
      metricsPlugin<C>(registry),
      ...(audit ? [auditPlugin<C>({ audit, service: name, logger })] : []),
      ...(options.plugins ?? []),
    ],
    logger,
  });
  await apollo.start();
  lifecycle.defer(`${name} graphql server`, () => apollo.stop());

  app.use(createProbeRouter({ registry, readiness: options.readiness ?? (() => []) }));
  app.use(
    '/graphql',
    express.json({ limit: bodyLimit }),
    expressMiddleware(apollo, {
      context: ({ req }) =>
        buildContext({
          authorization: headerValue(req.headers, 'authorization'),
          requestId: headerValue(req.headers, 'x-request-id'),
        }),
    }),
  );

  app.use(graphqlHttpErrorHandler(logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const bound = (httpServer.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  logger.info({ port: bound }, `${name} subgraph listening`);
  return {
    name,
    port: bound,
    url: `http://${shownHost}:${bound}/graphql`,
    wsUrl: `ws://${shownHost}:${bound}/graphql`,
    httpServer,
  };
}
