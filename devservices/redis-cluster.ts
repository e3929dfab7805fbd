// A real Redis Cluster (masters only) on 127.0.0.1, for code paths that must work against
// cluster mode (hash slots, MOVED redirects, cross-slot errors).
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, LOCALHOST, sleep } from './ports.js';
import { commandWorks, noLog, removeOnExit, runToCompletion, type LogFn } from './process.js';
import { spawnRedisServer, type RedisServerProcess } from './redis-server.js';
import { redisCommand } from './resp.js';

export interface LocalRedisCluster {
  nodes: Array<{ host: string; port: number }>;
  /**
   * All seed nodes in one string: `redis+cluster://127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003`.
   * To connect: strip the scheme, split on ',' and hand the host:port pairs to
   * `new Cluster([{ host, port }, ...])` (ioredis).
   */
  url: string;
  /** Stops every node and deletes their cluster state. Safe to call repeatedly. */
  stop(): Promise<void>;
}

export interface StartRedisClusterOptions {
  /**
   * Number of master nodes (redis-cli refuses fewer than 3). No replicas.
   * @default 3
   */
  masters?: number;
  /** Receives every line the nodes and redis-cli print. */
  log?: LogFn;
  /** @default 30000 */
  startTimeoutMs?: number;
}

export const REDIS_CLUSTER_SCHEME = 'redis+cluster://';

export async function startRedisCluster(opts: StartRedisClusterOptions = {}): Promise<LocalRedisCluster> {
  const { masters = 3, log = noLog, startTimeoutMs = 30_000 } = opts;
  if (!Number.isInteger(masters) || masters < 3)
    throw new RangeError('a Redis Cluster needs at least 3 masters');
  if (!commandWorks('redis-server', ['--version']) || !commandWorks('redis-cli', ['--version'])) {
    throw new Error(
      'redis-server/redis-cli not found on PATH (Debian/Ubuntu: apt-get install -y redis-server)',
    );
  }
  const root = await mkdtemp(join(tmpdir(), 'resync-redis-cluster-'));
  const forgetRoot = removeOnExit(root);
  const servers: RedisServerProcess[] = [];
  const stopAll = async () => {
    await Promise.all(servers.map((s) => s.child.stop()));
    await rm(root, { recursive: true, force: true });
    forgetRoot();
  };
  try {
    const started = await Promise.allSettled(
      Array.from({ length: masters }, (_, i) => startNode(root, i, log)),
    );
    for (const r of started) if (r.status === 'fulfilled') servers.push(r.value);
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const addresses = servers.map((s) => `${LOCALHOST}:${s.port}`);
    await runToCompletion(
      'redis-cli',
      ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'],
      { name: 'redis-cli', log },
    );
    await waitForClusterOk(servers, startTimeoutMs);
  } catch (err) {
    await stopAll();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    nodes: servers.map((s) => ({ host: LOCALHOST, port: s.port })),
    url: REDIS_CLUSTER_SCHEME + servers.map((s) => `${LOCALHOST}:${s.port}`).join(','),
    stop: () => (stopping ??= stopAll()),
  };
}

async function startNode(root: string, index: number, log: LogFn): Promise<RedisServerProcess> {
  const dir = join(root, `node-${index}`);
  await mkdir(dir);
  return spawnRedisServer({
    port: 0,
    name: `redis-cluster-${index}`,
    log,
    // The bus port defaults to port + 10000, which nobody checked; pick it explicitly. A taken bus
    // port also surfaces as "Address already in use" and is retried with fresh ports.
    // prettier-ignore
    extraArgs: async () => [
      '--cluster-enabled', 'yes',
      '--cluster-config-file', join(dir, 'nodes.conf'),
      '--cluster-port', String(await freePort()),
      '--cluster-node-timeout', '2000',
      '--dir', dir,
    ],
  });
}

// `--cluster create` returns once slots are assigned; each node reports ok only after gossip has
// propagated the full slot map to it. Clients connecting earlier may see CLUSTERDOWN.
async function waitForClusterOk(servers: RedisServerProcess[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(
      servers.map((s) => redisCommand(s.port, ['CLUSTER', 'INFO']).catch((e: Error) => e.message)),
    );
    if (states.every((info) => info.includes('cluster_state:ok'))) return;
    if (Date.now() > deadline) throw new Error(`Redis Cluster not ok after ${timeoutMs} ms`);
    await sleep(50);
  }
}
