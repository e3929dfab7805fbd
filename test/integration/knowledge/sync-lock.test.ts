// Two replicas' syncers on one graph namespace and one Redis: the lock lets one write at a time.
import { Redis } from 'ioredis';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';
import { redisLeadership } from '../../../core/redis/index.js';
import { graphSchemaOnce } from '../../../subgraphs/knowledge/store/setup.js';
import { loadPlanSnapshot } from '../../../subgraphs/knowledge/sync/source.js';
import { LOCK_TTL_MS, createKnowledgeSyncer } from '../../../subgraphs/knowledge/sync/syncer.js';
import { Disposer, deleteRedisKeys, testRedisUrl, uniquePrefix } from '../../harness/services.js';
import { graphUnderTest, type GraphUnderTest } from './support.js';

jest.setTimeout(60_000);

const disposer = new Disposer();
afterAll(() => disposer.disposeAll());

describe('knowledge sync across replicas', () => {
  let g: GraphUnderTest;
  let redis: Redis;
  const prefix = `${uniquePrefix('kglock')}:`;
  beforeAll(async () => {
    g = await graphUnderTest(disposer);
    redis = disposer.add(new Redis(testRedisUrl()), (r) => r.quit());
    disposer.defer(() => deleteRedisKeys(redis, prefix));
  });

  function replica(name: string, loads: string[]) {
    const syncer = createKnowledgeSyncer({
      db: g.db,
      load: async (signal) => {
        loads.push(name);
        await new Promise((r) => setTimeout(r, 300)); // long enough for the other replica to try
        return loadPlanSnapshot(g.hwa!, { pageSize: 50, signal });
      },
      ensureSchema: graphSchemaOnce(g.db),
      syncOnStart: 'never',
      intervalMs: 0,
      batchSize: 50,
      timeoutMs: 30_000,
      lockWaitMs: 10_000,
      logger: silentLogger(),
      registry: createMetricsRegistry(`kg-${name}`, { defaults: false }),
      lock: redisLeadership(redis, `${prefix}knowledge:sync:${g.graph}`, name, LOCK_TTL_MS),
    });
    disposer.defer(() => syncer.stop());
    return syncer;
  }

  /** A replica on its own lock key, whose load waits for `loading` to be resolved by the test. */
  function lone(
    name: string,
    options: { lockWaitMs?: number; load?: (signal: AbortSignal) => Promise<void> },
  ) {
    const key = `${prefix}knowledge:sync:${g.graph}:${name}`;
    const syncer = createKnowledgeSyncer({
      db: g.db,
      load: async (signal) => {
        await options.load?.(signal);
        return loadPlanSnapshot(g.hwa!, { pageSize: 50, signal });
      },
      ensureSchema: graphSchemaOnce(g.db),
      syncOnStart: 'never',
      intervalMs: 0,
      batchSize: 50,
      timeoutMs: 30_000,
      lockWaitMs: options.lockWaitMs ?? 10_000,
      lockRenewMs: 20,
      logger: silentLogger(),
      registry: createMetricsRegistry(`kg-${name}`, { defaults: false }),
      lock: redisLeadership(redis, key, name, LOCK_TTL_MS),
    });
    disposer.defer(() => syncer.stop());
    return { syncer, key };
  }

  it('runs one periodic sync at a time: the replica that finds the lock taken gives way', async () => {
    const loads: string[] = [];
    const a = replica('a', loads);
    const b = replica('b', loads);
    const [first, second] = await Promise.allSettled([a.sync('periodic'), b.sync('periodic')]);
    expect(loads).toHaveLength(1);
    expect([first.status, second.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect(await redis.exists(`${prefix}knowledge:sync:${g.graph}`)).toBe(0); // released
  });

  it("makes an admin's sync wait for the running one, then run", async () => {
    const loads: string[] = [];
    const a = replica('a2', loads);
    const b = replica('b2', loads);
    const [first, second] = await Promise.all([a.sync('periodic'), b.sync('api')]);
    expect(loads).toEqual(['a2', 'b2']);
    expect(second.finishedAt.getTime()).toBeGreaterThanOrEqual(first.finishedAt.getTime());
    expect(second.changed).toBe(false);
  });

  it('stops a sync whose lock another replica took over, before it writes', async () => {
    let takeOver!: () => void;
    const started = new Promise<void>((resolve) => (takeOver = resolve));
    const { syncer, key } = lone('c', {
      // Holds the sync in its first step until the lock is gone and the renewal noticed.
      load: async (signal) => {
        takeOver();
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      },
    });
    const sync = syncer.sync('periodic').catch((e: unknown) => e);
    await started;
    await redis.set(key, 'intruder', 'PX', LOCK_TTL_MS); // e.g. our lock expired during a Redis blip
    const error = await sync;
    expect(error).toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect((error as Error).message).toContain('another replica holds the lock now');
    expect(syncer.status()).toMatchObject({ last: undefined, lastError: expect.stringContaining('lock') });
    expect(await redis.get(key)).toBe('intruder'); // not released by the replica that lost it
  });

  it("bounds how long an admin's sync waits for another replica", async () => {
    const { syncer, key } = lone('d', { lockWaitMs: 300 });
    await redis.set(key, 'other-replica', 'PX', LOCK_TTL_MS);
    await expect(syncer.sync('api')).rejects.toMatchObject({
      message: expect.stringContaining('Another replica has been syncing'),
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
  });
});
