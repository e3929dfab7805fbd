// A knowledge graph under test: the real sync, store and served schema against the run's shared
// Neo4j (in its own namespace) and an in-process HWA simulator, without the HTTP servers.
import { graphql, type GraphQLSchema } from 'graphql';
import neo4j, { type Driver } from 'neo4j-driver';
import { shutdownBreakers } from '../../../core/breaker.js';
import { createHwaClient, type HwaClient } from '../../../core/hwa/index.js';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../simulator/index.js';
import type { KnowledgeContext } from '../../../subgraphs/knowledge/context.js';
import { createLoaders } from '../../../subgraphs/knowledge/loaders.js';
import type { GraphSnapshot } from '../../../subgraphs/knowledge/model/types.js';
import { buildKnowledgeSchema } from '../../../subgraphs/knowledge/schema.js';
import { createGraphDb, type GraphDb } from '../../../subgraphs/knowledge/store/graph-db.js';
import { graphSchemaOnce } from '../../../subgraphs/knowledge/store/setup.js';
import { loadPlanSnapshot } from '../../../subgraphs/knowledge/sync/source.js';
import { createKnowledgeSyncer, type KnowledgeSyncer } from '../../../subgraphs/knowledge/sync/syncer.js';
import { translateErrors } from '../../../subgraphs/knowledge/translate-errors.js';
import { type Disposer, testNeo4jUri, uniquePrefix } from '../../harness/services.js';

export const LIMITS = { maxDepth: 20, maxResults: 500 };

export interface GraphUnderTest {
  graph: string;
  driver: Driver;
  db: GraphDb;
  syncer: KnowledgeSyncer;
  schema: GraphQLSchema;
  sim: RunningSimulator | undefined;
  hwa: HwaClient | undefined;
  /** How many Neo4j queries named `name` ran so far (resync_neo4j_query_duration_seconds). */
  queries(name: string): Promise<number>;
  /** Runs an operation against the served schema; throws on errors unless `allowErrors`. */
  run<T = Record<string, unknown>>(
    source: string,
    variables?: Record<string, unknown>,
  ): Promise<{
    data?: T | null;
    errors?: ReadonlyArray<{
      message: string;
      path?: ReadonlyArray<string | number>;
      extensions: Record<string, unknown>;
    }>;
  }>;
}

export interface GraphOptions {
  /** Feed the syncer this snapshot instead of reading the simulator. */
  load?: () => GraphSnapshot;
  simulator?: SimulatorOptions;
  /** Another Neo4j (e.g. a closed port, for outage tests). @default the run's shared Neo4j */
  neo4jUri?: string;
}

/** Deletes one namespace (small test graphs: one transaction is enough). */
export async function dropGraph(driver: Driver, graph: string): Promise<void> {
  await driver.executeQuery('MATCH (n) WHERE n.graph = $graph DETACH DELETE n', { graph });
}

export async function graphUnderTest(
  disposer: Disposer,
  options: GraphOptions = {},
): Promise<GraphUnderTest> {
  const graph = uniquePrefix('kg');
  const registry = createMetricsRegistry('knowledge-test', { defaults: false });
  const logger = silentLogger();
  const driver = disposer.add(
    neo4j.driver(options.neo4jUri ?? testNeo4jUri(), undefined, {
      disableLosslessIntegers: true,
      // An outage test must fail fast, not retry for the driver's default 30 s.
      maxTransactionRetryTime: 500,
      connectionTimeout: 1_000,
      logging: { level: 'error', logger: () => undefined },
    }),
    (d) => d.close(),
  );
  if (!options.neo4jUri) disposer.defer(() => dropGraph(driver, graph));
  const db = disposer.add(
    createGraphDb({ driver, graph, queryTimeoutMs: options.neo4jUri ? 2_000 : 20_000, registry, logger }),
    () => shutdownBreakers(registry),
  );
  let sim: RunningSimulator | undefined;
  let hwa: HwaClient | undefined;
  if (!options.load) {
    sim = disposer.add(
      await startSimulator({ port: 0, clock: { mode: 'manual' }, ...options.simulator }),
      (s) => s.stop(),
    );
    hwa = disposer.add(
      createHwaClient({
        url: sim.url,
        credentials: { kind: 'basic', username: 'resync', password: 'resync' },
        timeoutMs: 20_000,
        simulated: true,
        registry,
        logger,
        name: 'hwa-sync',
      }),
      (c) => c.close(),
    );
  }
  const client = hwa;
  const syncer = createKnowledgeSyncer({
    db,
    load: async (signal) =>
      options.load ? options.load() : loadPlanSnapshot(client!, { pageSize: 20, signal }),
    ensureSchema: graphSchemaOnce(db),
    syncOnStart: 'never',
    intervalMs: 0,
    batchSize: 10,
    timeoutMs: 60_000,
    lockWaitMs: 10_000,
    logger,
    registry,
  });
  disposer.defer(() => syncer.stop());
  const schema = translateErrors((await buildKnowledgeSchema(driver)).schema);
  const context = (): KnowledgeContext => ({
    identity: { sub: 'test', roles: ['admin'], token: 'not-used', expiresAt: undefined },
    requestId: 'test',
    logger,
    knowledge: { db, loaders: createLoaders(db), syncer, limits: LIMITS },
  });
  return {
    graph,
    driver,
    db,
    syncer,
    schema,
    sim,
    hwa,
    async queries(name) {
      const metric = await registry.getSingleMetric('resync_neo4j_query_duration_seconds')?.get();
      const values = (metric?.values ?? []) as Array<{
        metricName?: string;
        labels: Record<string, unknown>;
        value: number;
      }>;
      return values
        .filter(
          (v) => v.metricName === 'resync_neo4j_query_duration_seconds_count' && v.labels['query'] === name,
        )
        .reduce((sum, v) => sum + v.value, 0);
    },
    async run(source, variables) {
      const result = await graphql({
        schema,
        source,
        contextValue: context(),
        ...(variables ? { variableValues: variables } : {}),
      });
      return result as never;
    },
  };
}

/** `_entities` for jobs, the way the gateway asks the knowledge subgraph. */
export const jobsQuery = (selection: string) =>
  `query ($ids: [_Any!]!) { _entities(representations: $ids) { ... on Job { id ${selection} } } }`;

export const refs = (ids: readonly string[]) => ({ ids: ids.map((id) => ({ __typename: 'Job', id })) });
