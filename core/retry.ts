/**
 * Retries of idempotent upstream reads (ENGINEERING habit 5), one policy for every client that
 * retries: transient failures (connection errors, 5xx, 429) get another attempt after a backoff
 * with full jitter, a `Retry-After` is honoured up to `maxDelayMs` (a longer one is not waited
 * for: the failure surfaces and the caller's breaker decides), and timeouts are never retried —
 * a hung upstream would turn one slow call into several, far past the caller's own deadline.
 */

/** What one failure says about the upstream, as the caller's client classifies it. */
export type FailureKind =
  /** Will fail again the same way (4xx, bad answer, breaker open): surface it now. */
  | { kind: 'permanent' }
  /** The upstream did not answer in time: surface it now (see above). */
  | { kind: 'timeout' }
  /** May succeed on another attempt; `retryAfterMs` when the upstream said when. */
  | { kind: 'transient'; retryAfterMs?: number | undefined };

export interface RetryOptions {
  /** Extra attempts after the first. */
  retries: number;
  /** The client's classification of a failure. */
  classify: (error: unknown) => FailureKind;
  /** First backoff step; doubles per attempt. @default 100 */
  baseDelayMs?: number;
  /** Longest wait before a retry, `Retry-After` included. @default 2000 */
  maxDelayMs?: number;
  /** Checked before waiting: e.g. the upstream's breaker opened meanwhile. @default never */
  giveUp?: () => boolean;
  /** Epoch ms after which no retry starts (a call with a total budget). @default none */
  deadline?: number;
  /** @default Math.random */
  random?: () => number;
}

/** How long to wait before the next attempt, or undefined when there is none. */
export function retryDelayMs(error: unknown, attempt: number, options: RetryOptions): number | undefined {
  const { retries, classify, baseDelayMs = 100, maxDelayMs = 2000, random = Math.random } = options;
  if (attempt >= retries || options.giveUp?.()) return undefined;
  const failure = classify(error);
  if (failure.kind !== 'transient') return undefined;
  const delay =
    failure.retryAfterMs !== undefined
      ? failure.retryAfterMs
      : Math.round(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
  if (delay > maxDelayMs) return undefined;
  if (options.deadline !== undefined && Date.now() + delay >= options.deadline) return undefined;
  return delay;
}

/** Runs `attempt` (given its number, 0 first) until it succeeds or a retry is not warranted. */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const delay = retryDelayMs(error, n, options);
      if (delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Seconds of an HTTP `Retry-After` header (delta form) in ms; undefined when absent or a date. */
export function retryAfterHeaderMs(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
