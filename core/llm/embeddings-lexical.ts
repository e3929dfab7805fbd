import type { EmbeddingProvider } from './embeddings.js';
import { spaceName } from './embeddings.js';
import { fnv1a, termFrequencies, tokenize } from './embeddings-tokens.js';

/** Bump when the feature recipe changes: the space name changes and stored vectors are rebuilt. */
const RECIPE = 'hashed-v1';
const SIGN_SEED = 0x9e3779b9;
/** Share of a word's weight spread over its character trigrams (fuzzy matching of inflections). */
const TRIGRAM_SHARE = 0.5;

export interface LexicalEmbeddingOptions {
  /** Vector size; more dimensions mean fewer hash collisions. @default 512 */
  dimensions?: number;
}

/**
 * The offline default: a hashed bag of words plus character trigrams, L2-normalised. It needs
 * no network and no model, and it is honest about what it is: two texts are close when they
 * share words or word pieces ("falhou"/"falha", "tablespace"/"tablespaces"), not when they
 * mean the same thing. Health reports it as `offline lexical`.
 */
export function createLexicalEmbeddings({
  dimensions = 512,
}: LexicalEmbeddingOptions = {}): EmbeddingProvider {
  const space = { name: spaceName('lexical', RECIPE, dimensions), dimensions, semantic: false };
  return {
    name: 'lexical',
    model: RECIPE,
    space,
    mode: 'offline lexical',
    async embed(texts) {
      return texts.map((text) => lexicalVector(text, dimensions));
    },
    state: () => 'closed',
  };
}

/** The vector of one text; all zeros for a text without terms. */
export function lexicalVector(text: string, dimensions: number): number[] {
  const vector = new Float64Array(dimensions);
  const add = (feature: string, weight: number) => {
    const index = fnv1a(feature) % dimensions;
    vector[index]! += (fnv1a(feature, SIGN_SEED) & 1) === 1 ? weight : -weight;
  };
  for (const [term, count] of termFrequencies(tokenize(text))) {
    const weight = 1 + Math.log(count);
    add(`w:${term}`, weight);
    // Identifiers and numbers must match exactly; trigrams would make ORA-01653 close to ORA-01652.
    if (/^[a-z]{4,}$/.test(term)) {
      const padded = `^${term}$`;
      const grams = padded.length - 2;
      const each = (weight * TRIGRAM_SHARE) / Math.sqrt(grams);
      for (let i = 0; i < grams; i++) add(`g:${padded.slice(i, i + 3)}`, each);
    }
  }
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  return Array.from(vector, (v) => (norm === 0 ? 0 : v / norm));
}
