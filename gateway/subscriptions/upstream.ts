import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

export interface UpstreamPoolOptions {
  /** ws:// URL of a subgraph by composed name. */
  wsUrlOf: (service: string) => string | undefined;
  /** The caller's `Bearer <JWT>`: the subgraph verifies it again. */
  authorization: string;
  requestId: string;
}

/**
 * The upstream graphql-ws connections of ONE client connection: one per subgraph, opened
 * lazily, carrying the caller's token, closed the moment the client goes away.
 */
export function createUpstreamPool({ wsUrlOf, authorization, requestId }: UpstreamPoolOptions) {
  const clients = new Map<string, Client>();
  let disposed = false;

  const clientFor = (service: string): Client => {
    const existing = clients.get(service);
    if (existing) return existing;
    const url = wsUrlOf(service);
    if (!url) throw new Error(`no URL known for subgraph ${service}`);
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization, 'x-request-id': requestId },
      // Each subscription is completed upstream the moment the client ends it; the socket itself
      // stays open for the client's next one (a chat opens one per turn) and closes when the
      // client disconnects (dispose below). Not graphql-ws's lazyCloseTimeout: dispose() does
      // not clear that timer, which would hold a stopping process open for its whole length.
      lazy: false,
      onNonLazyError: () => undefined, // surfaced per subscription by relay()
      // A failed upstream is reported to the client; the client decides whether to resubscribe.
      retryAttempts: 0,
      keepAlive: 15_000,
    });
    clients.set(service, client);
    return client;
  };

  return {
    subscribe(
      service: string,
      query: string,
      variables: Record<string, unknown>,
    ): AsyncIterableIterator<ExecutionResult> {
      if (disposed) throw new Error('connection closed');
      return clientFor(service).iterate({ query, variables }) as AsyncIterableIterator<ExecutionResult>;
    },
    async dispose(): Promise<void> {
      disposed = true;
      const all = [...clients.values()];
      clients.clear();
      await Promise.all(all.map((c) => c.dispose()));
    },
  };
}

export type UpstreamPool = ReturnType<typeof createUpstreamPool>;
