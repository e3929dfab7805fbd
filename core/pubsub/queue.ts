import type { SubscribeOptions } from './types.js';

/**
 * A push-to-pull adapter: producers `push`, one consumer iterates. Bounded, so a stalled
 * subscriber costs at most `bufferSize` messages of memory (oldest dropped first).
 */
export function createQueueIterator<T>(
  onClose: () => void,
  { bufferSize = 1000 }: SubscribeOptions = {},
): { iterator: AsyncIterableIterator<T>; push(value: T): void } {
  const buffer: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let done = false;

  const finish = (): IteratorResult<T> => {
    if (!done) {
      done = true;
      buffer.length = 0;
      onClose();
      waiting?.({ value: undefined, done: true });
      waiting = undefined;
    }
    return { value: undefined, done: true };
  };

  const iterator: AsyncIterableIterator<T> = {
    next() {
      if (buffer.length > 0) return Promise.resolve({ value: buffer.shift() as T, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return() {
      return Promise.resolve(finish());
    },
    throw(error?: unknown) {
      finish();
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };

  return {
    iterator,
    push(value) {
      if (done) return;
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value, done: false });
        return;
      }
      buffer.push(value);
      if (buffer.length > bufferSize) buffer.shift();
    },
  };
}
