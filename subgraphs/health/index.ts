import { buildSubgraphSchema } from '@apollo/subgraph';
import type { Driver } from 'neo4j-driver';
import { SUBGRAPH_NAMES } from '../../core/config/index.js';
import { loadSdl } from '../../core/graphql/index.js';
import { createNeo4jDriver } from '../../core/neo4j/index.js';
import type { ServiceRuntime } from '../../core/runtime.js';
import { startSubgraphServer, type RunningServer } from '../../core/server/index.js';
import { auditCheck } from './audit-check.js';
import { neo4jCheck, redisCheck, subgraphCheck, type ComponentCheck } from './checks.js';
import { createHealthMonitor } from './monitor.js';
import { permissions } from './permissions.js';
import { createResolvers } from './resolvers.js';

export interface HealthSubgraphOptions {
  /** Where to listen; 0 picks a free port. @default config.subgraphs.health.port */
  port?: number;
  /** How Neo4j is provided, shown in health. @default 'external' */
  neo4jMode?: string;
}

/** Starts the health subgraph: component checks, `health`, `healthChanged`. */
export async function startHealthSubgraph(
  runtime: ServiceRuntime,
  options: HealthSubgraphOptions = {},
): Promise<RunningServer> {
  const { config, logger, lifecycle } = runtime;
  // Generous enough for a first Bolt handshake; a check never overlaps itself (single flight).
  const timeoutMs = Math.min(5000, Math.max(2000, config.healthCheckIntervalMs));

  let driver: Driver | undefined;
  if (config.neo4j.uri) {
    driver = createNeo4jDriver(config.neo4j, config.neo4j.uri);
    const d = driver;
    lifecycle.defer('health neo4j driver', () => d.close());
  }

  const checks: ComponentCheck[] = [
    redisCheck(runtime.redis, timeoutMs),
    neo4jCheck(driver, options.neo4jMode ?? 'external', timeoutMs, config.neo4j.database),
    ...SUBGRAPH_NAMES.filter((name) => name !== 'health').map((name) =>
      subgraphCheck(name, config.subgraphs[name].url, timeoutMs),
    ),
    async () => [{ name: 'subgraph:health', kind: 'SUBGRAPH', status: 'UP', checkedAt: new Date() }],
    auditCheck(runtime.audit, timeoutMs),
  ];
  const monitor = createHealthMonitor({ checks, intervalMs: config.healthCheckIntervalMs, logger });
  lifecycle.defer('health monitor', () => monitor.stop());

  const schema = buildSubgraphSchema({
    typeDefs: loadSdl(new URL('./schema.graphql', import.meta.url)),
    resolvers: createResolvers(monitor, runtime.audit) as never,
  });

  const server = await startSubgraphServer({
    name: 'health',
    schema,
    permissions,
    host: config.host,
    port: options.port ?? config.subgraphs.health.port,
    verifier: runtime.verifier,
    audit: runtime.audit,
    logger,
    registry: runtime.registry,
    lifecycle,
    production: config.production,
  });
  monitor.start();
  return server;
}
