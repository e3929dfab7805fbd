import { createHash } from 'node:crypto';
import { createCache } from '../../../core/cache/index.js';
import type { ServiceRuntime } from '../../../core/runtime.js';
import type { Answer } from './types.js';

export interface AnswerCache {
  /**
   * The cached answer to a question, or `load()`'s. Concurrent identical questions share one
   * load (one retrieval, one LLM call); a load that overlaps an invalidation is not stored, nor
   * an answer `shouldStore` refuses.
   */
  getOrLoad(
    normalisedQuestion: string,
    timeSensitive: boolean,
    load: () => Promise<Answer>,
    shouldStore: (answer: Answer) => boolean,
  ): Promise<Answer>;
  /** Called when documents change: answers computed from the old corpus are dropped everywhere. */
  invalidate(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

type Kind = 'answer' | 'answerNow';

/**
 * Answers of `ask` in core/cache (L1 over Redis, invalidation over pub/sub), keyed by a hash of
 * the normalised question. Time-sensitive questions ("today", "hoje", "now", "agora") live in
 * their own kind with a short TTL; ingesting or deleting a document invalidates both kinds.
 */
export function createAnswerCache(
  runtime: Pick<ServiceRuntime, 'redis' | 'keyPrefix' | 'pubsub' | 'registry' | 'logger'>,
  ttl: { seconds: number; shortSeconds: number },
): AnswerCache {
  const cache = createCache<Kind>({
    name: 'rag',
    kinds: { answer: { ttlMs: ttl.seconds * 1000 }, answerNow: { ttlMs: ttl.shortSeconds * 1000 } },
    redis: runtime.redis,
    keyPrefix: runtime.keyPrefix,
    pubsub: runtime.pubsub,
    registry: runtime.registry,
    logger: runtime.logger,
  });
  const key = (q: string) => createHash('sha256').update(q).digest('hex').slice(0, 40);
  const kind = (timeSensitive: boolean): Kind => (timeSensitive ? 'answerNow' : 'answer');
  return {
    getOrLoad: (q, timeSensitive, load, shouldStore) =>
      cache.getOrLoad(kind(timeSensitive), key(q), load, { shouldStore }),
    invalidate: () => cache.invalidateKinds(['answer', 'answerNow']),
    start: () => cache.start(),
    close: () => cache.close(),
  };
}
