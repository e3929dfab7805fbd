import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';

type ExecutionResult<T> = FormattedExecutionResult<T, unknown>;
import WebSocket from 'ws';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/** POSTs one GraphQL operation, as any GraphQL-over-HTTP client does. */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  {
    token,
    variables,
    headers = {},
  }: {
    token?: string | undefined;
    variables?: Record<string, unknown>;
    headers?: Record<string, string>;
  } = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  const text = await response.text();
  let body: Omit<GraphQLResponse<T>, 'status'>;
  try {
    body = JSON.parse(text) as Omit<GraphQLResponse<T>, 'status'>;
  } catch {
    body = { errors: [{ message: `non-JSON response: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, ...body };
}

/** A graphql-ws client for tests; never retries, so failures surface at once. */
export function wsClient(
  url: string,
  token: string | undefined,
  extra: Record<string, unknown> = {},
): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}`, ...extra } : extra,
    retryAttempts: 0,
    lazy: true,
  });
}

/** Collects events of one subscription until `until` says stop (or the timeout passes). */
export async function collect<T = Record<string, unknown>>(
  client: Client,
  query: string,
  {
    variables,
    until = () => false,
    timeoutMs = 10_000,
    onSubscribed,
  }: {
    variables?: Record<string, unknown>;
    until?: (events: ExecutionResult<T>[]) => boolean;
    timeoutMs?: number;
    onSubscribed?: () => void | Promise<void>;
  } = {},
): Promise<ExecutionResult<T>[]> {
  const events: ExecutionResult<T>[] = [];
  const iterator = client.iterate<T>({ query, ...(variables ? { variables } : {}) });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    let first = true;
    for (;;) {
      const next = iterator.next();
      if (first) {
        first = false;
        await onSubscribed?.();
      }
      const step = await Promise.race([next, timeout]);
      if (step === 'timeout' || step.done) break;
      events.push(step.value);
      if (until(events)) break;
    }
  } finally {
    clearTimeout(timer);
    await iterator.return?.();
  }
  return events;
}
