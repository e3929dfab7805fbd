// The rag subgraph through the gateway, on the defaults of `npm start`: embedded store, offline
// lexical embeddings, no LLM (extractive answers), the bundled corpus loaded at start. Redis is the
// run's shared one (answer cache), namespaced by the test stack.
import { jobIdOf } from '../../../simulator/dataset/default-ids.js';
import { startTestStack, type TestStack } from '../../harness/stack.js';
import { makePdf } from '../../unit/rag/pdf-fixture.js';

interface Passage {
  id: string;
  documentId: string;
  title: string;
  section: string | null;
  text: string;
  score: number;
  matchedBy: string[];
}
interface Answer {
  mode: string;
  text: string;
  cached: boolean;
  language: string;
  note: string | null;
  citations: Array<{ marker: number; title: string; documentId: string }>;
}

const SEARCH =
  'query ($q: String!, $limit: Int, $filter: DocumentFilter) { searchDocuments(query: $q, limit: $limit, filter: $filter) { id documentId title section text score matchedBy } }';
const ASK =
  'query ($q: String!) { ask(question: $q) { mode text cached language note citations { marker title documentId } } }';
const INGEST =
  'mutation ($input: IngestDocumentInput!) { ingestDocument(input: $input) { created document { id title chunkCount mimeType source ingestedBy contentHash } } }';
const DELETE = 'mutation ($id: ID!) { deleteDocument(id: $id) { id deletedChunks } }';
const MAX_BYTES = 20_000;

