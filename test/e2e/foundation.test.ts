import { SignJWT } from 'jose';
import { collect } from '../harness/client.js';
import { TEST_JWT_SECRET, startTestStack, type TestStack } from '../harness/stack.js';

const HEALTH = '{ health { status components { name status mode detail } } }';

describe('supergraph foundation through the gateway', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers health for a viewer, listing Redis, Neo4j and the five subgraphs', async () => {
    const res = await t.query<{
      health: { status: string; components: Array<{ name: string; status: string }> };
    }>(HEALTH, { role: 'viewer' });
    expect(res.errors).toBeUndefined();
    const names = res.data!.health.components.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'redis',
        'neo4j',
        'subgraph:tws',
        'subgraph:knowledge',
        'subgraph:rag',
        'subgraph:agents',
        'subgraph:health',
      ]),
    );
    const byName = Object.fromEntries(res.data!.health.components.map((c) => [c.name, c.status]));
    expect(byName['redis']).toBe('UP');
    expect(JSON.stringify(res.data!.health.components.find((c) => c.name === 'neo4j'))).toContain(
      '"status":"UP"',
    );
    expect(byName['subgraph:tws']).toBe('UP');
  });

  it.each([
    ['no token', undefined as string | undefined],
    ['a token signed by another secret', 'other'],
    ['an expired token', 'expired'],
    ['an unsigned (alg none) token', 'none'],
    ['a token without a known role', 'norole'],
  ])('refuses %s with UNAUTHENTICATED and no data', async (_label, kind) => {
    let token: string | undefined;
    const key = new TextEncoder().encode(
      kind === 'other' ? 'some-other-secret-that-is-long-enough-999' : TEST_JWT_SECRET,
    );
    if (kind === 'other')
      token = await new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setExpirationTime('1h')
        .sign(key);
    if (kind === 'expired')
      token = await new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(key);
    if (kind === 'none')
      token = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', roles: ['admin'], exp: 9999999999 })).toString('base64url')}.`;
    if (kind === 'norole')
      token = await new SignJWT({ roles: ['root'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setExpirationTime('1h')
        .sign(key);
    const res = await t.query(HEALTH, token === undefined ? {} : { token });
    expect(res.status).toBe(401);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('subgraphs verify the token themselves (calling one directly without a token fails)', async () => {
    const response = await fetch(t.stack.subgraphs.health.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { status } }' }),
    });
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('keeps liveness, readiness and metrics open without a token', async () => {
    const base = t.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('resync_graphql_operation_duration_seconds');
  });

  it('serves Apollo Sandbox in development with a CSP that lets it load', async () => {
    const response = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('embeddable-sandbox');
    expect(response.headers.get('content-security-policy')).toContain('https://*.apollographql.com');
  });

  it('blocks CSRF-prone GET operations and masks malformed bodies as 400', async () => {
    const token = await t.token('viewer');
    const get = await fetch(`${t.url}?query=${encodeURIComponent('{ health { status } }')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(get.status).toBe(400);
    const bad = await fetch(t.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"query": "{ health',
    });
    expect(bad.status).toBe(400);
    expect(
      ((await bad.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code,
    ).toBe('BAD_USER_INPUT');
  });

  it('refuses a WebSocket without a valid token (close 4403)', async () => {
    const client = await t.ws(null);
    const events = collect(client, 'subscription { healthChanged { status } }', { timeoutMs: 3000 });
    await expect(events).rejects.toMatchObject({ code: 4403 });
    await client.dispose();
  });

  it('streams healthChanged through the gateway when a component changes state', async () => {
    const client = await t.ws('viewer');
    try {
      const events = await collect<{
        healthChanged: { status: string; components: Array<{ name: string; status: string }> };
      }>(client, 'subscription { healthChanged { status components { name status } } }', {
        timeoutMs: 10_000,
        until: (all) =>
          all.some((e) =>
            e.data?.healthChanged.components.some((c) => c.name === 'subgraph:rag' && c.status === 'DOWN'),
          ),
        onSubscribed: async () => {
          await new Promise((r) => setTimeout(r, 300));
          await t.stack.stopService('rag');
        },
      });
      const last = events.at(-1)!;
      expect(last.errors).toBeUndefined();
      expect(last.data!.healthChanged.status).toBe('DEGRADED');
      expect(last.data!.healthChanged.components.find((c) => c.name === 'subgraph:rag')!.status).toBe('DOWN');
    } finally {
      await client.dispose();
    }
  });
});
