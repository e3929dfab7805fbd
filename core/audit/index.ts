import { createHash } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { Config } from '../config/index.js';
import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis/index.js';
import { createKeyRing } from './keyring.js';
import { createAuditLog } from './log.js';
import { createMemoryAuditStore } from './store-memory.js';
import { createRedisAuditStore } from './store-redis.js';
import type { AuditLog } from './types.js';
import { sharedChainWriter } from './writer.js';

export * from './types.js';
export { createKeyRing, type KeyRing } from './keyring.js';
export { createAuditLog } from './log.js';
export { createChainWriter, sharedChainWriter, type ChainWriter } from './writer.js';
export { verifyChain } from './verify.js';
export { sanitizeArguments } from './sanitize.js';
export { auditKeys, createRedisAuditStore } from './store-redis.js';
export { createMemoryAuditStore } from './store-memory.js';
export { GENESIS_HASH } from './envelope.js';

export interface AuditFromConfigOptions {
  /** The service's Redis connection (config.redis.target); undefined = the in-process stream. */
  redis: RedisClient | undefined;
  logger: Logger;
  registry: Registry;
}

/**
 * The audit log of one service for `config`: a Redis stream when Redis is configured, memory
 * otherwise. Every log of this process on the same stream appends through one shared writer.
 */
export function createAuditLogFromConfig(
  { audit, redis: redisConfig }: Pick<Config, 'audit' | 'redis'>,
  { redis, logger, registry }: AuditFromConfigOptions,
): AuditLog {
  const { keyPrefix } = redisConfig;
  const store = redis
    ? createRedisAuditStore({ redis, keyPrefix, maxEntries: audit.maxEntries })
    : createMemoryAuditStore(keyPrefix, { maxEntries: audit.maxEntries });
  // The stream's identity; hashed because a cluster target may carry a password.
  const chain = createHash('sha256')
    .update(JSON.stringify([store.kind, redis ? redisConfig.target : null, keyPrefix]))
    .digest('hex');
  return createAuditLog({
    store,
    ring: createKeyRing(audit.keys, audit.activeKeyId),
    logger,
    registry,
    usingDevelopmentKey: audit.usingDevelopmentKey,
    trimmed: audit.maxEntries > 0,
    writer: sharedChainWriter(chain),
  });
}

/** How health describes the trail: where it lives and which key protects it. */
export function describeAuditLog(log: AuditLog): { mode: string; detail: string } {
  const mode = log.storeKind === 'redis' ? 'redis stream' : 'in-process fallback';
  const where =
    log.storeKind === 'redis'
      ? 'shared Redis stream'
      : 'REDIS_URL is not set: kept in this process only, lost on restart';
  const key = log.usingDevelopmentKey
    ? 'development key (set AUDIT_KEYS and AUDIT_ACTIVE_KEY_ID)'
    : `active key ${log.activeKeyId}`;
  return { mode, detail: `${where}; AES-256-GCM with ${key}` };
}
