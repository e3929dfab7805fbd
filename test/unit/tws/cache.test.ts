// The cache without Redis: L1 only, invalidations propagated through the in-process pub/sub.
import { Registry } from 'prom-client';
import { createCache, type Cache } from '../../../core/cache/index.js';
import { silentLogger } from '../../../core/logger.js';
import { createMemoryPubSub, type PubSub } from '../../../core/pubsub/index.js';

type Kind = 'status' | 'definition';
const KINDS = { status: { ttlMs: 40 }, definition: { ttlMs: 60_000, maxEntries: 2 } } as const;

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('cache (L1 only)', () => {
  let registry: Registry;
  let pubsub: PubSub;
  let cache: Cache<Kind>;
  beforeEach(async () => {
    registry = new Registry();
    pubsub = createMemoryPubSub();
    cache = createCache<Kind>({ name: 'test', kinds: KINDS, pubsub, registry, logger: silentLogger() });
    await cache.start();
  });
  afterEach(async () => {
    await cache.close();
    await pubsub.close();
  });

  const requests = async (level: string, result: string) =>
    (await registry.getSingleMetric('resync_cache_requests_total')!.get()).values.find(
      (v) =>
        v.labels['level'] === level && v.labels['result'] === result && v.labels['kind'] === 'definition',
    )?.value ?? 0;

  it('is L1-only without Redis, loads once and then hits, counting hits and misses', async () => {
    expect(cache.levels).toBe('l1');
    const load = jest.fn(async () => ({ name: 'JOB_A' }));
    expect(await cache.getOrLoad('definition', 'a', load)).toEqual({ name: 'JOB_A' });
    expect(await cache.getOrLoad('definition', 'a', load)).toEqual({ name: 'JOB_A' });
    expect(load).toHaveBeenCalledTimes(1);
    expect(await requests('l1', 'miss')).toBe(1);
    expect(await requests('l1', 'hit')).toBe(1);
  });

  it('shares one load between concurrent misses of a key (single flight)', async () => {
    const gate = deferred<string>();
    const load = jest.fn(() => gate.promise);
    const all = Promise.all([1, 2, 3, 4, 5].map(() => cache.getOrLoad('status', 'k', load)));
    gate.resolve('v');
    expect(await all).toEqual(['v', 'v', 'v', 'v', 'v']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not cache failures or undefined, and caches null', async () => {
    await expect(cache.getOrLoad('status', 'k', () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
    expect(await cache.getOrLoad('status', 'k', async () => 'ok')).toBe('ok');
    await cache.getOrLoad('status', 'u', async () => undefined);
    expect(await cache.get('status', 'u')).toBeUndefined();
    await cache.getOrLoad('status', 'n', async () => null);
    expect(await cache.getOrLoad('status', 'n', async () => 'other')).toBeNull();
  });

  it('expires entries after their kind’s TTL', async () => {
    await cache.set('status', 'k', 1);
    await cache.set('definition', 'k', 1);
    await new Promise((r) => setTimeout(r, 80));
    expect(await cache.get('status', 'k')).toBeUndefined();
    expect(await cache.get('definition', 'k')).toBe(1);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    await cache.set('definition', 'a', 1);
    await cache.set('definition', 'b', 2);
    await cache.get('definition', 'a');
    await cache.set('definition', 'c', 3);
    expect(await cache.get('definition', 'b')).toBeUndefined();
    expect(await cache.get('definition', 'a')).toBe(1);
  });

  it('invalidates one key or a whole kind', async () => {
    await cache.set('definition', 'a', 1);
    await cache.set('definition', 'b', 2);
    await cache.set('status', 'a', 3);
    await cache.invalidate('definition', 'a');
    expect([await cache.get('definition', 'a'), await cache.get('definition', 'b')]).toEqual([undefined, 2]);
    await cache.invalidateKinds(['definition']);
    expect(await cache.get('definition', 'b')).toBeUndefined();
    expect(await cache.get('status', 'a')).toBe(3);
  });

  it('does not store a value loaded across an invalidation of its kind (no stale read after an action)', async () => {
    const gate = deferred<string>();
    const first = cache.getOrLoad('status', 'job', () => gate.promise);
    await cache.invalidate('status');
    gate.resolve('before the action');
    expect(await first).toBe('before the action');
    expect(await cache.getOrLoad('status', 'job', async () => 'after the action')).toBe('after the action');
  });

  it('does not hand a read that starts after an invalidation the value of a load begun before it', async () => {
    const gate = deferred<string>();
    const before = cache.getOrLoad('status', 'job', () => gate.promise);
    await cache.invalidate('status');
    const after = cache.getOrLoad('status', 'job', async () => 'after the action');
    gate.resolve('before the action');
    expect(await before).toBe('before the action');
    expect(await after).toBe('after the action');
  });

  it('propagates invalidations to another instance through pub/sub', async () => {
    const other = createCache<Kind>({
      name: 'test',
      kinds: KINDS,
      pubsub,
      registry: new Registry(),
      logger: silentLogger(),
    });
    await other.start();
    try {
      await other.set('definition', 'a', 'old');
      await other.set('definition', 'b', 'old');
      await cache.invalidate('definition', 'a');
      expect(await other.get('definition', 'a')).toBeUndefined();
      expect(await other.get('definition', 'b')).toBe('old');
      await cache.invalidate('definition');
      expect(await other.get('definition', 'b')).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('ignores messages for another cache name or an unknown kind', async () => {
    await cache.set('definition', 'a', 1);
    await pubsub.publish('cache:test', { origin: 'x', kind: 'nope' });
    await pubsub.publish('cache:other', { origin: 'x', kind: 'definition' });
    expect(await cache.get('definition', 'a')).toBe(1);
  });
});
