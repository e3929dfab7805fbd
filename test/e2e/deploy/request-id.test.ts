import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import neo4j from 'neo4j-driver';
import { createLogger } from '../../../core/logger.js';
import { jobIdOf, jobStreamIdOf, startSimulator, type RunningSimulator } from '../../../simulator/index.js';
import { postGraphQL } from '../../harness/client.js';
import { Disposer, testNeo4jUri, uniquePrefix } from '../../harness/services.js';
import { startTestStack, type TestStack } from '../../harness/stack.js';

/** Forwards everything to `target`, remembering the headers of each request. */
function recordingProxy(target: string): Promise<{ server: Server; url: string; seen: Headers[] }> {
  const seen: Headers[] = [];
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    seen.push({ ...req.headers, ':path': req.url });
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }),
    ),
  );
}

type Headers = Record<string, string | string[] | undefined>;

/** A plan query no cache can answer, so tws must ask HWA; `marker` finds that call among HWA's. */
const uncachedQuery = () => {
  const marker = `NO_SUCH_JOB_${randomUUID().slice(0, 8).toUpperCase()}`;
  return { marker, query: `{ jobs(filter: { name: "${marker}" }) { totalCount } }` };
};

/** The `Request-Id`s of the HWA calls whose URL contains every one of `parts` (decoded). */
const requestIdsOfCalls = (seen: Headers[], ...parts: string[]) =>
  seen
    .filter((h) => parts.every((part) => decodeURIComponent(String(h[':path'])).includes(part)))
    .map((h) => h['request-id']);

/**
 * One request id from the client to HWA: the gateway accepts (or makes) it, echoes it, logs it,
 * forwards it to the subgraph as x-request-id, and tws sends it to HWA as Request-Id.
 */
describe('request ids gateway → subgraphs → HWA', () => {
  const disposer = new Disposer();
  const lines: Array<Record<string, unknown>> = [];
  let t: TestStack;
  let hwa: { seen: Headers[] };
  const graph = uniquePrefix('e2e_reqid');

  beforeAll(async () => {
    const simulator: RunningSimulator = await startSimulator({ port: 0, host: '127.0.0.1' });
    disposer.defer(() => simulator.stop());
    const proxy = await recordingProxy(simulator.url);
    disposer.defer(() => new Promise((resolve) => proxy.server.close(resolve)));
    hwa = proxy;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    t = await startTestStack({
      env: {
        TWS_URL: `${proxy.url}${new URL(simulator.url).pathname}`,
        TWS_USER: 'resync',
        TWS_PASSWORD: 'resync',
        // Its own knowledge graph (synced at start, removed after), for the entity lookups below.
        KNOWLEDGE_GRAPH: graph,
      },
      logger: createLogger({ service: 'resync', level: 'debug', destination: sink }),
    });
    disposer.defer(() => t.stop());
    disposer.defer(async () => {
      const driver = neo4j.driver(testNeo4jUri());
      await driver.executeQuery('MATCH (n) WHERE n.graph = $graph DETACH DELETE n', { graph });
      await driver.close();
    });
  });
  afterAll(() => disposer.disposeAll());

  it('carries the caller’s x-request-id to HWA and echoes it', async () => {
    const token = await t.token('viewer');
    const probe = uncachedQuery();
    const response = await fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-request-id': 'e2e-request-42',
      },
      body: JSON.stringify({ query: probe.query }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    expect(response.headers.get('x-request-id')).toBe('e2e-request-42');
    expect(requestIdsOfCalls(hwa.seen, '/plan/job?', probe.marker)).toEqual(['e2e-request-42']);
    // The gateway's JSON log line for the request carries it.
    expect(lines).toContainEqual(
      expect.objectContaining({
        component: 'gateway',
        requestId: 'e2e-request-42',
        status: 200,
        msg: 'request',
      }),
    );
  });

  it('makes a new id when the caller sends none, or one that is not well-formed', async () => {
    const token = await t.token('viewer');
    const bad = await postGraphQL(t.url, '{ health { status } }', {
      token,
      headers: { 'x-request-id': 'spaces and\tcontrol chars' },
    });
    expect(bad.status).toBe(200);
    const probe = uncachedQuery();
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: probe.query }),
    });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdsOfCalls(hwa.seen, '/plan/job?', probe.marker)).toEqual([id]);
  });

  it('carries it on the lookups tws batches across requests: Job.jobStream and other subgraphs’ _entities', async () => {
    // The knowledge graph comes from the sync at start; its jobs' live fields are tws entity lookups.
    for (;;) {
      const summary = await t.query<{ graphSummary: { lastSyncedAt: string | null } }>(
        '{ graphSummary { lastSyncedAt } }',
        { role: 'viewer' },
      );
      if (summary.data?.graphSummary.lastSyncedAt) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const [orders, customers] = [
      jobIdOf('ETL_SALES', 'EXTRACT_ORDERS'),
      jobIdOf('ETL_SALES', 'EXTRACT_CUSTOMERS'),
    ];
    const response = await fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await t.token('viewer')}`,
        'x-request-id': 'e2e-entities-7',
      },
      body: JSON.stringify({
        query: `{ job(id: "${jobIdOf('ETL_SALES', 'TRANSFORM_SALES')}") { jobStream { name } predecessors { name status } } }`,
      }),
    });
    const body = (await response.json()) as {
      errors?: unknown;
      data: { job: { jobStream: { name: string }; predecessors: Array<{ name: string; status: string }> } };
    };
    expect(body.errors).toBeUndefined();
    expect(body.data.job.jobStream.name).toBe('ETL_SALES');
    expect(body.data.job.predecessors.map((p) => p.name).sort()).toEqual([
      'EXTRACT_CUSTOMERS',
      'EXTRACT_ORDERS',
    ]);
    // Job.jobStream: the process-wide job stream batcher (plan/jobstream, id = …).
    expect(requestIdsOfCalls(hwa.seen, '/plan/jobstream?', jobStreamIdOf('ETL_SALES'))).toEqual([
      'e2e-entities-7',
    ]);
    // The predecessors' status: the gateway's _entities call to tws, batched plan/job lookups
    // (normally one; a busy machine may split them across ticks — each call must carry the id).
    for (const id of [orders, customers]) {
      // One id alone is fetched as plan/job/{id}; several as one plan/job?oql=… list call.
      const ids = requestIdsOfCalls(hwa.seen, '/plan/job', id);
      expect(ids.length).toBeGreaterThan(0);
      expect(new Set(ids)).toEqual(new Set(['e2e-entities-7']));
    }
  });
});
