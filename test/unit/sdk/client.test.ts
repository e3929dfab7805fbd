import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { createResyncClient, ResyncError } from '../../../sdk/index.js';

// The SDK's HTTP side against a local server that answers like the gateway (or like a broken
// proxy): what goes on the wire, and how each kind of failure reaches the caller.

/** 'hang': no answer at all; 'hang-body': headers and the start of a body, then nothing. */
type Reply = { status?: number; headers?: Record<string, string>; body: string } | 'hang' | 'hang-body';

interface Seen {
  headers: IncomingMessage['headers'];
  body: { query: string; operationName?: string; variables?: Record<string, unknown> };
}

const PlanDocument = parse('query Plan { planSummary { total } }') as TypedDocumentNode<
  { planSummary: { total: number } },
  Record<string, never>
>;
const JobDocument = parse('query Job($id: ID!) { job(id: $id) { id status } }') as TypedDocumentNode<
  { job: { id: string; status: string } | null },
  { id: string }
>;

describe('SDK over HTTP', () => {
  let server: Server;
  let url: string;
  const seen: Seen[] = [];
  let reply: Reply = { body: '{}' };
  let arrived: () => void = () => undefined;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: JSON.parse(raw) as Seen['body'] });
        arrived();
        if (reply === 'hang') return;
        if (reply === 'hang-body') {
          res.writeHead(200, { 'content-type': 'application/json' }).write('{"data":');
          return;
        }
        res
          .writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers })
          .end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ResyncError);
    return error as ResyncError;
  };

  it('posts the operation with its name, variables, a bearer token asked for on every request, and a request id', async () => {
    let issued = 0;
    const client = createResyncClient({ url, token: () => `token-${(issued += 1)}` });
    reply = { body: JSON.stringify({ data: { job: { id: 'j1', status: 'HELD' } } }) };
    await expect(client.request(JobDocument, { id: 'j1' })).resolves.toEqual({
      job: { id: 'j1', status: 'HELD' },
    });
    reply = { body: JSON.stringify({ data: { planSummary: { total: 3 } } }) };
    await expect(client.requestWith(PlanDocument, {}, { requestId: 'req-42' })).resolves.toEqual({
      planSummary: { total: 3 },
    });

    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(seen[0]!.body).toEqual({
      query: expect.stringContaining('job(id: $id)'),
      operationName: 'Job',
      variables: { id: 'j1' },
    });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[1]!.headers['x-request-id']).toBe('req-42');
  });

  it('sends no authorization header without a token', async () => {
    reply = {
      status: 401,
      body: JSON.stringify({
        errors: [{ message: 'Missing token', extensions: { code: 'UNAUTHENTICATED' } }],
      }),
    };
    const error = await failure(createResyncClient({ url }).request(PlanDocument));
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, message: 'Missing token' });
  });

  it('throws the first error with every error, the partial data, the request id and retryAfter', async () => {
    const client = createResyncClient({ url, token: 't' });
    const errors = [
      { message: 'Not your job', path: ['job'], extensions: { code: 'FORBIDDEN' } },
      { message: 'second', extensions: { code: 'INTERNAL' } },
    ];
    reply = { headers: { 'x-request-id': 'rid-7' }, body: JSON.stringify({ data: { job: null }, errors }) };
    const forbidden = await failure(client.request(JobDocument, { id: 'x' }));
    expect(forbidden).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Not your job',
      data: { job: null },
      requestId: 'rid-7',
      status: 200,
    });
    expect(forbidden.errors).toEqual(errors);

    reply = {
      status: 429,
      headers: { 'retry-after': '7' },
      body: JSON.stringify({
        errors: [
          {
            message: 'Too many requests; retry after 7s',
            extensions: { code: 'RATE_LIMITED', retryAfter: 7 },
          },
        ],
      }),
    };
    expect(await failure(client.request(PlanDocument))).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfter: 7,
      status: 429,
    });

    reply = { body: JSON.stringify({ errors: [{ message: 'uncoded' }] }) };
    expect(await failure(client.request(PlanDocument))).toMatchObject({
      code: 'INTERNAL',
      message: 'uncoded',
    });
  });

  it('execute returns partial data and errors side by side', async () => {
    reply = {
      body: JSON.stringify({
        data: { job: null },
        errors: [{ message: 'gone', extensions: { code: 'NOT_FOUND' } }],
      }),
    };
    const result = await createResyncClient({ url }).execute(JobDocument, { id: 'j' });
    expect(result).toMatchObject({
      data: { job: null },
      errors: [{ extensions: { code: 'NOT_FOUND' } }],
      status: 200,
    });
  });

  it('names what went wrong below GraphQL: a proxy page, an unreachable gateway, no answer', async () => {
    reply = { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway</html>' };
    expect(await failure(createResyncClient({ url }).request(PlanDocument))).toMatchObject({
      code: 'BAD_RESPONSE',
      status: 502,
    });
    reply = { body: '{"unexpected": true}' };
    expect(await failure(createResyncClient({ url }).request(PlanDocument))).toMatchObject({
      code: 'BAD_RESPONSE',
    });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(
      await failure(createResyncClient({ url: `http://127.0.0.1:${port}/graphql` }).request(PlanDocument)),
    ).toMatchObject({ code: 'NETWORK_ERROR' });

    reply = 'hang';
    expect(await failure(createResyncClient({ url, timeoutMs: 100 }).request(PlanDocument))).toMatchObject({
      code: 'TIMEOUT',
    });
    reply = 'hang-body';
    expect(await failure(createResyncClient({ url, timeoutMs: 100 }).request(PlanDocument))).toMatchObject({
      code: 'TIMEOUT',
    });
  });

  it("rejects with the caller's own abort reason, not as a failure of the transport", async () => {
    const rejection = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (e: unknown) => e,
      );
    // Cancelled while waiting for the answer, then while its body streams in.
    reply = 'hang';
    const waiting = new AbortController();
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const pending = createResyncClient({ url }).requestWith(PlanDocument, {}, { signal: waiting.signal });
    await reached;
    const reason = new Error('left the page');
    waiting.abort(reason);
    expect(await rejection(pending)).toBe(reason);

    reply = 'hang-body';
    const streaming = new AbortController();
    let headersIn: () => void = () => undefined;
    const gotHeaders = new Promise<void>((resolve) => (headersIn = resolve));
    const spy: typeof fetch = async (...args) => {
      const response = await fetch(...args);
      headersIn();
      return response;
    };
    const reading = createResyncClient({ url, fetch: spy }).requestWith(
      PlanDocument,
      {},
      { signal: streaming.signal },
    );
    await gotHeaders;
    streaming.abort(reason);
    expect(await rejection(reading)).toBe(reason);

    const byDefault = new AbortController();
    byDefault.abort();
    const error = await rejection(
      createResyncClient({ url }).requestWith(PlanDocument, {}, { signal: byDefault.signal }),
    );
    expect(error).not.toBeInstanceOf(ResyncError);
    expect(error).toMatchObject({ name: 'AbortError' });
  });

  it('types variables: required ones must be given, none may be left out when there are none', () => {
    const client = createResyncClient({ url });
    // Compile-time checks (tsc runs over the tests); the calls are never made.
    const typeChecks = () => {
      void client.request(PlanDocument);
      void client.request(JobDocument, { id: 'j' });
      // @ts-expect-error the id is required
      void client.request(JobDocument);
      // @ts-expect-error unknown variable
      void client.request(JobDocument, { id: 'j', extra: 1 });
    };
    expect(typeof typeChecks).toBe('function');
  });
});
