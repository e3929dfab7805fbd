import { QdrantClient, type Schemas } from '@qdrant/js-client-rest';
import type { Registry } from 'prom-client';
import type { EmbeddingSpace } from '../../../core/llm/embeddings.js';
import type { Logger } from '../../../core/logger.js';
import type { ChunkWithVectors, DocumentRecord, ScoredChunk } from '../model.js';
import { createQdrantCaller, statusOf } from './qdrant-call.js';
import {
  firstChunk,
  fromPayload,
  KEYWORD_VECTOR,
  PAYLOAD_INDEXES,
  qdrantFilter,
  toPayload,
} from './qdrant-payload.js';
import { passageSparseVector, querySparseVector } from './sparse.js';
import type { VectorStore } from './types.js';

export interface QdrantStoreOptions {
  url: string;
  apiKey?: string | undefined;
  collection: string;
  spaces: readonly EmbeddingSpace[];
  /** Deadline of one request. @default 5000 */
  timeoutMs?: number;
  registry: Registry;
  logger: Logger;
  /** Inject a client (tests). */
  client?: QdrantClient;
}

/** Points per upsert request. */
const UPSERT_BATCH = 64;

/**
 * The production store: one Qdrant collection with a named dense vector per embedding space
 * (cosine) and a sparse `keywords` vector with Qdrant's IDF modifier for BM25-style keyword
 * search. Document records ride in the payload of every chunk; chunk 0 stands for its document
 * in listings and lookups, so it is written last (see putDocument).
 */
