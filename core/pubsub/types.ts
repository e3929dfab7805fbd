/**
 * Fan-out of events between instances (jobStatusChanged, healthChanged, cache invalidation,
 * chat). Payloads are JSON-serialisable values; channels are plain names (the Redis
 * implementation adds the deployment's key prefix).
 */
export interface PubSub {
  readonly kind: 'redis' | 'memory';
  publish(channel: string, payload: unknown): Promise<void>;
  /** Delivers each message published after the call; `return()` on the iterator unsubscribes. */
  subscribe<T = unknown>(channel: string, options?: SubscribeOptions): AsyncIterableIterator<T>;
  /** Callback form for internal listeners (cache invalidation). Returns an unsubscribe function. */
  listen<T = unknown>(channel: string, handler: (payload: T) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface SubscribeOptions {
  /** Messages buffered for a slow consumer before the oldest are dropped. @default 1000 */
  bufferSize?: number;
}
