import type { Registry } from 'prom-client';
import { createBreaker, isBreakerOpenError } from '../core/breaker.js';
import { UpstreamUnavailableError } from '../core/errors/index.js';
import type { Logger } from '../core/logger.js';
import { histogram } from '../core/metrics.js';

export type SubgraphFetch = (url: string, init: RequestInit) => Promise<Response>;

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
  const breaker = createBreaker(
    async (url: string, init: RequestInit) => {
      const signal = init.signal
        ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
        : AbortSignal.timeout(timeoutMs);
      const response = await fetch(url, { ...init, signal });
      if (response.status >= 500) throw new SubgraphServerError(response);
      return response;
    },
    { name: `subgraph:${subgraph}`, registry, logger },
  );
  return async (url, init) => {
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
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : 'is unreachable';
      throw new UpstreamUnavailableError(`subgraph:${subgraph}`, `The ${subgraph} service ${reason}`, {
        cause: error,
      });
    }
  };
}
