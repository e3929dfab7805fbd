import type { Registry } from 'prom-client';
import type { Config } from '../config/index.js';
import type { Logger } from '../logger.js';
import { actionApi, type ActionApi } from './action-api.js';
import { modelApi, type ModelApi } from './model-api.js';
import { planApi, type PlanApi } from './plan-api.js';
import { createRequester, type BreakerSettings, type Requester } from './requester.js';
import type { RetryPolicy } from './retry.js';
import { createTransport, type HwaCredentials } from './transport.js';

export interface HwaClientOptions {
  /** Base URL including `/twsd`. */
  url: string;
  credentials: HwaCredentials;
  /** Deadline of one call. */
  timeoutMs: number;
  /** How HWA is provided, for health: the bundled simulator or a real master. */
  simulated: boolean;
  caFile?: string | undefined;
  insecureSkipTlsVerify?: boolean;
  /** @default 16 */
  maxConnections?: number;
  retry?: Partial<RetryPolicy>;
  breaker?: BreakerSettings;
  registry: Registry;
  logger: Logger;
  /** Breaker and metrics name; give each client its own (e.g. `hwa`, `hwa-sync`). @default 'hwa' */
  name?: string;
  /** Injected in tests. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

/** The API of one request context: every call carries the same `Request-Id`. */
export interface HwaApi {
  readonly plan: PlanApi;
  readonly actions: ActionApi;
  readonly model: ModelApi;
}

export interface HwaClient extends HwaApi {
  /** `simulator` or `hwa master`, as health reports it. */
  readonly mode: 'simulator' | 'hwa master';
  readonly url: string;
  /** The same API, sending `requestId` as HWA's `Request-Id` header so logs on both sides correlate. */
  forRequest(requestId: string): HwaApi;
  breakerState(): 'closed' | 'open' | 'halfOpen';
  /** A cheap call through the breaker (engine/info), for readiness. A half-open breaker closes on success. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The HCL Workload Automation REST API V2 client: keep-alive, deadlines, TLS trust, read retries,
 * its own breaker, metrics and translation of every failure to our error codes.
 */
export function createHwaClient(options: HwaClientOptions): HwaClient {
  if (!options.simulated && options.url.startsWith('http:')) {
    options.logger.warn(
      { upstream: 'hwa', url: options.url },
      'TWS_URL is plain http: HWA credentials travel unencrypted. HWA serves HTTPS on 31116; use https://.',
    );
  }
  const transport = createTransport({
    baseUrl: options.url,
    credentials: options.credentials,
    timeoutMs: options.timeoutMs,
    caFile: options.caFile,
    insecureSkipTlsVerify: options.insecureSkipTlsVerify ?? false,
    ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {}),
    logger: options.logger,
  });
  const requester: Requester = createRequester({
    transport,
    registry: options.registry,
    logger: options.logger,
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.breaker ? { breaker: options.breaker } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const api = (requestId: string | undefined): HwaApi => ({
    plan: planApi(requester, requestId),
    actions: actionApi(requester, requestId),
    model: modelApi(requester, requestId),
  });
  const shared = api(undefined);
  return {
    ...shared,
    mode: options.simulated ? 'simulator' : 'hwa master',
    url: options.url,
    forRequest: (requestId) => api(requestId),
    breakerState: () => requester.breakerState(),
    async ping(timeoutMs = 2000) {
      await shared.plan.engineInfo(timeoutMs);
    },
    async close() {
      await transport.close();
    },
  };
}

/** Client options from the `tws` config section (the usual way to build one). */
export function hwaClientOptionsFrom(
  tws: Config['tws'],
  deps: { registry: Registry; logger: Logger; name?: string },
): HwaClientOptions {
  return {
    url: tws.url,
    credentials: tws.credentials,
    timeoutMs: tws.timeoutMs,
    simulated: tws.simulated,
    caFile: tws.caFile,
    insecureSkipTlsVerify: tws.insecureSkipTlsVerify,
    maxConnections: tws.maxConnections,
    retry: { retries: tws.retries, maxDelayMs: tws.retryMaxDelayMs },
    breaker: { ...tws.breaker },
    registry: deps.registry,
    logger: deps.logger,
    ...(deps.name !== undefined ? { name: deps.name } : {}),
  };
}
