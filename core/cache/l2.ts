import { createHash } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis/index.js';
import type { CacheMetrics } from './metrics.js';

export interface L2Options {
  redis: RedisClient;
  /** `<deployment prefix>cache:<name>:` */
  prefix: string;
  cacheName: string;
  metrics: CacheMetrics;
  logger: Logger;
  /** How long a kind's generation read from Redis is trusted. @default 30000 */
  generationTtlMs?: number;
}

/**
 * Redis level. A whole kind is invalidated by bumping its generation (INCR), which is part of every
 * key: O(1) and cluster-safe, where deleting by pattern would SCAN the whole keyspace. Old entries
 * expire by their TTL. Each instance mirrors the generations (updated by invalidation messages, and
 * re-read after `generationTtlMs` in case a pub/sub message was lost). Redis failures degrade to a
 * miss: the cache never makes a read fail.
 */
export class L2 {
  private readonly generations = new Map<string, { gen: number; readAt: number }>();
  private readonly pendingGenerations = new Map<string, Promise<number>>();
  private lastWarning = 0;

  constructor(private readonly o: L2Options) {}

  async get(kind: string, key: string): Promise<{ value: unknown } | undefined> {
    try {
      const raw = await this.o.redis.get(this.keyOf(kind, await this.generation(kind), key));
      return raw === null ? undefined : { value: JSON.parse(raw) as unknown };
    } catch (error) {
      this.failed('get', error);
      return undefined;
    }
  }

  async set(kind: string, key: string, value: unknown, ttlMs: number): Promise<void> {
    try {
      await this.o.redis.set(
        this.keyOf(kind, await this.generation(kind), key),
        JSON.stringify(value),
        'PX',
        ttlMs,
      );
    } catch (error) {
      this.failed('set', error);
    }
  }

  async delete(kind: string, key: string): Promise<void> {
    try {
      await this.o.redis.del(this.keyOf(kind, await this.generation(kind), key));
    } catch (error) {
      this.failed('del', error);
    }
  }

  /** Starts a new generation of `kind`; returns it (undefined when Redis failed). */
  async bump(kind: string): Promise<number | undefined> {
    try {
      const gen = await this.o.redis.incr(this.genKey(kind));
      this.observe(kind, gen);
      return gen;
    } catch (error) {
      this.failed('incr', error);
      // Forget the mirrored generation so the next read asks Redis again.
      this.generations.delete(kind);
      return undefined;
    }
  }

  /** Another instance started generation `gen` of `kind`. */
  observe(kind: string, gen: number): void {
    const known = this.generations.get(kind);
    if (!known || gen >= known.gen) this.generations.set(kind, { gen, readAt: Date.now() });
  }

  private async generation(kind: string): Promise<number> {
    const known = this.generations.get(kind);
    if (known && Date.now() - known.readAt < (this.o.generationTtlMs ?? 30_000)) return known.gen;
    let pending = this.pendingGenerations.get(kind);
    if (!pending) {
      const startedAt = Date.now();
      pending = this.o.redis
        .get(this.genKey(kind))
        .then((raw) => {
          const gen = raw === null ? 0 : Number(raw);
          // A newer generation announced by another instance while this GET was in flight wins
          // over the older value read here; otherwise Redis is the authority (even if lower).
          const meanwhile = this.generations.get(kind);
          if (meanwhile && meanwhile.readAt >= startedAt && meanwhile.gen > gen) return meanwhile.gen;
          this.generations.set(kind, { gen, readAt: Date.now() });
          return gen;
        })
        .finally(() => this.pendingGenerations.delete(kind));
      this.pendingGenerations.set(kind, pending);
    }
    return pending;
  }

  private genKey(kind: string): string {
    return `${this.o.prefix}${kind}:gen`;
  }

  private keyOf(kind: string, gen: number, key: string): string {
    // Keys can be long (an OQL query); hash those to keep Redis keys short and safe.
    const safe = key.length <= 120 ? key : `h:${createHash('sha256').update(key).digest('base64url')}`;
    return `${this.o.prefix}${kind}:${gen}:${safe}`;
  }

  private failed(operation: string, error: unknown): void {
    this.o.metrics.errors.inc({ cache: this.o.cacheName, operation });
    if (Date.now() - this.lastWarning > 30_000) {
      this.lastWarning = Date.now();
      this.o.logger.warn(
        { cache: this.o.cacheName, operation, err: (error as Error).message },
        'redis cache unavailable: serving without L2',
      );
    }
  }
}
