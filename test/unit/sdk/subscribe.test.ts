import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { GraphQLError, parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import WebSocket, { WebSocketServer } from 'ws';
import { createResyncClient, ResyncError, type ResyncClient } from '../../../sdk/index.js';

// The SDK's graphql-ws side against a small graphql-ws server: typed events in order, the token
// in connectionParams, errors as ResyncError, refusals not retried, leaving at any moment.

const TicksDocument = parse(
  'subscription Ticks($n: Int!, $failAt: Int) { ticks(n: $n, failAt: $failAt) { n } }',
) as TypedDocumentNode<{ ticks: { n: number } }, { n: number; failAt?: number | null }>;
const ForeverDocument = parse('subscription Forever { forever }') as TypedDocumentNode<
  { forever: number },
  Record<string, never>
>;

describe('SDK subscriptions over graphql-ws', () => {
  let server: Server;
  let wsUrl: string;
  let dispose: () => Promise<void>;
  const connections: Array<Record<string, unknown> | undefined> = [];
  let foreverEnded = 0;
  let refuse = (_params: Record<string, unknown> | undefined) => false;
  const clients: ResyncClient[] = [];
  const client = (options: Partial<Parameters<typeof createResyncClient>[0]> = {}) => {
    const c = createResyncClient({
      url: wsUrl.replace(/^ws/, 'http'),
      webSocketImpl: WebSocket,
      token: 'tok',
      ...options,
    });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    const schema = makeExecutableSchema({
      typeDefs:
        'type Query { ok: Boolean } type Tick { n: Int! } type Subscription { ticks(n: Int!, failAt: Int): Tick! forever: Int! }',
      resolvers: {
        Subscription: {
          ticks: {
            subscribe: async function* (_: unknown, { n }: { n: number }) {
              for (let i = 1; i <= n; i += 1) yield { i };
            },
            resolve: ({ i }: { i: number }, { failAt }: { failAt?: number | null }) => {
              if (i === failAt)
                throw new GraphQLError('HWA is down', { extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
              return { n: i };
            },
          },
          forever: {
            subscribe: () => {
              // Never yields; counts how often the server side was released.
              let release!: () => void;
              const ended = new Promise<IteratorResult<number>>(
                (resolve) => (release = () => resolve({ value: undefined, done: true })),
              );
              return {
                next: () => ended,
                return: async () => {
                  foreverEnded += 1;
                  release();
                  return { value: undefined, done: true };
                },
                [Symbol.asyncIterator]() {
                  return this;
                },
              };
            },
            resolve: (value: number) => value,
          },
        },
      },
    });
    server = createServer();
    const wss = new WebSocketServer({ server, path: '/graphql' });
    const cleanup = useServer(
      {
        schema,
        onConnect: (ctx) => {
          connections.push(ctx.connectionParams);
          return !refuse(ctx.connectionParams);
        },
      },
      wss,
    );
    dispose = async () => {
      await cleanup.dispose();
    };
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    wsUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await dispose();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    connections.length = 0;
    refuse = () => false;
  });

  it('yields each event’s typed data in order, with the token in connectionParams, until the server completes', async () => {
    const seen: number[] = [];
    for await (const { ticks } of client().subscribe(TicksDocument, { n: 3 })) seen.push(ticks.n);
    expect(seen).toEqual([1, 2, 3]);
    expect(connections).toEqual([{ authorization: 'Bearer tok' }]);
  });

  it('delivers the events before an event with errors, then throws it as a ResyncError', async () => {
    const seen: number[] = [];
    const error = await (async () => {
      for await (const { ticks } of client().subscribe(TicksDocument, { n: 5, failAt: 3 }))
        seen.push(ticks.n);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(seen).toEqual([1, 2]);
    expect(error).toBeInstanceOf(ResyncError);
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: 'HWA is down' });
  });

  it('reports an operation the server refuses (validation) as a ResyncError with the server’s errors', async () => {
    const bad = parse('subscription { ticks(n: "three") { n } }') as TypedDocumentNode<
      { ticks: { n: number } },
      Record<string, never>
    >;
    const error = await client()
      .subscribe(bad)
      .next()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ResyncError);
    expect((error as ResyncError).errors[0]!.message).toContain('Int cannot represent');
  });

  it('does not retry a refused token (4403) when the token is fixed, and retries with a fresh one from a function', async () => {
    refuse = () => true;
    const fixed = await client({ retryAttempts: 5, retryWait: async () => undefined })
      .subscribe(TicksDocument, { n: 1 })
      .next()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(fixed).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(connections).toHaveLength(1);

    connections.length = 0;
    refuse = (params) => params?.['authorization'] === 'Bearer expired';
    const tokens = ['expired', 'fresh'];
    const refreshed = client({
      token: () => tokens.shift() ?? 'fresh',
      retryAttempts: 2,
      retryWait: async () => undefined,
    });
    const seen: number[] = [];
    for await (const { ticks } of refreshed.subscribe(TicksDocument, { n: 2 })) seen.push(ticks.n);
    expect(seen).toEqual([1, 2]);
    expect(connections.map((p) => p?.['authorization'])).toEqual(['Bearer expired', 'Bearer fresh']);
  });

  it('leaves an idle subscription at once: a waiting next() ends and the server releases its source', async () => {
    const stream = client().subscribe(ForeverDocument);
    const waiting = stream.next();
    await until(() => connections.length === 1);
    await expect(stream.return()).resolves.toEqual({ value: undefined, done: true });
    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
    await until(() => foreverEnded === 1);
    await expect(stream.next()).resolves.toEqual({ value: undefined, done: true });
  });
});

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
