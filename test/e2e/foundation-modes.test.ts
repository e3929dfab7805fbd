import { startTestStack, type TestStack } from '../harness/stack.js';

describe('production mode', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({
      env: { NODE_ENV: 'production', AUDIT_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('serves no landing page and refuses introspection', async () => {
    const page = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('embeddable-sandbox');
    const res = await t.query('{ __schema { queryType { name } } }', { role: 'admin' });
    expect(res.errors?.[0]?.message).toMatch(/introspection/i);
    expect(res.data ?? null).toBeNull();
  });

  it('still answers real operations', async () => {
    const res = await t.query<{ health: { status: string } }>('{ health { status } }', { role: 'viewer' });
    expect(res.errors).toBeUndefined();
    expect(['UP', 'DEGRADED']).toContain(res.data!.health.status);
  });
});

describe('without Neo4j', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ neo4j: false });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('the knowledge subgraph answers UPSTREAM_UNAVAILABLE while the others keep working', async () => {
    const graph = await t.query('{ graphSummary { jobs } }', { role: 'viewer' });
    expect(graph.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAVAILABLE');
    const ws = await t.query<{ workstations: unknown[] }>('{ workstations { name } }', { role: 'viewer' });
    expect(ws.errors).toBeUndefined();
    expect(ws.data!.workstations.length).toBeGreaterThan(0);
  });

  it('health says Neo4j is DOWN and the system DEGRADED', async () => {
    const res = await t.query<{
      health: { status: string; components: Array<{ name: string; status: string; mode: string | null }> };
    }>('{ health { status components { name status mode } } }', { role: 'viewer' });
    const neo4j = res.data!.health.components.find((c) => c.name === 'neo4j');
    expect(neo4j).toMatchObject({ status: 'DOWN', mode: 'not configured' });
    expect(res.data!.health.status).toBe('DEGRADED');
  });
});
