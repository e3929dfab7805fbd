import { jobIdOf } from '../../../simulator/index.js';
import { collect } from '../../harness/client.js';
import { startTestStack, type TestStack } from '../../harness/stack.js';

/** Reads one gauge sample from a service's /metrics (0 when absent). */
async function gaugeValue(graphqlUrl: string, series: string): Promise<number> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(series));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** Waits until `read` returns `expected`, or fails with the last value after `timeoutMs`. */
async function eventually(read: () => Promise<number>, expected: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (last !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  expect(last).toBe(expected);
}

describe('subscriptions through the gateway', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ env: { TWS_POLL_INTERVAL_MS: '300', KNOWLEDGE_SYNC_ON_START: 'always' } });
    // The start-up sync runs in the background; impact needs the graph.
    await eventually(
      async () => {
        const res = await t.query<{ graphSummary: { lastSyncedAt: string | null } }>(
          '{ graphSummary { lastSyncedAt } }',
          { role: 'viewer' },
        );
        return res.data?.graphSummary.lastSyncedAt ? 1 : 0;
      },
      1,
      30_000,
    );
  });
  afterAll(async () => {
    await t.stop();
  });

  const healthGauge = () =>
    gaugeValue(t.stack.subgraphs.health.url, 'resync_ws_subscriptions{subgraph="health"');

  it('resolves fields of other subgraphs for every event, as a federated query would', async () => {
    const jobId = jobIdOf('ETL_SALES', 'BUILD_SALES_CUBE');
    const client = await t.ws('operator');
    try {
      const events = await collect<{
        jobStatusChanged: {
          status: string;
          job: {
            name: string;
            status: string;
            impact: { count: number } | null;
            runbooks: Array<{ title: string }>;
          };
        };
      }>(
        client,
        'subscription($ids: [ID!]) { jobStatusChanged(filter: { jobIds: $ids }) { status job { name status impact { count } runbooks(limit: 1) { title } } } }',
        {
          variables: { ids: [jobId] },
          timeoutMs: 15_000,
          until: (all) => all.length > 0,
          onSubscribed: async () => {
            await new Promise((r) => setTimeout(r, 500));
            const res = await t.query(`mutation { holdJob(id: "${jobId}") { status } }`, {
              role: 'operator',
            });
            expect(res.errors).toBeUndefined();
          },
        },
      );
      expect(events[0]!.errors).toBeUndefined();
      const change = events[0]!.data!.jobStatusChanged;
      expect(change.status).toBe('HELD');
      expect(change.job.name).toBe('BUILD_SALES_CUBE'); // tws
      expect(change.job.impact?.count).toBeGreaterThanOrEqual(1); // knowledge
      expect(change.job.runbooks.length).toBe(1); // rag
    } finally {
      await client.dispose();
    }
  });

  it('closes the upstream subscription at once when the client completes it', async () => {
    const client = await t.ws('viewer');
    try {
      const iterator = client.iterate({ query: 'subscription { healthChanged { status } }' });
      const pending = iterator.next();
      await eventually(healthGauge, 1);
      await iterator.return?.();
      await pending.catch(() => undefined);
      await eventually(healthGauge, 0);
    } finally {
      await client.dispose();
    }
  });

  it('closes the upstream subscription when the client disconnects', async () => {
    const client = await t.ws('viewer');
    const iterator = client.iterate({ query: 'subscription { healthChanged { status } }' });
    const pending = iterator.next().catch(() => undefined);
    await eventually(healthGauge, 1);
    await client.dispose();
    await pending;
    await eventually(healthGauge, 0);
  });

  it('validates subscriptions against the API schema before opening anything upstream', async () => {
    const client = await t.ws('viewer');
    try {
      await expect(
        collect(client, 'subscription { healthChanged { nope } }', { timeoutMs: 3000 }),
      ).rejects.toEqual([
        expect.objectContaining({
          message: expect.stringContaining('nope'),
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      ]);
      expect(await healthGauge()).toBe(0);
    } finally {
      await client.dispose();
    }
  });

  it('runs queries sent over the socket through the same pipeline as HTTP', async () => {
    const client = await t.ws('viewer');
    try {
      const [result] = await collect<{ planSummary: { total: number } }>(
        client,
        '{ planSummary { total } }',
        { timeoutMs: 5000 },
      );
      expect(result!.errors).toBeUndefined();
      expect(result!.data!.planSummary.total).toBe(44);
    } finally {
      await client.dispose();
    }
  });
});
