import { tokenize } from '../../../core/llm/embeddings-tokens.js';
import type { ChunkFilter } from '../model.js';

/**
 * Orama's tokenizer interface backed by the shared identifier-aware tokenizer, so the embedded
 * BM25 index and Qdrant's sparse vectors see the same terms.
 */
export function oramaTokenizer() {
  return {
    language: 'english',
    normalizationCache: new Map<string, string>(),
    tokenize: (raw: string) => (typeof raw === 'string' ? tokenize(raw) : [String(raw)]),
  };
}

/** A chunk filter as an Orama `where` clause (enum fields match exactly), or undefined for none. */
export function oramaWhere(filter: ChunkFilter | undefined): Record<string, unknown> | undefined {
  if (!filter) return undefined;
  const where: Record<string, unknown> = {};
  if (filter.documentIds?.length) where['documentId'] = { in: [...filter.documentIds] };
  if (filter.mimeTypes?.length) where['mimeType'] = { in: [...filter.mimeTypes] };
  if (filter.sources?.length) where['source'] = { in: [...filter.sources] };
  if (filter.tags?.length) where['tags'] = { containsAny: [...filter.tags] };
  if (filter.identifiers?.length) where['identifiers'] = { containsAny: [...filter.identifiers] };
  return Object.keys(where).length > 0 ? where : undefined;
}
