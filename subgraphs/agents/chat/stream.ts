import type { ChatEvent } from './events.js';

/**
 * The iterator behind one `chat` subscription. Hand-written rather than an async generator:
 * graphql-ws calls `return()` when the client unsubscribes, and a generator's `return()` would
 * wait for its pending `await` (a provider chunk that may never come). Here `return()` aborts
 * the turn at once — the provider request is closed through `signal` — and ends the stream.
 */
export function createChatStream(
  run: (emit: (event: ChatEvent) => void, signal: AbortSignal) => Promise<void>,
) {
  const controller = new AbortController();
  const buffer: ChatEvent[] = [];
  let waiting: ((result: IteratorResult<ChatEvent>) => void) | undefined;
  let ended = false;

  const end = () => {
    ended = true;
    waiting?.({ value: undefined, done: true });
    waiting = undefined;
  };
  const emit = (event: ChatEvent) => {
    if (ended) return;
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: event, done: false });
    } else buffer.push(event);
  };

  const iterator: AsyncIterableIterator<ChatEvent> = {
    next() {
      if (buffer.length > 0) return Promise.resolve({ value: buffer.shift()!, done: false });
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return() {
      controller.abort();
      buffer.length = 0;
      end();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };

  // The turn always ends the stream itself (after ChatCompleted or ChatFailed).
  void run(emit, controller.signal)
    .catch(() => undefined)
    .finally(end);
  return iterator;
}
