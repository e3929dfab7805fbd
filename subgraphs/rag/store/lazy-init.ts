import type { Logger } from '../../../core/logger.js';
import type { VectorStore } from './types.js';

/**
 * Lets the subgraph start while its store is unreachable (Qdrant down at boot): init is tried at
 * start and again before each use, at most every `retryMs`, until it succeeds. Calls in between
 * fail fast with the init error, which the caller's translation turns into UPSTREAM_UNAVAILABLE
 * (readiness shows that error too: its stats() call fails with it).
 */
export function withLazyInit(store: VectorStore, logger: Logger, retryMs = 5000): VectorStore {
  let ready = false;
  let lastError: Error | undefined;
  let lastAttempt = 0;
  let pending: Promise<void> | undefined;

  const ensure = async () => {
    if (ready) return;
    if (lastError && Date.now() - lastAttempt < retryMs) throw lastError;
    pending ??= (async () => {
      lastAttempt = Date.now();
      try {
        await store.init();
        ready = true;
        if (lastError) logger.info({ store: store.mode }, 'vector store initialised');
        lastError = undefined;
      } catch (error) {
        lastError = error as Error;
        logger.warn({ store: store.mode, err: lastError.message }, 'vector store not available yet');
        throw error;
      } finally {
        pending = undefined;
      }
    })();
    await pending;
  };

  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await ensure();
      return fn(...args);
    };

  return {
    mode: store.mode,
    location: store.location,
    init: ensure,
    searchableSpaces: () => store.searchableSpaces(),
    putDocument: guard(store.putDocument),
    getDocument: guard(store.getDocument),
    findDocumentByHash: guard(store.findDocumentByHash),
    listDocuments: guard(store.listDocuments),
    deleteDocument: guard(store.deleteDocument),
    searchVector: guard(store.searchVector),
    searchKeyword: guard(store.searchKeyword),
    chunksMissing: guard(store.chunksMissing),
    setVectors: guard(store.setVectors),
    stats: guard(store.stats),
    close: () => store.close(),
  };
}
