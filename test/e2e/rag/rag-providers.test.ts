// The rag subgraph with a configured provider (the "nvidia" entry pointed at local fakes that
// speak the OpenAI wire protocol): semantic embeddings for ingestion and queries, grounded LLM
// answers with citations, and what happens when the embeddings or the LLM fail.
import { startFakeEmbeddings, type FakeEmbeddings } from '../../harness/fake-embeddings.js';
import { startFakeLlm, type FakeLlm } from '../../harness/fake-llm.js';
import { startTestStack, type TestStack } from '../../harness/stack.js';

const SEARCH = 'query ($q: String!) { searchDocuments(query: $q, limit: 3) { title matchedBy } }';
const ASK =
  'query ($q: String!) { ask(question: $q) { mode provider text note cached citations { marker title } } }';
const SPACE = 'vector:nvidia-embed-64';

interface Readyz {
  checks: Array<{ name: string; mode?: string; detail?: string; degraded?: boolean }>;
}

describe('rag with an embeddings provider and an LLM (OpenAI-protocol fakes)', () => {
  let llm: FakeLlm;
  let embeddings: FakeEmbeddings;
  let t: TestStack;
  const readyz = async () => {
    const body = (await (
      await fetch(t.stack.subgraphs.rag.url.replace(/\/graphql$/, '/readyz'))
    ).json()) as Readyz;
    return Object.fromEntries(body.checks.map((c) => [c.name, c]));
  };

  beforeAll(async () => {
    llm = await startFakeLlm();
    // One base URL for the provider, as NVIDIA's API: /embeddings here, chat forwarded to the fake LLM.
    embeddings = await startFakeEmbeddings({ dimensions: 64, forwardTo: llm.url });
    t = await startTestStack({
      env: {
        NVIDIA_API_KEY: 'nvapi-test',
        NVIDIA_BASE_URL: embeddings.url,
        NVIDIA_MODEL: 'fake-chat',
        NVIDIA_EMBEDDING_MODEL: 'fake/embed',
        EMBEDDINGS_NVIDIA_DIMENSIONS: '64',
        EMBEDDINGS_MAX_RETRIES: '0',
        RAG_ASK_LLM_TIMEOUT_MS: '1500',
      },
    });
  });
  afterAll(async () => {
    await t.stop();
    await embeddings.stop();
    await llm.stop();
  });

  it('embeds the corpus as passages and queries as queries, in float, in batches', async () => {
    const passages = embeddings.requests.filter((r) => r.body['input_type'] === 'passage');
    expect(passages.length).toBeGreaterThan(0);
    expect(
      passages.every((r) => r.body['encoding_format'] === 'float' && r.body['model'] === 'fake/embed'),
    ).toBe(true);
    expect(passages.every((r) => r.inputs.length <= 32)).toBe(true);
    expect(passages.every((r) => r.authorization === 'Bearer nvapi-test')).toBe(true);

    const res = await t.query<{ searchDocuments: Array<{ title: string; matchedBy: string[] }> }>(SEARCH, {
      role: 'viewer',
      variables: { q: 'ORA-01653 LOAD_DW_SALES' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.searchDocuments[0]!.title).toMatch(/^LOAD_DW_SALES/);
    expect(res.data!.searchDocuments[0]!.matchedBy).toContain(SPACE);
    expect(embeddings.requests.at(-1)!.body['input_type']).toBe('query');
    expect((await readyz())['embeddings']).toMatchObject({ mode: 'nvidia', degraded: false });
  });

  it('answers through the LLM from numbered passages and keeps the citations it used', async () => {
    llm.setFallback(() => ({
      kind: 'text',
      chunks: ['Add a datafile to DW_DATA, then rerun LOAD_DW_SALES [1].'],
    }));
    const res = await t.query<{
      ask: {
        mode: string;
        provider: string;
        text: string;
        citations: Array<{ marker: number; title: string }>;
      };
    }>(ASK, {
      role: 'viewer',
      variables: { q: 'How do I fix LOAD_DW_SALES after ORA-01653?' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.ask).toMatchObject({
      mode: 'GENERATED',
      provider: 'nvidia',
      text: 'Add a datafile to DW_DATA, then rerun LOAD_DW_SALES [1].',
    });
    expect(res.data!.ask.citations).toHaveLength(1);
    expect(res.data!.ask.citations[0]!.title).toMatch(/^LOAD_DW_SALES/);
    const chat = llm.requests.at(-1)!.body;
    expect(chat['model']).toBe('fake-chat');
    const messages = chat['messages'] as Array<{ role: string; content: string }>;
    expect(messages[0]!.content).toContain('cite its passage as [n]');
    expect(messages[1]!.content).toContain('[1] LOAD_DW_SALES');
    expect(messages[1]!.content).toContain('Question: How do I fix LOAD_DW_SALES after ORA-01653?');
  });

  it('falls back to an extractive answer when the LLM fails, saying why', async () => {
    llm.setFallback(() => ({ kind: 'error', status: 500 }));
    const res = await t.query<{ ask: { mode: string; note: string; citations: unknown[]; cached: boolean } }>(
      ASK,
      {
        role: 'viewer',
        variables: { q: 'How do I relink the unlinked FTA_AIX01?' },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.ask).toMatchObject({ mode: 'EXTRACTIVE', cached: false });
    expect(res.data!.ask.note).toContain('language model is unavailable');
    expect(res.data!.ask.citations.length).toBeGreaterThan(0);
  });

  it('answers extractively when the LLM does not answer in time, well before the gateway gives up', async () => {
    llm.enqueue({ kind: 'hang' });
    const res = await t.query<{ ask: { mode: string; note: string } }>(ASK, {
      role: 'viewer',
      variables: { q: 'What do I do about the FENCE on AGT_WIN01?' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.ask.mode).toBe('EXTRACTIVE');
    expect(res.data!.ask.note).toContain('no answer within 1500 ms');
  });

  it('keeps searching with the offline embedding when the provider is down, and health says so', async () => {
    embeddings.setDefault({ kind: 'error', status: 503 });
    try {
      // Every search still answers; the breaker opens once failures outweigh the successes of
      // the rolling window (the corpus ingestion at start counts as successes).
      let entry = (await readyz())['embeddings']!;
      for (let i = 0; i < 40 && entry.mode !== 'offline lexical'; i++) {
        const res = await t.query<{ searchDocuments: Array<{ title: string; matchedBy: string[] }> }>(
          SEARCH,
          { role: 'viewer', variables: { q: `relink FTA_AIX01 attempt ${i}` } },
        );
        expect(res.errors).toBeUndefined();
        expect(res.data!.searchDocuments[0]!.title).toBe('Unlinked fault-tolerant agent (FTA_AIX01)');
        expect(res.data!.searchDocuments[0]!.matchedBy.some((m) => m.startsWith('vector:lexical'))).toBe(
          true,
        );
        entry = (await readyz())['embeddings']!;
      }
      expect(entry).toMatchObject({ mode: 'offline lexical', degraded: true });
      expect(entry.detail).toContain('nvidia circuit open');
    } finally {
      embeddings.setDefault(undefined);
    }
  });
});
