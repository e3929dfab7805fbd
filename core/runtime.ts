import { createAuditLogFromConfig, type AuditLog } from './audit/index.js';
import { createTokenVerifier, type TokenVerifier } from './auth/index.js';
import { shutdownBreakers } from './breaker.js';
import type { Config } from './config/index.js';
import { Lifecycle } from './lifecycle.js';
import { createLogger, type Logger } from './logger.js';
import { createMetricsRegistry } from './metrics.js';
import { createMemoryPubSub, createRedisPubSub, type PubSub } from './pubsub/index.js';
import { closeRedisClient, createRedisClient, type RedisClient } from './redis/index.js';
import type { Registry } from 'prom-client';

/** What every service process needs, built once from the frozen config. */
export interface ServiceRuntime {
  readonly name: string;
  readonly config: Config;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly verifier: TokenVerifier;
  readonly lifecycle: Lifecycle;
  /** Shared command connection, or undefined when REDIS_URL is unset (in-process fallbacks). */
  readonly redis: RedisClient | undefined;
  readonly pubsub: PubSub;
  /** Prefix for every Redis key this deployment writes. */
  readonly keyPrefix: string;
  /** The tamper-evident audit trail (a Redis stream, or in-process without Redis). */
  readonly audit: AuditLog;
}

export interface RuntimeOptions {
  /** Inject a logger (tests capture or silence it). @default pino on stdout at LOG_LEVEL */
  logger?: Logger;
  /** @default true */
  defaultMetrics?: boolean;
}

export function createServiceRuntime(
  config: Config,
  name: string,
  { logger, defaultMetrics = true }: RuntimeOptions = {},
): ServiceRuntime {
  const log = (logger ?? createLogger({ service: 'resync', level: config.logLevel })).child({
    component: name,
  });
  const lifecycle = new Lifecycle(log);
  const registry = createMetricsRegistry(name, { defaults: defaultMetrics });
  lifecycle.defer(`${name} breakers`, () => shutdownBreakers(registry)); // first in, so closed last
  const verifier = createTokenVerifier(config.auth);
  let redis: RedisClient | undefined;
  let pubsub: PubSub;
  if (config.redis.target) {
    redis = createRedisClient(config.redis.target, { name: `${name}`, logger: log });
    const subscriber = createRedisClient(config.redis.target, {
      name: `${name}-sub`,
      logger: log,
      commandTimeoutMs: 0,
    });
    lifecycle.defer(`${name} redis`, () => closeRedisClient(redis!));
    pubsub = createRedisPubSub({ publisher: redis, subscriber, prefix: config.redis.keyPrefix, logger: log });
  } else {
    pubsub = createMemoryPubSub();
  }
  lifecycle.defer(`${name} pubsub`, () => pubsub.close());
  // Runtimes of one process on the same stream share one chain writer (see core/audit/writer.ts).
  const audit = createAuditLogFromConfig(config, { redis, logger: log, registry });
  return {
    name,
    config,
    logger: log,
    registry,
    verifier,
    lifecycle,
    redis,
    pubsub,
    keyPrefix: config.redis.keyPrefix,
    audit,
  };
}
