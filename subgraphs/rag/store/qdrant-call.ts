import { QdrantClientResourceExhaustedError, QdrantClientTimeoutError } from '@qdrant/js-client-rest';
import type { Registry } from 'prom-client';
import { createBreaker, isBreakerOpenError } from '../../../core/breaker.js';
import { UpstreamUnavailableError } from '../../../core/errors/index.js';
import type { Logger } from '../../../core/logger.js';
import { histogram } from '../../../core/metrics.js';

export interface QdrantCallerOptions {
  registry: Registry;
  logger: Logger;
  /** Extra attempts on transient failures. Every call we make is idempotent (fixed point ids). @default 2 */
  maxRetries?: number;
  /** @default 10000 */
  breakerResetMs?: number;
}

export type QdrantCall = <T>(operation: string, run: () => Promise<T>) => Promise<T>;

const RETRY_AFTER_CAP_MS = 5000;

/**
 * Runs Qdrant requests behind one breaker (`qdrant`), with retries of transient failures
 * (network errors, timeouts, 429 with Retry-After, 5xx), latency metrics per operation, and
 * translation of the client's errors to UPSTREAM_UNAVAILABLE. Retrying writes is safe here
 * because every write is idempotent: upserts use ids derived from content, deletes use filters.
 */
export function createQdrantCaller({
  registry,
  logger,
  maxRetries = 2,
  breakerResetMs = 10_000,
}: QdrantCallerOptions): QdrantCall & { opened(): boolean } {
  const breaker = createBreaker((run: () => Promise<unknown>) => run(), {
    name: 'qdrant',
    registry,
    logger,
    resetTimeoutMs: breakerResetMs,
    // A 400/404/409 is about the request, not Qdrant's health.
    isFailure: (error) => {
      const code = statusOf(error);
      return code === undefined || code === 408 || code === 429 || code >= 500;
    },
  });
  const duration = histogram(registry, {
    name: 'resync_vectorstore_request_duration_seconds',
    help: 'Latency of vector store requests by store, operation and outcome',
    labelNames: ['store', 'operation', 'outcome'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });
  const call = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      try {
        const result = (await breaker.fire(run)) as T;
        duration.observe({ store: 'qdrant', operation, outcome: 'ok' }, (performance.now() - started) / 1000);
        return result;
      } catch (error) {
        duration.observe(
          { store: 'qdrant', operation, outcome: 'error' },
          (performance.now() - started) / 1000,
        );
        if (attempt < maxRetries && isTransient(error) && !breaker.opened) {
          await new Promise((resolve) => setTimeout(resolve, retryDelayMs(error, attempt)));
          continue;
        }
        throw translateQdrantError(operation, error);
      }
    }
  };
  return Object.assign(call, { opened: () => breaker.opened });
}

/** HTTP status of a client error (the client throws its fetch library's ApiError, not exported). */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

export function isTransient(error: unknown): boolean {
  if (error instanceof QdrantClientTimeoutError || error instanceof QdrantClientResourceExhaustedError)
    return true;
  const code = statusOf(error);
  if (code !== undefined) return code === 408 || code === 429 || code >= 500;
  return isNetworkError(error);
}

/** undici's "fetch failed" (connection refused, reset, DNS); by name, as realms may differ. */
function isNetworkError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'TypeError';
}

function retryDelayMs(error: unknown, attempt: number): number {
  if (error instanceof QdrantClientResourceExhaustedError)
    return Math.min(error.retry_after * 1000, RETRY_AFTER_CAP_MS);
  return Math.min(100 * 2 ** attempt, RETRY_AFTER_CAP_MS);
}

export function translateQdrantError(operation: string, error: unknown): UpstreamUnavailableError {
  if (error instanceof UpstreamUnavailableError) return error;
  const code = statusOf(error);
  const reason = isBreakerOpenError(error)
    ? 'circuit open'
    : error instanceof QdrantClientTimeoutError
      ? 'timed out'
      : code !== undefined
        ? `HTTP ${code}`
        : isNetworkError(error)
          ? 'unreachable'
          : (error as Error).message;
  return new UpstreamUnavailableError('qdrant', `Qdrant ${operation} failed: ${reason}`, { cause: error });
}
