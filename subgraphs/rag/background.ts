import type { EmbeddingChain } from '../../core/llm/embeddings-chain.js';
import type { Logger } from '../../core/logger.js';
import { loadCorpus, type CorpusCounts } from './corpus-loader.js';
import type { IngestService } from './ingest/ingest.js';

export type CorpusStatus =
  | { state: 'off' }
  | { state: 'loading'; dir: string; done: number; total: number }
  | ({ state: 'loaded'; dir: string } & CorpusCounts)
  | { state: 'failed'; dir: string; error: string };

export interface RagBackgroundOptions {
  ingest: IngestService;
  embeddings: EmbeddingChain;
  /** The folder loaded at start; undefined when RAG_LOAD_CORPUS is off. */
  corpusDir: string | undefined;
  logger: Logger;
  /** How often an unfinished backfill is tried again. @default 60000 */
  retryMs?: number;
}

export interface RagBackground {
  /** Loads the corpus, then backfills; returns at once (the service serves meanwhile). */
  start(): void;
  /** A document was stored without some provider's vectors: backfill at the next chance. */
  vectorsMissing(): void;
  corpus(): CorpusStatus;
  /** Stops between files and backfill batches, and waits for that. */
  stop(): Promise<void>;
}

/**
 * rag's work off the request path: the corpus load at start (a slow embeddings provider must not
 * delay the service's start) and the backfill of vectors that chunks lack because a provider was
 * down when they were ingested. The backfill runs after the corpus load, whenever a provider's
 * breaker closes again, and every `retryMs` while some chunks may still lack a vector.
 */
export function createRagBackground(options: RagBackgroundOptions): RagBackground {
  const { ingest, embeddings, corpusDir, logger, retryMs = 60_000 } = options;
  const stopping = new AbortController();
  let corpus: CorpusStatus = { state: 'off' };
  let corpusTask: Promise<void> | undefined;
  let backfilling: Promise<void> | undefined;
  let again = false;
  // Unknown at start (chunks from an earlier run may lack vectors): the first backfill tells.
  let pending = true;
  let timer: NodeJS.Timeout | undefined;

  const runBackfills = async () => {
    do {
      again = false;
      try {
        pending = !(await ingest.backfill(stopping.signal)).complete;
      } catch (error) {
        pending = true;
        logger.warn({ err: (error as Error).message }, 'embeddings backfill failed');
      }
    } while (again && !stopping.signal.aborted);
    // Cleared in the same turn as the last check of `again`: a trigger arriving later starts a new run.
    backfilling = undefined;
  };
  const backfill = () => {
    if (stopping.signal.aborted) return;
    if (backfilling) {
      again = true; // one more pass once this one ends: the trigger may concern chunks it passed
      return;
    }
    backfilling = runBackfills();
  };

  const loadThenBackfill = async (dir: string) => {
    corpus = { state: 'loading', dir, done: 0, total: 0 };
    try {
      const counts = await loadCorpus(ingest, dir, logger, {
        signal: stopping.signal,
        onProgress: (done, total) => (corpus = { state: 'loading', dir, done, total }),
      });
      corpus = { state: 'loaded', dir, ...counts };
    } catch (error) {
      corpus = { state: 'failed', dir, error: (error as Error).message };
      logger.warn({ dir, err: (error as Error).message }, 'corpus not loaded');
    }
    backfill();
  };

  return {
    start() {
      for (const provider of embeddings.providers) provider.onRecovered?.(backfill);
      timer = setInterval(() => {
        if (pending) backfill();
      }, retryMs);
      timer.unref();
      if (corpusDir) corpusTask = loadThenBackfill(corpusDir);
      else backfill();
    },
    vectorsMissing() {
      pending = true;
    },
    corpus: () => corpus,
    async stop() {
      stopping.abort();
      clearInterval(timer);
      await corpusTask;
      await backfilling;
    },
  };
}
