import { EventEmitter } from 'node:events';
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

  /** Just enough of an ioredis client: a connection status, events, and the limiter's script. */
  class FakeRedis extends EventEmitter {
    status = 'connecting';
    calls = 0;
    private consumed = new Map<string, number>();
    defineCommand(name: string) {
      // rate-limiter-flexible's INCR + TTL script: answers [consumed, ttl ms].
      Object.assign(this, {
        [name]: async ([key, points]: string[]) => {
          this.calls += 1;
          const total = (this.consumed.get(key!) ?? 0) + Number(points);
          this.consumed.set(key!, total);
          return [total, 10_000];
        },
      });
    }
  }
  const budgetOn = (redis: FakeRedis, points = 2) =>
    createBudget({
      name: 'fake',
      points,
      windowSeconds: 10,
      redis: redis as unknown as Redis,
      keyPrefix: 't:',
      logger: silentLogger(),
    });

  it('spends from Redis while it is connected, and from the very first request of a starting gateway', async () => {
    const redis = new FakeRedis();
    const budget = budgetOn(redis);
    expect(await budget.take('alice')).toEqual({ allowed: true }); // still connecting: queued for Redis
    redis.status = 'ready';
    redis.emit('ready');
    expect(await budget.take('alice')).toEqual({ allowed: true });
    expect((await budget.take('alice')).allowed).toBe(false);
    expect(redis.calls).toBe(3);
  });

  it('answers from an in-memory budget at once while a connection that was up is down', async () => {
    const redis = new FakeRedis();
    redis.status = 'ready';
    const budget = budgetOn(redis);
    expect(await budget.take('bob')).toEqual({ allowed: true });
    for (const outage of ['reconnecting', 'connecting', 'close', 'end']) {
      redis.status = outage;
      const before = redis.calls;
      expect(await budget.take(`carol-${outage}`)).toEqual({ allowed: true });
      expect(redis.calls).toBe(before); // Redis was not asked
    }
  });

  it('falls back to the in-memory budget when a Redis command fails', async () => {
    const redis = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false });
    redis.on('error', () => undefined);
    try {
      const budget = createBudget({
        name: 'insured',
        points: 2,
        windowSeconds: 10,
        redis,
        keyPrefix: 't:',
        logger: silentLogger(),
      });
      expect(await budget.take('dave')).toEqual({ allowed: true });
      expect(await budget.take('dave')).toEqual({ allowed: true });
      expect((await budget.take('dave')).allowed).toBe(false);
    } finally {
      redis.disconnect();
    }
  });
});
