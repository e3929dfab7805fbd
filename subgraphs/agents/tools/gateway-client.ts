import type { Registry } from 'prom-client';
import { createBreaker, isBreakerOpenError } from '../../../core/breaker.js';
import { ErrorCode, UpstreamUnavailableError } from '../../../core/errors/index.js';
import type { Logger } from '../../../core/logger.js';
import { histogram } from '../../../core/metrics.js';

export interface GatewayClientOptions {
  /** The gateway's GraphQL URL (config.gateway.url). */
  url: string;
  /** Deadline of one operation. */
  timeoutMs: number;
  registry: Registry;
  logger: Logger;
}

export interface GatewayError {
  message: string;
  code: string;
}

export interface GatewayResult<T> {
  data: T | null;
  errors: GatewayError[];
}

export interface GatewayCall {
  /** `Bearer <JWT>` of the user the agent acts for: RBAC and audit apply to the tool call. */
  authorization: string;
  requestId: string;
  signal?: AbortSignal | undefined;
  /** Reads retry once on a transient failure; mutations never do. */
  mutation: boolean;
}

/** The caller's signal stopped the call (the chat client left): not the gateway's fault, not an error to report. */
export class GatewayCallCancelledError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('The tool call was cancelled', options);
    this.name = 'GatewayCallCancelledError';
  }
}

interface Response {
  data?: unknown;
  errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }>;
}

/**
 * Sends agent tool operations to the gateway like any client, with the user's token. Only the
 * transport failing (network, timeout, 5xx without a GraphQL body) counts against the
 * `gateway` breaker; GraphQL errors (FORBIDDEN, NOT_FOUND, ...) are results for the agent.
 */
export function createGatewayClient({ url, timeoutMs, registry, logger }: GatewayClientOptions) {
  const latency = histogram(registry, {
    name: 'resync_agents_gateway_request_duration_seconds',
    help: 'Agent tool operations sent through the gateway, by kind and outcome',
    labelNames: ['kind', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
  });

  const send = async (
    body: string,
    call: GatewayCall,
  ): Promise<{ status: number; json: Response; retryAfter: number | undefined }> => {
    const signal = call.signal
      ? AbortSignal.any([call.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    let response: globalThis.Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: call.authorization,
          'x-request-id': call.requestId,
        },
        body,
        signal,
      });
      // The body is read under the same signal: a deadline or a departing caller can end it too.
      text = await response.text();
    } catch (error) {
      if (call.signal?.aborted) throw new GatewayCallCancelledError({ cause: error });
      throw new UpstreamUnavailableError('gateway', 'The gateway did not answer the tool call', {
        cause: error,
      });
    }
    let json: Response | undefined;
    try {
      json = JSON.parse(text) as Response;
    } catch {
      json = undefined;
    }
    if (!json || typeof json !== 'object') {
      throw new UpstreamUnavailableError(
        'gateway',
        `The gateway answered HTTP ${response.status} without a GraphQL body`,
      );
    }
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      status: response.status,
      json,
      retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    };
  };

  const breaker = createBreaker(send, {
    name: 'gateway',
    registry,
    logger,
    isFailure: (error) => error instanceof UpstreamUnavailableError,
  });

  return {
    async execute<T>(
      query: string,
      variables: Record<string, unknown>,
      call: GatewayCall,
    ): Promise<GatewayResult<T>> {
      const body = JSON.stringify({ query, variables });
      const kind = call.mutation ? 'mutation' : 'query';
      const started = performance.now();
      for (let attempt = 0; ; attempt += 1) {
        try {
          const { json, retryAfter } = await breaker.fire(body, call);
          const errors = (json.errors ?? []).map((e) => ({
            message: typeof e.message === 'string' ? e.message : 'error',
            code: typeof e.extensions?.code === 'string' ? e.extensions.code : ErrorCode.INTERNAL,
          }));
          // A rate-limited read waits as told (briefly) and tries once more.
          const limited = errors.some((e) => e.code === ErrorCode.RATE_LIMITED);
          if (limited && !call.mutation && attempt === 0 && (retryAfter ?? 1) <= 2) {
            await sleep((retryAfter ?? 0.25) * 1000, call.signal);
            continue;
          }
          latency.observe(
            { kind, outcome: errors.length > 0 ? 'error' : 'ok' },
            (performance.now() - started) / 1000,
          );
          return { data: (json.data ?? null) as T | null, errors };
        } catch (error) {
          const transient = error instanceof UpstreamUnavailableError && !call.signal?.aborted;
          if (transient && !call.mutation && attempt === 0) {
            await sleep(100, call.signal);
            continue;
          }
          latency.observe({ kind, outcome: 'unavailable' }, (performance.now() - started) / 1000);
          if (isBreakerOpenError(error))
            throw new UpstreamUnavailableError('gateway', 'The gateway breaker is open', { cause: error });
          throw error;
        }
      }
    },
  };
}

export type GatewayClient = ReturnType<typeof createGatewayClient>;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
