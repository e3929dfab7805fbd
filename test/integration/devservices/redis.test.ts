import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Redis } from 'ioredis';

import { startRedis, redisServerAvailable } from '../../../devservices/redis.js';
import {
  deleteRedisKeys,
  Disposer,
  isListening,
  testRedisUrl,
  uniquePrefix,
} from '../../harness/services.js';

const disposer = new Disposer();
afterEach(() => disposer.disposeAll());

describe('startRedis', () => {
  it('finds redis-server', () => {
    expect(redisServerAvailable()).toBe(true);
  });

  it('starts on a free port, answers PING and stops idempotently', async () => {
    const redis = await startRedis();
    disposer.defer(() => redis.stop());
    expect(redis.port).toBeGreaterThan(0);
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);

    const client = new Redis(redis.url);
    expect(await client.ping()).toBe('PONG');
    await client.quit();

    await Promise.all([redis.stop(), redis.stop()]);
    await redis.stop();
    expect(await isListening(redis.port)).toBe(false);
  });

  it('refuses a port that is already taken instead of talking to the other server', async () => {
    const first = await startRedis();
    disposer.defer(() => first.stop());
    await expect(startRedis({ port: first.port })).rejects.toThrow(
      /Address already in use|before it was ready/,
    );
  });

  it('persists to dataDir across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'resync-redis-test-'));
    disposer.defer(() => rm(dir, { recursive: true, force: true }));

    const first = await startRedis({ dataDir: dir });
    const writer = new Redis(first.url);
    await writer.set('persisted', 'yes');
    await writer.quit();
    await first.stop(); // SIGTERM with save points configured writes the RDB snapshot

    const second = await startRedis({ dataDir: dir });
    disposer.defer(() => second.stop());
    const reader = disposer.add(new Redis(second.url), (c) => c.quit());
    expect(await reader.get('persisted')).toBe('yes');
  });

  it('passes every output line to log, none to the console', async () => {
    const lines: string[] = [];
    const redis = await startRedis({ log: (line) => lines.push(line) });
    await redis.stop();
    expect(lines.some((l) => l.includes('Ready to accept connections'))).toBe(true);
  });
});

describe('shared test Redis', () => {
  it('is reachable and isolates tests by key prefix', async () => {
    const prefix = `${uniquePrefix('redis smoke')}:`;
    const client = disposer.add(new Redis(testRedisUrl(), { keyPrefix: prefix }), (c) => c.quit());
    disposer.defer(() => deleteRedisKeys(client, prefix));

    await client.set('a', '1');
    await client.set('b', '2');
    expect(await client.mget('a', 'b')).toEqual(['1', '2']);

    await deleteRedisKeys(client, prefix);
    expect(await client.exists('a', 'b')).toBe(0);
  });
});
