// Test harness for the simulator: start on port 0 with a manual clock, authenticated fetch helpers.
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../../simulator/index.js';

/** 12:00 in São Paulo: the showcase plan is mid-day, RPT_HR waits for tomorrow's 08:00. */
export const FIXED_NOW = new Date('2026-03-09T15:00:00.000Z');
export const MINUTE = 60_000;

export const BASIC = `Basic ${Buffer.from('resync:resync').toString('base64')}`;

/** Parses a JSON response body as `T` (the tests read the simulator's own, schema-checked, payloads). */
export async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export interface TestSim {
  sim: RunningSimulator;
  /** `${sim.url}/api/v2` */
  api: string;
  fetch(path: string, init?: RequestInit & { auth?: string | null }): Promise<Response>;
  get<T>(path: string, headers?: Record<string, string>): Promise<T>;
  put(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export async function startTestSim(options: SimulatorOptions = {}): Promise<TestSim> {
  const sim = await startSimulator({ port: 0, clock: { mode: 'manual', now: FIXED_NOW }, ...options });
  const api = `${sim.url}/api/v2`;
  const doFetch = (path: string, init: RequestInit & { auth?: string | null } = {}): Promise<Response> => {
    const { auth = BASIC, headers, ...rest } = init;
    const h: Record<string, string> = {
      Accept: 'application/json',
      ...(headers as Record<string, string> | undefined),
    };
    if (auth !== null) h['Authorization'] = auth;
    const url = path.startsWith('http')
      ? path
      : path.startsWith('/')
        ? `${sim.url.replace(/\/twsd$/, '')}${path}`
        : `${api}/${path}`;
    return fetch(url, { ...rest, headers: h });
  };
  const send =
    (method: string) =>
    (path: string, body?: unknown, headers: Record<string, string> = {}) =>
      doFetch(path, {
        method,
        headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
  return {
    sim,
    api,
    fetch: doFetch,
    get: async <T>(path: string, headers?: Record<string, string>): Promise<T> => {
      const res = await doFetch(path, headers ? { headers } : {});
      if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    put: send('PUT'),
    post: send('POST'),
  };
}
