// The rag resolvers' own rules: runbook searches per request (deduplicated per job name) and
// the bounds of `documents` paging.
import { silentLogger } from '../../../core/logger.js';
import type { AskService } from '../../../subgraphs/rag/ask/ask.js';
import { createRagContext } from '../../../subgraphs/rag/context.js';
import type { IngestService } from '../../../subgraphs/rag/ingest/ingest.js';
import { createResolvers } from '../../../subgraphs/rag/resolvers.js';
import type { FusedPassage } from '../../../subgraphs/rag/search/fusion.js';
import type { Retriever } from '../../../subgraphs/rag/search/retrieve.js';
import type { VectorStore } from '../../../subgraphs/rag/store/types.js';

const passage = (name: string, i: number): FusedPassage => ({
  chunk: {
    id: `${name}-${i}`,
    documentId: `doc-${i}`,
    chunkIndex: 0,
    text: name,
    section: null,
    identifiers: [],
  },
  document: {
    id: `doc-${i}`,
    title: `Runbook ${i} for ${name}`,
    filename: 'r.md',
    mimeType: 'text/markdown',
    source: 'CORPUS',
    sizeBytes: 1,
    contentHash: `${i}`,
    chunkCount: 1,
    tags: [],
    language: 'en',
    ingestedBy: 'system',
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  score: 1,
  matchedBy: ['keyword'],
  raw: {},
});

function setup() {
  const searched: string[] = [];
  const retriever: Retriever = {
    search: async () => ({ passages: [], vectorSpace: 'x', semantic: false, failures: [] }),
    async runbooksFor(name, limit) {
      searched.push(name);
      return Array.from({ length: limit }, (_, i) => passage(name, i));
    },
  };
  const listed: Array<{ limit: number; offset: number }> = [];
  const store = {
    listDocuments: async (page: { limit: number; offset: number }) => (listed.push(page), []),
  } as unknown as VectorStore;
  const resolvers = createResolvers({
    store,
    retriever,
    ingest: {} as IngestService,
    asker: {} as AskService,
  });
  const context = () =>
    createRagContext(retriever)({ requestId: 'r1', logger: silentLogger(), identity: undefined } as never, {
      authorization: undefined,
      requestId: 'r1',
      kind: 'request',
    });
  return { resolvers, searched, listed, context };
}

describe('rag resolvers', () => {
  it('searches runbooks once per job name in a request, whatever the limits asked', async () => {
    const { resolvers, searched, context } = setup();
    const ctx = context();
    const names = Array.from({ length: 50 }, (_, i) => `JOB_${i % 5}`);
    const lists = await Promise.all(
      names.map((name, i) => resolvers.Job.runbooks({ name }, { limit: 1 + (i % 3) }, ctx)),
    );
    expect([...searched].sort()).toEqual(['JOB_0', 'JOB_1', 'JOB_2', 'JOB_3', 'JOB_4']);
    expect(lists.map((l) => l.length)).toEqual(names.map((_, i) => 1 + (i % 3)));
    expect(lists[7]![0]!.title).toBe('Runbook 0 for JOB_2');
    // A new request searches again.
    await resolvers.Job.runbooks({ name: 'JOB_0' }, { limit: 3 }, context());
    expect(searched.filter((n) => n === 'JOB_0')).toHaveLength(2);
  });

  it('refuses a runbook limit out of range', async () => {
    const { resolvers, context } = setup();
    await expect(resolvers.Job.runbooks({ name: 'JOB' }, { limit: 11 }, context())).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('pages documents no deeper than 10,000', async () => {
    const { resolvers, listed } = setup();
    await resolvers.Query.documents(undefined, { limit: 500, offset: 10_000 });
    expect(listed).toEqual([{ limit: 500, offset: 10_000 }]);
    expect(() => resolvers.Query.documents(undefined, { limit: 10, offset: 10_001 })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
  });
});
