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
  | {
      kind: 'cluster';
      nodes: ReadonlyArray<{ readonly host: string; readonly port: number }>;
      tls: boolean;
      /** ACL user (Redis 6+), from `redis+cluster://user:pass@...`. */
      username?: string;
      password?: string;
    };

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
    // `user:pass@`, `:pass@` or `pass@`, percent-encoded as in redis:// URLs.
    const auth = cluster[2];
    const colon = auth?.indexOf(':') ?? -1;
    const username = auth !== undefined && colon > 0 ? safeDecode(auth.slice(0, colon)) : undefined;
    const password = auth === undefined ? undefined : safeDecode(colon >= 0 ? auth.slice(colon + 1) : auth);
    return {
      kind: 'cluster',
      nodes,
      tls: cluster[1] === 'rediss',
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
    };
  }
  if (!/^rediss?:\/\/.+/.test(url)) return 'REDIS_URL: expected redis://, rediss:// or redis+cluster://';
  return { kind: 'standalone', url };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
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
