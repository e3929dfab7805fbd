import { z } from 'zod';
import { bool, optionalString, optionalUrl, positiveInt, type EnvOf } from './helpers.js';

/** An optional positive integer; empty means unset. */
const optionalPositiveInt = () =>
  optionalString().pipe(
    z.union([
      z.undefined(),
      z
        .string()
        .regex(/^[1-9]\d*$/, 'expected a positive integer')
        .transform(Number),
    ]),
  );

export const ragEnv = {
  /** Qdrant REST URL (production). Unset: the embedded vector store (Orama) under DATA_DIR/rag. */
  QDRANT_URL: optionalUrl(),
  QDRANT_API_KEY: optionalString(),
  QDRANT_COLLECTION: z.string().min(1).default('resync_chunks'),
  /** Deadline of one Qdrant request. */
  QDRANT_TIMEOUT_MS: positiveInt(5_000),
  /** Largest document `ingestDocument` accepts, in bytes after base64 decoding. */
  RAG_MAX_DOCUMENT_BYTES: positiveInt(1024 * 1024),
  /**
   * Most characters of text one document may hold once extracted (a small compressed PDF can
   * expand a hundredfold); the PDF reader stops at it.
   */
  RAG_MAX_DOCUMENT_CHARS: positiveInt(2_000_000),
  /** Most passages one document may make (each costs an embedding per provider). */
  RAG_MAX_DOCUMENT_CHUNKS: positiveInt(3_000),
  /** Target size of a chunk in characters; code blocks and tables may exceed it up to twice. */
  RAG_CHUNK_CHARS: z.coerce.number().int().min(200).max(8000).default(1000),
  /** Passages given to `ask` (to the LLM, or quoted by the extractive answer). */
  RAG_ASK_PASSAGES: z.coerce.number().int().min(1).max(10).default(4),
  /**
   * How long `ask` waits for the LLM before answering extractively; keep it below the gateway's
   * GATEWAY_SUBGRAPH_TIMEOUT_MS so the caller gets an answer rather than a timeout.
   */
  RAG_ASK_LLM_TIMEOUT_MS: positiveInt(12_000),
  /** How long an answer of `ask` is cached (Redis, or in-process without REDIS_URL). */
  RAG_ANSWER_CACHE_TTL_SECONDS: positiveInt(600),
  /** Cache lifetime of answers to time-sensitive questions ("today", "now", "hoje", "agora"). */
  RAG_ANSWER_CACHE_SHORT_TTL_SECONDS: positiveInt(30),
  /** Load the bundled sample runbooks at start (idempotent: content-hash dedupe). */
  RAG_LOAD_CORPUS: bool(true),
  /** Folder of Markdown/HTML/text/PDF files loaded at start instead of the bundled corpus. */
  RAG_CORPUS_DIR: optionalString(),
  /**
   * `auto`: NVIDIA then OpenAI embeddings when their keys are set, plus the offline lexical
   * embedding; `offline`: only the offline lexical embedding, even with keys.
   */
  RAG_EMBEDDINGS: z.enum(['auto', 'offline']).default('auto'),
  /** Texts per embeddings request. */
  EMBEDDINGS_BATCH_SIZE: z.coerce.number().int().min(1).max(512).default(32),
  /** Deadline of one embeddings request for passages (ingestion, backfill). */
  EMBEDDINGS_TIMEOUT_MS: positiveInt(15_000),
  /**
   * Deadline of embedding a search query per provider, retry included; after it the next
   * provider, then the offline embedding, answers. Not retried on timeout.
   */
  RAG_QUERY_EMBEDDING_TIMEOUT_MS: positiveInt(2_000),
  /** Extra attempts of an embeddings request on network errors, 5xx and 429 (never on a timeout). */
  EMBEDDINGS_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  /** Size of the offline lexical vectors. */
  EMBEDDINGS_OFFLINE_DIMENSIONS: z.coerce.number().int().min(64).max(4096).default(512),
  /** Vector size of NVIDIA_EMBEDDING_MODEL when it is not a well-known model. */
  EMBEDDINGS_NVIDIA_DIMENSIONS: optionalPositiveInt(),
  /** Vector size of OPENAI_EMBEDDING_MODEL; for text-embedding-3 models it is also requested. */
  EMBEDDINGS_OPENAI_DIMENSIONS: optionalPositiveInt(),
};

type RagEnv = EnvOf<typeof ragEnv>;

export function buildRagConfig(env: RagEnv) {
  return {
    qdrantUrl: env.QDRANT_URL,
    qdrantApiKey: env.QDRANT_API_KEY,
    collection: env.QDRANT_COLLECTION,
    qdrantTimeoutMs: env.QDRANT_TIMEOUT_MS,
    maxDocumentBytes: env.RAG_MAX_DOCUMENT_BYTES,
    maxDocumentChars: env.RAG_MAX_DOCUMENT_CHARS,
    maxDocumentChunks: env.RAG_MAX_DOCUMENT_CHUNKS,
    chunkChars: env.RAG_CHUNK_CHARS,
    askPassages: env.RAG_ASK_PASSAGES,
    askLlmTimeoutMs: env.RAG_ASK_LLM_TIMEOUT_MS,
    answerCacheTtlSeconds: env.RAG_ANSWER_CACHE_TTL_SECONDS,
    answerCacheShortTtlSeconds: Math.min(
      env.RAG_ANSWER_CACHE_SHORT_TTL_SECONDS,
      env.RAG_ANSWER_CACHE_TTL_SECONDS,
    ),
    loadCorpus: env.RAG_LOAD_CORPUS,
    corpusDir: env.RAG_CORPUS_DIR,
    embeddings: {
      mode: env.RAG_EMBEDDINGS,
      batchSize: env.EMBEDDINGS_BATCH_SIZE,
      timeoutMs: env.EMBEDDINGS_TIMEOUT_MS,
      queryTimeoutMs: env.RAG_QUERY_EMBEDDING_TIMEOUT_MS,
      maxRetries: env.EMBEDDINGS_MAX_RETRIES,
      offlineDimensions: env.EMBEDDINGS_OFFLINE_DIMENSIONS,
      nvidiaDimensions: env.EMBEDDINGS_NVIDIA_DIMENSIONS,
      openaiDimensions: env.EMBEDDINGS_OPENAI_DIMENSIONS,
    },
  };
}
