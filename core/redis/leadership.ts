import type { RedisClient } from './factory.js';

/**
 * Leadership through a Redis lock: `SET key id NX PX ttl`, renewed by the holder before it
 * expires (compare-and-extend in Lua, so an instance never extends a lock another one took
 * over). If the holder dies, the lock expires and another instance takes it on its next try.
 */
export interface Leadership {
  /** Tries to become or stay leader; true while this instance holds the lock. */
  tryLead(): Promise<boolean>;
  /** Gives the lock up (only if still ours). */
  release(): Promise<void>;
  readonly instanceId: string;
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export function redisLeadership(
  redis: RedisClient,
  key: string,
  instanceId: string,
  ttlMs: number,
): Leadership {
  let leading = false;
  return {
    instanceId,
    async tryLead() {
      if (leading) {
        leading = Number(await redis.eval(RENEW, 1, key, instanceId, String(ttlMs))) === 1;
        if (leading) return true;
      }
      leading = (await redis.set(key, instanceId, 'PX', ttlMs, 'NX')) === 'OK';
      return leading;
    },
    async release() {
      if (!leading) return;
      leading = false;
      await redis.eval(RELEASE, 1, key, instanceId);
    },
  };
}

/** Without Redis there is one instance: it always leads. */
export function localLeadership(instanceId: string): Leadership {
  return { instanceId, tryLead: async () => true, release: async () => undefined };
}
