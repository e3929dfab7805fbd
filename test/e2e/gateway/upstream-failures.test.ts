import { startTestStack, type TestStack } from '../../harness/stack.js';

const WORKSTATIONS = '{ workstations { name } }';

describe('subgraph failures seen through the gateway', () => {
  let t: TestStack;
  beforeAll(async () => {
    // A short gateway deadline, and HWA reads that outlive it (tws waits up to 10 s).
    t = await startTestStack({
      neo4j: false,
      env: { GATEWAY_SUBGRAPH_TIMEOUT_MS: '700', TWS_TIMEOUT_MS: '1500' },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers UPSTREAM_UNAVAILABLE when a subgraph does not answer within the deadline', async () => {
    t.stack.simulator!.setFaults([{ kind: 'hang', pathPrefix: 'plan/workstation' }]);
    try {
      const res = await t.query(WORKSTATIONS, { role: 'viewer' });
      expect(res.errors?.[0]).toMatchObject({
        message: 'The tws service timed out',
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      });
    } finally {
      t.stack.simulator!.setFaults([]);
    }
    // The hung HWA read ends at TWS_TIMEOUT_MS; the same read then works again.
    const deadline = Date.now() + 10_000;
    let recovered = await t.query(WORKSTATIONS, { role: 'viewer' });
    while (recovered.errors && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      recovered = await t.query(WORKSTATIONS, { role: 'viewer' });
    }
    expect(recovered.errors).toBeUndefined();
  });

  it('fails fast with the circuit open once a subgraph is gone, and other subgraphs keep answering', async () => {
    await t.stack.stopService('rag');
    const messages: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await t.query('{ documents { id } }', { role: 'viewer' });
      expect(res.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAVAILABLE');
      messages.push(res.errors![0]!.message);
    }
    expect(messages[0]).toBe('The rag service is unreachable');
    expect(messages.at(-1)).toBe('The rag service is unavailable (circuit open)');
    const ok = await t.query<{ workstations: unknown[] }>(WORKSTATIONS, { role: 'viewer' });
    expect(ok.errors).toBeUndefined();
  });
});
