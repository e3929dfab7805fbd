// What the Qdrant adapter sends, checked against a recording HTTP server that answers in
// Qdrant's envelope ({ result, status, time }). This proves the requests we generate (collection
// layout, payload indexes, batching, filters, retries, error translation); it does not prove
// Qdrant's search semantics: the store conformance suite does that against a real Qdrant when
// QDRANT_URL is set (test/integration/rag/store-conformance.test.ts).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';
import { chunkId } from '../../../subgraphs/rag/ingest/ingest.js';
import type { DocumentRecord } from '../../../subgraphs/rag/model.js';
import { createQdrantStore } from '../../../subgraphs/rag/store/qdrant.js';

interface Recorded {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

interface Reply {
  status: number;
  result?: unknown;
  headers?: Record<string, string>;
  /** Never answer (a hung Qdrant). */
  hang?: boolean;
}

type Responder = (req: Recorded) => Reply | undefined;

let server: Server;
let url: string;
let recorded: Recorded[];
let responders: Responder[];

beforeEach(async () => {
  recorded = [];
  responders = [];
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const entry: Recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
      };
      recorded.push(entry);
      const reply = responders.map((r) => r(entry)).find((r) => r !== undefined) ?? defaultReply(entry);
      if (reply.hang) return; // never answers; afterEach closes the connection
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(
        JSON.stringify(
          reply.status < 300
            ? { result: reply.result, status: 'ok', time: 0.001 }
            : { status: { error: 'fake error' }, time: 0 },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function defaultReply(req: Recorded): Reply {
  if (req.path.endsWith('/exists')) return { status: 200, result: { exists: false } };
  if (req.path.includes('/points/query')) return { status: 200, result: { points: [] } };
  if (req.path.includes('/points/scroll'))
    return { status: 200, result: { points: [], next_page_offset: null } };
  if (req.path.includes('/points/count')) return { status: 200, result: { count: 0 } };
  if (req.method === 'PUT' && /\/collections\/[^/]+$/.test(req.path)) return { status: 200, result: true };
  return { status: 200, result: { operation_id: 1, status: 'completed' } };
}

const SPACES = [
  { name: 'nvidia-nv-embedqa-e5-v5-1024', dimensions: 4, semantic: true },
  { name: 'lexical-hashed-v1-512', dimensions: 3, semantic: false },
];

const store = () =>
  createQdrantStore({
    url,
    collection: 'chunks',
    spaces: SPACES,
    timeoutMs: 2000,
    registry: createMetricsRegistry('test', { defaults: false }),
    logger: silentLogger(),
  });

const documentRecord: DocumentRecord = {
  id: 'doc1',
  title: 'LOAD_DW_SALES fails with ORA-01653',
  filename: 'r.md',
  mimeType: 'text/markdown',
  source: 'CORPUS',
  sizeBytes: 10,
  contentHash: 'abc',
  chunkCount: 70,
  tags: ['etl'],
  language: 'en',
  ingestedBy: 'system',
  createdAt: '2026-03-09T21:59:00.000Z',
};

const point = (index: number, score = 0.5) => ({
  id: chunkId('doc1', index),
  version: 1,
  score,
  payload: {
    doc_id: 'doc1',
    chunk_index: index,
    text: `passage ${index}`,
    section: 'Fix',
    identifiers: ['LOAD_DW_SALES'],
    spaces: ['lexical-hashed-v1-512'],
    document: documentRecord,
  },
});

describe('Qdrant adapter requests', () => {
  it('creates the collection with a named cosine vector per space, a sparse IDF vector and payload indexes', async () => {
    await store().init();
    const create = recorded.find(
      (r) => r.method === 'PUT' && r.path.startsWith('/collections/chunks') && !r.path.includes('/index'),
    )!;
    expect(create.body).toEqual({
      vectors: {
        'nvidia-nv-embedqa-e5-v5-1024': { size: 4, distance: 'Cosine' },
        'lexical-hashed-v1-512': { size: 3, distance: 'Cosine' },
      },
      sparse_vectors: { keywords: { modifier: 'idf' } },
    });
    const indexes = recorded
      .filter((r) => r.path.startsWith('/collections/chunks/index'))
      .map((r) => [r.body['field_name'], r.body['field_schema']]);
    expect(indexes).toEqual(
      expect.arrayContaining([
        ['doc_id', 'keyword'],
        ['content_hash', 'keyword'],
        ['identifiers', 'keyword'],
        ['chunk_index', 'integer'],
        ['created_at_ms', { type: 'integer', lookup: false, range: true }],
      ]),
    );
  });

  const existing = (params: Record<string, unknown>): Responder[] => [
    (r) => (r.path.endsWith('/exists') ? { status: 200, result: { exists: true } } : undefined),
    (r) =>
      r.method === 'GET' && r.path === '/collections/chunks'
        ? { status: 200, result: { status: 'green', points_count: 42, config: { params } } }
        : undefined,
  ];

  it('creates the payload indexes on every start, also for a collection that already exists', async () => {
    responders.push(
      ...existing({
        vectors: { 'lexical-hashed-v1-512': { size: 3, distance: 'Cosine' } },
        sparse_vectors: { keywords: { modifier: 'idf' } },
      }),
    );
    await store().init();
    expect(recorded.some((r) => r.method === 'PUT' && r.path === '/collections/chunks')).toBe(false);
    const indexes = recorded
      .filter((r) => r.path.startsWith('/collections/chunks/index'))
      .map((r) => r.body['field_name']);
    expect(indexes).toEqual(
      expect.arrayContaining(['doc_id', 'content_hash', 'chunk_index', 'created_at_ms']),
    );
  });

  it('leaves keyword search out for a collection made without the sparse vector, instead of failing every write', async () => {
    responders.push(...existing({ vectors: { 'lexical-hashed-v1-512': { size: 3, distance: 'Cosine' } } }));
    const s = store();
    await s.init();
    recorded.length = 0;
    expect(await s.searchKeyword('LOAD_DW_SALES', { limit: 3 })).toEqual([]);
    expect(recorded).toEqual([]);
    await s.putDocument(documentRecord, chunksOf(2));
    const sent = upsertsOf(recorded).flatMap(pointsOf);
    expect(sent.map((p) => Object.keys(p.vector))).toEqual([
      ['lexical-hashed-v1-512'],
      ['lexical-hashed-v1-512'],
    ]);
  });

  it('counts for stats without an exact scan', async () => {
    responders.push(...existing({}));
    responders.push((r) =>
      r.path.includes('/points/count') ? { status: 200, result: { count: 3 } } : undefined,
    );
    expect(await store().stats()).toEqual({ documents: 3, chunks: 42 });
    const count = recorded.find((r) => r.path.includes('/points/count'))!;
    expect(count.body).toMatchObject({ exact: false });
  });

  it('searches only the spaces an existing collection was made for', async () => {
    responders.push((r) =>
      r.path.endsWith('/exists') ? { status: 200, result: { exists: true } } : undefined,
    );
    responders.push((r) =>
      r.method === 'GET' && r.path === '/collections/chunks'
        ? {
            status: 200,
            result: {
              status: 'green',
              config: { params: { vectors: { 'lexical-hashed-v1-512': { size: 3, distance: 'Cosine' } } } },
            },
          }
        : undefined,
    );
    const s = store();
    await s.init();
    expect([...s.searchableSpaces()]).toEqual(['lexical-hashed-v1-512']);
    recorded.length = 0;
    expect(await s.searchVector('nvidia-nv-embedqa-e5-v5-1024', [1, 0, 0, 0], { limit: 3 })).toEqual([]);
    expect(recorded).toEqual([]);
  });

  const chunksOf = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: chunkId('doc1', i),
      documentId: 'doc1',
      chunkIndex: i,
      text: `LOAD_DW_SALES step ${i} step`,
      section: 'Fix',
      identifiers: ['LOAD_DW_SALES'],
      vectors: { 'nvidia-nv-embedqa-e5-v5-1024': [1, 0, 0, 0], 'lexical-hashed-v1-512': [0, 1, 0] },
    }));
  const upsertsOf = (list: Recorded[]) =>
    list.filter((r) => r.method === 'PUT' && r.path.startsWith('/collections/chunks/points?'));
  type SentPoint = { id: string; vector: Record<string, unknown>; payload: Record<string, unknown> };
  const pointsOf = (r: Recorded) => r.body['points'] as SentPoint[];

  it('upserts in batches of 64 with named dense vectors and a BM25 sparse vector, chunk 0 last and alone, then drops older extra chunks', async () => {
    await store().putDocument(documentRecord, chunksOf(70));
    const upserts = upsertsOf(recorded);
    expect(upserts.map((u) => pointsOf(u).length)).toEqual([64, 5, 1]);
    expect(upserts.every((u) => u.path.includes('wait=true'))).toBe(true);
    expect(upserts.map((u) => pointsOf(u)[0]!.payload['chunk_index'])).toEqual([1, 65, 0]);
    const first = pointsOf(upserts.at(-1)!)[0]!;
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.vector['nvidia-nv-embedqa-e5-v5-1024']).toEqual([1, 0, 0, 0]);
    const sparse = first.vector['keywords'] as { indices: number[]; values: number[] };
    expect(sparse.indices).toEqual([...sparse.indices].sort((a, b) => a - b));
    expect(new Set(sparse.indices).size).toBe(sparse.indices.length);
    expect(sparse.values.every((v) => v > 0)).toBe(true);
    expect(first.payload).toMatchObject({
      doc_id: 'doc1',
      chunk_index: 0,
      identifiers: ['LOAD_DW_SALES'],
      content_hash: 'abc',
      created_at_ms: Date.parse(documentRecord.createdAt),
    });
    expect(first.payload['spaces']).toEqual(['nvidia-nv-embedqa-e5-v5-1024', 'lexical-hashed-v1-512']);
    const cleanup = recorded.at(-1)!;
    expect(cleanup.path).toMatch(/^\/collections\/chunks\/points\/delete\?wait=true/);
    expect(cleanup.body['filter']).toEqual({
      must: [
        { key: 'doc_id', match: { value: 'doc1' } },
        { key: 'chunk_index', range: { gte: 70 } },
      ],
    });
  });

  it('never writes chunk 0 when a batch fails, so the document does not look complete', async () => {
    let upserts = 0;
    responders.push((r) =>
      r.method === 'PUT' && r.path.startsWith('/collections/chunks/points?') && ++upserts === 2
        ? { status: 400 }
        : undefined,
    );
    await expect(store().putDocument(documentRecord, chunksOf(140))).rejects.toMatchObject({
      extensions: { code: 'INTERNAL' },
    });
    const sent = upsertsOf(recorded).flatMap(pointsOf);
    expect(sent.some((p) => p.payload['chunk_index'] === 0)).toBe(false);
    expect(recorded.some((r) => r.path.includes('/points/delete'))).toBe(false);
  });

  it('queries the named dense vector or the sparse keywords vector with the filter translated to match conditions', async () => {
    responders.push((r) =>
      r.path.includes('/points/query') ? { status: 200, result: { points: [point(3, 0.91)] } } : undefined,
    );
    const s = store();
    const dense = await s.searchVector('lexical-hashed-v1-512', [0, 1, 0], {
      limit: 7,
      filter: { tags: ['etl'], identifiers: ['LOAD_DW_SALES'], sources: ['CORPUS'] },
    });
    expect(recorded[0]!.body).toEqual({
      query: [0, 1, 0],
      using: 'lexical-hashed-v1-512',
      limit: 7,
      filter: {
        must: [
          { key: 'tags', match: { any: ['etl'] } },
          { key: 'source', match: { any: ['CORPUS'] } },
          { key: 'identifiers', match: { any: ['LOAD_DW_SALES'] } },
        ],
      },
      with_payload: true,
      with_vector: false,
    });
    expect(dense).toEqual([
      {
        chunk: expect.objectContaining({ id: chunkId('doc1', 3), chunkIndex: 3, section: 'Fix' }),
        document: documentRecord,
        score: 0.91,
      },
    ]);

    await s.searchKeyword('ORA-01653 LOAD_DW_SALES', { limit: 5 });
    const keyword = recorded[1]!.body;
    expect(keyword['using']).toBe('keywords');
    const query = keyword['query'] as { indices: number[]; values: number[] };
    expect(query.values.every((v) => v === 1)).toBe(true);
    // ora-01653, ora, 01653, load_dw_sales, load, dw, sales
    expect(query.indices).toHaveLength(7);
  });

  it('lists documents newest first from chunk 0 of each', async () => {
    responders.push((r) =>
      r.path.includes('/points/scroll')
        ? { status: 200, result: { points: [point(0)], next_page_offset: null } }
        : undefined,
    );
    expect(await store().listDocuments({ limit: 10, offset: 0 })).toEqual([documentRecord]);
    expect(recorded[0]!.body).toMatchObject({
      filter: { must: [{ key: 'chunk_index', match: { value: 0 } }] },
      order_by: { key: 'created_at_ms', direction: 'desc' },
      limit: 10,
    });
  });

  it('retries a 503 and succeeds; does not retry a 400, which is our bug (INTERNAL with the cause)', async () => {
    let failures = 1;
    responders.push((r) =>
      r.path.includes('/points/count') && failures-- > 0 ? { status: 503 } : undefined,
    );
    await store().deleteDocument('doc1');
    expect(recorded.filter((r) => r.path.includes('/points/count'))).toHaveLength(2);

    recorded.length = 0;
    responders.push((r) => (r.path.includes('/points/query') ? { status: 400 } : undefined));
    const error = await store()
      .searchVector('lexical-hashed-v1-512', [0, 1, 0], { limit: 3 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ extensions: { code: 'INTERNAL' } });
    expect((error as Error).message).toBe('Qdrant rejected query: HTTP 400');
    expect((error as { originalError?: unknown }).originalError).toMatchObject({ status: 400 });
    expect(recorded).toHaveLength(1);
  });

  it('does not retry a request that timed out', async () => {
    responders.push((r) => (r.path.includes('/points/count') ? { status: 200, hang: true } : undefined));
    const error = await createQdrantStore({
      url,
      collection: 'chunks',
      spaces: SPACES,
      timeoutMs: 150,
      registry: createMetricsRegistry('test', { defaults: false }),
      logger: silentLogger(),
    })
      .deleteDocument('doc1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect((error as Error).message).toBe('Qdrant count failed: timed out');
    expect(recorded.filter((r) => r.path.includes('/points/count'))).toHaveLength(1);
  });

  it('answers UPSTREAM_UNAVAILABLE after retrying a 503 that does not heal', async () => {
    responders.push((r) => (r.path.includes('/points/count') ? { status: 503 } : undefined));
    await expect(store().deleteDocument('doc1')).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_UNAVAILABLE', upstream: 'qdrant' },
      message: 'Qdrant count failed: HTTP 503',
    });
    expect(recorded.filter((r) => r.path.includes('/points/count'))).toHaveLength(3);
  });

  it('reports an unreachable Qdrant as UPSTREAM_UNAVAILABLE', async () => {
    const dead = createQdrantStore({
      url: 'http://127.0.0.1:1',
      collection: 'chunks',
      spaces: SPACES,
      registry: createMetricsRegistry('test', { defaults: false }),
      logger: silentLogger(),
    });
    await expect(dead.init()).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      message: 'Qdrant collectionExists failed: unreachable',
    });
  });
});
