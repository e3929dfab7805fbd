import type { RunningStack } from '../../stack/index.js';

/**
 * Waits until rag has finished loading its start-up corpus (it loads in the background, so the
 * service starts even when an embeddings provider is slow): tests expect the sample runbooks
 * to be searchable from their first query. Reads rag's own /readyz (check `rag:corpus`).
 */
export async function waitForRagCorpus(stack: RunningStack, attempts = 400): Promise<void> {
  const readyz = stack.subgraphs.rag.url.replace(/\/graphql$/, '/readyz');
  for (let i = 0; i < attempts; i++) {
    const body = (await (await fetch(readyz)).json()) as { checks?: Array<{ name: string; mode?: string }> };
    const corpus = body.checks?.find((c) => c.name === 'rag:corpus');
    if (corpus && corpus.mode !== 'loading') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('rag did not finish loading its corpus');
}
