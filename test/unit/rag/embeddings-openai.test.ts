import { createEmbeddingChain } from '../../../core/llm/embeddings-chain.js';
import { createLexicalEmbeddings } from '../../../core/llm/embeddings-lexical.js';
import { createOpenAiEmbeddings, type OpenAiEmbeddingsOptions } from '../../../core/llm/embeddings-openai.js';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';
import { startFakeEmbeddings, type FakeEmbeddings } from '../../harness/fake-embeddings.js';

let fake: FakeEmbeddings;
beforeEach(async () => {
  fake = await startFakeEmbeddings({ dimensions: 32 });
});
afterEach(async () => {
  await fake.stop();
});

const provider = (overrides: Partial<OpenAiEmbeddingsOptions> = {}) =>
  createOpenAiEmbeddings({
    name: 'nvidia',
    apiKey: 'test-key',
    baseURL: fake.url,
    model: 'fake/embed',
    dimensions: 32,
    timeoutMs: 2000,
    batchSize: 4,
    maxRetries: 1,
    registry: createMetricsRegistry('test', { defaults: false }),
    logger: silentLogger(),
    ...overrides,
  });

const codeOf = (error: unknown) => (error as { extensions?: { code?: string } }).extensions?.code;

describe('OpenAI-compatible embeddings provider', () => {
  it('splits inputs into batches, asks for float vectors and keeps the input order', async () => {
    const texts = Array.from({ length: 10 }, (_, i) => `passage number ${i} about LOAD_DW_SALES`);
    const vectors = await provider().embed(texts, 'passage');
    expect(vectors).toHaveLength(10);
    expect(vectors.every((v) => v.length === 32)).toBe(true);
    // Batches go out concurrently: their arrival order is not fixed, the result order is.
    expect(fake.requests.map((r) => r.inputs.length).sort()).toEqual([2, 4, 4]);
    expect(fake.requests.flatMap((r) => r.inputs).sort()).toEqual([...texts].sort());
    for (const r of fake.requests) {
      expect(r.body['encoding_format']).toBe('float');
      expect(r.body['model']).toBe('fake/embed');
      expect(r.authorization).toBe('Bearer test-key');
    }
    // Same text, same vector: results are not shuffled between batches.
    for (const i of [0, 5, 9])
      expect((await provider().embed([texts[i]!], 'passage'))[0]).toEqual(vectors[i]);
  });

  it("sends NVIDIA's input_type for queries and passages, and nothing of the kind to OpenAI", async () => {
    await provider().embed(['a query'], 'query');
    await provider().embed(['a passage'], 'passage');
    await provider({ name: 'openai' }).embed(['plain'], 'query');
    expect(fake.requests.map((r) => [r.body['input_type'], r.body['truncate']])).toEqual([
      ['query', 'END'],
      ['passage', 'END'],
      [undefined, undefined],
    ]);
  });

  it('requests a vector size only when told to (text-embedding-3 can shorten its vectors)', async () => {
    await provider({ name: 'openai', sendDimensions: true }).embed(['x'], 'query');
    expect(fake.requests[0]!.body['dimensions']).toBe(32);
  });

  it('retries a 503 once and then succeeds', async () => {
    fake.enqueue({ kind: 'error', status: 503 });
    const vectors = await provider().embed(['retry me'], 'query');
    expect(vectors).toHaveLength(1);
    expect(fake.requests).toHaveLength(2);
  });

  it('honours Retry-After on 429 and gives up after the configured retries with UPSTREAM_UNAVAILABLE', async () => {
    fake.enqueue(
      { kind: 'error', status: 429, retryAfter: 0 },
      { kind: 'error', status: 429, retryAfter: 0 },
    );
    const error = await provider()
      .embed(['busy'], 'query')
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe('UPSTREAM_UNAVAILABLE');
    expect((error as Error).message).toContain('embeddings:nvidia');
    expect((error as Error).message).toContain('429');
    expect(fake.requests).toHaveLength(2);
  });

  it('does not retry a 400 (the request is wrong, not the provider)', async () => {
    fake.enqueue({ kind: 'error', status: 400, message: 'input too long' });
    const error = await provider()
      .embed(['too long'], 'query')
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe('UPSTREAM_UNAVAILABLE');
    expect(fake.requests).toHaveLength(1);
  });

  it('rejects vectors of the wrong size with a message naming the setting to fix', async () => {
    fake.enqueue({ kind: 'wrongDimensions', dimensions: 16 });
    const error = await provider({ maxRetries: 0 })
      .embed(['x'], 'query')
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe('UPSTREAM_UNAVAILABLE');
    expect((error as Error).message).toMatch(/16.*32|EMBEDDINGS_NVIDIA_DIMENSIONS/);
  });

  it('times out a hanging provider instead of waiting, and does not try it again', async () => {
    fake.enqueue({ kind: 'hang' });
    const error = await provider({ timeoutMs: 200, maxRetries: 1 })
      .embed(['x'], 'passage')
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe('UPSTREAM_UNAVAILABLE');
    expect((error as Error).message).toContain('timed out');
    expect(fake.requests).toHaveLength(1);
  });

  it('gives a query its own short deadline, not the passages one, and no second attempt', async () => {
    fake.enqueue({ kind: 'hang' });
    const error = await provider({ timeoutMs: 60_000, queryTimeoutMs: 200, maxRetries: 1 })
      .embed(['why did LOAD_DW_SALES fail'], 'query')
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('embeddings:nvidia failed: timed out');
    expect(fake.requests).toHaveLength(1);
  });

  it('opens its breaker after repeated failures and then fails fast without calling the provider', async () => {
    fake.setDefault({ kind: 'error', status: 500 });
    const p = provider({ maxRetries: 0 });
    for (let i = 0; i < 6; i++) await p.embed(['x'], 'query').catch(() => undefined);
    expect(p.state()).toBe('open');
    const before = fake.requests.length;
    const error = await p.embed(['x'], 'query').catch((e: unknown) => e);
    expect((error as Error).message).toContain('circuit open');
    expect(fake.requests.length).toBe(before);
  });

  it('tells when it answers again after its breaker opened (backfill trigger)', async () => {
    fake.setDefault({ kind: 'error', status: 500 });
    const p = provider({ maxRetries: 0, breakerResetMs: 20 });
    let recovered = 0;
    p.onRecovered!(() => recovered++);
    for (let i = 0; i < 6; i++) await p.embed(['x'], 'passage').catch(() => undefined);
    expect(p.state()).toBe('open');
    fake.setDefault(undefined);
    for (let i = 0; i < 200 && p.state() === 'open'; i++) await new Promise((r) => setTimeout(r, 5));
    await p.embed(['x'], 'passage');
    expect(p.state()).toBe('closed');
    expect(recovered).toBe(1);
  });

  it('keeps its breaker closed when requests are refused as bad (4xx)', async () => {
    fake.setDefault({ kind: 'error', status: 422 });
    const p = provider({ maxRetries: 0 });
    for (let i = 0; i < 8; i++) await p.embed(['x'], 'query').catch(() => undefined);
    expect(p.state()).toBe('closed');
  });
});

