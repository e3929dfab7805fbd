import OpenAI from 'openai';
import type { Registry } from 'prom-client';
import { breakerState, createBreaker, isBreakerOpenError, isBreakerTimeoutError } from '../breaker.js';
import { UpstreamUnavailableError } from '../errors/index.js';
import type { Logger } from '../logger.js';
import { counter, histogram } from '../metrics.js';
import { retryAfterHeaderMs, withRetries, type FailureKind } from '../retry.js';
import { spaceName, type EmbeddingProvider, type EmbeddingPurpose } from './embeddings.js';

export interface OpenAiEmbeddingsOptions {
  /** `nvidia` or `openai`: names the breaker (`embeddings:<name>`), metrics and health entry. */
  name: string;
  apiKey: string;
  /** OpenAI-compatible base URL, e.g. `https://integrate.api.nvidia.com/v1`. */
  baseURL: string;
  model: string;
  /** Size of the vectors the model returns; checked on every answer. */
  dimensions: number;
  /**
   * Ask the API for `dimensions` (OpenAI text-embedding-3 can shorten its vectors; most NVIDIA
   * models reject the parameter). @default false
   */
  sendDimensions?: boolean;
  /** Send NVIDIA's `input_type` (query/passage) and `truncate` for asymmetric retrieval models. @default name === 'nvidia' */
  asymmetric?: boolean;
  /** Deadline of one HTTP request embedding passages (ingestion, backfill). @default 15000 */
  timeoutMs?: number;
  /**
   * Deadline of embedding a query, retry included: a search waits for it, and the chain still
   * has the next provider and the offline embedding to try within the gateway's deadline. @default 2000
   */
  queryTimeoutMs?: number;
  /** Texts per request; larger inputs are split into several requests. @default 32 */
  batchSize?: number;
  /** Requests in flight at once for one large input (a long document). @default 4 */
  concurrency?: number;
  /** Extra attempts on network errors, 5xx and 429 (embedding is an idempotent read; timeouts are not retried). @default 1 */
  maxRetries?: number;
  /** How long the breaker stays open before a trial request. @default 30000 */
  breakerResetMs?: number;
  registry: Registry;
  logger: Logger;
  /** Inject a client (tests); by default one is built from the options above. */
  client?: OpenAI;
}

/** Longest wait before a retry, Retry-After included (core/retry). */
const MAX_RETRY_DELAY_MS = 5000;

/**
 * An embeddings provider speaking the OpenAI wire protocol (NVIDIA's API or OpenAI's) through
 * the `openai` SDK, with batching, a per-request deadline, its own breaker, retries of
 * transient failures and metrics. Third-party errors become UPSTREAM_UNAVAILABLE here.
 */
