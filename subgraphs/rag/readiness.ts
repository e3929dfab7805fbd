import type { EmbeddingChain } from '../../core/llm/embeddings-chain.js';
import type { ProviderChain } from '../../core/llm/index.js';
import type { ReadinessCheck } from '../../core/server/index.js';
import type { RagBackground } from './background.js';
import type { VectorStore } from './store/types.js';

/**
 * What rag's /readyz reports (and health relays): the vector store (mode `embedded` or
 * `qdrant`), the corpus load at start (`loading`, `loaded`, `off`), and the embeddings in use (mode `nvidia`, `openai` or `offline lexical`, the last
 * one said plainly to be lexical, not semantic). Embeddings never make rag unready: the offline
 * embedding always works; a configured provider that is down only makes the entry degraded.
 */
export function ragReadiness(
  store: VectorStore,
  embeddings: EmbeddingChain,
  llm: ProviderChain,
  background: Pick<RagBackground, 'corpus'>,
): () => ReadinessCheck[] {
  return () => [
    {
      name: 'vectorstore',
      kind: 'VECTOR_STORE',
      check: async () => {
        const { documents, chunks } = await store.stats();
        const where =
          store.mode === 'embedded'
            ? `Orama persisted at ${store.location} (set QDRANT_URL for production)`
            : store.location;
        return { mode: store.mode, detail: `${where}; ${documents} documents, ${chunks} passages` };
      },
    },
    {
      name: 'embeddings',
      kind: 'OTHER',
      optional: true,
      check: async () => {
        const usable =
          embeddings.providers.find(
            (p) => p.state() !== 'open' && store.searchableSpaces().has(p.space.name),
          ) ?? embeddings.lexical;
        const remote = embeddings.providers.filter((p) => p !== embeddings.lexical);
        const down = remote.filter((p) => p.state() === 'open').map((p) => `${p.name} circuit open`);
        const problems = [...down, ...embeddings.disabled.map((d) => `${d.name} disabled: ${d.reason}`)];
        const lexical =
          usable === embeddings.lexical
            ? `hashed words and character trigrams: matches shared words, not meaning${remote.length === 0 ? '; set NVIDIA_API_KEY or OPENAI_API_KEY for semantic search' : ''}`
            : `${usable.model} (${usable.space.dimensions} dimensions)`;
        const chain = embeddings.providers.map((p) => p.mode).join(' → ');
        return {
          mode: usable.mode,
          detail: [lexical, `chain: ${chain}`, ...problems].join('; '),
          degraded: problems.length > 0,
        };
      },
    },
    {
      name: 'rag:corpus',
      kind: 'OTHER',
      optional: true,
      check: async () => {
        const corpus = background.corpus();
        switch (corpus.state) {
          case 'off':
            return { mode: 'off', detail: 'RAG_LOAD_CORPUS=false: no sample runbooks loaded at start' };
          case 'loading':
            return { mode: 'loading', detail: `${corpus.done} of ${corpus.total} files from ${corpus.dir}` };
          case 'loaded':
            return {
              mode: 'loaded',
              detail: `${corpus.dir}: ${corpus.created} new, ${corpus.existing} already stored, ${corpus.failed} failed`,
              degraded: corpus.failed > 0,
            };
          case 'failed':
            throw new Error(`corpus not loaded from ${corpus.dir}: ${corpus.error}`);
        }
      },
    },
    {
      name: 'rag:answers',
      kind: 'OTHER',
      optional: true,
      check: async () => {
        const providers = llm.status();
        if (providers.length === 0)
          return {
            mode: 'extractive',
            detail: 'no LLM configured: ask quotes the best passages, with citations',
          };
        const open = providers.filter((p) => p.state === 'open').map((p) => p.name);
        return {
          mode: `llm (${providers.map((p) => p.name).join(' → ')})`,
          detail:
            open.length > 0
              ? `circuit open: ${open.join(', ')}; extractive answers meanwhile`
              : 'grounded LLM answers with citations',
          degraded: open.length === providers.length,
        };
      },
    },
  ];
}
