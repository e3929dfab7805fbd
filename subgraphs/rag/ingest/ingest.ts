import { createHash } from 'node:crypto';
import type { Registry } from 'prom-client';
import { BadUserInputError } from '../../../core/errors/index.js';
import type { EmbeddingChain } from '../../../core/llm/embeddings-chain.js';
import type { Logger } from '../../../core/logger.js';
import { counter } from '../../../core/metrics.js';
import type { ChunkWithVectors, DocumentRecord, DocumentSource } from '../model.js';
import type { VectorStore } from '../store/types.js';
import { chunkMarkdown } from './chunk.js';
import { extractIdentifiers } from './identifiers.js';
import { normaliseTags, validateUpload, type IngestInput } from './input.js';
import { detectLanguage } from './language.js';
import { parseDocument } from './parse.js';

export interface IngestServiceOptions {
  store: VectorStore;
  embeddings: EmbeddingChain;
  /** RAG_MAX_DOCUMENT_BYTES: the upload, before parsing. */
  maxDocumentBytes: number;
  /** RAG_MAX_DOCUMENT_CHARS: the extracted text (a compressed PDF can expand a hundredfold). */
  maxDocumentChars: number;
  /** RAG_MAX_DOCUMENT_CHUNKS: passages of one document (each costs an embedding per provider). */
  maxDocumentChunks: number;
  /** @default 1000 */
  chunkChars: number;
  registry: Registry;
  logger: Logger;
  /** Called after every change of the corpus (the answer cache keys on a generation number). */
  onChange?: () => Promise<void>;
  /** Called when a document was stored without the vectors of a provider that failed (backfill them). */
  onVectorsMissing?: () => void;
}

export interface BackfillResult {
  /** Chunks that got a vector. */
  filled: number;
  /** False when a provider failed: some chunks may still lack its vector. */
  complete: boolean;
}

export interface IngestResult {
  document: DocumentRecord;
  /** False when a document with the same content already existed (nothing was written). */
  created: boolean;
}

export interface IngestService {
  ingest(input: IngestInput, by: { sub: string; source: DocumentSource }): Promise<IngestResult>;
  delete(id: string): Promise<number>;
  /** Embeds chunks that lack a vector in a searchable space (ingested while a provider was down). */
  backfill(signal?: AbortSignal): Promise<BackfillResult>;
}

/** The text embedded for a chunk: title and section give the passage its context. */
export const embeddingText = (title: string, section: string | null, text: string) =>
  [title, section ?? '', text].filter(Boolean).join('\n');

