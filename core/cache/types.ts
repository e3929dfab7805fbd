/** One kind of cached value with its own lifetime, e.g. `job` (seconds) or `jobDefinition` (hours). */
export interface CacheKind {
  /** Lifetime in both levels. */
  ttlMs: number;
  /** Most entries kept in process (L1), least recently used evicted first. @default 1000 */
  maxEntries?: number;
}

/**
 * A two-level read-through cache. Values must be JSON-serialisable and are shared, not copied:
 * treat what `getOrLoad` returns as immutable.
 */
export interface Cache<K extends string> {
  /** L1 only, or L1 over Redis. */
  readonly levels: 'l1' | 'l1+l2';
  /**
   * The cached value, or `load()`'s result stored in both levels. Concurrent misses of one key in
   * this process share a single `load()` (single flight). Errors are not cached; `undefined` and
   * values `shouldStore` refuses are not stored.
   */
  getOrLoad<T>(kind: K, key: string, load: () => Promise<T>, options?: GetOrLoadOptions<T>): Promise<T>;
  get<T>(kind: K, key: string): Promise<T | undefined>;
  set(kind: K, key: string, value: unknown): Promise<void>;
  /** Drops one key, or the whole kind when `key` is omitted, here and in every other instance. */
  invalidate(kind: K, key?: string): Promise<void>;
  invalidateKinds(kinds: readonly K[]): Promise<void>;
  /** Starts listening for other instances' invalidations (call once, before serving). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface GetOrLoadOptions<T> {
  /**
   * Whether a freshly loaded value may be stored (e.g. not a degraded fallback that the next
   * call should try to improve on). Callers sharing the load still receive it. @default always
   */
  shouldStore?: (value: T) => boolean;
}

/** What travels on the pub/sub channel between instances. */
export interface InvalidationMessage {
  /** Instance that invalidated (it ignores its own echo). */
  origin: string;
  kind: string;
  /** One key; absent for the whole kind. */
  key?: string;
  /** The kind's new L2 generation, for a whole-kind invalidation. */
  gen?: number;
}
