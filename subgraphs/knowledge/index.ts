import type { Driver } from 'neo4j-driver';
import { createNeo4jDriver, pingNeo4j } from '../../core/neo4j/index.js';
import type { ServiceRuntime } from '../../core/runtime.js';
import { startSubgraphServer, type RunningServer } from '../../core/server/index.js';
import { UpstreamUnavailableError } from '../../core/errors/index.js';
import { permissions } from './permissions.js';
import { buildKnowledgeSchema } from './schema.js';
import { translateErrors } from './translate-errors.js';

export interface KnowledgeSubgraphOptions {
  /** @default config.subgraphs.knowledge.port */
  port?: number;
}

/** Starts the knowledge subgraph. Without Neo4j it still serves, answering UPSTREAM_UNAVAILABLE. */
export async function startKnowledgeSubgraph(runtime: ServiceRuntime, options: KnowledgeSubgraphOptions = {}): Promise<RunningServer> {
  const { config, logger, lifecycle } = runtime;
  let driver: Driver | undefined;
  if (config.neo4j.uri) {
    driver = createNeo4jDriver(config.neo4j, config.neo4j.uri);
    const d = driver;
    lifecycle.defer('knowledge neo4j driver', () => d.close());
  }
  const { schema } = await buildKnowledgeSchema(driver);
  return startSubgraphServer({
    name: 'knowledge',
    schema: translateErrors(schema),
    permissions,
    host: config.host,
    port: options.port ?? config.subgraphs.knowledge.port,
    verifier: runtime.verifier,
    logger,
    registry: runtime.registry,
    lifecycle,
    production: config.production,
    extendContext: (base) => {
      if (!driver) return { ...base, notConfigured: new UpstreamUnavailableError('neo4j', 'Neo4j is not configured') };
      return { ...base, executionContext: driver, ...(config.neo4j.database ? { sessionConfig: { database: config.neo4j.database } } : {}) };
    },
    readiness: () => [
      {
        name: 'neo4j',
        kind: 'DATABASE',
        check: async () => {
          if (!driver) throw new Error('Neo4j is not configured');
          await pingNeo4j(driver, config.neo4j.database);
        },
      },
    ],
  });
}
