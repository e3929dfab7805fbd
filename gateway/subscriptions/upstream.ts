import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

export interface UpstreamPoolOptions {
  /** ws:// URL of a subgraph by composed name. */
  wsUrlOf: (service: string) => string | undefined;
  /** The caller's `Bearer <JWT>`: the subgraph verifies it again. */
  authorization: string;
  requestId: string;
  /**
   * Deadline for opening an upstream: the WebSocket handshake, then the subgraph's
   * connection_ack. A subgraph that accepts TCP but never answers fails the subscription
   * instead of hanging it (and the pool's dispose) forever. GATEWAY_SUBGRAPH_TIMEOUT_MS.
   */
  timeoutMs: number;
}

/** What a subscription gets once its client connection is gone: nothing, and done. */
function finished(): AsyncIterableIterator<ExecutionResult> {
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    next: () => Promise.resolve({ done: true, value: undefined }),
    return: () => Promise.resolve({ done: true, value: undefined }),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/**
 * The upstream graphql-ws connections of ONE client connection: one per subgraph, opened
 * lazily, carrying the caller's token, closed the moment the client goes away.
 */
export function createUpstreamPool({ wsUrlOf, authorization, requestId, timeoutMs }: UpstreamPoolOptions) {
  const clients = new Map<string, Client>();
  let disposed = false;
  /** graphql-ws constructs sockets itself (url, protocol); this adds the handshake deadline. */
  class TimedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { handshakeTimeout: timeoutMs });
    }
  }

  const clientFor = (service: string): Client => {
    const existing = clients.get(service);
    if (existing) return existing;
    const url = wsUrlOf(service);
    if (!url) throw new Error(`no URL known for subgraph ${service}`);
    const client = createClient({
      url,
      webSocketImpl: TimedWebSocket,
      connectionParams: { authorization, 'x-request-id': requestId },
      connectionAckWaitTimeout: timeoutMs,
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
    /**
     * Opens a subscription upstream. Once the pool is disposed (the client left, perhaps while
     * this subscription was still being admitted) it is an iterator that is already done.
     */
    subscribe(
      service: string,
      query: string,
      variables: Record<string, unknown>,
    ): AsyncIterableIterator<ExecutionResult> {
      if (disposed) return finished();
      return clientFor(service).iterate({ query, variables }) as AsyncIterableIterator<ExecutionResult>;
    },
    /**
     * Closes every upstream. Never rejects: graphql-ws's dispose() awaits a connection still
     * opening and rejects when that opening fails (a subgraph restarting, 4403), which is no
     * longer anyone's concern once the client has left.
     */
    async dispose(): Promise<void> {
      disposed = true;
      const all = [...clients.values()];
      clients.clear();
      await Promise.allSettled(all.map((c) => c.dispose()));
    },
  };
}

export type UpstreamPool = ReturnType<typeof createUpstreamPool>;
