import type { ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Registry } from 'prom-client';
import type { AuditLog } from '../audit/index.js';
import type { TokenVerifier } from '../auth/index.js';
import { applyPermissions, type PermissionTable } from '../authz/index.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import { auditPlugin } from './audit-plugin.js';
import { createBaseContextFactory, headerValue, type BaseContext, type ContextInput } from './context.js';
import { errorFormatter, startGraphqlHttpServer, type RunningServer } from './http-server.js';
import type { ReadinessCheck } from './probes.js';
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
  /**
   * Adds per-operation fields (loaders, services) to the base context. `input.kind` says whether
   * the context serves one request or every event of a long-lived subscription.
   */
  extendContext?: (base: BaseContext, input: ContextInput) => C | Promise<C>;
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

/**
 * The one orchestrator behind every subgraph: HTTP (queries, mutations) and graphql-ws
 * (subscriptions) on `/graphql` with the same context builder and permission-checked schema,
 * plus the audit plugin; the rest is the shared HTTP server (core/server/http-server.ts).
 */
export async function startSubgraphServer<C extends BaseContext>(
  options: SubgraphServerOptions<C>,
): Promise<RunningServer> {
  const { name, logger, registry, production, audit } = options;
  const schema = applyPermissions(options.schema, options.permissions);
  const baseContext = createBaseContextFactory(options.verifier, logger);
  const buildContext = async (input: ContextInput): Promise<C> => {
    const base = await baseContext(input);
    return options.extendContext ? options.extendContext(base, input) : (base as C);
  };

  return startGraphqlHttpServer<C>({
    name,
    host: options.host,
    port: options.port,
    production,
    logger,
    registry,
    lifecycle: options.lifecycle,
    executor: { schema },
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ...(audit ? [auditPlugin<C>({ audit, service: name, logger })] : []),
      ...(options.plugins ?? []),
    ],
    webSocket: (httpServer) =>
      attachGraphqlWs({
        httpServer,
        path: '/graphql',
        schema,
        verify: options.verifier,
        buildContext,
        formatError: errorFormatter({ production, logger }),
        registry,
        service: name,
      }),
    readiness: options.readiness ?? (() => []),
    bodyLimit: options.bodyLimit ?? '2mb',
    context: ({ req }) =>
      buildContext({
        authorization: headerValue(req.headers, 'authorization'),
        requestId: headerValue(req.headers, 'x-request-id'),
        kind: 'request',
      }),
  });
}
