import { QdrantClientResourceExhaustedError, QdrantClientTimeoutError } from '@qdrant/js-client-rest';
import type { Registry } from 'prom-client';
import { createBreaker, isBreakerOpenError } from '../../../core/breaker.js';
import { InternalError, UpstreamUnavailableError, type ResyncError } from '../../../core/errors/index.js';
import type { Logger } from '../../../core/logger.js';
import { histogram } from '../../../core/metrics.js';
import { withRetries, type FailureKind } from '../../../core/retry.js';

export interface QdrantCallerOptions {
  registry: Registry;
  logger: Logger;
  /** Extra attempts on transient failures. Every call we make is idempotent (fixed point ids). @default 2 */
  maxRetries?: number;
  /** @default 10000 */
  breakerResetMs?: number;
}

export type QdrantCall = <T>(operation: string, run: () => Promise<T>) => Promise<T>;

/**
 * Runs Qdrant requests behind one breaker (`qdrant`), with the shared retry policy (core/retry:
 * network errors, 429 with Retry-After and 5xx; never a timeout), latency metrics per operation,
 * and translation of the client's errors. Retrying writes is safe here because every write is
 * idempotent: upserts use ids derived from content, deletes use filters.
 */
export function createQdrantCaller({
  registry,
  logger,
  maxRetries = 2,
  breakerResetMs = 10_000,
}: QdrantCallerOptions): QdrantCall {
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
  return async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await withRetries(
        async () => {
          const end = duration.startTimer({ store: 'qdrant', operation });
          try {
            const result = (await breaker.fire(run)) as T;
            end({ outcome: 'ok' });
            return result;
          } catch (error) {
            end({ outcome: 'error' });
            throw error;
          }
        },
        { retries: maxRetries, classify: classifyQdrantFailure, giveUp: () => breaker.opened },
      );
    } catch (error) {
      throw translateQdrantError(operation, error);
    }
  };
}

/** HTTP status of a client error (the client throws its fetch library's ApiError, not exported). */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * The client's deadline: QdrantClientTimeoutError, or the raw AbortError when the fetch runs in
 * another realm (the client's `instanceof Error` check fails there, e.g. under jest).
 */
function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return error instanceof QdrantClientTimeoutError || name === 'AbortError' || name === 'TimeoutError';
}

export function classifyQdrantFailure(error: unknown): FailureKind {
  if (isTimeout(error)) return { kind: 'timeout' };
  if (error instanceof QdrantClientResourceExhaustedError)
    return { kind: 'transient', retryAfterMs: error.retry_after * 1000 };
  const code = statusOf(error);
  if (code === 408) return { kind: 'timeout' };
  if (code !== undefined) return code === 429 || code >= 500 ? { kind: 'transient' } : { kind: 'permanent' };
  return isNetworkError(error) ? { kind: 'transient' } : { kind: 'permanent' };
}

/** undici's "fetch failed" (connection refused, reset, DNS); by name, as realms may differ. */
function isNetworkError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'TypeError';
}

/**
 * Qdrant failures in our codes, cause kept. A 4xx other than 408/429 means we sent a request
 * Qdrant refuses (our bug, or a collection changed behind our back): INTERNAL, not an outage.
 */
export function translateQdrantError(operation: string, error: unknown): ResyncError {
  if (error instanceof UpstreamUnavailableError || error instanceof InternalError) return error;
  const code = statusOf(error);
  if (code !== undefined && code >= 400 && code < 500 && code !== 408 && code !== 429)
    return new InternalError(`Qdrant rejected ${operation}: HTTP ${code}`, { cause: error });
  const reason = isBreakerOpenError(error)
    ? 'circuit open'
    : isTimeout(error) || code === 408
      ? 'timed out'
      : code !== undefined
        ? `HTTP ${code}`
        : isNetworkError(error)
          ? 'unreachable'
          : (error as Error).message;
  return new UpstreamUnavailableError('qdrant', `Qdrant ${operation} failed: ${reason}`, { cause: error });
}
