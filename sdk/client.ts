import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, print, type DocumentNode } from 'graphql';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { isCloseEvent, ResyncError, type ResyncGraphQLError } from './errors.js';
import { subscription, type Subscription } from './subscription.js';

export interface ResyncClientOptions {
  /** The gateway's GraphQL endpoint, e.g. `https://resync.example.com/graphql`. */
  url: string;
  /** Where subscriptions connect (graphql-ws). @default `url` with http(s) → ws(s) */
  wsUrl?: string;
  /**
   * The JWT, or a function returning it. A function is called for every HTTP request and every
   * (re)connection of the socket, so a refreshed token is picked up without a new client.
   * @default none (every operation answers UNAUTHENTICATED)
   */
  token?: string | (() => string | Promise<string>);
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * A WebSocket constructor. Node 20 has none built in: pass `WebSocket` from the `ws` package.
   * @default globalThis.WebSocket
   */
  webSocketImpl?: unknown;
  /** Per HTTP request. @default 30_000 */
  timeoutMs?: number;
  /** Extra headers on every HTTP request (not on the socket). @default none */
  headers?: Record<string, string>;
  /**
   * Reconnection attempts of the subscription socket after it drops (graphql-ws backs off
   * exponentially). Refusals are not retried, except a refused token when `token` is a function.
   * @default 5
   */
  retryAttempts?: number;
  /** How long to wait before reconnection attempt `retries` (0-based). @default graphql-ws's randomised exponential back-off */
  retryWait?: (retries: number) => Promise<void>;
}

/**
 * The variables argument: optional when the operation has no required variable. Callers pass it
 * wrapped in NoInfer, so the document alone decides the type (an extra variable is an error).
 */
export type VariablesOf<V> = Record<string, never> extends V ? [variables?: V] : [variables: V];

export interface ExecuteResult<TData> {
  data: TData | null | undefined;
  errors: readonly ResyncGraphQLError[] | undefined;
  status: number;
  requestId: string | undefined;
}

export interface RequestOptions {
  /** Cancels the request; the call then rejects with the signal's reason (an `AbortError` by default). */
  signal?: AbortSignal;
  /** Sent as `x-request-id`, echoed by the gateway and carried to every subgraph and HWA. */
  requestId?: string;
}

export interface ResyncClient {
  /** A query or mutation over HTTP; the data, or a ResyncError when the answer has errors. */
  request<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...variables: VariablesOf<NoInfer<TVariables>>
  ): Promise<TData>;
  /** Like `request` with per-call options. */
  requestWith<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: NoInfer<TVariables>,
    options: RequestOptions,
  ): Promise<TData>;
  /** The raw answer (partial data and errors side by side), for callers that handle both. */
  execute<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables?: NoInfer<TVariables>,
    options?: RequestOptions,
  ): Promise<ExecuteResult<TData>>;
  /**
   * A subscription over graphql-ws: each event's data, until the server completes it. Leaving
   * the loop (`break`) or calling `return()`, even while waiting, unsubscribes, which cancels
   * the work behind it (a chat turn). An event with errors, a refusal or a lost socket throws a
   * ResyncError.
   */
  subscribe<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...variables: VariablesOf<NoInfer<TVariables>>
  ): Subscription<TData>;
  /** Closes the subscription socket (ending every subscription). HTTP needs no cleanup. */
  dispose(): Promise<void>;
}

/** A typed client for the Resync gateway: HTTP for queries and mutations, graphql-ws for subscriptions. */
export function createResyncClient(options: ResyncClientOptions): ResyncClient {
  const { url, token, timeoutMs = 30_000, headers = {}, retryAttempts = 5 } = options;
  const doFetch = options.fetch ?? globalThis.fetch;
  const bearer = async () => {
    const value = typeof token === 'function' ? await token() : token;
    return value ? `Bearer ${value}` : undefined;
  };
  let ws: WsClient | undefined;
  const socket = () =>
    (ws ??= createClient({
      url: options.wsUrl ?? url.replace(/^http/, 'ws'),
      lazy: true,
      retryAttempts,
      ...(options.retryWait ? { retryWait: options.retryWait } : {}),
      ...(options.webSocketImpl === undefined ? {} : { webSocketImpl: options.webSocketImpl }),
      connectionParams: async () => {
        const authorization = await bearer();
        return authorization ? { authorization } : {};
      },
      // A refused socket (4403: bad or expired token) is worth a retry only with a fresh token.
      shouldRetry: (event) => isCloseEvent(event) && (event.code !== 4403 || typeof token === 'function'),
    }));

  async function execute<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables?: TVariables,
    { signal, requestId }: RequestOptions = {},
  ): Promise<ExecuteResult<TData>> {
    const authorization = await bearer();
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(authorization ? { authorization } : {}),
          ...(requestId ? { 'x-request-id': requestId } : {}),
        },
        body: JSON.stringify({
          query: printed(document),
          operationName: operationName(document),
          variables: variables ?? {},
        }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await response.text(); // the body too: a timeout or cancel can land while it streams
    } catch (error) {
      // The caller's own cancel is no failure of ours: its reason is rethrown, as fetch does.
      signal?.throwIfAborted();
      if (timeout.aborted)
        throw new ResyncError('TIMEOUT', `no answer from ${url} within ${timeoutMs} ms`, { cause: error });
      throw new ResyncError('NETWORK_ERROR', `cannot reach ${url}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const rid = response.headers.get('x-request-id') ?? undefined;
    let body: { data?: TData | null; errors?: ResyncGraphQLError[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new ResyncError(
        'BAD_RESPONSE',
        `HTTP ${response.status} without a GraphQL body: ${text.slice(0, 120)}`,
        {
          status: response.status,
          ...(rid ? { requestId: rid } : {}),
        },
      );
    }
    if (typeof body !== 'object' || body === null || (!('data' in body) && !Array.isArray(body.errors))) {
      throw new ResyncError('BAD_RESPONSE', `HTTP ${response.status}: not a GraphQL response`, {
        status: response.status,
      });
    }
    return { data: body.data, errors: body.errors, status: response.status, requestId: rid };
  }

  async function requestWith<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables | undefined,
    options: RequestOptions,
  ): Promise<TData> {
    const result = await execute(document, variables, options);
    if (result.errors?.length || result.data === null || result.data === undefined) {
      throw ResyncError.fromGraphQL(result.errors ?? [{ message: 'empty response' }], {
        data: result.data,
        status: result.status,
        ...(result.requestId ? { requestId: result.requestId } : {}),
      });
    }
    return result.data;
  }

  function subscribe<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables?: TVariables,
  ): Subscription<TData> {
    const name = operationName(document);
    return subscription<TData>(socket(), {
      query: printed(document),
      ...(name ? { operationName: name } : {}),
      ...(variables ? { variables: variables as Record<string, unknown> } : {}),
    });
  }

  return {
    request: (document, ...[variables]) => requestWith(document, variables, {}),
    requestWith: (document, variables, options) => requestWith(document, variables, options),
    execute,
    subscribe: (document, ...[variables]) => subscribe(document, variables),
    async dispose() {
      await ws?.dispose();
      ws = undefined;
    },
  };
}

// Documents are module constants: print each once.
const printedCache = new WeakMap<DocumentNode, string>();
function printed(document: DocumentNode): string {
  let text = printedCache.get(document);
  if (text === undefined) {
    text = print(document);
    printedCache.set(document, text);
  }
  return text;
}

function operationName(document: DocumentNode): string | undefined {
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) return definition.name?.value;
  }
  return undefined;
}
