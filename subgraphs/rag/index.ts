import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { loadSdl } from '../../core/graphql/index.js';
import { embeddingChainFromConfig } from '../../core/llm/embeddings-chain.js';
import { createProviderChainFromConfig } from '../../core/llm/index.js';
import type { ServiceRuntime } from '../../core/runtime.js';
import { startSubgraphServer, type RunningServer } from '../../core/server/index.js';
import { createAskService } from './ask/ask.js';
import { createAnswerCache } from './ask/cache.js';
import { createRagContext, type RagContext } from './context.js';
import { chainGenerator } from './ask/generator.js';
import { createRagBackground } from './background.js';
import { createIngestService } from './ingest/ingest.js';
import { permissions } from './permissions.js';
import { ragReadiness } from './readiness.js';
import { createResolvers } from './resolvers.js';
import { createRetriever } from './search/retrieve.js';
import { createEmbeddedStore } from './store/embedded.js';
import { withLazyInit } from './store/lazy-init.js';
import { createQdrantStore } from './store/qdrant.js';

export interface RagSubgraphOptions {
  /** @default config.subgraphs.rag.port */
  port?: number;
}

/** The bundled sample runbooks (Markdown, English and Portuguese). */
export const BUNDLED_CORPUS_DIR = fileURLToPath(new URL('./corpus/', import.meta.url));

/**
 * Starts the rag subgraph: the vector store (Qdrant, or the embedded Orama store under
 * DATA_DIR), the embeddings chain, the sample corpus on first start, and the GraphQL API
 * (documents, searchDocuments, ask, ingestDocument, deleteDocument, Job.runbooks).
 */
export async function startRagSubgraph(
  runtime: ServiceRuntime,
  options: RagSubgraphOptions = {},
): Promise<RunningServer> {
  const { config, logger, lifecycle, registry } = runtime;
  const rag = config.rag;
  const embeddings = embeddingChainFromConfig(config, { registry, logger });
  const store = withLazyInit(
    rag.qdrantUrl
      ? createQdrantStore({
          url: rag.qdrantUrl,
          apiKey: rag.qdrantApiKey,
          collection: rag.collection,
          spaces: embeddings.spaces,
          timeoutMs: rag.qdrantTimeoutMs,
          registry,
          logger,
        })
      : createEmbeddedStore({
          path: join(config.dataDir, 'rag', 'store.json.gz'),
          spaces: embeddings.spaces,
          logger,
        }),
    logger,
  );
  lifecycle.defer('rag vector store', () => store.close());
  await store.init().catch(() => undefined); // reported by /readyz; retried on use

  const cache = createAnswerCache(runtime, {
    seconds: rag.answerCacheTtlSeconds,
    shortSeconds: rag.answerCacheShortTtlSeconds,
  });
  await cache.start();
  lifecycle.defer('rag answer cache', () => cache.close());

  const llm = createProviderChainFromConfig(config.llm, { registry, logger });
  const ingest = createIngestService({
    store,
    embeddings,
    maxDocumentBytes: rag.maxDocumentBytes,
    maxDocumentChars: rag.maxDocumentChars,
    maxDocumentChunks: rag.maxDocumentChunks,
    chunkChars: rag.chunkChars,
    registry,
    logger,
    onChange: () => cache.invalidate(),
    onVectorsMissing: () => background.vectorsMissing(),
  });
  const background = createRagBackground({
    ingest,
    embeddings,
    corpusDir: rag.loadCorpus ? (rag.corpusDir ?? BUNDLED_CORPUS_DIR) : undefined,
    logger,
  });
  const retriever = createRetriever({ store, embeddings, registry, logger });
  const asker = createAskService({
    retriever,
    cache,
    generator: chainGenerator(llm, { timeoutMs: rag.askLlmTimeoutMs }),
    passages: rag.askPassages,
    logger,
  });

  // The corpus load and the backfill run in the background: a slow provider never delays the
  // start; readiness shows the corpus load's progress (rag:corpus).
  background.start();
  lifecycle.defer('rag background work', () => background.stop());

  const schema = buildSubgraphSchema({
    typeDefs: loadSdl(new URL('./schema.graphql', import.meta.url)),
    resolvers: createResolvers({ store, ingest, retriever, asker }) as never,
  });
  return startSubgraphServer<RagContext>({
    name: 'rag',
    schema,
    permissions,
    host: config.host,
    port: options.port ?? config.subgraphs.rag.port,
    verifier: runtime.verifier,
    audit: runtime.audit,
    logger,
    registry,
    lifecycle,
    production: config.production,
    extendContext: createRagContext(retriever),
    readiness: ragReadiness(store, embeddings, llm, background),
    // Base64 inflates documents by 4/3; leave room for the rest of the request.
    bodyLimit: `${Math.ceil((rag.maxDocumentBytes * 4) / 3) + 64 * 1024}b`,
  });
}
