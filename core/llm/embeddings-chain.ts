import type { Registry } from 'prom-client';
import type { Config } from '../config/index.js';
import type { Logger } from '../logger.js';
import type {
  DisabledProvider,
  EmbeddingProvider,
  EmbeddingSpace,
  PassageEmbeddings,
  QueryEmbedding,
} from './embeddings.js';
import { createLexicalEmbeddings } from './embeddings-lexical.js';
import { createOpenAiEmbeddings } from './embeddings-openai.js';

/** Output sizes of well-known models, so the common cases need no configuration. */
const KNOWN_DIMENSIONS: Readonly<Record<string, number>> = {
  'nvidia/nv-embedqa-e5-v5': 1024,
  'nvidia/nv-embedqa-mistral-7b-v2': 4096,
  'nvidia/llama-3.2-nv-embedqa-1b-v2': 2048,
  'nvidia/nv-embed-v1': 4096,
  'baai/bge-m3': 1024,
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/**
 * Embeddings in preference order: NVIDIA, then OpenAI, then the offline lexical embedding,
 * which always works. Each space is separate (vectors of one model are never compared with
 * another's), so the chain embeds a query with the first provider that answers and tells the
 * caller which space to search; passages are embedded in every space that answers.
 */
export interface EmbeddingChain {
  /** Remote providers first, the lexical one last. */
  readonly providers: readonly EmbeddingProvider[];
  /** Configured remote providers that cannot be used (e.g. unknown vector size). */
  readonly disabled: readonly DisabledProvider[];
  readonly spaces: readonly EmbeddingSpace[];
  readonly lexical: EmbeddingProvider;
  /**
   * Embeds a query with the first provider whose space is searchable (`usable`, default all)
   * and that answers; the lexical provider answers when every remote one fails.
   */
  embedQuery(text: string, usable?: ReadonlySet<string>): Promise<QueryEmbedding>;
  /** Embeds passages in every space of `spaces` (default all); failed remote spaces are reported. */
  embedPassages(texts: readonly string[], spaces?: ReadonlySet<string>): Promise<PassageEmbeddings>;
}

export function createEmbeddingChain(
  remote: readonly EmbeddingProvider[],
  lexical: EmbeddingProvider,
  disabled: readonly DisabledProvider[] = [],
): EmbeddingChain {
  const providers = [...remote, lexical];
  return {
    providers,
    disabled,
    lexical,
    spaces: providers.map((p) => p.space),
    async embedQuery(text, usable) {
      const failures: Array<{ provider: string; error: string }> = [];
      for (const provider of remote) {
        if (usable && !usable.has(provider.space.name)) continue;
        try {
          const [vector] = await provider.embed([text], 'query');
          return { provider, vector: vector!, failures };
        } catch (error) {
          failures.push({ provider: provider.name, error: (error as Error).message });
        }
      }
      const [vector] = await lexical.embed([text], 'query');
      return { provider: lexical, vector: vector!, failures };
    },
    async embedPassages(texts, spaces) {
      const vectors = new Map<string, number[][]>();
      const failures: Array<{ provider: string; error: string }> = [];
      await Promise.all(
        providers
          .filter((p) => !spaces || spaces.has(p.space.name))
          .map(async (provider) => {
            try {
              vectors.set(provider.space.name, await provider.embed(texts, 'passage'));
            } catch (error) {
              failures.push({ provider: provider.name, error: (error as Error).message });
            }
          }),
      );
      return { vectors, failures };
    },
  };
}

/** The chain the configuration describes (NVIDIA_API_KEY, OPENAI_API_KEY, RAG_EMBEDDINGS, ...). */
export function embeddingChainFromConfig(
  config: Config,
  deps: { registry: Registry; logger: Logger },
): EmbeddingChain {
  const settings = config.rag.embeddings;
  const lexical = createLexicalEmbeddings({ dimensions: settings.offlineDimensions });
  const remote: EmbeddingProvider[] = [];
  const disabled: DisabledProvider[] = [];
  if (settings.mode === 'auto') {
    for (const provider of config.llm.providers) {
      const explicit = provider.name === 'nvidia' ? settings.nvidiaDimensions : settings.openaiDimensions;
      const dimensions = explicit ?? KNOWN_DIMENSIONS[provider.embeddingModel.toLowerCase()];
      if (dimensions === undefined) {
        disabled.push({
          name: provider.name,
          reason: `unknown vector size of ${provider.embeddingModel}: set EMBEDDINGS_${provider.name.toUpperCase()}_DIMENSIONS`,
        });
        continue;
      }
      remote.push(
        createOpenAiEmbeddings({
          name: provider.name,
          apiKey: provider.apiKey,
          baseURL: provider.baseURL,
          model: provider.embeddingModel,
          dimensions,
          // Only OpenAI's text-embedding-3 models accept a requested size.
          sendDimensions: explicit !== undefined && provider.embeddingModel.startsWith('text-embedding-3'),
          timeoutMs: settings.timeoutMs,
          queryTimeoutMs: settings.queryTimeoutMs,
          batchSize: settings.batchSize,
          maxRetries: settings.maxRetries,
          registry: deps.registry,
          logger: deps.logger,
        }),
      );
    }
  }
  return createEmbeddingChain(remote, lexical, disabled);
}
