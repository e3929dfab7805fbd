import { Cluster } from 'ioredis';

import { startRedisCluster, type LocalRedisCluster } from '../../../devservices/redis.js';
import { Disposer, isListening } from '../../harness/services.js';

const disposer = new Disposer();
let cluster: LocalRedisCluster;

beforeAll(async () => {
  cluster = await startRedisCluster();
  disposer.defer(() => cluster.stop());
}, 60_000);
afterAll(() => disposer.disposeAll());

describe('startRedisCluster', () => {
  it('forms a 3-master cluster and describes it by nodes and url', () => {
    expect(cluster.nodes).toHaveLength(3);
    const seeds = cluster.nodes.map((n) => `${n.host}:${n.port}`).join(',');
    expect(cluster.url).toBe(`redis+cluster://${seeds}`);
  });

  it('serves SET/GET through an ioredis Cluster client across all slots', async () => {
    const client = disposer.add(new Cluster(cluster.nodes), (c) => c.quit());
    const keys = Array.from({ length: 30 }, (_, i) => `devservices:key:${i}`);
    for (const key of keys) await client.set(key, key.toUpperCase());
    for (const key of keys) expect(await client.get(key)).toBe(key.toUpperCase());

    // The keys really are spread over the three masters.
    const masters = client.nodes('master');
    expect(masters).toHaveLength(3);
    const counts = await Promise.all(masters.map((node) => node.dbsize()));
    expect(counts.every((n) => n > 0)).toBe(true);

    // Multi-key commands work within one slot (hash tag) and are refused across slots.
    await client.mset('{tag}a', '1', '{tag}b', '2');
    expect(await client.mget('{tag}a', '{tag}b')).toEqual(['1', '2']);
    await expect(client.mget('devservices:key:1', 'devservices:key:2')).rejects.toThrow(/CROSSSLOT/);
  });

  it('rejects fewer than 3 masters', async () => {
    await expect(startRedisCluster({ masters: 2 })).rejects.toThrow(RangeError);
  });

  it('stops every node, idempotently', async () => {
    const extra = await startRedisCluster();
    await Promise.all([extra.stop(), extra.stop()]);
    await extra.stop();
    const open = await Promise.all(extra.nodes.map((n) => isListening(n.port)));
    expect(open).toEqual([false, false, false]);
  }, 30_000);
});
