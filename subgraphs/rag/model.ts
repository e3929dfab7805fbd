/** The rag subgraph's records: what the stores keep and the resolvers serve. */

export type DocumentSource = 'UPLOAD' | 'CORPUS';
export type DocumentLanguage = 'en' | 'pt' | 'unknown';

/** One ingested document; its id is derived from the content hash, so re-ingesting is idempotent. */
export interface DocumentRecord {
  readonly id: string;
  readonly title: string;
  readonly filename: string;
  readonly mimeType: string;
  readonly source: DocumentSource;
  readonly sizeBytes: number;
  /** sha256 of the raw bytes, hex. */
  readonly contentHash: string;
  readonly chunkCount: number;
  readonly tags: readonly string[];
  readonly language: DocumentLanguage;
  /** `sub` of the caller who ingested it (`system` for the bundled corpus). */
  readonly ingestedBy: string;
  /** ISO-8601. */
  readonly createdAt: string;
}

/** A passage of a document: the unit of retrieval. */
export interface ChunkRecord {
  /** UUID derived from document id and index (Qdrant point ids must be UUIDs or integers). */
  readonly id: string;
  readonly documentId: string;
  readonly chunkIndex: number;
  readonly text: string;
  /** Heading path, e.g. "LOAD_DW_SALES fails with ORA-01653 > Fix"; null before the first heading. */
  readonly section: string | null;
  /** HWA identifiers the passage mentions, upper-case: job/stream/workstation names, message ids, RC=n. */
  readonly identifiers: readonly string[];
}

/** A chunk with its vectors, by embedding space name. */
export interface ChunkWithVectors extends ChunkRecord {
  readonly vectors: Readonly<Record<string, number[]>>;
}

export interface ScoredChunk {
  readonly chunk: ChunkRecord;
  readonly document: DocumentRecord;
  /** Store-specific score (cosine similarity, BM25); only its order is used by fusion. */
  readonly score: number;
}

/** Restricts a search; every given list is an OR inside and an AND with the others. */
export interface ChunkFilter {
  readonly documentIds?: readonly string[] | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly mimeTypes?: readonly string[] | undefined;
  readonly sources?: readonly DocumentSource[] | undefined;
  /** Passages that mention at least one of these identifiers (upper-case). */
  readonly identifiers?: readonly string[] | undefined;
}
