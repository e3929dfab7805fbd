import { retryDelayMs, type FailureKind } from '../retry.js';
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

/** Why a failed HWA read is transient (the retry metric's label), or undefined when it is not. */
function transientReason(
  error: unknown,
): 'network' | 'server_error' | 'rate_limited' | 'malformed' | undefined {
  if (error instanceof HwaHttpError) {
    if (error.status === 429) return 'rate_limited';
    return error.status >= 500 ? 'server_error' : undefined;
  }
  if (error instanceof HwaTransportError && (error.kind === 'network' || error.kind === 'malformed'))
    return error.kind;
  return undefined; // timeouts, 4xx, open breaker: surface at once
}

/** HWA's failures in the shared retry vocabulary (core/retry.ts). */
function classify(error: unknown): FailureKind {
  if (transientReason(error) === undefined) return { kind: 'permanent' };
  return { kind: 'transient', retryAfterMs: error instanceof HwaHttpError ? error.retryAfterMs : undefined };
}

/**
 * Whether a failed read is worth another attempt, by the shared policy of core/retry.ts
 * (connection failures, 5xx, cut bodies and 429 honouring `Retry-After`; never timeouts, never
 * client errors). Only idempotent reads get here.
 */
export function retryDecision(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  const delayMs = retryDelayMs(error, attempt, { ...policy, classify, random });
  const reason = transientReason(error);
  return delayMs === undefined || reason === undefined ? { retry: false } : { retry: true, delayMs, reason };
}
