import CircuitBreaker from 'opossum';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.js';
import { counter, gauge } from './metrics.js';

export type { CircuitBreaker };

export interface BreakerOptions {
  /** Upstream name: one breaker per upstream, never a global one (ENGINEERING habit 4). */
  name: string;
  registry: Registry;
  logger: Logger;
  /** Opossum's own deadline per call; `false` when the action enforces its own. @default false */
  timeoutMs?: number | false;
  /** Failure percentage in the rolling window that opens the breaker. @default 50 */
  errorThresholdPercentage?: number;
  /** How long the breaker stays open before letting one trial call through. @default 10000 */
  resetTimeoutMs?: number;
  /** Calls needed in the window before the breaker may open. @default 5 */
  volumeThreshold?: number;
  /** @default 10000 */
  rollingCountTimeoutMs?: number;
  /**
   * Whether an error counts against the upstream. Client errors (4xx, validation) are the
   * caller's fault and must not open the breaker. @default every error counts
   */
  isFailure?: (error: unknown) => boolean;
}

const STATE_VALUE = { closed: 0, halfOpen: 1, open: 2 } as const;

/**
 * The live breakers per metrics registry. A registry is one service's (the runtime creates it),
 * so its breakers are that service's too: the runtime shuts them down when it stops, and no
 * client module has to remember to (opossum's rolling-window interval would otherwise keep the
 * breaker, its action and everything that closes over alive after a restart).
 */
const breakersByRegistry = new WeakMap<Registry, Set<CircuitBreaker>>();

/** Stops the timers of every breaker reporting to `registry` (the runtime calls it at stop). */
export function shutdownBreakers(registry: Registry): void {
  const breakers = breakersByRegistry.get(registry);
  breakersByRegistry.delete(registry);
  for (const breaker of breakers ?? []) breaker.shutdown();
}

/** Wraps `action` in an opossum breaker that reports its state and events as metrics. */
export function createBreaker<A extends unknown[], R>(
  action: (...args: A) => Promise<R>,
  {
    name,
    registry,
    logger,
    timeoutMs = false,
    errorThresholdPercentage = 50,
    resetTimeoutMs = 10_000,
    volumeThreshold = 5,
    rollingCountTimeoutMs = 10_000,
    isFailure = () => true,
  }: BreakerOptions,
): CircuitBreaker<A, R> {
  const breaker = new CircuitBreaker<A, R>(action, {
    name,
    timeout: timeoutMs,
    errorThresholdPercentage,
    resetTimeout: resetTimeoutMs,
    volumeThreshold,
    rollingCountTimeout: rollingCountTimeoutMs,
    // opossum's errorFilter returns true for errors that should NOT count as failures.
    errorFilter: (error: unknown) => !isFailure(error),
    // A snapshot timer per breaker every second, for a 'snapshot' event nobody listens to.
    enableSnapshots: false,
  });
  const live = breakersByRegistry.get(registry) ?? new Set();
  breakersByRegistry.set(registry, live);
  live.add(breaker);
  breaker.once('shutdown', () => live.delete(breaker));
  const state = gauge(registry, {
    name: 'resync_breaker_state',
    help: 'Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open',
    labelNames: ['breaker'],
  });
  const events = counter(registry, {
    name: 'resync_breaker_events_total',
    help: 'Circuit breaker events per upstream',
    labelNames: ['breaker', 'event'],
  });
  state.set({ breaker: name }, STATE_VALUE.closed);
  breaker.on('open', () => {
    state.set({ breaker: name }, STATE_VALUE.open);
    events.inc({ breaker: name, event: 'open' });
    logger.warn({ breaker: name }, 'circuit breaker opened');
  });
  breaker.on('halfOpen', () => {
    state.set({ breaker: name }, STATE_VALUE.halfOpen);
    events.inc({ breaker: name, event: 'half_open' });
  });
  breaker.on('close', () => {
    state.set({ breaker: name }, STATE_VALUE.closed);
    events.inc({ breaker: name, event: 'close' });
    logger.info({ breaker: name }, 'circuit breaker closed');
  });
  breaker.on('success', () => events.inc({ breaker: name, event: 'success' }));
  breaker.on('failure', () => events.inc({ breaker: name, event: 'failure' }));
  breaker.on('reject', () => events.inc({ breaker: name, event: 'reject' }));
  breaker.on('timeout', () => events.inc({ breaker: name, event: 'timeout' }));
  return breaker;
}

/** True for the error opossum throws while open (fail fast, no call made). */
export function isBreakerOpenError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EOPENBREAKER';
}

export function isBreakerTimeoutError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ETIMEDOUT';
}

export function breakerState(breaker: CircuitBreaker): 'closed' | 'open' | 'halfOpen' {
  return breaker.opened ? 'open' : breaker.halfOpen ? 'halfOpen' : 'closed';
}