export function createIngestService(options: IngestServiceOptions): IngestService {
  const { store, embeddings, logger } = options;
  const ingested = counter(options.registry, {
    name: 'resync_rag_documents_ingested_total',
    help: 'Documents offered to ingestion by outcome (created, duplicate)',
    labelNames: ['source', 'outcome'],
  });
  // Same content ingested concurrently in this process: the second waits and sees a duplicate.
  const inFlight = new Map<string, Promise<IngestResult>>();

  const write = async (
    by: { sub: string; source: DocumentSource },
    hash: string,
    upload: ReturnType<typeof validateUpload>,
  ): Promise<IngestResult> => {
    const existing = await store.findDocumentByHash(hash);
    if (existing) {
      ingested.inc({ source: by.source, outcome: 'duplicate' });
      return { document: existing, created: false };
    }
    const parsed = await parseDocument(upload, { maxChars: options.maxDocumentChars });
    const documentId = hash.slice(0, 32);
    const title = (upload.title ?? parsed.title ?? upload.filename.replace(/\.[^.]+$/, '')).slice(0, 300);
    // Everything the document can be refused for is checked before embeddings are paid for.
    const tags = normaliseTags([...upload.tags, ...parsed.tags]);
    const pieces = chunkMarkdown(parsed.markdown, { targetChars: options.chunkChars });
    if (pieces.length === 0)
      throw new BadUserInputError(
        'No text could be extracted from the document (a scanned PDF needs OCR first)',
      );
    if (pieces.length > options.maxDocumentChunks)
      throw new BadUserInputError(
        `The document makes ${pieces.length} passages; the limit is ${options.maxDocumentChunks} (RAG_MAX_DOCUMENT_CHUNKS): split it`,
        { field: 'content', maxChunks: options.maxDocumentChunks },
      );
    const texts = pieces.map((p) => embeddingText(title, withoutTitle(p.section, title), p.text));
    const { vectors, failures } = await embeddings.embedPassages(texts, store.searchableSpaces());
    for (const failure of failures) {
      logger.warn(
        { provider: failure.provider, err: failure.error, documentId },
        'embedding failed during ingestion; backfilled once the provider answers again',
      );
    }
    const chunks: ChunkWithVectors[] = pieces.map((piece, index) => ({
      id: chunkId(documentId, index),
      documentId,
      chunkIndex: index,
      text: piece.text,
      section: withoutTitle(piece.section, title),
      identifiers: extractIdentifiers(`${piece.section ?? ''}\n${piece.text}`),
      vectors: Object.fromEntries(
        [...vectors].flatMap(([space, list]) => (isZero(list[index]) ? [] : [[space, list[index]!]])),
      ),
    }));
    const document: DocumentRecord = {
      id: documentId,
      title,
      filename: upload.filename,
      mimeType: upload.mimeType,
      source: by.source,
      sizeBytes: upload.bytes.length,
      contentHash: hash,
      chunkCount: chunks.length,
      tags,
      language: detectLanguage(parsed.markdown),
      ingestedBy: by.sub,
      createdAt: new Date().toISOString(),
    };
    await store.putDocument(document, chunks);
    if (failures.length > 0) options.onVectorsMissing?.();
    await options.onChange?.();
    ingested.inc({ source: by.source, outcome: 'created' });
    logger.info({ documentId, title, chunks: chunks.length, by: by.sub }, 'document ingested');
    return { document, created: true };
  };

  return {
    async ingest(input, by) {
      const upload = validateUpload(input, { maxBytes: options.maxDocumentBytes });
      const hash = createHash('sha256').update(upload.bytes).digest('hex');
      const pending = inFlight.get(hash);
      if (pending) return pending.then(({ document }) => ({ document, created: false }));
      const run = write(by, hash, upload).finally(() => inFlight.delete(hash));
      inFlight.set(hash, run);
      return run;
    },
    async delete(id) {
      const removed = await store.deleteDocument(id);
      if (removed > 0) await options.onChange?.();
      return removed;
    },
    async backfill(signal) {
      let filled = 0;
      let complete = true;
      for (const provider of embeddings.providers) {
        const space = provider.space.name;
        if (!store.searchableSpaces().has(space)) continue;
        for (;;) {
          if (signal?.aborted) return { filled, complete: false };
          const missing = await store.chunksMissing(space, 64);
          if (missing.length === 0) break;
          let vectors: number[][];
          try {
            const titles = await Promise.all(missing.map((m) => store.getDocument(m.chunk.documentId)));
            vectors = await provider.embed(
              missing.map((m, i) => embeddingText(titles[i]?.title ?? '', m.chunk.section, m.chunk.text)),
              'passage',
            );
          } catch (error) {
            logger.warn(
              { provider: provider.name, err: (error as Error).message },
              'backfill of embeddings postponed',
            );
            complete = false;
            break;
          }
          const updates = missing.flatMap((m, i) =>
            isZero(vectors[i])
              ? []
              : [{ chunkId: m.chunk.id, vector: vectors[i]!, spaces: [...m.spaces, space] }],
          );
          // Chunks whose vector is all zeros (no terms) can never get one: stop instead of looping.
          if (updates.length === 0) break;
          await store.setVectors(space, updates);
          filled += updates.length;
        }
      }
      if (filled > 0) logger.info({ chunks: filled }, 'embeddings backfilled');
      return { filled, complete };
    },
  };
}

/** A UUID (v5-shaped) derived from document id and chunk index: stable across re-ingestion. */
export function chunkId(documentId: string, index: number): string {
  const h = createHash('sha256').update(`${documentId}:${index}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The heading path without the document's own H1 when that is the title ("Title > Fix" → "Fix"). */
function withoutTitle(section: string | null, title: string): string | null {
  if (section === null) return null;
  if (section === title) return null;
  return section.startsWith(`${title} > `) ? section.slice(title.length + 3) : section;
}

function isZero(vector: readonly number[] | undefined): boolean {
  return vector === undefined || vector.every((v) => v === 0);
}
