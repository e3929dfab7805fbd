import type { RedisClient } from '../../../core/redis/index.js';

/** Last seen `status|internalStatus` per job id. */
export type Snapshot = Map<string, string>;

export interface SnapshotStore {
  /** The last leader's snapshot, so a new leader carries on diffing instead of starting blind. */
  load(): Promise<Snapshot | undefined>;
  /** Writes only what changed since the previous save (O(changes), not O(plan)). */
  save(changed: ReadonlyMap<string, string>, removed: readonly string[]): Promise<void>;
}

/** Kept in a Redis hash; it expires if no leader writes for a day (the plan has moved on). */
export function redisSnapshotStore(redis: RedisClient, key: string): SnapshotStore {
  const DAY_MS = 86_400_000;
  return {
    async load() {
      const all = await redis.hgetall(key);
      const entries = Object.entries(all);
      return entries.length === 0 ? undefined : new Map(entries);
    },
    async save(changed, removed) {
      if (changed.size === 0 && removed.length === 0) return;
      const pipeline = redis.pipeline();
      if (changed.size > 0) pipeline.hset(key, Object.fromEntries(changed));
      if (removed.length > 0) pipeline.hdel(key, ...removed);
      pipeline.pexpire(key, DAY_MS);
      await pipeline.exec();
    },
  };
}

export function memorySnapshotStore(): SnapshotStore {
  let kept: Snapshot | undefined;
  return {
    async load() {
      return kept === undefined ? undefined : new Map(kept);
    },
    async save(changed, removed) {
      kept ??= new Map();
      for (const [id, value] of changed) kept.set(id, value);
      for (const id of removed) kept.delete(id);
    },
  };
}
