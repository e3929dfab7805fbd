import neo4j, { type Driver } from 'neo4j-driver';
import type { Config } from '../config/index.js';
import {
  UpstreamUnavailableError,
  BadUserInputError,
  InternalError,
  type ResyncError,
} from '../errors/index.js';

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

/**
 * Translates driver errors to our codes (ENGINEERING habit 8): connectivity problems are
 * UPSTREAM_UNAVAILABLE, client/syntax errors BAD_USER_INPUT, the rest INTERNAL. The cause is kept.
 */
export function translateNeo4jError(error: unknown): ResyncError {
  const code = (error as { code?: unknown }).code;
  const text = typeof code === 'string' ? code : '';
  if (
    text === 'ServiceUnavailable' ||
    text === 'SessionExpired' ||
    text.startsWith('Neo.TransientError') ||
    text === 'Neo.ClientError.Security.AuthenticationRateLimit' ||
    /ECONNREFUSED|ETIMEDOUT|connection.*(closed|timed out)|Could not perform discovery/i.test(
      String((error as Error).message),
    )
  ) {
    return new UpstreamUnavailableError('neo4j', 'The knowledge graph (Neo4j) is unavailable', {
      cause: error,
    });
  }
  if (text.startsWith('Neo.ClientError.Statement') || text.startsWith('Neo.ClientError.Schema')) {
    return new BadUserInputError('The graph query was rejected');
  }
  return new InternalError('Knowledge graph error', { cause: error });
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
