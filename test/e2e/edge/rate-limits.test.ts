import { startTestStack, type TestStack } from '../../harness/stack.js';
import { codeOf, firstResult, postAs, rawSocket, wsClientFrom } from './support.js';

const HEALTH = '{ health { status } }';
const HEALTH_CHANGED = 'subscription { healthChanged { status } }';

describe.each([
  ['Redis (shared by every gateway instance)', true],
  ['memory (no REDIS_URL)', false],
])('gateway request budget per user, %s', (_store, redis) => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({
      redis,
      env: {
        RATE_LIMIT_USER_REQUESTS: '25',
        RATE_LIMIT_IP_REQUESTS: '100000',
        RATE_LIMIT_WINDOW_SECONDS: '60',
      },
    });
  });
  afterAll(() => t.stop());

  it('lets exactly the budget through a flood from one token, refuses the rest with RATE_LIMITED, and leaves other users alone', async () => {
    const alice = await t.token('viewer', 'alice');
    const responses = await Promise.all(
      Array.from({ length: 300 }, () => postAs(t.url, HEALTH, alice, '203.0.113.1')),
    );
    const ok = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 429);
    expect(ok).toHaveLength(25);
    expect(refused).toHaveLength(275);
    for (const r of ok) expect(r.data).toEqual({ health: { status: expect.any(String) } });
    for (const r of refused) {
      expect(r.data ?? null).toBeNull();
      expect(codeOf(r)).toBe('RATE_LIMITED');
      const retryAfter = r.errors![0]!.extensions!['retryAfter'] as number;
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }

    // Another user from the same address still has a full budget.
    const bob = await t.token('viewer', 'bob');
    const other = await postAs(t.url, HEALTH, bob, '203.0.113.1');
    expect(other.status).toBe(200);
    expect(other.errors).toBeUndefined();
  });

  it('sends Retry-After with the 429', async () => {
    const carol = await t.token('viewer', 'carol');
    let last: Response | undefined;
    for (let i = 0; i < 26; i++) {
      last = await fetch(t.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${carol}`,
          'x-forwarded-for': '203.0.113.2',
        },
        body: JSON.stringify({ query: HEALTH }),
      });
    }
    expect(last!.status).toBe(429);
    const body = (await last!.json()) as { errors: Array<{ extensions: { retryAfter: number } }> };
    expect(last!.headers.get('retry-after')).toBe(String(body.errors[0]!.extensions.retryAfter));
  });

  it('spends the same budget over WebSocket: an exhausted user gets RATE_LIMITED per operation, others are served', async () => {
    const dave = await t.token('viewer', 'dave');
    const spent = await Promise.all(
      Array.from({ length: 25 }, () => postAs(t.url, HEALTH, dave, '203.0.113.3')),
    );
    expect(spent.every((r) => r.status === 200)).toBe(true);

    const client = wsClientFrom(t.wsUrl, dave, '203.0.113.3');
    try {
      const subscription = await firstResult(client, HEALTH_CHANGED);
      expect(subscription.error).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) }),
      ]);
      // A query over the socket spends the same budgets, and is refused before it runs.
      const query = await firstResult(client, HEALTH);
      expect(query.error).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) }),
      ]);
    } finally {
      await client.dispose();
    }

    const erin = wsClientFrom(t.wsUrl, await t.token('viewer', 'erin'), '203.0.113.3');
    try {
      const served = await firstResult(erin, HEALTH);
      expect(served.result).toEqual({ data: { health: { status: expect.any(String) } } });
    } finally {
      await erin.dispose();
    }
  });
});

describe('gateway budgets per address, per WebSocket connection and per message rate', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({
      env: {
        RATE_LIMIT_USER_REQUESTS: '1000',
        RATE_LIMIT_IP_REQUESTS: '30',
        RATE_LIMIT_USER_WS_CONNECTIONS: '3',
        RATE_LIMIT_IP_WS_CONNECTIONS: '5',
        RATE_LIMIT_WS_SUBSCRIPTIONS_PER_CONNECTION: '2',
        RATE_LIMIT_WS_MESSAGES_PER_SECOND: '20',
        RATE_LIMIT_EXEMPT_IPS: '192.0.2.0/24',
      },
    });
  });
  afterAll(() => t.stop());

  const tokenFor = (sub: string) => t.token('viewer', sub);

  it('counts every request from an address, before the token is even checked', async () => {
    const ip = '203.0.113.10';
    const first = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => postAs(t.url, HEALTH, await tokenFor(`ip-user-${i}`), ip)),
    );
    expect(first.every((r) => r.status === 200)).toBe(true);

    const fresh = await postAs(t.url, HEALTH, await tokenFor('ip-user-fresh'), ip);
    expect(fresh.status).toBe(429);
    expect(codeOf(fresh)).toBe('RATE_LIMITED');
    // No token at all: refused for the address, not asked to authenticate.
    const anonymous = await postAs(t.url, HEALTH, undefined, ip);
    expect(anonymous.status).toBe(429);

    const elsewhere = await postAs(t.url, HEALTH, await tokenFor('ip-user-fresh'), '203.0.113.11');
    expect(elsewhere.status).toBe(200);
  });

  it('exempts listed addresses from the per-address budget', async () => {
    const responses = await Promise.all(
      Array.from({ length: 40 }, async (_, i) =>
        postAs(t.url, HEALTH, await tokenFor(`exempt-${i}`), '192.0.2.7'),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(200));
  });

  it('closes the WebSocket connection over a user budget with 4429', async () => {
    const frank = await tokenFor('frank');
    const clients = [1, 2, 3, 4].map((n) => wsClientFrom(t.wsUrl, frank, `198.51.100.${n}`));
    try {
      for (const client of clients.slice(0, 3))
        expect((await firstResult(client, HEALTH)).result).toBeDefined();
      const fourth = await firstResult(clients[3]!, HEALTH);
      expect(fourth.error).toMatchObject({ code: 4429 });
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
    const other = wsClientFrom(t.wsUrl, await tokenFor('grace'), '198.51.100.9');
    try {
      expect((await firstResult(other, HEALTH)).result).toBeDefined();
    } finally {
      await other.dispose();
    }
  });

  it('closes WebSocket connections over an address budget with 4429', async () => {
    const clients = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(async (n) =>
        wsClientFrom(t.wsUrl, await tokenFor(`conn-${n}`), '198.51.100.20'),
      ),
    );
    try {
      for (const client of clients.slice(0, 5))
        expect((await firstResult(client, HEALTH)).result).toBeDefined();
      expect((await firstResult(clients[5]!, HEALTH)).error).toMatchObject({ code: 4429 });
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });

  it('caps concurrent operations on one connection, queries included', async () => {
    const client = wsClientFrom(t.wsUrl, await tokenFor('heidi'), '198.51.100.30');
    const open = [client.iterate({ query: HEALTH_CHANGED }), client.iterate({ query: HEALTH_CHANGED })];
    const overCap = [
      expect.objectContaining({
        message: expect.stringContaining('limit 2'),
        extensions: expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 1 }),
      }),
    ];
    try {
      expect((await firstResult(client, HEALTH_CHANGED)).error).toEqual(overCap);
      expect((await firstResult(client, HEALTH)).error).toEqual(overCap);
      // The connection itself is fine: once a subscription ends, a query runs.
      await open[0]!.return?.();
      expect((await firstResult(client, HEALTH)).result).toEqual({
        data: { health: { status: expect.any(String) } },
      });
    } finally {
      await Promise.all(open.map((it) => it.return?.()));
      await client.dispose();
    }
  });

  it('closes a socket that floods messages with 4429', async () => {
    const { socket, closed } = await rawSocket(t.wsUrl, await tokenFor('ivan'), '198.51.100.40');
    for (let i = 0; i < 100; i++) socket.send(JSON.stringify({ type: 'ping' }));
    expect(await closed).toEqual({ code: 4429, reason: 'Too many messages' });
  });

  it('keeps a socket within the message rate open', async () => {
    const { socket, closed } = await rawSocket(t.wsUrl, await tokenFor('judy'), '198.51.100.41');
    const pongs: string[] = [];
    socket.on('message', (data) => pongs.push(JSON.parse(String(data)).type as string));
    for (let i = 0; i < 10; i++) socket.send(JSON.stringify({ type: 'ping' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pongs).toEqual(Array(10).fill('pong'));
    socket.close(1000);
    expect((await closed).code).toBe(1000);
  });

  it('reports refusals on /metrics by limit', async () => {
    const metrics = await (await fetch(t.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toMatch(/resync_rate_limited_total\{limit="ip-requests",service="gateway"\} [1-9]/);
    expect(metrics).toMatch(/resync_rate_limited_total\{limit="ws-messages",service="gateway"\} [1-9]/);
  });
});
