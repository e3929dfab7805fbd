import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApolloServer,
  type ApolloServerOptions,
  type ApolloServerPlugin,
  type BaseContext as ApolloBaseContext,
} from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware, type ExpressContextFunctionArgument } from '@as-integrations/express5';
import express, { type RequestHandler } from 'express';
import type { GraphQLFormattedError, GraphQLSchema, ParseOptions, ValidationRule } from 'graphql';
import type { Registry } from 'prom-client';
import { maskError } from '../errors/index.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import { graphqlHttpErrorHandler } from './http-errors.js';
import { metricsPlugin } from './metrics-plugin.js';
import { createProbeRouter, type ReadinessCheck } from './probes.js';
import { loopbackHost } from './urls.js';

export interface RunningServer {
  name: string;
  port: number;
  /** http://host:port/graphql */
  url: string;
  /** ws://host:port/graphql */
  wsUrl: string;
  httpServer: HttpServer;
}

/** The graphql-ws endpoint sharing the HTTP server; drained with it. */
export interface WebSocketEndpoint {
  dispose(): Promise<void>;
}

type Gateway<C extends ApolloBaseContext> = Extract<ApolloServerOptions<C>, { gateway: unknown }>['gateway'];

export interface GraphqlHttpServerOptions<C extends ApolloBaseContext> {
  /** Service name in logs, the lifecycle and RunningServer. */
  name: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  production: boolean;
  logger: Logger;
  registry: Registry;
  lifecycle: Lifecycle;
  /** What Apollo executes: a subgraph's schema, or the gateway's query planner. */
  executor: { schema: GraphQLSchema } | { gateway: Gateway<C> };
  validationRules?: ValidationRule[];
  parseOptions?: ParseOptions;
  /** This server's own Apollo plugins (landing page, audit, complexity...), after the shared ones. */
  plugins: ApolloServerPlugin<C>[];
  /** Attaches graphql-ws to the HTTP server; it may run operations through Apollo in-process. */
  webSocket: (httpServer: HttpServer, apollo: ApolloServer<C>) => WebSocketEndpoint;
  /** Dependency checks behind /readyz. */
  readiness: () => readonly ReadinessCheck[];
  /** Express `trust proxy`: which peers may set X-Forwarded-For. @default none */
  trustProxy?: (address: string) => boolean;
  /** App-wide middleware, before the probes (request ids, security headers). */
  middleware?: RequestHandler[];
  /** /graphql middleware before the body is parsed (CORS, admission, token check). */
  guards?: RequestHandler[];
  bodyLimit: string | number;
  context: (args: ExpressContextFunctionArgument) => Promise<C>;
}

/**
 * Apollo's `formatError` for every server, and the same for graphql-ws results: coded errors pass,
 * anything else becomes INTERNAL and is logged with its cause.
 */
export function errorFormatter({ production, logger }: { production: boolean; logger: Logger }) {
  return (formatted: GraphQLFormattedError, original?: unknown): GraphQLFormattedError =>
    maskError(formatted, original ?? formatted, {
      includeStack: !production,
      onMasked: (f, error) => logger.error({ err: error, path: f.path }, 'unexpected error (masked)'),
    });
}

/**
 * The HTTP side every GraphQL service shares (gateway and subgraphs): Express + Apollo on
 * `/graphql` with masking, metrics and graceful drain (HTTP and graphql-ws), the probes, the
 * GraphQL-shaped body errors, and a listen that respects a lifecycle stopped meanwhile.
 */
export async function startGraphqlHttpServer<C extends ApolloBaseContext>(
  options: GraphqlHttpServerOptions<C>,
): Promise<RunningServer> {
  const { name, host, port, production, logger, registry, lifecycle } = options;
  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy) app.set('trust proxy', options.trustProxy);
  const httpServer = createServer(app);

  const apollo = new ApolloServer<C>({
    ...options.executor,
    introspection: !production,
    csrfPrevention: true,
    // Shutdown is ours (Lifecycle + stopOnSignals); Apollo's own signal handler would race it.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: !production,
    ...(options.validationRules ? { validationRules: options.validationRules } : {}),
    ...(options.parseOptions ? { parseOptions: options.parseOptions } : {}),
    formatError: errorFormatter({ production, logger }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Nothing here emits cache hints (caching is core/cache's); the per-field plugin only costs CPU.
      ApolloServerPluginCacheControlDisabled(),
      metricsPlugin<C>(registry),
      ...options.plugins,
    ],
    logger,
  } as ApolloServerOptions<C>);
  // Attached once Apollo exists (the gateway's endpoint runs queries through it); drained with HTTP.
  const webSocket = options.webSocket(httpServer, apollo);
  apollo.addPlugin({
    async serverWillStart() {
      return { drainServer: () => webSocket.dispose() };
    },
  });
  await apollo.start();
  lifecycle.defer(`${name} graphql server`, () => apollo.stop());

  for (const handler of options.middleware ?? []) app.use(handler);
  app.use(createProbeRouter({ registry, readiness: options.readiness }));
  app.use(
    '/graphql',
    ...(options.guards ?? []),
    express.json({ limit: options.bodyLimit }),
    expressMiddleware(apollo, { context: options.context }),
  );
  app.use(graphqlHttpErrorHandler(logger));

  await listen(httpServer, port, host, lifecycle, name);
  const bound = (httpServer.address() as AddressInfo).port;
  const url = `http://${loopbackHost(host)}:${bound}/graphql`;
  logger.info({ port: bound }, `${name} listening`);
  return { name, port: bound, url, wsUrl: url.replace(/^http/, 'ws'), httpServer };
}

/**
 * Listens unless the lifecycle stopped while the server was starting (a sibling service failed):
 * Apollo's closer has then already run, so a server listening now would never be closed.
 */
async function listen(
  httpServer: HttpServer,
  port: number,
  host: string,
  lifecycle: Lifecycle,
  name: string,
): Promise<void> {
  const stoppedWhileStarting = () => new Error(`${name} was stopped while starting`);
  if (lifecycle.phase !== 'running') throw stoppedWhileStarting();
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  if (lifecycle.phase !== 'running') {
    await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    throw stoppedWhileStarting();
  }
}
