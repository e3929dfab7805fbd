import { Redis } from 'ioredis';
import { silentLogger } from '../../../../core/logger.js';
import { createBudget } from '../../../../gateway/edge/budget.js';

describe('createBudget', () => {
  it('allows exactly `points` per window per key, then says how long to wait', async () => {
    const budget = createBudget({
      name: 'test',
      points: 3,
      windowSeconds: 30,
      redis: undefined,
      keyPrefix: 't:',
      logger: silentLogger(),
    });
    const verdicts = [];
    for (let i = 0; i < 5; i++) verdicts.push(await budget.take('alice'));
    expect(verdicts.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    for (const v of verdicts.slice(3)) {
      expect(v.allowed).toBe(false);
      expect(v.allowed === false && v.retryAfterSeconds).toBeGreaterThanOrEqual(29);
      expect(v.allowed === false && v.retryAfterSeconds).toBeLessThanOrEqual(30);
    }
    expect(await budget.take('bob')).toEqual({ allowed: true });
  });

  it('falls back to an in-memory budget at once when Redis is not connected', async () => {
    // Never connects (lazy, and nothing listens on port 1): the limiter must not wait for it.
    const redis = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false });
    try {
      const budget = createBudget({
        name: 'insured',
        points: 2,
        windowSeconds: 10,
        redis,
        keyPrefix: 't:',
        logger: silentLogger(),
      });
      expect(await budget.take('carol')).toEqual({ allowed: true });
      expect(await budget.take('carol')).toEqual({ allowed: true });
      expect((await budget.take('carol')).allowed).toBe(false);
      expect(redis.status).toBe('wait');
    } finally {
      redis.disconnect();
    }
  });
});
