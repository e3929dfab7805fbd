import neo4j, { type Driver } from 'neo4j-driver';
import type { Registry } from 'prom-client';
import { createBreaker, type CircuitBreaker } from '../../../core/breaker.js';
import type { Logger } from '../../../core/logger.js';
import { histogram } from '../../../core/metrics.js';
import { isNeo4jOutage, translateNeo4jError } from '../../../core/neo4j/index.js';

export type Row = Record<string, unknown>;

export interface QueryOptions {
  /** @default the store's queryTimeoutMs */
  timeoutMs?: number;
}

/** Every Cypher call of the knowledge subgraph goes through this one boundary. */
export interface GraphDb {
  /** The graph namespace: every query gets it as `$graph`. */
  readonly graph: string;
  read(name: string, cypher: string, params?: Row, options?: QueryOptions): Promise<Row[]>;
  write(name: string, cypher: string, params?: Row, options?: QueryOptions): Promise<Row[]>;
  /** A read whose rows are handed to `onRow` one by one (big reads: nothing is buffered). */
  readEach(
    name: string,
    cypher: string,
    params: Row,
    onRow: (row: Row) => void,
    options?: QueryOptions,
  ): Promise<void>;
}

export interface GraphDbOptions {
  driver: Driver;
  /** KNOWLEDGE_GRAPH */
  graph: string;
  /** NEO4J_DATABASE; the server default when unset. */
  database?: string | undefined;
  /** Deadline of one query (server-side transaction timeout; the client gives up 1 s later). */
  queryTimeoutMs: number;
  registry: Registry;
  logger: Logger;
}

export function createGraphDb({
  driver,
  graph,
  database,
  queryTimeoutMs,
  registry,
  logger,
}: GraphDbOptions): GraphDb {
  const duration = histogram(registry, {
    name: 'resync_neo4j_query_duration_seconds',
    help: 'Neo4j query latency by query name and outcome',
    labelNames: ['query', 'outcome'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  const run = async (
    mode: 'READ' | 'WRITE',
    cypher: string,
    params: Row,
    timeoutMs: number,
    onRow?: (row: Row) => void,
  ): Promise<Row[]> => {
    // Rows are mapped as they arrive, so a streamed read never holds the driver's records.
    const rows: Row[] = [];
    const keep = onRow ?? ((row: Row) => void rows.push(row));
    await driver.executeQuery(cypher, params, {
      routing: mode,
      ...(database ? { database } : {}),
      transactionConfig: { timeout: timeoutMs },
      signal: AbortSignal.timeout(timeoutMs + 1_000),
      resultTransformer: neo4j.resultTransformers.mappedResultTransformer({
        map: (record) => {
          keep(record.toObject() as Row);
          return undefined;
        },
      }),
    });
    return rows;
  };
  const breaker: CircuitBreaker<Parameters<typeof run>, Row[]> = createBreaker(run, {
    name: 'neo4j-knowledge',
    registry,
    logger,
    isFailure: isNeo4jOutage,
  });
  const call = async (
    mode: 'READ' | 'WRITE',
    name: string,
    cypher: string,
    params: Row = {},
    options: QueryOptions = {},
    onRow?: (row: Row) => void,
  ) => {
    const timeoutMs = options.timeoutMs ?? queryTimeoutMs;
    const end = duration.startTimer({ query: name });
    try {
      const rows = await breaker.fire(mode, cypher, { ...params, graph }, timeoutMs, onRow);
      end({ outcome: 'ok' });
      return rows;
    } catch (error) {
      end({ outcome: 'error' });
      throw translateNeo4jError(error, { timeoutMs });
    }
  };
  return {
    graph,
    read: (name, cypher, params, options) => call('READ', name, cypher, params, options),
    write: (name, cypher, params, options) => call('WRITE', name, cypher, params, options),
    async readEach(name, cypher, params, onRow, options) {
      await call('READ', name, cypher, params, options, onRow);
    },
  };
}
