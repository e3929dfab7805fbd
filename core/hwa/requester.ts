import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import { breakerState, createBreaker, isBreakerOpenError } from '../breaker.js';
import type { ResyncError } from '../errors/index.js';
import type { Logger } from '../logger.js';
import { HwaHttpError, HwaTransportError, isHwaFailure, translateHwaError, type Subject } from './errors.js';
import { hwaMetrics, type HwaOutcome } from './metrics.js';
import { DEFAULT_RETRY_POLICY, retryDecision, type RetryPolicy } from './retry.js';
import type { HttpExchange, HttpResult, Transport } from './transport.js';

export interface Call extends HttpExchange {
  /** Path template for metrics and logs, e.g. `plan/job/{job_id}` (never the concrete id). */
  endpoint: string;
  /** Names the object for a 404 ("Job X not found"). */
  subject?: Subject;
  /** Reads may retry; actions never do. */
  idempotent: boolean;
  /** Sent as `Request-Id` (the header HCL's own client samples send). @default a fresh UUID */
  requestId?: string | undefined;
}

export interface BreakerSettings {
  /** @default 50 */
  errorThresholdPercentage?: number;
  /** @default 10000 */
  resetTimeoutMs?: number;
  /** @default 5 */
  volumeThreshold?: number;
}

export interface RequesterOptions {
  transport: Transport;
  registry: Registry;
  logger: Logger;
  /** Breaker and metric name. @default 'hwa' */
  name?: string;
  retry?: Partial<RetryPolicy>;
  breaker?: BreakerSettings;
  /** Injected in tests to avoid real waits. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

export interface Requester {
  /** Sends one call: breaker, retries for reads, metrics, translation to our error codes. */
  send(call: Call): Promise<HttpResult>;
  /** Like `send`, then parses the JSON body (a body that does not parse counts as an HWA failure). */
  json<T>(call: Omit<Call, 'expect'>): Promise<T>;
  breakerState(): 'closed' | 'open' | 'halfOpen';
}

interface Attempt {
  result: HttpResult;
  parsed: unknown;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The one path every HWA call takes (ENGINEERING habits 4, 5, 8). */
export function createRequester(options: RequesterOptions): Requester {
  const { transport, registry, logger, name = 'hwa', sleep = defaultSleep } = options;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const metrics = hwaMetrics(registry);

  const attempt = async (call: Call): Promise<Attempt> => {
    const result = await transport.send(call);
    if (call.expect !== 'json' || result.text === '') return { result, parsed: undefined };
    try {
      return { result, parsed: JSON.parse(result.text) as unknown };
    } catch (error) {
      throw new HwaTransportError('malformed', `${call.endpoint}: body is not valid JSON`, { cause: error });
    }
  };
  const breaker = createBreaker(attempt, {
    name,
    registry,
    logger,
    isFailure: isHwaFailure,
    ...(options.breaker?.errorThresholdPercentage !== undefined
      ? { errorThresholdPercentage: options.breaker.errorThresholdPercentage }
      : {}),
    ...(options.breaker?.resetTimeoutMs !== undefined
      ? { resetTimeoutMs: options.breaker.resetTimeoutMs }
      : {}),
    ...(options.breaker?.volumeThreshold !== undefined
      ? { volumeThreshold: options.breaker.volumeThreshold }
      : {}),
  });

  const observe = (call: Call, started: number, outcome: HwaOutcome) =>
    metrics.duration.observe(
      { endpoint: call.endpoint, method: call.method, outcome },
      (performance.now() - started) / 1000,
    );

  const run = async (call: Call): Promise<Attempt> => {
    const withId: Call = {
      ...call,
      headers: { ...call.headers, 'Request-Id': call.requestId ?? randomUUID() },
    };
    for (let n = 0; ; n++) {
      const started = performance.now();
      try {
        const done = await breaker.fire(withId);
        observe(call, started, 'ok');
        return done;
      } catch (error) {
        observe(call, started, outcomeOf(error));
        const decision = call.idempotent ? retryDecision(error, n, policy) : ({ retry: false } as const);
        if (!decision.retry) throw withContext(translateHwaError(error, call.subject), call, logger, error);
        metrics.retries.inc({ endpoint: call.endpoint, reason: decision.reason });
        logger.debug(
          { endpoint: call.endpoint, attempt: n + 1, delayMs: decision.delayMs, reason: decision.reason },
          'retrying HWA read',
        );
        await sleep(decision.delayMs);
      }
    }
  };

  return {
    breakerState: () => breakerState(breaker),
    async send(call) {
      return (await run(call)).result;
    },
    async json<T>(call: Omit<Call, 'expect'>) {
      return (await run({ ...call, expect: 'json' })).parsed as T;
    },
  };
}

function outcomeOf(error: unknown): HwaOutcome {
  if (isBreakerOpenError(error)) return 'breaker_open';
  if (error instanceof HwaHttpError)
    return error.status === 429 ? 'rate_limited' : error.status >= 500 ? 'server_error' : 'client_error';
  if (error instanceof HwaTransportError)
    return error.kind === 'timeout' ? 'timeout' : error.kind === 'network' ? 'network' : 'malformed';
  return 'network';
}

/** Logs upstream failures once here (with the endpoint), so resolvers need not. */
function withContext(translated: ResyncError, call: Call, logger: Logger, error: unknown): ResyncError {
  if (translated.code === 'UPSTREAM_UNAVAILABLE' || translated.code === 'INTERNAL') {
    logger.warn(
      { endpoint: call.endpoint, method: call.method, err: (error as Error).message },
      'HWA call failed',
    );
  }
  return translated;
}
