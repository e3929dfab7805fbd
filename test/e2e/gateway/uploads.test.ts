import { startTestStack, type TestStack } from '../../harness/stack.js';

const INGEST =
  'mutation($input: IngestDocumentInput!) { ingestDocument(input: $input) { created document { id } } }';

/** A Markdown runbook of about `bytes` bytes, unique per call so dedupe never interferes. */
function runbook(bytes: number): string {
  const line = `Step ${Math.random().toString(36).slice(2)}: check the LOAD_DW_SALES tablespace and rerun.\n`;
  return `# Large runbook\n\n${line.repeat(Math.ceil(bytes / line.length))}`.slice(0, bytes);
}

describe('document uploads through the gateway (default limits)', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ neo4j: false });
  });
  afterAll(async () => {
    await t.stop();
  });

  it("accepts a document close to rag's 1 MiB limit, sent as base64", async () => {
    const text = runbook(950 * 1024);
    const res = await t.query<{ ingestDocument: { created: boolean } }>(INGEST, {
      role: 'operator',
      variables: { input: { filename: 'large.md', base64: Buffer.from(text).toString('base64') } },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.ingestDocument.created).toBe(true);
  });

  it("refuses a document over rag's limit with rag's own message, not a bare 413", async () => {
    const res = await t.query(INGEST, {
      role: 'operator',
      variables: { input: { filename: 'huge.md', text: runbook(1100 * 1024) } },
    });
    expect(res.status).toBe(200);
    expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/RAG_MAX_DOCUMENT_BYTES/);
  });
});
