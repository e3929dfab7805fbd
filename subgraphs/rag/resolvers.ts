import { BadUserInputError, NotFoundError } from '../../core/errors/index.js';
import { DateTimeScalar } from '../../core/graphql/index.js';
import type { AskService } from './ask/ask.js';
import { MAX_RUNBOOKS, type RagContext } from './context.js';
import type { IngestService } from './ingest/ingest.js';
import type { IngestInput } from './ingest/input.js';
import type { ChunkFilter, DocumentSource } from './model.js';
import type { FusedPassage } from './search/fusion.js';
import type { Retriever } from './search/retrieve.js';
import type { VectorStore } from './store/types.js';

export interface RagServices {
  store: VectorStore;
  ingest: IngestService;
  retriever: Retriever;
  asker: AskService;
}

interface FilterInput {
  documentIds?: string[] | null;
  tags?: string[] | null;
  mimeTypes?: string[] | null;
  sources?: DocumentSource[] | null;
  identifiers?: string[] | null;
}

/** The GraphQL shape of a passage. */
export function toPassage(p: FusedPassage) {
  return {
    id: p.chunk.id,
    documentId: p.document.id,
    title: p.document.title,
    section: p.chunk.section,
    text: p.chunk.text,
    chunkIndex: p.chunk.chunkIndex,
    score: Math.round(p.score * 10_000) / 10_000,
    matchedBy: p.matchedBy,
    identifiers: p.chunk.identifiers,
    document: p.document,
  };
}

const intIn = (name: string, value: number, min: number, max: number) => {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new BadUserInputError(`${name} must be between ${min} and ${max}`, { field: name });
  return value;
};

function toFilter(input: FilterInput | null | undefined): ChunkFilter | undefined {
  if (!input) return undefined;
  const list = (name: string, values: string[] | null | undefined, map: (v: string) => string = (v) => v) => {
    if (!values || values.length === 0) return undefined;
    if (values.length > 50)
      throw new BadUserInputError(`filter.${name} takes at most 50 values`, { field: `filter.${name}` });
    return values.map((v) => map(v.trim()).slice(0, 200));
  };
  return {
    documentIds: list('documentIds', input.documentIds),
    tags: list('tags', input.tags, (t) => t.toLowerCase()),
    mimeTypes: list('mimeTypes', input.mimeTypes, (m) => m.toLowerCase()),
    sources: input.sources && input.sources.length > 0 ? input.sources : undefined,
    // Identifiers are stored upper-case (ORA-01653, LOAD_DW_SALES, RC=12).
    identifiers: list('identifiers', input.identifiers, (i) => i.toUpperCase()),
  };
}

/**
 * Deepest page of `documents`: Qdrant reaches an offset by scrolling past every earlier document
 * (ordering by date has no cursor to jump to), so deep offsets cost as much as reading them all.
 */
export const MAX_DOCUMENTS_OFFSET = 10_000;

export function createResolvers({ store, ingest, retriever, asker }: RagServices) {
  return {
    DateTime: DateTimeScalar,
    Query: {
      documents: (_: unknown, args: { limit: number; offset: number }) =>
        store.listDocuments({
          limit: intIn('limit', args.limit, 1, 500),
          offset: intIn('offset', args.offset, 0, MAX_DOCUMENTS_OFFSET),
        }),
      document: (_: unknown, { id }: { id: string }) => store.getDocument(id),
      searchDocuments: async (
        _: unknown,
        args: { query: string; limit: number; filter?: FilterInput | null },
      ) => {
        const query = args.query.trim();
        if (query === '' || query.length > 1000)
          throw new BadUserInputError('query must be 1–1000 characters', { field: 'query' });
        const result = await retriever.search(query, {
          limit: intIn('limit', args.limit, 1, 50),
          filter: toFilter(args.filter),
        });
        return result.passages.map(toPassage);
      },
      ask: (_: unknown, { question }: { question: string }) => asker.ask(question),
    },
    Mutation: {
      ingestDocument: (_: unknown, { input }: { input: IngestInput }, ctx: RagContext) =>
        ingest.ingest(input, { sub: ctx.identity?.sub ?? 'unknown', source: 'UPLOAD' }),
      deleteDocument: async (_: unknown, { id }: { id: string }) => {
        const deletedChunks = await ingest.delete(id);
        if (deletedChunks === 0) throw new NotFoundError('Document', id);
        return { id, deletedChunks };
      },
    },
    Job: {
      // The gateway sends `name` with the key because `runbooks` @requires it.
      __resolveReference: (ref: { id: string; name?: string }) => ref,
      runbooks: async (job: { name?: string }, { limit }: { limit: number }, ctx: RagContext) => {
        const count = intIn('limit', limit, 1, MAX_RUNBOOKS);
        if (!job.name) return [];
        return (await ctx.runbooks.load(job.name)).slice(0, count).map(toPassage);
      },
    },
  };
}
