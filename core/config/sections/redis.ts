import { z } from 'zod';
import { optionalString, type EnvOf } from './helpers.js';

export const redisEnv = {
  /**
   * `redis://` or `rediss://` for one server; `redis+cluster://host:port,host:port` for a
   * cluster (seed nodes). Unset: in-process cache, pub/sub and rate limits (single instance only).
   */
  REDIS_URL: optionalString(),
  /** Prefix of every key and channel, so several deployments can share one Redis. */
  REDIS_KEY_PREFIX: z.string().min(1).default('resync:'),
};

type RedisEnv = EnvOf<typeof redisEnv>;

export type RedisTarget =
  | { kind: 'standalone'; url: string }
  | { kind: 'cluster'; nodes: ReadonlyArray<{ readonly host: string; readonly port: number }>; tls: boolean; password?: string };

export function parseRedisUrl(url: string): RedisTarget | string {
  const cluster = /^(rediss?)\+cluster:\/\/(?:([^@]*)@)?(.+)$/.exec(url);
  if (cluster) {
    const nodes = cluster[3]!.split(',').map((hp) => {
      const [host, portText] = hp.trim().replace(/\/.*$/, '').split(':');
      return { host: host ?? '', port: Number(portText ?? '6379') };
    });
    if (nodes.some((n) => n.host === '' || !Number.isInteger(n.port) || n.port <= 0)) {
      return 'REDIS_URL: cluster nodes must be host:port,host:port';
    }
    const auth = cluster[2];
    const password = auth === undefined ? undefined : decodeURIComponent(auth.split(':').pop() ?? '');
    return { kind: 'cluster', nodes, tls: cluster[1] === 'rediss', ...(password ? { password } : {}) };
  }
  if (!/^rediss?:\/\/.+/.test(url)) return 'REDIS_URL: expected redis://, rediss:// or redis+cluster://';
  return { kind: 'standalone', url };
}

export function buildRedisConfig(env: RedisEnv, problems: string[]) {
  let target: RedisTarget | undefined;
  if (env.REDIS_URL !== undefined) {
    const parsed = parseRedisUrl(env.REDIS_URL);
    if (typeof parsed === 'string') problems.push(parsed);
    else target = parsed;
  }
  return { target, keyPrefix: env.REDIS_KEY_PREFIX };
}
