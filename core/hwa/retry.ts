import { HwaHttpError, HwaTransportError } from './errors.js';

export interface RetryPolicy {
  /** Extra attempts after the first. @default 2 */
  retries: number;
  /** First backoff step; doubles per attempt, with full jitter. @default 100 */
  baseDelayMs: number;
  /** Longest wait before a retry, `Retry-After` included: a longer `Retry-After` is not waited for. @default 2000 */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 2, baseDelayMs: 100, maxDelayMs: 2000 };

export type RetryDecision =
  | { retry: false }
  | { retry: true; delayMs: number; reason: 'network' | 'server_error' | 'rate_limited' | 'malformed' };

/**
 * Whether a failed read is worth another attempt (ENGINEERING habit 5): connection failures, 5xx,
 * cut bodies and 429 honouring `Retry-After`. Timeouts are not retried: a hung master would turn
 * one slow call into three. Client errors never are. Only idempotent reads get here.
 */
export function retryDecision(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  if (attempt >= policy.retries) return { retry: false };
  const backoff = Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
  if (error instanceof HwaHttpError) {
    if (error.status !== 429 && error.status < 500) return { retry: false };
    const reason = error.status === 429 ? 'rate_limited' : 'server_error';
    if (error.retryAfterMs !== undefined) {
      return error.retryAfterMs > policy.maxDelayMs
        ? { retry: false }
        : { retry: true, delayMs: error.retryAfterMs, reason };
    }
    return { retry: true, delayMs: backoff, reason };
  }
  if (error instanceof HwaTransportError && (error.kind === 'network' || error.kind === 'malformed')) {
    return { retry: true, delayMs: backoff, reason: error.kind };
  }
  return { retry: false };
}
