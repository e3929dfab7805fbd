import neo4j, { type Driver } from 'neo4j-driver';
import type { Config } from '../config/index.js';
import { isBreakerOpenError } from '../breaker.js';
import { InternalError, ResyncError, UpstreamUnavailableError } from '../errors/index.js';

/** Creates a driver with bounded timeouts so a dead Neo4j fails fast instead of hanging. */
export function createNeo4jDriver(config: Config['neo4j'], uri: string): Driver {
  const auth = config.password === undefined ? undefined : neo4j.auth.basic(config.user, config.password);
  return neo4j.driver(uri, auth, {
    connectionTimeout: Math.min(config.timeoutMs, 5000),
    connectionAcquisitionTimeout: config.timeoutMs,
    maxTransactionRetryTime: config.timeoutMs,
    disableLosslessIntegers: true,
    // The driver logs through console by default; keep it quiet (errors surface as exceptions).
    logging: { level: 'error', logger: () => undefined },
  });
}

const TIMEOUT_CODES = new Set([
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
]);

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** The server's transaction timeout, or the client's own deadline (an aborted signal). */
export function isNeo4jTimeout(error: unknown): boolean {
  const name = (error as Error | null)?.name;
  return TIMEOUT_CODES.has(codeOf(error)) || name === 'AbortError' || name === 'TimeoutError';
}

/**
 * Errors that say Neo4j is unwell or unreachable: they count against a breaker and are
 * UPSTREAM_UNAVAILABLE. Client and database errors about a statement are not.
 */
export function isNeo4jOutage(error: unknown): boolean {
  if (isNeo4jTimeout(error)) return true;
  const code = codeOf(error);
  if (
    code === 'ServiceUnavailable' ||
    code === 'SessionExpired' ||
    code.startsWith('Neo.TransientError') ||
    code === 'Neo.ClientError.Security.AuthenticationRateLimit'
  )
    return true;
  if (code.startsWith('Neo.ClientError') || code.startsWith('Neo.DatabaseError')) return false;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|connection.*(closed|timed out)|Could not perform discovery/i.test(
    String((error as Error | null)?.message),
  );
}

/**
 * Translates driver errors to our codes (ENGINEERING habit 8), the cause always kept: a breaker
 * that is open, a timeout and an outage are UPSTREAM_UNAVAILABLE; everything else is INTERNAL —
 * including statement and schema errors, because no client sends Cypher here: a rejected
 * statement is our bug, not bad input. `timeoutMs` names the deadline in the message.
 */
export function translateNeo4jError(error: unknown, { timeoutMs }: { timeoutMs?: number } = {}): ResyncError {
  if (error instanceof ResyncError) return error;
  if (isBreakerOpenError(error))
    return new UpstreamUnavailableError(
      'neo4j',
      'The knowledge graph (Neo4j) is unavailable (circuit open)',
      {
        cause: error,
      },
    );
  if (isNeo4jTimeout(error))
    return new UpstreamUnavailableError(
      'neo4j',
      timeoutMs === undefined
        ? 'The knowledge graph (Neo4j) did not answer in time'
        : `The knowledge graph (Neo4j) did not answer within ${timeoutMs} ms`,
      { cause: error },
    );
  if (isNeo4jOutage(error))
    return new UpstreamUnavailableError('neo4j', 'The knowledge graph (Neo4j) is unavailable', {
      cause: error,
    });
  return new InternalError('Knowledge graph query failed', { cause: error });
}

/** Round-trip check for health and readiness; returns latency in ms. */
export async function pingNeo4j(driver: Driver, database?: string): Promise<number> {
  const started = performance.now();
  const session = driver.session(database ? { database } : {});
  try {
    await session.run('RETURN 1');
  } finally {
    await session.close();
  }
  return performance.now() - started;
}
