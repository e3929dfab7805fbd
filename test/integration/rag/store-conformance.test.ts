// One behaviour, two stores: every case runs against the embedded Orama store, and against Qdrant
// when QDRANT_URL (or RESYNC_TEST_QDRANT_URL) is set. Without it the Qdrant half is not defined at
// all (not skipped): on this machine only the embedded store is proven; Qdrant's requests are
// covered by test/unit/rag/qdrant-requests.test.ts against a recording server.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QdrantClient } from '@qdrant/js-client-rest';
import type { EmbeddingSpace } from '../../../core/llm/embeddings.js';
import { lexicalVector } from '../../../core/llm/embeddings-lexical.js';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';
import { chunkId } from '../../../subgraphs/rag/ingest/ingest.js';
import type { ChunkWithVectors, DocumentRecord } from '../../../subgraphs/rag/model.js';
import { createEmbeddedStore } from '../../../subgraphs/rag/store/embedded.js';
import { createQdrantStore } from '../../../subgraphs/rag/store/qdrant.js';
import type { VectorStore } from '../../../subgraphs/rag/store/types.js';
import { testQdrantApiKey, testQdrantUrl } from '../../harness/qdrant.js';
import { uniquePrefix } from '../../harness/services.js';

const DIMS = 128;
const LEX: EmbeddingSpace = { name: 'lexical-test-128', dimensions: DIMS, semantic: false };
const OTHER: EmbeddingSpace = { name: 'remote-test-8', dimensions: 8, semantic: true };
const SPACES = [LEX, OTHER];

interface Target {
  name: string;
  open(spaces?: readonly EmbeddingSpace[]): Promise<VectorStore>;
  /** Reopens the same data (a restart). */
  reopen(spaces?: readonly EmbeddingSpace[]): Promise<VectorStore>;
  cleanup(): Promise<void>;
}

function embeddedTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'rag-store-'));
  const path = join(dir, 'store.json.gz');
  const open = async (spaces: readonly EmbeddingSpace[] = SPACES) => {
    const store = createEmbeddedStore({ path, spaces, logger: silentLogger() });
    await store.init();
    return store;
  };
  return {
    name: 'embedded (Orama)',
    open,
    reopen: open,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function qdrantTarget(url: string): Target {
  const collection = uniquePrefix('rag_conformance');
  const apiKey = testQdrantApiKey();
  const open = async (spaces: readonly EmbeddingSpace[] = SPACES) => {
    const store = createQdrantStore({
      url,
      apiKey,
      collection,
      spaces,
      registry: createMetricsRegistry('test', { defaults: false }),
      logger: silentLogger(),
    });
    await store.init();
    return store;
  };
  return {
    name: `qdrant (${url})`,
    open,
    reopen: open,
    cleanup: async () => {
      await new QdrantClient({
        url,
        ...(apiKey ? { apiKey } : {}),
        checkCompatibility: false,
      }).deleteCollection(collection);
    },
  };
}

const qdrantUrl = testQdrantUrl();
const targets: Array<() => Target> = [embeddedTarget, ...(qdrantUrl ? [() => qdrantTarget(qdrantUrl)] : [])];

const doc = (id: string, overrides: Partial<DocumentRecord> = {}): DocumentRecord => ({
  id,
  title: `Runbook ${id}`,
  filename: `${id}.md`,
  mimeType: 'text/markdown',
  source: 'UPLOAD',
  sizeBytes: 100,
  contentHash: `hash-${id}`,
  chunkCount: 0,
  tags: [],
  language: 'en',
  ingestedBy: 'tester',
  createdAt: '2026-03-01T00:00:00.000Z',
  ...overrides,
});

const chunk = (
  documentId: string,
  index: number,
  text: string,
  identifiers: string[] = [],
  extra: Record<string, number[]> = {},
): ChunkWithVectors => ({
  id: chunkId(documentId, index),
  documentId,
  chunkIndex: index,
  text,
  section: index === 0 ? null : `Step ${index}`,
  identifiers,
  vectors: { [LEX.name]: lexicalVector(text, DIMS), ...extra },
});

async function seed(store: VectorStore) {
  const a = doc('a', {
    title: 'LOAD_DW_SALES fails with ORA-01653',
    tags: ['etl', 'oracle'],
    source: 'CORPUS',
    createdAt: '2026-03-01T00:00:00.000Z',
  });
  const b = doc('b', {
    title: 'Unlinked FTA',
    tags: ['network'],
    mimeType: 'text/html',
    createdAt: '2026-03-02T00:00:00.000Z',
  });
  const c = doc('c', {
    title: 'Rerunning a job stream',
    tags: ['etl'],
    createdAt: '2026-03-03T00:00:00.000Z',
  });
  await store.putDocument({ ...a, chunkCount: 2 }, [
    chunk(
      'a',
      0,
      'LOAD_DW_SALES ends in ABEND with ORA-01653: the tablespace DW_DATA is full',
      ['LOAD_DW_SALES', 'ORA-01653'],
      { [OTHER.name]: [1, 0, 0, 0, 0, 0, 0, 0] },
    ),
    chunk('a', 1, 'Ask the DBA to add a datafile, then rerun the job', ['LOAD_DW_SALES']),
  ]);
  await store.putDocument({ ...b, chunkCount: 1 }, [
    chunk('b', 0, 'Relink the fault tolerant agent FTA_AIX01 with conman link', ['FTA_AIX01']),
  ]);
  await store.putDocument({ ...c, chunkCount: 1 }, [
    chunk('c', 0, 'Rerun only the failed job; successors start by themselves', []),
  ]);
  return { a, b, c };
}

describe.each(targets.map((make) => [make().name, make] as const))(
  'vector store conformance: %s',
  (_name, make) => {
    let target: Target;
    let store: VectorStore;
    beforeEach(async () => {
      target = make();
      store = await target.open();
    });
    afterEach(async () => {
      await store.close();
      await target.cleanup();
    });

    it('stores documents and finds them by id and by content hash', async () => {
      const { a } = await seed(store);
      expect(await store.getDocument('a')).toEqual({ ...a, chunkCount: 2 });
      expect((await store.findDocumentByHash('hash-b'))?.id).toBe('b');
      expect(await store.getDocument('missing')).toBeUndefined();
      expect(await store.findDocumentByHash('missing')).toBeUndefined();
      expect(await store.stats()).toEqual({ documents: 3, chunks: 4 });
    });

    it('lists documents newest first, with paging', async () => {
      await seed(store);
      expect((await store.listDocuments({ limit: 10, offset: 0 })).map((d) => d.id)).toEqual(['c', 'b', 'a']);
      expect((await store.listDocuments({ limit: 1, offset: 1 })).map((d) => d.id)).toEqual(['b']);
    });

    it('ranks keyword matches by BM25 over text and title', async () => {
      await seed(store);
      const hits = await store.searchKeyword('tablespace ORA-01653', { limit: 5 });
      expect(hits[0]!.chunk.id).toBe(chunkId('a', 0));
      expect(hits[0]!.document.title).toBe('LOAD_DW_SALES fails with ORA-01653');
      expect(hits.map((h) => h.chunk.documentId)).not.toContain('b');
      expect(await store.searchKeyword('   ', { limit: 5 })).toEqual([]);
      expect(await store.searchKeyword('zzzunknownterm', { limit: 5 })).toEqual([]);
    });

    it('ranks vector matches by cosine similarity in the requested space only', async () => {
      await seed(store);
      const hits = await store.searchVector(LEX.name, lexicalVector('relink the agent FTA_AIX01', DIMS), {
        limit: 2,
      });
      expect(hits[0]!.chunk.documentId).toBe('b');
      expect(hits[0]!.score).toBeGreaterThan(hits[1]?.score ?? 0);
      const other = await store.searchVector(OTHER.name, [1, 0, 0, 0, 0, 0, 0, 0], { limit: 5 });
      expect(other.map((h) => h.chunk.id)).toEqual([chunkId('a', 0)]);
      expect(await store.searchVector('not-a-space', [1], { limit: 5 })).toEqual([]);
    });

    it('filters by document, tag, MIME type, source and identifier', async () => {
      await seed(store);
      const ids = async (filter: Parameters<VectorStore['searchKeyword']>[1]['filter']) =>
        (await store.searchKeyword('rerun job agent tablespace datafile', { limit: 10, filter }))
          .map((h) => h.chunk.documentId)
          .sort();
      expect(await ids({ documentIds: ['b'] })).toEqual(['b']);
      expect(await ids({ tags: ['etl'] })).toEqual(['a', 'a', 'c']);
      expect(await ids({ mimeTypes: ['text/html'] })).toEqual(['b']);
      expect(await ids({ sources: ['CORPUS'] })).toEqual(['a', 'a']);
      expect(await ids({ identifiers: ['FTA_AIX01', 'ORA-01653'] })).toEqual(['a', 'b']);
      expect(await ids({ tags: ['etl'], identifiers: ['LOAD_DW_SALES'] })).toEqual(['a', 'a']);
      const vector = await store.searchVector(LEX.name, lexicalVector('rerun', DIMS), {
        limit: 10,
        filter: { documentIds: ['c'] },
      });
      expect(vector.map((h) => h.chunk.documentId)).toEqual(['c']);
    });

    it('replaces a document: a shorter new version leaves no stale chunk behind', async () => {
      await seed(store);
      await store.putDocument(doc('a', { chunkCount: 1 }), [
        chunk('a', 0, 'A rewritten runbook about LOAD_DW_SALES', ['LOAD_DW_SALES']),
      ]);
      expect(await store.stats()).toEqual({ documents: 3, chunks: 3 });
      const hits = await store.searchKeyword('datafile', { limit: 5 });
      expect(hits.map((h) => h.chunk.id)).not.toContain(chunkId('a', 1));
    });

    it('deletes a document with its chunks and vectors, and says how many went', async () => {
      await seed(store);
      expect(await store.deleteDocument('a')).toBe(2);
      expect(await store.deleteDocument('a')).toBe(0);
      expect(await store.getDocument('a')).toBeUndefined();
      expect(await store.stats()).toEqual({ documents: 2, chunks: 2 });
      expect(
        (await store.searchKeyword('ORA-01653 tablespace', { limit: 5 })).map((h) => h.chunk.documentId),
      ).not.toContain('a');
      expect((await store.searchVector(OTHER.name, [1, 0, 0, 0, 0, 0, 0, 0], { limit: 5 })).length).toBe(0);
    });

    it('finds chunks missing a space and fills them in', async () => {
      await seed(store);
      const missing = await store.chunksMissing(OTHER.name, 10);
      expect(missing.map((m) => m.chunk.id).sort()).toEqual(
        [chunkId('a', 1), chunkId('b', 0), chunkId('c', 0)].sort(),
      );
      expect(missing.every((m) => m.spaces.includes(LEX.name))).toBe(true);
      await store.setVectors(
        OTHER.name,
        missing.map((m) => ({
          chunkId: m.chunk.id,
          vector: [0, 1, 0, 0, 0, 0, 0, 0],
          spaces: [...m.spaces, OTHER.name],
        })),
      );
      expect(await store.chunksMissing(OTHER.name, 10)).toEqual([]);
      const hits = await store.searchVector(OTHER.name, [0, 1, 0, 0, 0, 0, 0, 0], { limit: 10 });
      expect(hits).toHaveLength(3);
      // Keyword search still works on updated chunks.
      expect((await store.searchKeyword('FTA_AIX01', { limit: 3 }))[0]!.chunk.documentId).toBe('b');
    });

    it('keeps everything across a restart', async () => {
      await seed(store);
      await store.close();
      store = await target.reopen();
      expect(await store.stats()).toEqual({ documents: 3, chunks: 4 });
      expect((await store.searchKeyword('ORA-01653', { limit: 1 }))[0]!.chunk.documentId).toBe('a');
      expect(
        (
          await store.searchVector(LEX.name, lexicalVector('relink the agent FTA_AIX01', DIMS), { limit: 1 })
        )[0]!.chunk.documentId,
      ).toBe('b');
    });
  },
);

describe('embedded store only', () => {
  it('keeps the vectors of spaces still configured when the embedding models change, and reports the rest missing', async () => {
    const target = embeddedTarget();
    try {
      const first = await target.open([LEX, OTHER]);
      await seed(first);
      await first.close();
      const NEW: EmbeddingSpace = { name: 'new-model-4', dimensions: 4, semantic: true };
      const second = await target.reopen([LEX, NEW]);
      expect(await second.stats()).toEqual({ documents: 3, chunks: 4 });
      expect((await second.chunksMissing(NEW.name, 10)).length).toBe(4);
      expect(
        (
          await second.searchVector(LEX.name, lexicalVector('relink the agent FTA_AIX01', DIMS), { limit: 1 })
        )[0]!.chunk.documentId,
      ).toBe('b');
      expect(await second.searchVector(OTHER.name, [1, 0, 0, 0, 0, 0, 0, 0], { limit: 1 })).toEqual([]);
      await second.close();
    } finally {
      await target.cleanup();
    }
  });

  it('rewrites its file once for a burst of writes, not per write, and on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rag-store-'));
    const path = join(dir, 'store.json.gz');
    const open = async (persistDelayMs: number) => {
      const store = createEmbeddedStore({ path, spaces: SPACES, logger: silentLogger(), persistDelayMs });
      await store.init();
      return store;
    };
    try {
      const lazy = await open(3_600_000);
      await seed(lazy);
      await lazy.setVectors(OTHER.name, [
        { chunkId: chunkId('b', 0), vector: [0, 1, 0, 0, 0, 0, 0, 0], spaces: [LEX.name, OTHER.name] },
      ]);
      expect(existsSync(path)).toBe(false); // nothing written per ingest
      await lazy.close();
      const reopened = await open(50);
      expect(await reopened.stats()).toEqual({ documents: 3, chunks: 4 });
      expect(await reopened.chunksMissing(OTHER.name, 10)).toHaveLength(2);

      // Without a close, a change reaches the file after the delay.
      const before = statSync(path).mtimeMs;
      expect(await reopened.deleteDocument('c')).toBe(1);
      for (let i = 0; i < 200 && statSync(path).mtimeMs === before; i++)
        await new Promise((resolve) => setTimeout(resolve, 25));
      const crashed = await open(50); // a second process reading the file, as after a crash
      expect(await crashed.stats()).toEqual({ documents: 2, chunks: 3 });
      await crashed.close();
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
