// What a document may cost before it is refused: extracted text, passages, tags — all checked
// before any embedding is requested — and how many PDF readers run at once.
import { Registry } from 'prom-client';
import { createEmbeddingChain } from '../../../core/llm/embeddings-chain.js';
import { createLexicalEmbeddings } from '../../../core/llm/embeddings-lexical.js';
import { silentLogger } from '../../../core/logger.js';
import { createIngestService } from '../../../subgraphs/rag/ingest/ingest.js';
import { validateUpload } from '../../../subgraphs/rag/ingest/input.js';
import { createLimiter } from '../../../subgraphs/rag/limiter.js';
import { parseDocument } from '../../../subgraphs/rag/ingest/parse.js';
import type { VectorStore } from '../../../subgraphs/rag/store/types.js';
import { makePdf } from './pdf-fixture.js';

const codeOf = (error: unknown) => (error as { extensions?: { code?: string } }).extensions?.code;

function service(limits: { maxDocumentChars?: number; maxDocumentChunks?: number } = {}) {
  const lexical = createLexicalEmbeddings({ dimensions: 64 });
  let embedded = 0;
  const counting = {
    ...lexical,
    embed: (texts: readonly string[], purpose: 'query' | 'passage') => {
      embedded += texts.length;
      return lexical.embed(texts, purpose);
    },
  };
  const stored: string[] = [];
  const store = {
    searchableSpaces: () => new Set([lexical.space.name]),
    findDocumentByHash: async () => undefined,
    putDocument: async (document: { id: string }) => void stored.push(document.id),
  } as unknown as VectorStore;
  const ingest = createIngestService({
    store,
    embeddings: createEmbeddingChain([], counting),
    maxDocumentBytes: 1_000_000,
    maxDocumentChars: limits.maxDocumentChars ?? 100_000,
    maxDocumentChunks: limits.maxDocumentChunks ?? 100,
    chunkChars: 200,
    registry: new Registry(),
    logger: silentLogger(),
  });
  return { ingest, embedded: () => embedded, stored };
}

const by = { sub: 'alice', source: 'UPLOAD' as const };

describe('ingestion limits', () => {
  it('refuses a small PDF whose pages expand past RAG_MAX_DOCUMENT_CHARS', async () => {
    const line = 'LOAD_DW_SALES failed with ORA-01653 unable to extend table in tablespace DW_DATA';
    const pdf = makePdf(
      Array.from({ length: 20 }, () => line),
      { pages: 200 },
    );
    expect(pdf.length * 5).toBeLessThan(200 * 20 * line.length); // the text outgrows the file
    const upload = validateUpload(
      { filename: 'bomb.pdf', base64: pdf.toString('base64') },
      { maxBytes: 1e6 },
    );
    const error = await parseDocument(upload, { maxChars: 20_000 }).catch((e: unknown) => e);
    expect(codeOf(error)).toBe('BAD_USER_INPUT');
    expect((error as Error).message).toContain('RAG_MAX_DOCUMENT_CHARS');
    // Under the limit the same pages are read whole.
    const parsed = await parseDocument(upload, { maxChars: 1_000_000 });
    expect(parsed.markdown.split(line).length - 1).toBe(4000);
  });

  it('refuses text past the limit, whatever its format', async () => {
    const upload = validateUpload({ filename: 'big.md', text: 'word '.repeat(5_000) }, { maxBytes: 1e6 });
    await expect(parseDocument(upload, { maxChars: 10_000 })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'content', maxChars: 10_000 },
    });
  });

  it('refuses a document of too many passages before asking for any embedding', async () => {
    const s = service({ maxDocumentChunks: 5 });
    const text = Array.from({ length: 10 }, (_, i) => `# Step ${i}\n\nDo thing ${i}.`).join('\n\n');
    const error = await s.ingest.ingest({ filename: 'steps.md', text }, by).catch((e: unknown) => e);
    expect(codeOf(error)).toBe('BAD_USER_INPUT');
    expect((error as Error).message).toContain('RAG_MAX_DOCUMENT_CHUNKS');
    expect(s.embedded()).toBe(0);
    expect(s.stored).toEqual([]);
  });

  it('refuses bad front-matter tags before asking for any embedding', async () => {
    const s = service();
    const text = '---\ntags: [etl, "not a tag!"]\n---\n# Runbook\n\nRerun LOAD_DW_SALES.';
    await expect(s.ingest.ingest({ filename: 'r.md', text }, by)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'tags' },
    });
    expect(s.embedded()).toBe(0);
  });

  it('ingests a document within every limit', async () => {
    const s = service();
    const result = await s.ingest.ingest({ filename: 'r.md', text: '# Runbook\n\nRerun LOAD_DW_SALES.' }, by);
    expect(result.created).toBe(true);
    expect(s.embedded()).toBeGreaterThan(0);
    expect(s.stored).toEqual([result.document.id]);
  });
});

describe('PDF reader slots', () => {
  it('runs at most its number of tasks at once, the others in arrival order', async () => {
    const limiter = createLimiter(2);
    const gates: Array<() => void> = [];
    const started: number[] = [];
    let peak = 0;
    const runs = [0, 1, 2, 3, 4].map((i) =>
      limiter.run(async () => {
        started.push(i);
        peak = Math.max(peak, limiter.active());
        await new Promise<void>((resolve) => gates.push(resolve));
        return i;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    while (gates.length > 0) {
      gates.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(limiter.active()).toBe(0);
  });
});
