import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import type { PubSub } from '../pubsub/index.js';
import type { RedisClient } from '../redis/index.js';
import { L1 } from './l1.js';
import { L2 } from './l2.js';
import { cacheMetrics } from './metrics.js';
import type { Cache, CacheKind, GetOrLoadOptions, InvalidationMessage } from './types.js';

export interface CacheOptions<K extends string> {
  /** Namespace of keys, channel and metrics label, e.g. `tws`. */
  name: string;
  kinds: Readonly<Record<K, CacheKind>>;
  /** L2. Without it the cache is in-process only. @default none */
  redis?: RedisClient | undefined;
  /** The deployment's Redis key prefix (`runtime.keyPrefix`). @default '' */
  keyPrefix?: string;
  /** Propagates invalidations to the other instances. @default none (single instance) */
  pubsub?: PubSub | undefined;
  registry: Registry;
  logger: Logger;
  /** Identifies this instance in invalidation messages. @default a random UUID */
  instanceId?: string;
  /** See L2: how long a mirrored generation is trusted. @default 30000 */
  generationTtlMs?: number;
}

/**
 * L1 (lru-cache, per kind) over L2 (Redis), with per-kind TTLs, single flight on misses, and
 * invalidation propagated to every instance over pub/sub. A load that overlaps an invalidation of
 * its kind is returned to its caller but not stored, so an action is never followed by the value
 * from before it.
 */
export function createCache<K extends string>(options: CacheOptions<K>): Cache<K> {
  const { name, kinds, logger } = options;
  const instanceId = options.instanceId ?? randomUUID();
  const metrics = cacheMetrics(options.registry);
  const l1 = new L1<K>(kinds);
  const l2 = options.redis
    ? new L2({
        redis: options.redis,
        prefix: `${options.keyPrefix ?? ''}cache:${name}:`,
        cacheName: name,
        metrics,
        logger,
        ...(options.generationTtlMs !== undefined ? { generationTtlMs: options.generationTtlMs } : {}),
      })
    : undefined;
  const channel = `cache:${name}`;
  const inflight = new Map<string, Promise<unknown>>();
  const epochs = new Map<string, number>();
  let unlisten: (() => Promise<void>) | undefined;

  const isKind = (kind: string): kind is K => Object.prototype.hasOwnProperty.call(kinds, kind);
  const count = (kind: K, level: 'l1' | 'l2', hit: boolean) =>
    metrics.requests.inc({ cache: name, kind, level, result: hit ? 'hit' : 'miss' });
  const bumpEpoch = (kind: string) => epochs.set(kind, (epochs.get(kind) ?? 0) + 1);

  const lookup = async (kind: K, key: string): Promise<{ value: unknown } | undefined> => {
    const local = l1.get(kind, key);
    count(kind, 'l1', local !== undefined);
    if (local) return local;
    if (!l2) return undefined;
    const epoch = epochs.get(kind) ?? 0;
    const remote = await l2.get(kind, key);
    count(kind, 'l2', remote !== undefined);
    if (remote && (epochs.get(kind) ?? 0) === epoch) l1.set(kind, key, remote.value);
    return remote;
  };

  const store = async (kind: K, key: string, value: unknown) => {
    if (value === undefined) return;
    l1.set(kind, key, value);
    await l2?.set(kind, key, value, kinds[kind].ttlMs);
  };

  const applyLocally = (kind: K, key: string | undefined, origin: 'local' | 'remote') => {
    bumpEpoch(kind);
    if (key === undefined) l1.clear(kind);
    else l1.delete(kind, key);
    metrics.invalidations.inc({ cache: name, kind, scope: key === undefined ? 'kind' : 'key', origin });
  };

  const publish = async (message: Omit<InvalidationMessage, 'origin'>) => {
    if (!options.pubsub) return;
    try {
      await options.pubsub.publish(channel, { origin: instanceId, ...message } satisfies InvalidationMessage);
    } catch (error) {
      metrics.errors.inc({ cache: name, operation: 'publish' });
      logger.warn({ cache: name, err: (error as Error).message }, 'could not propagate a cache invalidation');
    }
  };

  const invalidate = async (kind: K, key?: string) => {
    applyLocally(kind, key, 'local');
    if (key === undefined) {
      const gen = await l2?.bump(kind);
      await publish({ kind, ...(gen !== undefined ? { gen } : {}) });
    } else {
      await l2?.delete(kind, key);
      await publish({ kind, key });
    }
  };

  return {
    levels: l2 ? 'l1+l2' : 'l1',

    async getOrLoad<T>(
      kind: K,
      key: string,
      load: () => Promise<T>,
      { shouldStore }: GetOrLoadOptions<T> = {},
    ): Promise<T> {
      // Taken before anything else: an invalidation from here on makes the loaded value unsafe to
      // store, and a read that starts after an invalidation must not join a load begun before it
      // (so the epoch is part of the single-flight key).
      const epoch = epochs.get(kind) ?? 0;
      const flightKey = `${kind}\u0000${epoch}\u0000${key}`;
      const pending = inflight.get(flightKey);
      if (pending) return pending as Promise<T>;
      const local = l1.get(kind, key);
      if (local) {
        count(kind, 'l1', true);
        return local.value as T;
      }
      const flight = (async () => {
        const found = await lookup(kind, key);
        if (found) return found.value as T;
        const value = await load();
        const storable = value !== undefined && (shouldStore?.(value) ?? true);
        if ((epochs.get(kind) ?? 0) === epoch && storable) {
          l1.set(kind, key, value);
          // The caller does not wait for Redis: L2.set handles its own failures.
          void l2?.set(kind, key, value, kinds[kind].ttlMs);
        }
        return value;
      })().finally(() => inflight.delete(flightKey));
      inflight.set(flightKey, flight);
      return flight;
    },

    async get<T>(kind: K, key: string) {
      return (await lookup(kind, key))?.value as T | undefined;
    },

    async set(kind, key, value) {
      await store(kind, key, value);
    },

    invalidate,

    async invalidateKinds(list) {
      await Promise.all(list.map((kind) => invalidate(kind)));
    },

    async start() {
      if (!options.pubsub || unlisten) return;
      unlisten = await options.pubsub.listen<InvalidationMessage>(channel, (message) => {
        if (!message || message.origin === instanceId || !isKind(message.kind)) return;
        if (typeof message.gen === 'number') l2?.observe(message.kind, message.gen);
        applyLocally(message.kind, typeof message.key === 'string' ? message.key : undefined, 'remote');
      });
    },

    async close() {
      await unlisten?.();
      unlisten = undefined;
      l1.clearAll();
    },
  };
}