const codeOf = (res: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  res.errors?.[0]?.extensions?.['code'];

describe('rag through the gateway (embedded store, offline embeddings, extractive answers)', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ env: { RAG_MAX_DOCUMENT_BYTES: String(MAX_BYTES) } });
  });
  afterAll(async () => {
    await t.stop();
  });

  const search = async (q: string, limit = 3, filter?: Record<string, unknown>) => {
    const res = await t.query<{ searchDocuments: Passage[] }>(SEARCH, {
      role: 'viewer',
      variables: { q, limit, ...(filter ? { filter } : {}) },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.searchDocuments;
  };
  const ask = async (q: string) => {
    const res = await t.query<{ ask: Answer }>(ASK, { role: 'viewer', variables: { q } });
    expect(res.errors).toBeUndefined();
    return res.data!.ask;
  };
  const ingest = (input: Record<string, unknown>, role: 'viewer' | 'operator' | 'admin' = 'operator') =>
    t.query<{
      ingestDocument: {
        created: boolean;
        document: {
          id: string;
          title: string;
          chunkCount: number;
          mimeType: string;
          source: string;
          ingestedBy: string;
          contentHash: string;
        };
      };
    }>(INGEST, {
      role,
      variables: { input },
    });

  it('finds the LOAD_DW_SALES / ORA-01653 runbook first (acceptance query)', async () => {
    const res = await t.query<{ searchDocuments: Array<{ title: string; text: string; score: number }> }>(
      '{ searchDocuments(query: "ORA-01653 LOAD_DW_SALES", limit: 3) { title text score } }',
      { role: 'viewer' },
    );
    expect(res.errors).toBeUndefined();
    const hits = res.data!.searchDocuments;
    expect(hits).toHaveLength(3);
    expect(hits[0]!.title).toBe('LOAD_DW_SALES fails with ORA-01653 (tablespace DW_DATA full)');
    expect(hits[0]!.score).toBeGreaterThan(0.9);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    const passages = await search('ORA-01653 LOAD_DW_SALES');
    expect(passages[0]!.matchedBy).toEqual(
      expect.arrayContaining(['keyword', 'identifier:ORA-01653', 'identifier:LOAD_DW_SALES']),
    );
    expect(passages[0]!.matchedBy.some((m) => m.startsWith('vector:lexical'))).toBe(true);
  });

  it('answers a question about it with citations of the runbook, then serves it from the cache', async () => {
    const question = 'Why did LOAD_DW_SALES fail with ORA-01653 and what do I do?';
    const answer = await ask(question);
    expect(answer.mode).toBe('EXTRACTIVE');
    expect(answer.citations[0]!.title).toBe('LOAD_DW_SALES fails with ORA-01653 (tablespace DW_DATA full)');
    expect(answer.text).toContain('[1]');
    expect(answer.note).toContain('No language model is configured');
    expect(answer.cached).toBe(false);
    const again = await ask('why did load_dw_sales fail with ORA-01653 and what do i do');
    expect(again).toMatchObject({ cached: true, text: answer.text });
  });

  it('answers in Portuguese from the Portuguese runbooks', async () => {
    const answer = await ask('Como reexecutar um job stream depois da correção?');
    expect(answer.language).toBe('pt');
    expect(answer.citations[0]!.title).toBe('Reexecutar um job ou job stream após a correção');
  });

  it('says so when nothing matches', async () => {
    const answer = await ask('What is the capital of France?');
    expect(answer).toMatchObject({ mode: 'NO_MATCH', citations: [] });
  });

  it('adds runbooks to the federated Job entity (name passed by the gateway through @requires)', async () => {
    const id = jobIdOf('ETL_SALES', 'LOAD_DW_SALES');
    const res = await t.query<{ job: { name: string; status: string; runbooks: Array<{ title: string }> } }>(
      `{ job(id: "${id}") { name status runbooks(limit: 2) { title } } }`,
      { role: 'viewer' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.job.name).toBe('LOAD_DW_SALES');
    expect(res.data!.job.status).toBe('ERROR');
    // The English and the Portuguese runbook both name the job in their title: one passage of each.
    expect(res.data!.job.runbooks.map((r) => r.title).sort()).toEqual([
      'LOAD_DW_SALES fails with ORA-01653 (tablespace DW_DATA full)',
      'LOAD_DW_SALES falhou com ORA-01653 (tablespace DW_DATA cheia)',
    ]);
    const none = await t.query<{ job: { runbooks: unknown[] } }>(
      `{ job(id: "${jobIdOf('DAILY_START', 'CHECK_FS')}") { runbooks { title } } }`,
      { role: 'viewer' },
    );
    expect(none.data!.job.runbooks).toEqual([]);
  });

  it('ingests a document once: the same content again creates nothing, and answers see the new document', async () => {
    const text =
      '# Reorg of table DW.SALES_FACT\n\nRun the reorg script reorg_sales_fact.sh weekly; it never needs AWSZZZ999E handling.\n\n| step | command |\n| --- | --- |\n| 1 | reorg_sales_fact.sh |\n';
    const before = await ask('How often do I run reorg_sales_fact.sh?');
    expect(before.mode).toBe('NO_MATCH');

    const first = await ingest({ filename: 'reorg.md', text, tags: ['DBA'] });
    expect(first.errors).toBeUndefined();
    expect(first.data!.ingestDocument).toMatchObject({
      created: true,
      document: {
        title: 'Reorg of table DW.SALES_FACT',
        mimeType: 'text/markdown',
        source: 'UPLOAD',
        ingestedBy: 'operator-user',
      },
    });
    const documentId = first.data!.ingestDocument.document.id;
    const count = async () =>
      (await t.query<{ documents: unknown[] }>('{ documents(limit: 500) { id } }', { role: 'viewer' })).data!
        .documents.length;
    const documentsBefore = await count();

    const second = await ingest({ filename: 'copy-of-reorg.md', text, title: 'Another title' });
    expect(second.data!.ingestDocument).toMatchObject({
      created: false,
      document: { id: documentId, title: 'Reorg of table DW.SALES_FACT' },
    });
    expect(await count()).toBe(documentsBefore);

    const passages = await search('reorg_sales_fact.sh weekly', 10, { documentIds: [documentId] });
    expect(passages.length).toBe(first.data!.ingestDocument.document.chunkCount);
    expect(new Set(passages.map((p) => p.id)).size).toBe(passages.length);
    expect(passages.some((p) => p.text.includes('| 1 | reorg_sales_fact.sh |'))).toBe(true);

    // The cached NO_MATCH is gone: ingestion invalidated the answer cache.
    const after = await ask('How often do I run reorg_sales_fact.sh?');
    expect(after).toMatchObject({ mode: 'EXTRACTIVE', cached: false });
    expect(after.citations[0]!.documentId).toBe(documentId);
  });

  it('ingests a PDF (base64) and finds its text', async () => {
    const pdf = makePdf(
      [
        'Runbook: PAY_BANK_FILE transfer rejected',
        'Resend the bank file after the bank confirms BANKREF_42.',
      ],
      { title: 'Bank file rejected' },
    );
    const res = await ingest({ filename: 'bank.pdf', base64: pdf.toString('base64') });
    expect(res.errors).toBeUndefined();
    expect(res.data!.ingestDocument).toMatchObject({
      created: true,
      document: { title: 'Bank file rejected', mimeType: 'application/pdf' },
    });
    const hits = await search('bank file BANKREF_42', 1);
    expect(hits[0]!.title).toBe('Bank file rejected');
  });

  it('refuses an oversized or unsupported file with BAD_USER_INPUT and a clear message', async () => {
    const big = await ingest({ filename: 'big.md', text: 'x'.repeat(MAX_BYTES + 1) });
    expect(codeOf(big)).toBe('BAD_USER_INPUT');
    expect(big.errors![0]!.message).toBe(
      `The document is ${MAX_BYTES + 1} bytes; the limit is ${MAX_BYTES} bytes (RAG_MAX_DOCUMENT_BYTES)`,
    );
    const docx = await ingest({
      filename: 'procedures.docx',
      base64: Buffer.from('PK\u0003\u0004').toString('base64'),
    });
    expect(codeOf(docx)).toBe('BAD_USER_INPUT');
    expect(docx.errors![0]!.message).toContain('Unsupported file type for procedures.docx');
  });

  it('lets only operators ingest and only admins delete', async () => {
    const asViewer = await ingest({ filename: 'v.md', text: '# viewer upload' }, 'viewer');
    expect(codeOf(asViewer)).toBe('FORBIDDEN');
    expect(asViewer.data?.ingestDocument ?? null).toBeNull();

    const created = await ingest({
      filename: 'temp.md',
      text: '# Temporary note\n\nZQX_TEMPORARY_MARKER is only here for a moment.',
    });
    const id = created.data!.ingestDocument.document.id;
    expect(codeOf(await t.query(DELETE, { role: 'operator', variables: { id } }))).toBe('FORBIDDEN');

    const deleted = await t.query<{ deleteDocument: { id: string; deletedChunks: number } }>(DELETE, {
      role: 'admin',
      variables: { id },
    });
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data!.deleteDocument).toEqual({ id, deletedChunks: 1 });
    expect((await search('ZQX_TEMPORARY_MARKER', 5)).map((p) => p.documentId)).not.toContain(id);
    expect(codeOf(await t.query(DELETE, { role: 'admin', variables: { id } }))).toBe('NOT_FOUND');
  });

  it('validates search arguments', async () => {
    const res = await t.query(SEARCH, { role: 'viewer', variables: { q: 'x', limit: 500 } });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
  });

  it('reports the embedded store and the offline lexical embeddings honestly in health', async () => {
    const readyz = (await (
      await fetch(t.stack.subgraphs.rag.url.replace(/\/graphql$/, '/readyz'))
    ).json()) as {
      checks: Array<{ name: string; mode?: string; detail?: string; ok: boolean }>;
    };
    const byName = Object.fromEntries(readyz.checks.map((c) => [c.name, c]));
    expect(byName['vectorstore']).toMatchObject({ ok: true, mode: 'embedded' });
    expect(byName['embeddings']).toMatchObject({ ok: true, mode: 'offline lexical' });
    expect(byName['embeddings']!.detail).toContain('not meaning');

    const health = await t.query<{
      health: { components: Array<{ name: string; status: string; mode: string | null }> };
    }>('{ health { components { name status mode } } }', { role: 'viewer' });
    const components = Object.fromEntries(health.data!.health.components.map((c) => [c.name, c]));
    expect(components['vectorstore']).toMatchObject({ status: 'UP', mode: 'embedded' });
    expect(components['embeddings']).toMatchObject({ status: 'UP', mode: 'offline lexical' });
  });
});