describe('embedding chain', () => {
  it('embeds a query with the first provider that answers, and says who failed before it', async () => {
    const lexical = createLexicalEmbeddings({ dimensions: 64 });
    const nvidia = provider({ maxRetries: 0 });
    const openai = provider({ name: 'openai', maxRetries: 0 });
    const chain = createEmbeddingChain([nvidia, openai], lexical);
    fake.enqueue({ kind: 'error', status: 500 });
    const fallback = await chain.embedQuery('why did LOAD_DW_SALES fail');
    expect(fallback.provider.name).toBe('openai');
    expect(fallback.failures.map((f) => f.provider)).toEqual(['nvidia']);

    fake.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const offline = await chain.embedQuery('why did LOAD_DW_SALES fail');
    expect(offline.provider.name).toBe('lexical');
    expect(offline.vector).toHaveLength(64);
  });

  it("falls back to the offline embedding after each provider's query deadline, asking each once", async () => {
    fake.setDefault({ kind: 'hang' });
    const lexical = createLexicalEmbeddings({ dimensions: 64 });
    const slow = { timeoutMs: 60_000, queryTimeoutMs: 150, maxRetries: 2 };
    const chain = createEmbeddingChain([provider(slow), provider({ ...slow, name: 'openai' })], lexical);
    const result = await chain.embedQuery('why did LOAD_DW_SALES fail');
    expect(result.provider.name).toBe('lexical');
    expect(result.failures.map((f) => [f.provider, f.error])).toEqual([
      ['nvidia', 'embeddings:nvidia failed: timed out'],
      ['openai', 'embeddings:openai failed: timed out'],
    ]);
    expect(fake.requests).toHaveLength(2);
  });

  it('skips providers whose space the store cannot search', async () => {
    const lexical = createLexicalEmbeddings({ dimensions: 64 });
    const chain = createEmbeddingChain([provider()], lexical);
    const result = await chain.embedQuery('x', new Set([lexical.space.name]));
    expect(result.provider.name).toBe('lexical');
    expect(fake.requests).toHaveLength(0);
  });

  it('embeds passages in every space that answers and reports the others', async () => {
    const lexical = createLexicalEmbeddings({ dimensions: 64 });
    const nvidia = provider({ maxRetries: 0 });
    const chain = createEmbeddingChain([nvidia], lexical);
    fake.enqueue({ kind: 'error', status: 503 });
    const { vectors, failures } = await chain.embedPassages(['one', 'two']);
    expect([...vectors.keys()]).toEqual([lexical.space.name]);
    expect(failures.map((f) => f.provider)).toEqual(['nvidia']);
    const ok = await chain.embedPassages(['one', 'two']);
    expect([...ok.vectors.keys()].sort()).toEqual([lexical.space.name, nvidia.space.name].sort());
  });
});
