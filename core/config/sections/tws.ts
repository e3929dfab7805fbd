import { z } from 'zod';
import { bool, optionalString, optionalUrl, port, positiveInt, type EnvOf } from './helpers.js';

export const twsEnv = {
  /** Base URL of the HWA master, e.g. https://hwa.example.com:31116/twsd. Unset: the bundled simulator. */
  TWS_URL: optionalUrl(),
  TWS_USER: optionalString(),
  TWS_PASSWORD: optionalString(),
  /** Bearer token (HWA API key); used instead of Basic auth when set. */
  TWS_TOKEN: optionalString(),
  /** PEM bundle of the CA that signed the HWA certificate. */
  TWS_CA_FILE: optionalString(),
  /** Accept any certificate. Dangerous: only for lab masters with self-signed certs. */
  TWS_INSECURE_SKIP_TLS_VERIFY: bool(false),
  /** Deadline of one HWA call (body included). */
  TWS_TIMEOUT_MS: positiveInt(10_000),
  /** Extra attempts of a failed read (network error, 5xx, 429); actions are never retried. */
  TWS_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** Longest wait before a read retry; a longer Retry-After is not waited for. */
  TWS_RETRY_MAX_DELAY_MS: positiveInt(2_000),
  /** How long HWA's breaker stays open before one trial call. */
  TWS_BREAKER_RESET_MS: positiveInt(10_000),
  /** Failure percentage (over 10 s) that opens HWA's breaker. */
  TWS_BREAKER_ERROR_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
  /** Calls in the window before the breaker may open. */
  TWS_BREAKER_VOLUME: positiveInt(5),
  /** Keep-alive sockets to HWA. */
  TWS_MAX_CONNECTIONS: positiveInt(16),
  /** How often the plan is diffed for jobStatusChanged. */
  TWS_POLL_INTERVAL_MS: positiveInt(5_000),
  /** Page size when the poller (and the knowledge sync) walk the whole plan. */
  TWS_PAGE_SIZE: z.coerce.number().int().min(10).max(10_000).default(1_000),
  /** Cache lifetime of plan state (jobs, statuses, streams, workstations, logs): seconds. */
  TWS_CACHE_STATUS_TTL_MS: positiveInt(5_000),
  /** Cache lifetime of model definitions (job definitions): hours. */
  TWS_CACHE_DEFINITION_TTL_MS: positiveInt(6 * 3600_000),
  /** In-process (L1) cache entries per kind. */
  TWS_CACHE_L1_MAX_ENTRIES: positiveInt(2_000),
  /** Port of the bundled simulator when TWS_URL is unset. */
  SIMULATOR_PORT: port(31116),
};

type TwsEnv = EnvOf<typeof twsEnv>;

export const SIMULATOR_DEFAULT_CREDENTIALS = { username: 'resync', password: 'resync' } as const;

export function buildTwsConfig(env: TwsEnv, host: string, problems: string[]) {
  if (env.TWS_URL !== undefined && env.TWS_TOKEN === undefined && env.TWS_USER === undefined) {
    problems.push('TWS_USER/TWS_PASSWORD or TWS_TOKEN: credentials are required when TWS_URL is set');
  }
  if (env.TWS_USER !== undefined && env.TWS_PASSWORD === undefined) {
    problems.push('TWS_PASSWORD: required when TWS_USER is set');
  }
  if (env.TWS_CA_FILE !== undefined && env.TWS_INSECURE_SKIP_TLS_VERIFY) {
    problems.push(
      'TWS_CA_FILE and TWS_INSECURE_SKIP_TLS_VERIFY: choose one (a CA bundle is the safe option)',
    );
  }
  const loopback = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const simulated = env.TWS_URL === undefined;
  return {
    simulated,
    url: (env.TWS_URL ?? `http://${loopback}:${env.SIMULATOR_PORT}/twsd`).replace(/\/+$/, ''),
    credentials: simulated
      ? ({ kind: 'basic', ...SIMULATOR_DEFAULT_CREDENTIALS } as const)
      : env.TWS_TOKEN !== undefined
        ? ({ kind: 'bearer', token: env.TWS_TOKEN } as const)
        : ({ kind: 'basic', username: env.TWS_USER ?? '', password: env.TWS_PASSWORD ?? '' } as const),
    caFile: env.TWS_CA_FILE,
    insecureSkipTlsVerify: env.TWS_INSECURE_SKIP_TLS_VERIFY,
    timeoutMs: env.TWS_TIMEOUT_MS,
    retries: env.TWS_RETRIES,
    retryMaxDelayMs: env.TWS_RETRY_MAX_DELAY_MS,
    breaker: {
      resetTimeoutMs: env.TWS_BREAKER_RESET_MS,
      errorThresholdPercentage: env.TWS_BREAKER_ERROR_PERCENT,
      volumeThreshold: env.TWS_BREAKER_VOLUME,
    },
    maxConnections: env.TWS_MAX_CONNECTIONS,
    pollIntervalMs: env.TWS_POLL_INTERVAL_MS,
    pageSize: env.TWS_PAGE_SIZE,
    cache: {
      statusTtlMs: env.TWS_CACHE_STATUS_TTL_MS,
      definitionTtlMs: env.TWS_CACHE_DEFINITION_TTL_MS,
      l1MaxEntries: env.TWS_CACHE_L1_MAX_ENTRIES,
    },
    simulatorPort: env.SIMULATOR_PORT,
  };
}
