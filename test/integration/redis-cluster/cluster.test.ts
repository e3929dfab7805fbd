// Redis Cluster end to end through the product's own code: REDIS_URL=redis+cluster://... parsed by
// core/config, connected by core/redis/factory.ts, used by the runtime's pub/sub, the two-level
// cache and the gateway's rate limits, against a real local 3-master cluster.
import { Cluster } from 'ioredis';
import type { Identity } from '../../../core/auth/index.js';
import { createCache } from '../../../core/cache/index.js';
import { configFrom, type Config } from '../../../core/config/index.js';
import { RateLimitedError } from '../../../core/errors/index.js';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';
import { createRedisClient } from '../../../core/redis/index.js';
import { createServiceRuntime, type ServiceRuntime } from '../../../core/runtime.js';
import { startRedisCluster, type LocalRedisCluster } from '../../../devservices/redis.js';
import { createBudget } from '../../../gateway/edge/budget.js';
import { createEdgeAdmission } from '../../../gateway/edge/index.js';
import { freePort } from '../../../devservices/ports.js';
import { Disposer, uniquePrefix } from '../../harness/services.js';

const disposer = new Disposer();
let cluster: LocalRedisCluster;
let config: Config;
let a: ServiceRuntime;
let b: ServiceRuntime;

/** Two service instances (as two containers would be) on one cluster. */
beforeAll(async () => {
  cluster = await startRedisCluster();
  disposer.defer(() => cluster.stop());
  config = configFrom({
    REDIS_URL: cluster.url,
    REDIS_KEY_PREFIX: `${uniquePrefix('cluster')}:`,
    RATE_LIMIT_USER_REQUESTS: '5',
  });
  a = createServiceRuntime(config, 'instance-a', { logger: silentLogger(), defaultMetrics: false });
  disposer.defer(() => a.lifecycle.stop());
  b = createServiceRuntime(config, 'instance-b', { logger: silentLogger(), defaultMetrics: false });
  disposer.defer(() => b.lifecycle.stop());
}, 60_000);
afterAll(() => disposer.disposeAll());

