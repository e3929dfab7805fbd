import { Cluster, Command, Redis, type ClusterNode, type RedisOptions } from 'ioredis';
import type { RedisTarget } from '../config/index.js';
import type { Logger } from '../logger.js';

export type RedisClient = Redis | Cluster;
type DeepReadonlyTarget = Readonly<RedisTarget>;

export interface RedisFactoryOptions {
  /** Connection name shown by CLIENT LIST, e.g. `tws-cache`. */
  name: string;
  logger: Logger;
  /**
   * Fail a command after this long instead of hanging when Redis is slow or gone; callers
   * degrade (cache miss, in-memory fallback) rather than wait. 0 = no deadline (a subscriber
   * connection, whose SUBSCRIBE must survive an outage). @default 2000
   */
  commandTimeoutMs?: number;
}

type ClusterOptions = NonNullable<ConstructorParameters<typeof Cluster<'legacy'>>[1]>;

/** Reconnection backs off up to 2 s and never gives up: an outage heals without restarts. */
const backoff = (attempt: number) => Math.min(100 * 2 ** attempt, 2000);

/** The hash slot of a key, computed by ioredis itself (the slot of a one-key command). */
const slotOf = (key: string | Buffer) => new Command('exists', [key]).getSlot();

/**
 * A Cluster with two fixes for what services expect of "a Redis":
 *
 * - The command deadline counts from when the command is issued. ioredis starts the
 *   `commandTimeout` timer only once a command is written to a node, so while the whole cluster
 *   is unreachable commands wait in the cluster's offline queue forever (redis/ioredis#1604) and
 *   every caller hangs. Arming the same per-command timer here bounds the total wait; ioredis
 *   keeps the first timer when the command later reaches a node, so it is not restarted.
 * - PUBLISH keeps order per channel. PUBLISH has no key, so ioredis sends each one to a random
 *   node, and messages reach subscribers on other nodes over different cluster-bus links: two
 *   events published one after the other can arrive swapped (a chat's deltas, a job's status
 *   changes). Routing every PUBLISH of a channel to the master of the channel's hash slot gives
 *   one path per channel, hence FIFO order, and a fair spread of channels over the masters.
 */
class ServiceCluster extends Cluster {
  constructor(
    nodes: ClusterNode[],
    options: ClusterOptions,
    private readonly deadlineMs: number,
  ) {
    super(nodes, options);
  }

  override sendCommand(
    command: Command,
    stream?: Parameters<Cluster['sendCommand']>[1],
    node?: unknown,
  ): unknown {
    if (!stream) {
      if (this.deadlineMs > 0) command.setTimeout(this.deadlineMs);
      const channel = command.args[0];
      if (command.name === 'publish' && (typeof channel === 'string' || Buffer.isBuffer(channel))) {
        // `slot` is what Command#getSlot() caches; the cluster routes by it.
        Object.assign(command, { slot: slotOf(channel) });
      }
    }
    return super.sendCommand(command, stream, node);
  }
}

/**
 * Creates an ioredis client for a standalone server or a cluster (`redis+cluster://` seeds).
 * Either way: a connect timeout, a per-command deadline (also while the cluster is down),
 * reconnection forever with backoff, and one log line per state change instead of one per
 * failed attempt.
 */
export function createRedisClient(
  target: DeepReadonlyTarget,
  { name, logger, commandTimeoutMs = 2000 }: RedisFactoryOptions,
): RedisClient {
  const common = {
    connectionName: name,
    connectTimeout: 2000,
    ...(commandTimeoutMs > 0 ? { commandTimeout: commandTimeoutMs } : {}),
    // One retry after a reconnect, then the command fails: callers have a fallback.
    maxRetriesPerRequest: 1,
  } satisfies RedisOptions;
  let client: RedisClient;
  if (target.kind === 'standalone') {
    client = new Redis(target.url, { ...common, retryStrategy: backoff, lazyConnect: false });
  } else {
    const options: ClusterOptions = {
      redisOptions: {
        ...common,
        ...(target.username ? { username: target.username } : {}),
        ...(target.password ? { password: target.password } : {}),
        ...(target.tls ? { tls: {} } : {}),
      },
      clusterRetryStrategy: backoff,
      // A node that restarts without a slot change is reconnected (by default ioredis waits
      // for a MOVED that never comes, and commands to its slots fail until the next refresh).
      clusterNodeRetryStrategy: backoff,
      slotsRefreshTimeout: 2000,
      enableReadyCheck: true,
      // With TLS, hosted clusters (e.g. ElastiCache) need the certificate checked against the
      // announced hostname, not a resolved address.
      ...(target.tls
        ? {
            dnsLookup: (address: string, callback: (err: null, address: string) => void) =>
              callback(null, address),
          }
        : {}),
    };
    client = new ServiceCluster(
      target.nodes.map((n) => ({ host: n.host, port: n.port })),
      options,
      commandTimeoutMs,
    );
  }
  // Without an error listener ioredis prints unhandled errors; log once per state change instead.
  let lastError = '';
  client.on('error', (error: Error) => {
    if (error.message !== lastError)
      logger.warn({ redis: name, err: error.message }, 'redis connection error');
    lastError = error.message;
  });
  client.on('ready', () => {
    if (lastError !== '') logger.info({ redis: name }, 'redis connection restored');
    lastError = '';
  });
  return client;
}

/** Closes a client without throwing, falling back to disconnect when QUIT cannot be sent. */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  try {
    if (client.status === 'ready') await client.quit();
    else client.disconnect();
  } catch {
    client.disconnect();
  }
}

/** Measures a PING round trip; throws when Redis does not answer. */
export async function pingRedis(client: RedisClient): Promise<number> {
  const started = performance.now();
  await client.ping();
  return performance.now() - started;
}
