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
  TWS_TIMEOUT_MS: positiveInt(10_000),
  /** How often the plan is diffed for jobStatusChanged. */
  TWS_POLL_INTERVAL_MS: positiveInt(5_000),
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
    pollIntervalMs: env.TWS_POLL_INTERVAL_MS,
    simulatorPort: env.SIMULATOR_PORT,
  };
}