export function createOpenAiEmbeddings(options: OpenAiEmbeddingsOptions): EmbeddingProvider {
  const {
    name,
    model,
    dimensions,
    sendDimensions = false,
    asymmetric = name === 'nvidia',
    timeoutMs = 15_000,
    queryTimeoutMs = 2_000,
    batchSize = 32,
    concurrency = 4,
    maxRetries = 1,
    breakerResetMs = 30_000,
    registry,
    logger,
  } = options;
  const upstream = `embeddings:${name}`;
  const client =
    options.client ??
    new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: timeoutMs,
      // Retries are ours (below): the SDK's would hide attempts from the breaker.
      maxRetries: 0,
      logLevel: 'off',
    });
  const metrics = embeddingMetrics(registry);

  const request = async (
    texts: readonly string[],
    purpose: EmbeddingPurpose,
    timeoutMs: number,
  ): Promise<number[][]> => {
    const body: OpenAI.EmbeddingCreateParams & Record<string, unknown> = {
      model,
      input: [...texts],
      // The SDK defaults to base64 and decodes it; float keeps the wire format plain (DEPENDENCIES P7).
      encoding_format: 'float',
      ...(sendDimensions ? { dimensions } : {}),
      ...(asymmetric ? { input_type: purpose, truncate: 'END' } : {}),
    };
    // Our own deadline: the SDK reports its timeout as a generic connection error.
    const deadline = AbortSignal.timeout(timeoutMs);
    let response: OpenAI.CreateEmbeddingResponse;
    try {
      response = await client.embeddings.create(body, {
        timeout: timeoutMs,
        maxRetries: 0,
        signal: deadline,
      });
    } catch (error) {
      if (deadline.aborted) throw new EmbeddingTimeoutError(name, timeoutMs);
      throw error;
    }
    const rows = [...response.data].sort((a, b) => a.index - b.index);
    if (rows.length !== texts.length) throw new Error(`${rows.length} embeddings for ${texts.length} inputs`);
    return rows.map((row) => {
      const vector = row.embedding as unknown;
      if (!Array.isArray(vector) || vector.length !== dimensions) {
        throw new DimensionMismatchError(name, Array.isArray(vector) ? vector.length : 0, dimensions);
      }
      return vector as number[];
    });
  };

  const breaker = createBreaker(request, {
    name: upstream,
    registry,
    logger,
    resetTimeoutMs: breakerResetMs,
    isFailure: countsAgainstUpstream,
  });

  const embedBatch = async (texts: readonly string[], purpose: EmbeddingPurpose): Promise<number[][]> => {
    const deadline = Date.now() + queryTimeoutMs; // queries only
    try {
      return await withRetries(
        async () => {
          // A retried query gets what is left of its budget, never more.
          const remaining = purpose === 'query' ? Math.max(1, deadline - Date.now()) : timeoutMs;
          const started = performance.now();
          try {
            const vectors = await breaker.fire(texts, purpose, remaining);
            metrics.duration.observe({ provider: name, outcome: 'ok' }, (performance.now() - started) / 1000);
            metrics.texts.inc({ provider: name }, texts.length);
            return vectors;
          } catch (error) {
            metrics.duration.observe(
              { provider: name, outcome: 'error' },
              (performance.now() - started) / 1000,
            );
            throw error;
          }
        },
        {
          retries: maxRetries,
          classify: classifyFailure,
          baseDelayMs: 200,
          maxDelayMs: MAX_RETRY_DELAY_MS,
          giveUp: () => breaker.opened,
          ...(purpose === 'query' ? { deadline } : {}),
        },
      );
    } catch (error) {
      throw translate(upstream, error);
    }
  };

  return {
    name,
    model,
    space: { name: spaceName(name, model, dimensions), dimensions, semantic: true },
    mode: name,
    async embed(texts, purpose) {
      const batches: Array<readonly string[]> = [];
      for (let i = 0; i < texts.length; i += batchSize) batches.push(texts.slice(i, i + batchSize));
      const results: number[][][] = new Array(batches.length);
      // A few batches in flight: a long document must embed well within the gateway's deadline.
      let next = 0;
      const worker = async () => {
        while (next < batches.length) {
          const index = next++;
          results[index] = await embedBatch(batches[index]!, purpose);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
      return results.flat();
    },
    state: () => breakerState(breaker),
    onRecovered(listener) {
      breaker.on('close', listener);
    },
  };
}

class EmbeddingTimeoutError extends Error {
  constructor(provider: string, ms: number) {
    super(`${provider} timed out after ${ms} ms`);
    this.name = 'EmbeddingTimeoutError';
  }
}

class DimensionMismatchError extends Error {
  constructor(provider: string, got: number, expected: number) {
    super(
      `${provider} returned ${got}-dimensional vectors, expected ${expected}: set EMBEDDINGS_${provider.toUpperCase()}_DIMENSIONS`,
    );
    this.name = 'DimensionMismatchError';
  }
}

function status(error: unknown): number | undefined {
  return error instanceof OpenAI.APIError && typeof error.status === 'number' ? error.status : undefined;
}

/** For core/retry: network errors, 429 and 5xx may heal; a timeout is not retried. */
function classifyFailure(error: unknown): FailureKind {
  if (
    error instanceof EmbeddingTimeoutError ||
    error instanceof OpenAI.APIConnectionTimeoutError ||
    isBreakerTimeoutError(error)
  )
    return { kind: 'timeout' };
  if (error instanceof OpenAI.APIConnectionError) return { kind: 'transient' };
  const code = status(error);
  if (code === 408) return { kind: 'timeout' };
  if (code === 429 || (code !== undefined && code >= 500)) {
    const header = error instanceof OpenAI.APIError ? error.headers?.get('retry-after') : undefined;
    return { kind: 'transient', retryAfterMs: retryAfterHeaderMs(header) };
  }
  return { kind: 'permanent' };
}

/**
 * Whether a failure counts against the provider's breaker. A 400/404/422 is about one request
 * (e.g. an over-long input) and must not open it; a wrong key (401/403), a wrong vector size or
 * a malformed answer will not heal by retrying, so those do open it.
 */
function countsAgainstUpstream(error: unknown): boolean {
  const code = status(error);
  if (code === undefined) return true;
  return code === 401 || code === 403 || code === 408 || code === 429 || code >= 500;
}

function translate(upstream: string, error: unknown): UpstreamUnavailableError {
  if (isBreakerOpenError(error))
    return new UpstreamUnavailableError(upstream, `${upstream} is unavailable (circuit open)`, {
      cause: error,
    });
  const code = status(error);
  const reason =
    error instanceof OpenAI.APIConnectionTimeoutError || error instanceof EmbeddingTimeoutError
      ? 'timed out'
      : error instanceof OpenAI.APIConnectionError
        ? 'unreachable'
        : code !== undefined
          ? `answered HTTP ${code}`
          : (error as Error).message;
  return new UpstreamUnavailableError(upstream, `${upstream} failed: ${reason}`, { cause: error });
}

function embeddingMetrics(registry: Registry) {
  return {
    duration: histogram(registry, {
      name: 'resync_embeddings_request_duration_seconds',
      help: 'Latency of embeddings requests by provider and outcome',
      labelNames: ['provider', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    texts: counter(registry, {
      name: 'resync_embeddings_texts_total',
      help: 'Texts embedded by provider',
      labelNames: ['provider'],
    }),
  };
}
