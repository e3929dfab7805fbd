import type { Registry } from 'prom-client';
import type { EmbeddingChain } from '../../../core/llm/embeddings-chain.js';
import type { Logger } from '../../../core/logger.js';
import { histogram } from '../../../core/metrics.js';
import { boostableIdentifiers } from '../ingest/identifiers.js';
import type { ChunkFilter, ScoredChunk } from '../model.js';
import type { VectorStore } from '../store/types.js';
import { fuse, type FusedPassage, type RankedList } from './fusion.js';

export interface RetrievalResult {
  passages: FusedPassage[];
  /** The embedding space the vector search used (the first provider that answered). */
  vectorSpace: string;
  /** Whether that space is semantic (a remote model) or the offline lexical one. */
  semantic: boolean;
  /** Providers that failed before one answered. */
  failures: ReadonlyArray<{ provider: string; error: string }>;
}

export interface Retriever {
  /** Hybrid search: vector + keyword fused by reciprocal rank, with exact-identifier boosts. */
  search(
    query: string,
    options: { limit: number; filter?: ChunkFilter | undefined },
  ): Promise<RetrievalResult>;
  /** Passages that name a job exactly, best first, one per document before any second one. */
  runbooksFor(jobName: string, limit: number): Promise<FusedPassage[]>;
}

export interface RetrieverOptions {
  store: VectorStore;
  embeddings: EmbeddingChain;
  registry: Registry;
  logger: Logger;
}

export function createRetriever({ store, embeddings, registry, logger }: RetrieverOptions): Retriever {
  const duration = histogram(registry, {
    name: 'resync_rag_retrieval_duration_seconds',
    help: 'Hybrid retrieval latency (embedding the query, searches, fusion) by kind',
    labelNames: ['kind'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });

  return {
    async search(query, { limit, filter }) {
      const started = performance.now();
      const pool = Math.max(limit * 4, 20);
      const identifiers = boostableIdentifiers(query);
      const [dense, keyword, exact] = await Promise.all([
        embeddings.embedQuery(query, store.searchableSpaces()).then(async (q) => ({
          q,
          hits: q.vector.some((v) => v !== 0)
            ? await store.searchVector(q.provider.space.name, q.vector, { limit: pool, filter })
            : [],
        })),
        store.searchKeyword(query, { limit: pool, filter }),
        // Passages naming the query's identifiers join the pool even when BM25 ranks them low.
        identifiers.length > 0
          ? store.searchKeyword(query, { limit: pool, filter: { ...filter, identifiers } })
          : Promise.resolve([] as ScoredChunk[]),
      ]);
      if (dense.q.failures.length > 0)
        logger.debug({ failures: dense.q.failures }, 'query embedding fell back');
      const lists: RankedList[] = [
        // Offline lexical vectors mostly repeat what keywords already say: they break ties and
        // catch word variants, at half weight. A semantic model's vectors count as much as keywords.
        {
          name: `vector:${dense.q.provider.space.name}`,
          hits: dense.hits,
          weight: dense.q.provider.space.semantic ? 1 : 0.5,
        },
        { name: 'keyword', hits: mergeKeyword(keyword, exact) },
      ];
      const passages = fuse(lists, identifiers, limit);
      duration.observe({ kind: 'search' }, (performance.now() - started) / 1000);
      return {
        passages,
        vectorSpace: dense.q.provider.space.name,
        semantic: dense.q.provider.space.semantic,
        failures: dense.q.failures,
      };
    },
    async runbooksFor(jobName, limit) {
      const started = performance.now();
      const mentions = new RegExp(`(^|[^A-Za-z0-9_])${escapeRegExp(jobName)}($|[^A-Za-z0-9_])`);
      const [tagged, keyword] = await Promise.all([
        store.searchKeyword(jobName, { limit: 20, filter: { identifiers: [jobName] } }),
        store.searchKeyword(jobName, { limit: 20 }),
      ]);
      // Only passages that name the job: a runbook about another job is not attached to this one.
      const named = mergeKeyword(keyword, tagged).filter((h) =>
        mentions.test(`${h.document.title}\n${h.chunk.section ?? ''}\n${h.chunk.text}`),
      );
      const fused = fuse([{ name: 'keyword', hits: named }], [jobName], named.length);
      duration.observe({ kind: 'runbooks' }, (performance.now() - started) / 1000);
      return diversify(fused).slice(0, limit);
    },
  };
}

/** BM25 hits, with identifier-filtered hits missing from them appended in their own order. */
function mergeKeyword(keyword: readonly ScoredChunk[], extra: readonly ScoredChunk[]): ScoredChunk[] {
  const seen = new Set(keyword.map((h) => h.chunk.id));
  return [...keyword, ...extra.filter((h) => !seen.has(h.chunk.id))];
}

/** The best passage of each document first, then the other passages, each group in score order. */
function diversify(passages: readonly FusedPassage[]): FusedPassage[] {
  const first: FusedPassage[] = [];
  const rest: FusedPassage[] = [];
  const documents = new Set<string>();
  for (const p of passages) {
    if (documents.has(p.document.id)) rest.push(p);
    else {
      documents.add(p.document.id);
      first.push(p);
    }
  }
  return [...first, ...rest];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
