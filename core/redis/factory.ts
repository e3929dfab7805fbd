import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisTarget } from '../config/index.js';
import type { Logger } from '../logger.js';

export type RedisClient = Redis | Cluster;
type DeepReadonlyTarget = Readonly<RedisTarget>;

export interface RedisFactoryOptions {
  /** Connection name shown by CLIENT LIST, e.g. `tws-cache`. */
  name: string;
  logger: Logger;
  /**
   * Fail a command after this long instead of hanging when Redis is slow or gone; callers
   * degrade (cache miss, in-memory fallback) rather than wait. @default 2000
   */
  commandTimeoutMs?: number;
}

/**
 * Creates an ioredis client for a standalone server or a cluster. Reconnection backs off up
 * to 2 s forever: a Redis outage is reported by health and heals by itself without restarts.
 */
export function createRedisClient(target: DeepReadonlyTarget, { name, logger, commandTimeoutMs = 2000 }: RedisFactoryOptions): RedisClient {
  const common: RedisOptions = {
    connectionName: name,
    connectTimeout: 2000,
    ...(commandTimeoutMs > 0 ? { commandTimeout: commandTimeoutMs } : {}),
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
    lazyConnect: false,
  };
  let client: RedisClient;
  if (target.kind === 'standalone') {
    client = new Redis(target.url, common);
  } else {
    const options: ClusterOptions = {
      redisOptions: {
        ...common,
        ...(target.password ? { password: target.password } : {}),
        ...(target.tls ? { tls: {} } : {}),
      },
      clusterRetryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
      enableReadyCheck: true,
    };
    client = new Cluster(target.nodes.map((n) => ({ host: n.host, port: n.port })), options);
  }
  // Without an error listener ioredis prints unhandled errors; log once per state change instead.
  let lastError = '';
  client.on('error', (error: Error) => {
    if (error.message !== lastError) logger.warn({ redis: name, err: error.message }, 'redis connection error');
    lastError = error.message;
  });
  client.on('ready', () => {
    if (lastError !== '') logger.info({ redis: name }, 'redis connection restored');
    lastError = '';
  });
  return client;
}

/** Closes a client without throwing, falling back to disconnect when QUIT cannot be sent. */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  try {
    if (client.status === 'ready') await client.quit();
    else client.disconnect();
  } catch {
    client.disconnect();
  }
}

/** Measures a PING round trip; throws when Redis does not answer. */
export async function pingRedis(client: RedisClient): Promise<number> {
  const started = performance.now();
  await client.ping();
  return performance.now() - started;
}
