import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../../../core/logger.js';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.js';
import { postGraphQL } from '../../harness/client.js';
import { Disposer } from '../../harness/services.js';
import { startTestStack, type TestStack } from '../../harness/stack.js';

/** Forwards everything to `target`, remembering the headers of each request. */
function recordingProxy(
  target: string,
): Promise<{ server: Server; url: string; seen: Array<Record<string, string | string[] | undefined>> }> {
  const seen: Array<Record<string, string | string[] | undefined>> = [];
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

/** A plan query no cache can answer, so tws must ask HWA. */
const uncachedQuery = () =>
  `{ jobs(filter: { name: "NO_SUCH_JOB_${randomUUID().slice(0, 8).toUpperCase()}" }) { totalCount } }`;

/**
 * One request id from the client to HWA: the gateway accepts (or makes) it, echoes it, logs it,
 * forwards it to the subgraph as x-request-id, and tws sends it to HWA as Request-Id.
 */
describe('request ids gateway → subgraphs → HWA', () => {
  const disposer = new Disposer();
  const lines: Array<Record<string, unknown>> = [];
  let t: TestStack;
  let hwa: { seen: Array<Record<string, string | string[] | undefined>> };

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
      },
      logger: createLogger({ service: 'resync', level: 'debug', destination: sink }),
    });
    disposer.defer(() => t.stop());
  });
  afterAll(() => disposer.disposeAll());

  it('carries the caller’s x-request-id to HWA and echoes it', async () => {
    const token = await t.token('viewer');
    const response = await fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-request-id': 'e2e-request-42',
      },
      body: JSON.stringify({ query: uncachedQuery() }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    expect(response.headers.get('x-request-id')).toBe('e2e-request-42');
    expect(hwa.seen.some((h) => h['request-id'] === 'e2e-request-42')).toBe(true);
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
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: uncachedQuery() }),
    });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(hwa.seen.some((h) => h['request-id'] === id)).toBe(true);
  });
});