const eventually = async (check: () => Promise<boolean> | boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('Redis Cluster through the Redis factory', () => {
  it('parses redis+cluster:// seeds and spreads keys over every master', async () => {
    expect(config.redis.target).toEqual({ kind: 'cluster', nodes: cluster.nodes, tls: false });
    const redis = a.redis!;
    expect(redis).toBeInstanceOf(Cluster);
    const keys = Array.from({ length: 60 }, (_, i) => `${a.keyPrefix}spread:${i}`);
    for (const key of keys) await redis.set(key, key, 'PX', 60_000);
    expect(await Promise.all(keys.map((k) => b.redis!.get(k)))).toEqual(keys);
    const perMaster = await Promise.all((redis as Cluster).nodes('master').map((node) => node.dbsize()));
    expect(perMaster).toHaveLength(3);
    expect(perMaster.every((n) => n > 0)).toBe(true);
  });

  it('delivers pub/sub messages published on one instance to the other, each exactly once', async () => {
    const received: unknown[] = [];
    const unlisten = await b.pubsub.listen('jobStatusChanged', (payload) => received.push(payload));
    try {
      const events = Array.from({ length: 20 }, (_, i) => ({ job: `JOB_${i}`, status: 'ERROR' }));
      for (const event of events) await a.pubsub.publish('jobStatusChanged', event);
      await eventually(() => received.length >= events.length);
      await new Promise((resolve) => setTimeout(resolve, 100)); // nothing arrives twice
      expect(received).toEqual(events);
    } finally {
      await unlisten();
    }
  });

  it('serves the two-level cache: a value stored by one instance is read by the other, and invalidation reaches it', async () => {
    const make = (runtime: ServiceRuntime) =>
      createCache({
        name: 'cluster-test',
        kinds: { job: { ttlMs: 60_000 } },
        redis: runtime.redis,
        keyPrefix: runtime.keyPrefix,
        pubsub: runtime.pubsub,
        registry: createMetricsRegistry('test', { defaults: false }),
        logger: silentLogger(),
      });
    const cacheA = make(a);
    const cacheB = make(b);
    await cacheA.start();
    await cacheB.start();
    try {
      await cacheA.set('job', 'J1', { status: 'RUNNING' });
      expect(await cacheB.get('job', 'J1')).toEqual({ status: 'RUNNING' });

      expect(await cacheB.getOrLoad('job', 'J2', async () => ({ status: 'ERROR' }))).toEqual({
        status: 'ERROR',
      });
      await cacheA.invalidate('job');
      await eventually(async () => (await cacheB.get('job', 'J2')) === undefined);
      expect(await cacheB.getOrLoad('job', 'J2', async () => ({ status: 'SUCCESSFUL' }))).toEqual({
        status: 'SUCCESSFUL',
      });
    } finally {
      await cacheA.close();
      await cacheB.close();
    }
  });

  it('shares one rate budget between two gateway instances', async () => {
    const gatewayA = createEdgeAdmission({
      edge: config.edge,
      redis: a.redis,
      keyPrefix: a.keyPrefix,
      logger: silentLogger(),
      registry: a.registry,
    });
    const gatewayB = createEdgeAdmission({
      edge: config.edge,
      redis: b.redis,
      keyPrefix: b.keyPrefix,
      logger: silentLogger(),
      registry: b.registry,
    });
    const alice = { sub: 'alice', roles: ['viewer'], token: 't', expiresAt: undefined } satisfies Identity;
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 === 0 ? gatewayA : gatewayB).http(alice, '203.0.113.1').then(
          () => 'allowed',
          (error: unknown) => (error instanceof RateLimitedError ? 'refused' : String(error)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'allowed')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(7);
    // A budget key lives in one slot; the other user's key is independent.
    await expect(gatewayB.http({ ...alice, sub: 'bob' }, '203.0.113.1')).resolves.toBeUndefined();
  });
});

describe('Redis Cluster outage', () => {
  it('fails commands by their deadline while no node is reachable, instead of queueing them forever', async () => {
    const port = await freePort();
    const target = configFrom({ REDIS_URL: `redis+cluster://127.0.0.1:${port}` }).redis.target!;
    const client = createRedisClient(target, {
      name: 'unreachable',
      logger: silentLogger(),
      commandTimeoutMs: 300,
    });
    try {
      // ioredis keeps commands in the cluster's offline queue until it connects, with no timeout
      // (redis/ioredis#1604): without the factory's deadline this would hang and the test time out.
      await expect(client.get('anything')).rejects.toThrow('Command timed out');
      await expect(client.publish('channel', 'message')).rejects.toThrow('Command timed out');
      // Rate limits do not wait for it either: the in-memory insurance answers at once.
      const budget = createBudget({
        name: 'outage',
        points: 1,
        windowSeconds: 60,
        redis: client,
        keyPrefix: 'outage:',
        logger: silentLogger(),
      });
      expect(await budget.take('carol')).toEqual({ allowed: true });
      expect((await budget.take('carol')).allowed).toBe(false);
    } finally {
      client.disconnect();
    }
  });

  it('fails commands instead of hanging when the cluster goes away while in use', async () => {
    const doomed = await startRedisCluster();
    const target = configFrom({ REDIS_URL: doomed.url }).redis.target!;
    const client = createRedisClient(target, {
      name: 'doomed',
      logger: silentLogger(),
      commandTimeoutMs: 300,
    });
    try {
      await client.set('outage:probe', '1');
      expect(await client.get('outage:probe')).toBe('1');
      await doomed.stop();
      await expect(client.get('outage:probe')).rejects.toThrow();
    } finally {
      client.disconnect();
      await doomed.stop();
    }
  }, 30_000);
});
