import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis/index.js';
import { closeRedisClient } from '../redis/index.js';
import { createQueueIterator } from './queue.js';
import type { PubSub } from './types.js';

export interface RedisPubSubOptions {
  /** Client used for PUBLISH (shared with other commands). */
  publisher: RedisClient;
  /** A dedicated connection: a subscribed Redis connection cannot run other commands. */
  subscriber: RedisClient;
  /** Prepended to every channel so deployments sharing a Redis do not hear each other. */
  prefix: string;
  logger: Logger;
}

/** Cross-instance fan-out over Redis PUBLISH/SUBSCRIBE (one SUBSCRIBE per channel per process). */
export function createRedisPubSub({ publisher, subscriber, prefix, logger }: RedisPubSubOptions): PubSub {
  const handlers = new Map<string, Set<(payload: unknown) => void>>();

  subscriber.on('message', (fullChannel: string, message: string) => {
    const set = handlers.get(fullChannel);
    if (!set) return;
    let payload: unknown;
    try {
      payload = JSON.parse(message);
    } catch {
      logger.warn({ channel: fullChannel }, 'dropping a pub/sub message that is not JSON');
      return;
    }
    for (const handler of set) handler(payload);
  });

  const add = async (channel: string, handler: (payload: unknown) => void) => {
    const full = prefix + channel;
    let set = handlers.get(full);
    if (!set) {
      set = new Set();
      handlers.set(full, set);
      await subscriber.subscribe(full);
    }
    set.add(handler);
    return async () => {
      const current = handlers.get(full);
      if (!current) return;
      current.delete(handler);
      if (current.size === 0) {
        handlers.delete(full);
        await subscriber.unsubscribe(full).catch(() => undefined);
      }
    };
  };

  return {
    kind: 'redis',
    async publish(channel, payload) {
      await publisher.publish(prefix + channel, JSON.stringify(payload ?? null));
    },
    subscribe<T>(channel: string, options?: { bufferSize?: number }) {
      let remove: (() => Promise<void>) | undefined;
      let closed = false;
      const { iterator, push } = createQueueIterator<T>(() => {
        closed = true;
        void remove?.();
      }, options);
      void add(channel, (payload) => push(payload as T)).then(
        (unsubscribe) => {
          remove = unsubscribe;
          if (closed) void unsubscribe();
        },
        (error: unknown) => {
          logger.warn({ channel, err: (error as Error).message }, 'redis subscribe failed');
          void iterator.return?.();
        },
      );
      return iterator;
    },
    listen<T>(channel: string, handler: (payload: T) => void) {
      return add(channel, handler as (payload: unknown) => void);
    },
    async close() {
      handlers.clear();
      await closeRedisClient(subscriber);
    },
  };
}
