import type { Registry } from 'prom-client';
import { Agent, fetch as undiciFetch } from 'undici';
import { createBreaker, isBreakerOpenError } from '../core/breaker.js';
import { UpstreamUnavailableError } from '../core/errors/index.js';
import type { Logger } from '../core/logger.js';
import { histogram } from '../core/metrics.js';

export type SubgraphFetch = ((url: string, init: RequestInit) => Promise<Response>) & {
  /** Closes the subgraph's connection pool (gateway shutdown). */
  close(): Promise<void>;
};

/** A 5xx from a subgraph: counted by the breaker, then handed back to the gateway as is. */
class SubgraphServerError extends Error {
  constructor(readonly response: Response) {
    super(`subgraph answered HTTP ${response.status}`);
  }
}

export interface SubgraphFetchOptions {
  subgraph: string;
  timeoutMs: number;
  registry: Registry;
  logger: Logger;
}

/**
 * The fetch each subgraph data source uses: a deadline, its own breaker (one per subgraph,
 * never shared), and latency metrics. While the breaker is open calls fail at once with
 * UPSTREAM_UNAVAILABLE instead of piling up on a dead subgraph.
 */
export function createSubgraphFetch({
  subgraph,
  timeoutMs,
  registry,
  logger,
}: SubgraphFetchOptions): SubgraphFetch {
  const latency = histogram(registry, {
    name: 'resync_subgraph_fetch_duration_seconds',
    help: 'Latency of gateway fetches to each subgraph',
    labelNames: ['subgraph', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
  });
  // One keep-alive pool per subgraph whose own timeouts are the deadline: a per-request
  // AbortSignal.timeout (+ AbortSignal.any) cost more than the rest of a small fetch on Node 20.
  const pool = new Agent({
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 30_000,
    connections: 256,
  });
  const breaker = createBreaker(
    async (url: string, init: RequestInit) => {
      const response = (await undiciFetch(url, {
        ...(init as object),
        dispatcher: pool,
      })) as unknown as Response;
      if (response.status >= 500) throw new SubgraphServerError(response);
      return response;
    },
    { name: `subgraph:${subgraph}`, registry, logger },
  );
  const subgraphFetch = async (url: string, init: RequestInit): Promise<Response> => {
    const started = performance.now();
    try {
      const response = await breaker.fire(url, init);
      latency.observe({ subgraph, outcome: 'ok' }, (performance.now() - started) / 1000);
      return response;
    } catch (error) {
      latency.observe({ subgraph, outcome: 'error' }, (performance.now() - started) / 1000);
      if (error instanceof SubgraphServerError) return error.response;
      if (isBreakerOpenError(error)) {
        throw new UpstreamUnavailableError(
          `subgraph:${subgraph}`,
          `The ${subgraph} service is unavailable (circuit open)`,
          { cause: error },
        );
      }
      const cause = (error as { cause?: { code?: unknown } }).cause?.code;
      const timedOut =
        (error as Error).name === 'TimeoutError' || (typeof cause === 'string' && cause.includes('TIMEOUT'));
      const reason = timedOut ? 'timed out' : 'is unreachable';
      throw new UpstreamUnavailableError(`subgraph:${subgraph}`, `The ${subgraph} service ${reason}`, {
        cause: error,
      });
    }
  };
  return Object.assign(subgraphFetch, { close: () => pool.close() });
}
