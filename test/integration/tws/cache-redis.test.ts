// The cache hierarchy against the run's real Redis: two instances (as two tws processes would be),
// each with its own connections, sharing L2 and invalidating each other through Redis pub/sub.
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { createCache, type Cache } from '../../../core/cache/index.js';
import { silentLogger } from '../../../core/logger.js';
import { createRedisPubSub } from '../../../core/pubsub/index.js';
import { createRedisClient } from '../../../core/redis/index.js';
import { deleteRedisKeys, Disposer, testRedisUrl, uniquePrefix } from '../../harness/services.js';

type Kind = 'job' | 'jobPage';
const KINDS = { job: { ttlMs: 60_000 }, jobPage: { ttlMs: 60_000 } } as const;

interface Instance {
  cache: Cache<Kind>;
  registry: Registry;
}

const disposer = new Disposer();
afterAll(() => disposer.disposeAll());

async function instance(prefix: string, name: string): Promise<Instance> {
  const target = { kind: 'standalone' as const, url: testRedisUrl() };
  const redis = disposer.add(createRedisClient(target, { name, logger: silentLogger() }), (r) => r.quit());
  const subscriber = createRedisClient(target, {
    name: `${name}-sub`,
    logger: silentLogger(),
    commandTimeoutMs: 0,
  });
  const pubsub = disposer.add(
    createRedisPubSub({ publisher: redis, subscriber, prefix, logger: silentLogger() }),
    (p) => p.close(),
  );
  const registry = new Registry();
  const cache = disposer.add(
    createCache<Kind>({
      name: 'tws',
      kinds: KINDS,
      redis,
      keyPrefix: prefix,
      pubsub,
      registry,
      logger: silentLogger(),
    }),
    (c) => c.close(),
  );
  await cache.start();
  return { cache, registry };
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met');
}

const hits = async (i: Instance, level: string) =>
  (await i.registry.getSingleMetric('resync_cache_requests_total')!.get()).values
    .filter((v) => v.labels['level'] === level && v.labels['result'] === 'hit')
    .reduce((sum, v) => sum + v.value, 0);

describe('cache hierarchy on Redis', () => {
  let prefix: string;
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    prefix = `${uniquePrefix('cache')}:`;
    const admin = disposer.add(new Redis(testRedisUrl()), (r) => r.quit());
    disposer.defer(() => deleteRedisKeys(admin, prefix));
    a = await instance(prefix, 'cache-a');
    b = await instance(prefix, 'cache-b');
  });

  it('is two-level and shares L2: what A loaded, B reads from Redis without loading', async () => {
    expect(a.cache.levels).toBe('l1+l2');
    await a.cache.getOrLoad('job', 'J1', async () => ({ status: 'ABEND' }));
    const load = jest.fn(async () => ({ status: 'never' }));
    expect(await b.cache.getOrLoad('job', 'J1', load)).toEqual({ status: 'ABEND' });
    expect(load).not.toHaveBeenCalled();
    expect(await hits(b, 'l2')).toBe(1);
    // Now in B's L1 too.
    await b.cache.getOrLoad('job', 'J1', load);
    expect(await hits(b, 'l1')).toBe(1);
  });

  it('stores entries in Redis under the deployment prefix with the kind’s TTL', async () => {
    const admin = disposer.add(new Redis(testRedisUrl()), (r) => r.quit());
    const keys = await admin.keys(`${prefix}cache:tws:job:*`);
    expect(keys).toEqual([`${prefix}cache:tws:job:0:J1`]);
    const ttl = await admin.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('a key invalidated by A is gone from B’s L1 and from Redis: B loads the new value', async () => {
    await b.cache.getOrLoad('job', 'J2', async () => 'old');
    await a.cache.getOrLoad('job', 'J2', async () => 'old');
    await a.cache.invalidate('job', 'J2');
    await eventually(async () => (await b.cache.getOrLoad('job', 'J2', async () => 'new')) === 'new');
    expect(await a.cache.getOrLoad('job', 'J2', async () => 'newer')).toBe('new');
  });

  it('a whole kind invalidated by A (new generation) is invalidated in B, other kinds survive', async () => {
    await b.cache.getOrLoad('jobPage', 'first:50', async () => ['old']);
    await b.cache.getOrLoad('job', 'J3', async () => 'kept');
    await a.cache.invalidate('jobPage');
    await eventually(async () => (await b.cache.get('jobPage', 'first:50')) === undefined);
    expect(await b.cache.getOrLoad('jobPage', 'first:50', async () => ['new'])).toEqual(['new']);
    expect(await a.cache.getOrLoad('jobPage', 'first:50', async () => ['never'])).toEqual(['new']);
    expect(await b.cache.get('job', 'J3')).toBe('kept');
  });

  it('keeps serving (L1 + loader) when Redis does not answer', async () => {
    const dead = createRedisClient(
      { kind: 'standalone', url: 'redis://127.0.0.1:1' },
      { name: 'dead', logger: silentLogger(), commandTimeoutMs: 100 },
    );
    disposer.defer(() => dead.disconnect());
    const registry = new Registry();
    const cache = createCache<Kind>({
      name: 'tws',
      kinds: KINDS,
      redis: dead,
      keyPrefix: prefix,
      registry,
      logger: silentLogger(),
    });
    expect(await cache.getOrLoad('job', 'X', async () => 'loaded')).toBe('loaded');
    expect(await cache.getOrLoad('job', 'X', async () => 'again')).toBe('loaded');
    const errors = (await registry.getSingleMetric('resync_cache_errors_total')!.get()).values;
    expect(errors.reduce((s, v) => s + v.value, 0)).toBeGreaterThan(0);
    await cache.close();
  });
});
