// The Redis level's mirrored generation: a newer generation announced while a GET of it is in
// flight must win, or the instance keeps serving the invalidated generation for generationTtlMs.
import { Registry } from 'prom-client';
import { L2 } from '../../../core/cache/l2.js';
import { cacheMetrics } from '../../../core/cache/metrics.js';
import { silentLogger } from '../../../core/logger.js';
import type { RedisClient } from '../../../core/redis/index.js';

function fakeRedis() {
  const gets: string[] = [];
  let releaseGen!: (value: string) => void;
  const redis = {
    get: (key: string) => {
      gets.push(key);
      if (key.endsWith(':gen')) return new Promise<string>((resolve) => (releaseGen = resolve));
      return Promise.resolve(null);
    },
  };
  return { redis: redis as unknown as RedisClient, gets, releaseGen: (v: string) => releaseGen(v) };
}

describe('cache L2 generations', () => {
  it('keeps a generation announced while the GET of an older one was in flight', async () => {
    const { redis, gets, releaseGen } = fakeRedis();
    const l2 = new L2({
      redis,
      prefix: 'p:',
      cacheName: 't',
      metrics: cacheMetrics(new Registry()),
      logger: silentLogger(),
    });
    const first = l2.get('job', 'J1');
    await new Promise((r) => setImmediate(r));
    l2.observe('job', 5); // another instance invalidated the kind meanwhile
    releaseGen('4');
    await first;
    await l2.get('job', 'J1');
    const reads = gets.filter((k) => !k.endsWith(':gen'));
    expect(reads.at(-1)).toContain(':5:');
  });

  it('takes what Redis says when nothing newer was announced (even a lower generation)', async () => {
    const { redis, gets, releaseGen } = fakeRedis();
    const l2 = new L2({
      redis,
      prefix: 'p:',
      cacheName: 't',
      metrics: cacheMetrics(new Registry()),
      logger: silentLogger(),
      generationTtlMs: 0,
    });
    l2.observe('job', 7);
    await new Promise((r) => setTimeout(r, 2));
    const read = l2.get('job', 'J1'); // the mirror is stale: asks Redis, which was flushed
    await new Promise((r) => setImmediate(r));
    releaseGen('0');
    await read;
    expect(gets.filter((k) => !k.endsWith(':gen')).at(-1)).toContain(':0:');
  });
});