export function createQdrantStore(options: QdrantStoreOptions): VectorStore {
  const { collection, spaces, timeoutMs = 5000, logger } = options;
  const client =
    options.client ??
    new QdrantClient({
      url: options.url,
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      timeout: timeoutMs,
      // Otherwise the constructor probes the server and console.warns when none answers (DEPENDENCIES P8).
      checkCompatibility: false,
    });
  const call = createQdrantCaller({ registry: options.registry, logger });
  let searchable = new Set(spaces.map((s) => s.name));
  // False for a collection made before keyword search existed: it has no sparse vector to fill.
  let keywords = true;

  const scrollDocuments = async (filter: Schemas['Filter'], limit: number, orderBy?: Schemas['OrderBy']) => {
    const result = await call('scroll', () =>
      client.scroll(collection, {
        filter,
        limit,
        with_payload: ['document'],
        with_vector: false,
        ...(orderBy ? { order_by: orderBy } : {}),
      }),
    );
    return result.points.map((p) => (p.payload as { document: DocumentRecord }).document);
  };

  const toScored = (points: Schemas['ScoredPoint'][]): ScoredChunk[] =>
    points.map((p) => {
      const { chunk, document } = fromPayload(p.id, p.payload);
      return { chunk, document, score: p.score };
    });

  const query = async (operation: string, request: Schemas['QueryRequest']) => {
    const result = await call(operation, () =>
      client.query(collection, { ...request, with_payload: true, with_vector: false }),
    );
    return toScored(result.points);
  };

  return {
    mode: 'qdrant',
    location: `${options.url} (collection ${collection})`,
    async init() {
      const { exists } = await call('collectionExists', () => client.collectionExists(collection));
      if (!exists) {
        try {
          await call('createCollection', () =>
            client.createCollection(collection, {
              vectors: Object.fromEntries(
                spaces.map((s) => [s.name, { size: s.dimensions, distance: 'Cosine' as const }]),
              ),
              sparse_vectors: { [KEYWORD_VECTOR]: { modifier: 'idf' } },
            }),
          );
          logger.info({ collection, spaces: spaces.map((s) => s.name) }, 'qdrant collection created');
        } catch (error) {
          // Another replica created it first.
          if (statusOf((error as { originalError?: unknown }).originalError) !== 409) throw error;
        }
      } else {
        const info = await call('getCollection', () => client.getCollection(collection));
        const vectors = (info.config.params.vectors ?? {}) as Record<string, { size?: number }>;
        searchable = new Set(spaces.filter((s) => vectors[s.name]?.size === s.dimensions).map((s) => s.name));
        keywords = Boolean(info.config.params.sparse_vectors?.[KEYWORD_VECTOR]);
        const missing = spaces.filter((s) => !searchable.has(s.name)).map((s) => s.name);
        if (missing.length > 0 || !keywords) {
          logger.warn(
            { collection, missing: keywords ? missing : [...missing, KEYWORD_VECTOR] },
            'qdrant collection was made for other embedding models or an older version: these vectors are not searchable (use a new QDRANT_COLLECTION)',
          );
        }
      }
      // On every start, not only at creation: a crash between creating the collection and its
      // indexes, or a collection from an older version, must not leave filters and ordering
      // broken for good. Creating an index that exists is a no-op for Qdrant.
      for (const { field, schema } of PAYLOAD_INDEXES) {
        await call('createPayloadIndex', () =>
          client.createPayloadIndex(collection, { field_name: field, field_schema: schema, wait: true }),
        );
      }
    },
    searchableSpaces: () => searchable,
    async putDocument(document, chunks: readonly ChunkWithVectors[]) {
      const points = chunks.map((chunk) => {
        const dense = Object.entries(chunk.vectors).filter(([space]) => searchable.has(space));
        const sparse = keywords
          ? passageSparseVector(`${document.title}\n${chunk.section ?? ''}\n${chunk.text}`)
          : { indices: [], values: [] };
        return {
          id: chunk.id,
          vector: {
            ...Object.fromEntries(dense),
            ...(sparse.indices.length > 0 ? { [KEYWORD_VECTOR]: sparse } : {}),
          },
          payload: toPayload(
            document,
            chunk,
            dense.map(([space]) => space),
          ),
        };
      });
      // Chunk 0 stands for the document (lookups by hash, listings, stats): it goes last, alone,
      // once every other batch is stored. A failure before it leaves no document that looks
      // complete, so ingesting again writes it again instead of answering "already there".
      const head = points.filter((p) => p.payload.chunk_index === 0);
      const rest = points.filter((p) => p.payload.chunk_index !== 0);
      for (let i = 0; i < rest.length; i += UPSERT_BATCH) {
        const batch = rest.slice(i, i + UPSERT_BATCH);
        await call('upsert', () => client.upsert(collection, { wait: true, points: batch }));
      }
      if (head.length > 0)
        await call('upsert', () => client.upsert(collection, { wait: true, points: head }));
      // Upsert first, then drop chunks of an older, longer version: the document never vanishes.
      await call('delete', () =>
        client.delete(collection, {
          wait: true,
          filter: {
            must: [
              { key: 'doc_id', match: { value: document.id } },
              { key: 'chunk_index', range: { gte: chunks.length } },
            ],
          },
        }),
      );
    },
    async getDocument(id) {
      return (await scrollDocuments({ must: [{ key: 'doc_id', match: { value: id } }, firstChunk] }, 1))[0];
    },
    async findDocumentByHash(contentHash) {
      return (
        await scrollDocuments(
          { must: [{ key: 'content_hash', match: { value: contentHash } }, firstChunk] },
          1,
        )
      )[0];
    },
    async listDocuments({ limit, offset }) {
      const page = await scrollDocuments({ must: [firstChunk] }, offset + limit, {
        key: 'created_at_ms',
        direction: 'desc',
      });
      return page.slice(offset, offset + limit);
    },
    async deleteDocument(id) {
      const filter = { must: [{ key: 'doc_id', match: { value: id } }] };
      const { count } = await call('count', () => client.count(collection, { filter, exact: true }));
      if (count === 0) return 0;
      await call('delete', () => client.delete(collection, { wait: true, filter }));
      return count;
    },
    async searchVector(space, vector, { limit, filter }) {
      if (!searchable.has(space)) return [];
      const f = qdrantFilter(filter);
      return query('query', { query: [...vector], using: space, limit, ...(f ? { filter: f } : {}) });
    },
    async searchKeyword(text, { limit, filter }) {
      if (!keywords) return [];
      const sparse = querySparseVector(text);
      if (sparse.indices.length === 0) return [];
      const f = qdrantFilter(filter);
      return query('query', { query: sparse, using: KEYWORD_VECTOR, limit, ...(f ? { filter: f } : {}) });
    },
    async chunksMissing(space, limit) {
      const result = await call('scroll', () =>
        client.scroll(collection, {
          filter: { must_not: [{ key: 'spaces', match: { any: [space] } }] },
          limit,
          with_payload: true,
          with_vector: false,
        }),
      );
      return result.points.map((p) => {
        const { chunk, spaces: has } = fromPayload(p.id, p.payload);
        return { chunk, spaces: has };
      });
    },
    async setVectors(space, updates) {
      if (updates.length === 0 || !searchable.has(space)) return;
      await call('updateVectors', () =>
        client.updateVectors(collection, {
          wait: true,
          points: updates.map((u) => ({ id: u.chunkId, vector: { [space]: u.vector } })),
        }),
      );
      // Points with the same resulting space list share one payload update.
      const groups = new Map<string, string[]>();
      for (const u of updates) {
        const key = [...u.spaces].sort().join(',');
        groups.set(key, [...(groups.get(key) ?? []), u.chunkId]);
      }
      for (const [key, ids] of groups) {
        await call('setPayload', () =>
          client.setPayload(collection, {
            wait: true,
            payload: { spaces: key === '' ? [] : key.split(',') },
            points: ids,
          }),
        );
      }
    },
    async stats() {
      // Estimates: readiness asks every few seconds, and an exact count walks every point.
      const [documents, info] = await Promise.all([
        call('count', () => client.count(collection, { filter: { must: [firstChunk] }, exact: false })),
        call('getCollection', () => client.getCollection(collection)),
      ]);
      return { documents: documents.count, chunks: info.points_count ?? 0 };
    },
    async close() {
      // The client holds no resources beyond undici's keep-alive pool, which does not keep the process alive.
    },
  };
}
