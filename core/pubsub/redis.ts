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
  // `ready` is the channel's one SUBSCRIBE: later callers await it instead of assuming it worked,
  // and a failed SUBSCRIBE removes the entry so the next caller tries again.
  const channels = new Map<string, { handlers: Set<(payload: unknown) => void>; ready: Promise<unknown> }>();

  subscriber.on('message', (fullChannel: string, message: string) => {
    const entry = channels.get(fullChannel);
    if (!entry) return;
    let payload: unknown;
    try {
      payload = JSON.parse(message);
    } catch {
      logger.warn({ channel: fullChannel }, 'dropping a pub/sub message that is not JSON');
      return;
    }
    for (const handler of entry.handlers) handler(payload);
  });

  const add = async (channel: string, handler: (payload: unknown) => void) => {
    const full = prefix + channel;
    let entry = channels.get(full);
    if (!entry) {
      const created = { handlers: new Set<(payload: unknown) => void>(), ready: subscriber.subscribe(full) };
      created.ready.catch(() => {
        if (channels.get(full) === created) channels.delete(full);
      });
      channels.set(full, created);
      entry = created;
    }
    // Registered before awaiting so a concurrent unsubscribe of another handler keeps the channel.
    entry.handlers.add(handler);
    try {
      await entry.ready;
    } catch (error) {
      entry.handlers.delete(handler);
      throw error;
    }
    const subscribed = entry;
    return async () => {
      subscribed.handlers.delete(handler);
      if (subscribed.handlers.size === 0 && channels.get(full) === subscribed) {
        channels.delete(full);
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
      channels.clear();
      await closeRedisClient(subscriber);
    },
  };
}
