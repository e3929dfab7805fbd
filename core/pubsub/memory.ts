import { EventEmitter } from 'node:events';
import { createQueueIterator } from './queue.js';
import type { PubSub } from './types.js';

/** Single-process fan-out, used when no REDIS_URL is set (the embedded default). */
export function createMemoryPubSub(): PubSub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    kind: 'memory',
    async publish(channel, payload) {
      // Serialise like Redis would, so both implementations deliver the same shapes.
      const copy: unknown = JSON.parse(JSON.stringify(payload ?? null));
      emitter.emit(channel, copy);
    },
    subscribe<T>(channel: string, options?: { bufferSize?: number }) {
      const { iterator, push } = createQueueIterator<T>(() => emitter.off(channel, push), options);
      emitter.on(channel, push);
      return iterator;
    },
    async listen<T>(channel: string, handler: (payload: T) => void) {
      emitter.on(channel, handler);
      return async () => {
        emitter.off(channel, handler);
      };
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}
