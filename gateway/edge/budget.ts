import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Logger } from '../../core/logger.js';
import type { RedisClient } from '../../core/redis/index.js';

export interface BudgetOptions {
  /** Names the budget in keys, logs and metrics, e.g. `user-requests`. */
  name: string;
  /** Points per window. */
  points: number;
  windowSeconds: number;
  /** Shared store; without it the budget is per process. */
  redis: RedisClient | undefined;
  /** Deployment key prefix (REDIS_KEY_PREFIX). */
  keyPrefix: string;
  logger: Logger;
}

export type BudgetVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A rate budget per key (a user, an address): `take(key)` spends one point. */
export interface Budget {
  readonly name: string;
  take(key: string): Promise<BudgetVerdict>;
}

/**
 * A fixed-window budget on rate-limiter-flexible: in Redis when REDIS_URL is set (every gateway
 * instance spends from the same budget), in memory otherwise.
 *
 * Redis trouble neither opens the gate nor blocks everyone: once the connection has been up, any
 * moment it is not, an in-memory budget of the same size answers at once (no request waits for
 * Redis to come back), and it is also the insurance when a Redis command fails. Budgets are then
 * per instance until Redis is back. Before the first connection is made, commands wait in
 * ioredis's queue instead (bounded by the client's command deadline), so a freshly started
 * gateway spends from the shared budget from its first request.
 */
export function createBudget({
  name,
  points,
  windowSeconds,
  redis,
  keyPrefix,
  logger,
}: BudgetOptions): Budget {
  const memory = new RateLimiterMemory({
    keyPrefix: `${keyPrefix}rl:${name}`,
    points,
    duration: windowSeconds,
  });
  const shared = redis
    ? new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${keyPrefix}rl:${name}`,
        points,
        duration: windowSeconds,
        insuranceLimiter: memory,
        // Once a key is over budget, refuse it from memory until its window ends: a flood from
        // one token costs no Redis round trips.
        inMemoryBlockOnConsumed: points + 1,
      })
    : undefined;
  let connectedOnce = redis?.status === 'ready';
  redis?.once('ready', () => {
    connectedOnce = true;
  });
  const limiterNow = (): RateLimiterAbstract =>
    shared && (redis!.status === 'ready' || !connectedOnce) ? shared : memory;
  return {
    name,
    async take(key) {
      try {
        await limiterNow().consume(key);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
        }
        // Only reachable if the in-memory insurance itself failed: let the request through
        // rather than refuse everyone, and say so.
        logger.error(
          { budget: name, err: (rejection as Error).message },
          'rate limiter failed; allowing the request',
        );
        return { allowed: true };
      }
    },
  };
}
