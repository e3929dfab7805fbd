import type { EmbeddingSpace } from '../../../core/llm/embeddings.js';
import type { ChunkFilter, ChunkRecord, ChunkWithVectors, DocumentRecord, ScoredChunk } from '../model.js';

export interface SearchOptions {
  limit: number;
  filter?: ChunkFilter | undefined;
}

export interface VectorUpdate {
  chunkId: string;
  vector: number[];
  /** Every space the chunk has vectors in after this update. */
  spaces: readonly string[];
}

/** A chunk lacking a vector in some space, with the spaces it has. */
export interface ChunkSpaces {
  chunk: ChunkRecord;
  spaces: readonly string[];
}

/**
 * Where chunks, their vectors and the document records live. Two implementations pass the same
 * conformance suite (test/integration/rag/store-conformance.test.ts): Qdrant in production and
 * an embedded persistent store (Orama) for the first run and CI.
 */
export interface VectorStore {
  readonly mode: 'embedded' | 'qdrant';
  /** Where the data is, for health: a file path or a URL and collection. */
  readonly location: string;
  /** Creates the collection (or loads the file); safe to call once per process. */
  init(): Promise<void>;
  /** The configured spaces this store can search (a Qdrant collection made for other models lacks some). */
  searchableSpaces(): ReadonlySet<string>;
  /** Stores a document and its chunks, replacing any previous version with the same id. */
  putDocument(document: DocumentRecord, chunks: readonly ChunkWithVectors[]): Promise<void>;
  getDocument(id: string): Promise<DocumentRecord | undefined>;
  findDocumentByHash(contentHash: string): Promise<DocumentRecord | undefined>;
  /** Newest first. */
  listDocuments(options: { limit: number; offset: number }): Promise<DocumentRecord[]>;
  /** Removes the document, its chunks and their vectors; returns how many chunks went (0: unknown id). */
  deleteDocument(id: string): Promise<number>;
  /** Nearest chunks to `vector` in `space` (cosine), best first. */
  searchVector(space: string, vector: readonly number[], options: SearchOptions): Promise<ScoredChunk[]>;
  /** Keyword (BM25-like) search over chunk text, title and section, best first. */
  searchKeyword(query: string, options: SearchOptions): Promise<ScoredChunk[]>;
  /** Chunks without a vector in `space` (ingested while a provider was down), for backfill. */
  chunksMissing(space: string, limit: number): Promise<ChunkSpaces[]>;
  setVectors(space: string, updates: readonly VectorUpdate[]): Promise<void>;
  stats(): Promise<{ documents: number; chunks: number }>;
  close(): Promise<void>;
}

export interface VectorStoreOptions {
  spaces: readonly EmbeddingSpace[];
}
