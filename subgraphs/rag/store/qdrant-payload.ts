import type { Schemas } from '@qdrant/js-client-rest';
import type { ChunkFilter, ChunkRecord, DocumentRecord } from '../model.js';

/** Name of the sparse (BM25) vector next to the dense ones. */
export const KEYWORD_VECTOR = 'keywords';

/**
 * Payload of one point. Filterable fields are top-level and indexed; the whole document record
 * rides along so a search hit needs no second lookup.
 */
export interface ChunkPayload {
  doc_id: string;
  chunk_index: number;
  text: string;
  section: string | null;
  identifiers: string[];
  tags: string[];
  mime_type: string;
  source: string;
  content_hash: string;
  created_at_ms: number;
  spaces: string[];
  document: DocumentRecord;
  [key: string]: unknown;
}

/** Payload indexes created with the collection (filters and ordering need them). */
export const PAYLOAD_INDEXES: ReadonlyArray<{ field: string; schema: Schemas['PayloadFieldSchema'] }> = [
  { field: 'doc_id', schema: 'keyword' },
  { field: 'content_hash', schema: 'keyword' },
  { field: 'identifiers', schema: 'keyword' },
  { field: 'tags', schema: 'keyword' },
  { field: 'mime_type', schema: 'keyword' },
  { field: 'source', schema: 'keyword' },
  { field: 'spaces', schema: 'keyword' },
  { field: 'chunk_index', schema: 'integer' },
  // Ordering `documents` newest first needs a range index.
  { field: 'created_at_ms', schema: { type: 'integer', lookup: false, range: true } },
];

export function toPayload(
  document: DocumentRecord,
  chunk: ChunkRecord,
  spaces: readonly string[],
): ChunkPayload {
  return {
    doc_id: document.id,
    chunk_index: chunk.chunkIndex,
    text: chunk.text,
    section: chunk.section,
    identifiers: [...chunk.identifiers],
    tags: [...document.tags],
    mime_type: document.mimeType,
    source: document.source,
    content_hash: document.contentHash,
    created_at_ms: Date.parse(document.createdAt),
    spaces: [...spaces],
    document,
  };
}

export function fromPayload(
  id: string | number,
  payload: Record<string, unknown> | null | undefined,
): { chunk: ChunkRecord; document: DocumentRecord; spaces: string[] } {
  const p = (payload ?? {}) as Partial<ChunkPayload>;
  if (!p.document || typeof p.doc_id !== 'string')
    throw new Error(`Qdrant point ${String(id)} has no document payload`);
  return {
    chunk: {
      id: String(id),
      documentId: p.doc_id,
      chunkIndex: p.chunk_index ?? 0,
      text: p.text ?? '',
      section: p.section ?? null,
      identifiers: p.identifiers ?? [],
    },
    document: p.document,
    spaces: p.spaces ?? [],
  };
}

type Condition = Schemas['FieldCondition'];

const anyOf = (key: string, values: readonly string[]): Condition => ({ key, match: { any: [...values] } });

/** A chunk filter as a Qdrant filter (`must` of `match.any` conditions), plus extra conditions. */
export function qdrantFilter(
  filter: ChunkFilter | undefined,
  extra: Condition[] = [],
): Schemas['Filter'] | undefined {
  const must: Condition[] = [...extra];
  if (filter?.documentIds?.length) must.push(anyOf('doc_id', filter.documentIds));
  if (filter?.tags?.length) must.push(anyOf('tags', filter.tags));
  if (filter?.mimeTypes?.length) must.push(anyOf('mime_type', filter.mimeTypes));
  if (filter?.sources?.length) must.push(anyOf('source', filter.sources));
  if (filter?.identifiers?.length) must.push(anyOf('identifiers', filter.identifiers));
  return must.length > 0 ? { must } : undefined;
}

export const firstChunk: Condition = { key: 'chunk_index', match: { value: 0 } };
