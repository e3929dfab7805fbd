/**
 * Contracts of the embeddings providers (types only, plus the space naming rule). Features
 * import this module; the implementations live in embeddings-openai.ts (NVIDIA and OpenAI
 * through their OpenAI-compatible API) and embeddings-lexical.ts (the offline default).
 */

/** Queries and passages are embedded differently by asymmetric models (NVIDIA's `input_type`). */
export type EmbeddingPurpose = 'query' | 'passage';

/**
 * A vector space: vectors are only comparable inside one. Each provider and model has its own,
 * so a fallback from NVIDIA to OpenAI never compares an OpenAI query with NVIDIA passages.
 */
export interface EmbeddingSpace {
  /** Name of the vector in the store, unique per provider, model and size. */
  readonly name: string;
  readonly dimensions: number;
  /** False for the offline lexical embedding: it matches words and word pieces, not meaning. */
  readonly semantic: boolean;
}

export type BreakerStateName = 'closed' | 'open' | 'halfOpen';

export interface EmbeddingProvider {
  /** `nvidia`, `openai` or `lexical`. */
  readonly name: string;
  readonly model: string;
  readonly space: EmbeddingSpace;
  /** How health describes it: `nvidia`, `openai` or `offline lexical`. */
  readonly mode: string;
  /** One vector per text, in order. Throws a coded error (UPSTREAM_UNAVAILABLE) when it fails. */
  embed(texts: readonly string[], purpose: EmbeddingPurpose): Promise<number[][]>;
  /** Breaker state of a remote provider; a local one is always `closed`. */
  state(): BreakerStateName;
  /** Calls `listener` whenever a remote provider's breaker closes again (it answers again). */
  onRecovered?(listener: () => void): void;
}

/** A remote provider that is configured but cannot be used, and why (shown by health). */
export interface DisabledProvider {
  readonly name: string;
  readonly reason: string;
}

/** The outcome of embedding a query: which provider answered, and who failed before it. */
export interface QueryEmbedding {
  readonly provider: EmbeddingProvider;
  readonly vector: number[];
  readonly failures: ReadonlyArray<{ provider: string; error: string }>;
}

/** Vectors of a batch of passages in every space that answered. */
export interface PassageEmbeddings {
  readonly vectors: ReadonlyMap<string, number[][]>;
  readonly failures: ReadonlyArray<{ provider: string; error: string }>;
}

/** Builds a store-safe vector name, e.g. `nvidia-nv-embedqa-e5-v5-1024`. */
export function spaceName(provider: string, model: string, dimensions: number): string {
  const slug = `${provider}-${model.replace(/^.*\//, '')}-${dimensions}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, 100);
}
