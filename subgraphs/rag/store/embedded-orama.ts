import { tokenize } from '../../../core/llm/embeddings-tokens.js';
import type { ChunkFilter } from '../model.js';

/** Appended to every term: see oramaTokenizer. */
const END = '$';

/**
 * Orama's tokenizer interface backed by the shared identifier-aware tokenizer, so the embedded
 * BM25 index and Qdrant's sparse vectors see the same terms.
 *
 * Orama matches search terms as prefixes (search-as-you-type): "run" would also score
 * "running", "ora" every "oracle", "sh" every "should". Keyword retrieval must match whole
 * terms, as Qdrant's sparse vectors do, and Orama's `exact` option adds a case-sensitive phrase
 * filter we do not want. So every term, indexed or searched, ends with a marker the tokenizer
 * never produces: a prefix of "run$" can only be "run$" itself.
 */
export function oramaTokenizer() {
  return {
    language: 'english',
    normalizationCache: new Map<string, string>(),
    tokenize: (raw: string) =>
      (typeof raw === 'string' ? tokenize(raw) : [String(raw)]).map((t) => `${t}${END}`),
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
