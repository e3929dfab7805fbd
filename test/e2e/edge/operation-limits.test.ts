import { collect } from '../../harness/client.js';
import { startTestStack, type TestStack } from '../../harness/stack.js';

type Refusal = { status?: number; messages: string[]; codes: unknown[] };

/** `{ health { components { f3 { ... f<depth> } } } }`: `depth` levels of fields. */
function queryOfDepth(depth: number): string {
  const names = ['health', 'components', ...Array.from({ length: depth - 2 }, (_, i) => `f${i + 3}`)];
  return `query Deep ${names.map((n) => `{ ${n} `).join('')}${'} '.repeat(depth)}`;
}

/**
 * The same operation limits on both transports (gateway/limits.ts): Apollo's validation rules
 * and parse options on HTTP, `documentErrors` + `complexityErrors` on the graphql-ws endpoint.
 */
describe('operation limits are the same over HTTP and WebSocket', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(() => t.stop());

  async function overHttp(query: string): Promise<Refusal> {
    const res = await t.query(query, { role: 'viewer' });
    expect(res.data ?? null).toBeNull();
    return {
      status: res.status,
      messages: (res.errors ?? []).map((e) => e.message),
      codes: (res.errors ?? []).map((e) => e.extensions?.['code']),
    };
  }

  async function overWebSocket(query: string): Promise<Refusal> {
    const client = await t.ws('viewer');
    try {
      await collect(client, query, { timeoutMs: 5000 });
      throw new Error('the operation was not refused');
    } catch (error) {
      const errors = error as Array<{ message: string; extensions?: { code?: string } }>;
      if (!Array.isArray(errors)) throw error;
      return { messages: errors.map((e) => e.message), codes: errors.map((e) => e.extensions?.code) };
    } finally {
      await client.dispose();
    }
  }

  it.each([
    ['a depth-20 query', queryOfDepth(20), /exceeds maximum operation depth of 12/],
    [
      '31 aliases',
      `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
      /Too many aliases: the limit is 30/,
    ],
    ['3001 tokens', `{ ${'__typename '.repeat(2999)}}`, /contains more tha[nt] 3000 tokens/],
  ])('refuses %s on both transports with BAD_USER_INPUT', async (_label, query, reason) => {
    const http = await overHttp(query);
    const ws = await overWebSocket(query);
    expect(http.status).toBe(400);
    for (const refusal of [http, ws]) {
      expect(refusal.messages).toEqual(expect.arrayContaining([expect.stringMatching(reason)]));
      expect(refusal.codes.every((c) => c === 'BAD_USER_INPUT')).toBe(true);
    }
  });

  it('serves the same operations within the limits on both transports', async () => {
    const shallow = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} health { status } }`;
    const http = await t.query(shallow, { role: 'viewer' });
    expect(http.status).toBe(200);
    expect(http.errors).toBeUndefined();
    const client = await t.ws('viewer');
    try {
      const [result] = await collect(client, shallow, { timeoutMs: 5000 });
      expect(result?.errors).toBeUndefined();
      expect(result?.data).toMatchObject({ a0: 'Query', health: { status: expect.any(String) } });
    } finally {
      await client.dispose();
    }
  });
});
