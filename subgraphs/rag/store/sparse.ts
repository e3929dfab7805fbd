import { fnv1a, termFrequencies, tokenize } from '../../../core/llm/embeddings-tokens.js';

/** A Qdrant sparse vector: strictly increasing unique indices and their weights. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

/** BM25's term-frequency saturation and length normalisation (Robertson's usual values). */
const K1 = 1.2;
const B = 0.75;
/** Typical chunk length in terms; Qdrant keeps no per-collection average, so it is fixed here. */
const AVERAGE_TERMS = 150;

/**
 * The document side of BM25 as a sparse vector: Qdrant multiplies it by the IDF it keeps per
 * index (`modifier: idf` on the sparse vector), so a dot product with the query's term vector
 * is a BM25 score. Terms are hashed to 32-bit indices; colliding terms add up.
 */
export function passageSparseVector(text: string): SparseVector {
  const tokens = tokenize(text);
  const norm = 1 - B + (B * tokens.length) / AVERAGE_TERMS;
  const weights = new Map<number, number>();
  for (const [term, tf] of termFrequencies(tokens)) {
    const index = fnv1a(term);
    weights.set(index, (weights.get(index) ?? 0) + (tf * (K1 + 1)) / (tf + K1 * norm));
  }
  return toSparse(weights);
}

/** The query side: each distinct term once, with weight 1. */
export function querySparseVector(text: string): SparseVector {
  const weights = new Map<number, number>();
  for (const term of new Set(tokenize(text))) weights.set(fnv1a(term), 1);
  return toSparse(weights);
}

function toSparse(weights: Map<number, number>): SparseVector {
  const indices = [...weights.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => weights.get(i)!) };
}
