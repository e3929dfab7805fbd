import { LRUCache } from 'lru-cache';
import type { CacheKind } from './types.js';

interface Boxed {
  value: unknown;
}

/**
 * In-process level: one LRU per kind, so a whole kind is dropped with `clear()` and a busy kind
 * cannot evict another's entries. Values are boxed because lru-cache refuses `null`.
 */
export class L1<K extends string> {
  private readonly lrus = new Map<K, LRUCache<string, Boxed>>();

  constructor(kinds: Readonly<Record<K, CacheKind>>) {
    for (const [kind, options] of Object.entries(kinds) as Array<[K, CacheKind]>) {
      this.lrus.set(
        kind,
        new LRUCache<string, Boxed>({
          max: options.maxEntries ?? 1000,
          ttl: options.ttlMs,
          ttlAutopurge: false,
        }),
      );
    }
  }

  get(kind: K, key: string): Boxed | undefined {
    return this.lru(kind).get(key);
  }

  set(kind: K, key: string, value: unknown): void {
    this.lru(kind).set(key, { value });
  }

  delete(kind: K, key: string): void {
    this.lru(kind).delete(key);
  }

  clear(kind: K): void {
    this.lru(kind).clear();
  }

  clearAll(): void {
    for (const lru of this.lrus.values()) lru.clear();
  }

  private lru(kind: K): LRUCache<string, Boxed> {
    const lru = this.lrus.get(kind);
    if (!lru) throw new Error(`unknown cache kind "${kind}"`);
    return lru;
  }
}
