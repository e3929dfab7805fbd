import neo4j, { type Driver } from 'neo4j-driver';
import type { Registry } from 'prom-client';
import {
  breakerState,
  createBreaker,
  isBreakerOpenError,
  type CircuitBreaker,
} from '../../../core/breaker.js';
import {
  ErrorCode,
  InternalError,
  UpstreamUnavailableError,
  type ResyncError,
} from '../../../core/errors/index.js';
import type { Logger } from '../../../core/logger.js';
import { histogram } from '../../../core/metrics.js';
import { translateNeo4jError } from '../../../core/neo4j/index.js';

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
  breakerState(): 'closed' | 'open' | 'halfOpen';
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

const TIMEOUT_CODES = new Set([
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
]);

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function isTimeout(error: unknown): boolean {
  return (
    TIMEOUT_CODES.has(codeOf(error)) ||
    (error as Error | null)?.name === 'AbortError' ||
    (error as Error | null)?.name === 'TimeoutError'
  );
}

/** Errors that say Neo4j is unwell (they count against the breaker); our own mistakes do not. */
export function isNeo4jOutage(error: unknown): boolean {
  if (isTimeout(error)) return true;
  const code = codeOf(error);
  if (code === 'ServiceUnavailable' || code === 'SessionExpired' || code.startsWith('Neo.TransientError'))
    return true;
  if (code.startsWith('Neo.ClientError') || code.startsWith('Neo.DatabaseError')) return false;
  return /ECONNREFUSED|ECONNRESET|connection.*(closed|timed out)|Could not perform discovery/i.test(
    String((error as Error | null)?.message),
  );
}

/** Neo4j failures in our codes, cause kept (ENGINEERING habit 8). */
export function translateGraphError(error: unknown, timeoutMs: number): ResyncError {
  if (isBreakerOpenError(error)) {
    return new UpstreamUnavailableError(
      'neo4j',
      'The knowledge graph (Neo4j) is unavailable (circuit open)',
      { cause: error },
    );
  }
  if (isTimeout(error)) {
    return new UpstreamUnavailableError(
      'neo4j',
      `The knowledge graph (Neo4j) did not answer within ${timeoutMs} ms`,
      { cause: error },
    );
  }
  const translated = translateNeo4jError(error);
  // Our statements are fixed text with validated parameters: a rejected one is our bug, not the caller's.
  return translated.code === ErrorCode.BAD_USER_INPUT
    ? new InternalError('Knowledge graph query failed', { cause: error })
    : translated;
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
      throw translateGraphError(error, timeoutMs);
    }
  };
  return {
    graph,
    read: (name, cypher, params, options) => call('READ', name, cypher, params, options),
    write: (name, cypher, params, options) => call('WRITE', name, cypher, params, options),
    async readEach(name, cypher, params, onRow, options) {
      await call('READ', name, cypher, params, options, onRow);
    },
    breakerState: () => breakerState(breaker as unknown as CircuitBreaker),
  };
}
