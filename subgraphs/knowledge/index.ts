import type { Driver } from 'neo4j-driver';
import { UpstreamUnavailableError } from '../../core/errors/index.js';
import { createHwaClient, hwaClientOptionsFrom } from '../../core/hwa/index.js';
import { createNeo4jDriver, pingNeo4j } from '../../core/neo4j/index.js';
import type { ServiceRuntime } from '../../core/runtime.js';
import { startSubgraphServer, type ReadinessCheck, type RunningServer } from '../../core/server/index.js';
import type { KnowledgeContext } from './context.js';
import { createLoaders } from './loaders.js';
import { permissions } from './permissions.js';
import { buildKnowledgeSchema } from './schema.js';
import { createGraphDb, type GraphDb } from './store/graph-db.js';
import { graphSchemaOnce } from './store/setup.js';
import { loadPlanSnapshot } from './sync/source.js';
import { LOCK_TTL_MS, createKnowledgeSyncer, type KnowledgeSyncer } from './sync/syncer.js';
import { redisLeadership } from '../../core/redis/index.js';
import { randomUUID } from 'node:crypto';
import { translateErrors } from './translate-errors.js';

export interface KnowledgeSubgraphOptions {
  /** @default config.subgraphs.knowledge.port */
  port?: number;
}

interface Wired {
  driver: Driver;
  db: GraphDb;
  syncer: KnowledgeSyncer;
}

/** Neo4j, the graph store and the HWA sync, torn down in reverse order by the lifecycle. */
function wire(runtime: ServiceRuntime, uri: string): Wired {
  const { config, logger, lifecycle, registry } = runtime;
  const k = config.knowledge;
  const driver = createNeo4jDriver(config.neo4j, uri);
  lifecycle.defer('knowledge neo4j driver', () => driver.close());
  const db = createGraphDb({
    driver,
    graph: k.graph,
    database: config.neo4j.database,
    queryTimeoutMs: k.queryTimeoutMs,
    registry,
    logger,
  });
  // Its own HWA client (breaker and metrics `hwa-sync`): a sync walking a big plan must not
  // open the breaker that the tws subgraph's live reads depend on, and vice versa.
  const hwa = createHwaClient(hwaClientOptionsFrom(config.tws, { registry, logger, name: 'hwa-sync' }));
  lifecycle.defer('knowledge hwa client', () => hwa.close());
  const syncer = createKnowledgeSyncer({
    db,
    load: (signal) => loadPlanSnapshot(hwa, { pageSize: config.tws.pageSize, signal }),
    ensureSchema: graphSchemaOnce(db),
    syncOnStart: k.syncOnStart,
    intervalMs: k.syncIntervalMs,
    batchSize: k.syncBatchSize,
    timeoutMs: k.syncTimeoutMs,
    lockWaitMs: k.syncLockWaitMs,
    logger,
    registry,
    ...(runtime.redis
      ? {
          lock: redisLeadership(
            runtime.redis,
            `${runtime.keyPrefix}knowledge:sync:${k.graph}`,
            randomUUID(),
            LOCK_TTL_MS,
          ),
        }
      : {}),
  });
  lifecycle.defer('knowledge sync', () => syncer.stop());
  return { driver, db, syncer };
}

/** What health shows for the graph itself: when it was last synced, and whether syncing fails. */
function graphCheck(graph: string, syncer: KnowledgeSyncer): ReadinessCheck {
  return {
    name: 'knowledge-graph',
    kind: 'DATABASE',
    optional: true,
    check: async () => {
      const { running, last, lastError } = syncer.status();
      if (!last && lastError) throw new Error(`not synced: ${lastError}`);
      const state = last
        ? `synced ${last.finishedAt.toISOString()} in ${last.durationMs} ms`
        : running
          ? 'first sync running'
          : 'not synced yet (syncKnowledgeGraph)';
      return {
        mode: `namespace ${graph}`,
        detail: lastError ? `${state}; last sync failed: ${lastError}` : state,
        degraded: lastError !== undefined,
      };
    },
  };
}

/**
 * Starts the knowledge subgraph. Without Neo4j it still serves, answering UPSTREAM_UNAVAILABLE;
 * with it, the graph is loaded from HWA in the background on first run (KNOWLEDGE_SYNC_ON_START)
 * and re-synced incrementally every KNOWLEDGE_SYNC_INTERVAL_MS.
 */
export async function startKnowledgeSubgraph(
  runtime: ServiceRuntime,
  options: KnowledgeSubgraphOptions = {},
): Promise<RunningServer> {
  const { config, logger, lifecycle } = runtime;
  const wired = config.neo4j.uri ? wire(runtime, config.neo4j.uri) : undefined;
  const { schema } = await buildKnowledgeSchema(wired?.driver);
  const limits = { maxDepth: config.knowledge.maxDepth, maxResults: config.knowledge.maxResults };
  const server = await startSubgraphServer<KnowledgeContext>({
    name: 'knowledge',
    schema: translateErrors(schema),
    permissions,
    host: config.host,
    port: options.port ?? config.subgraphs.knowledge.port,
    verifier: runtime.verifier,
    audit: runtime.audit,
    logger,
    registry: runtime.registry,
    lifecycle,
    production: config.production,
    extendContext: (base): KnowledgeContext => {
      if (!wired)
        return { ...base, notConfigured: new UpstreamUnavailableError('neo4j', 'Neo4j is not configured') };
      return {
        ...base,
        knowledge: { db: wired.db, loaders: createLoaders(wired.db), syncer: wired.syncer, limits },
      };
    },
    readiness: () => [
      {
        name: 'neo4j',
        kind: 'DATABASE',
        check: async () => {
          if (!wired) throw new Error('Neo4j is not configured');
          await pingNeo4j(wired.driver, config.neo4j.database);
        },
      },
      ...(wired ? [graphCheck(config.knowledge.graph, wired.syncer)] : []),
    ],
  });
  wired?.syncer.start();
  return server;
}
