// Public contracts of the simulator (types only). index.ts re-exports them; nothing here has behaviour.

/** Where a fault applies. */
export interface FaultScope {
  /**
   * Path prefix the fault applies to. Absolute (`/twsd/api/v2/plan/job`) or relative to the API root
   * (`plan/job`). @default every API path (admin `/_sim` paths are never faulted)
   */
  pathPrefix?: string;
  /** Only requests with this HTTP method. @default any */
  method?: string;
  /** Probability (0..1) that a matching request is affected. @default 1 */
  rate?: number;
  /** Affect only the first N matching requests, then expire. @default unlimited */
  times?: number;
}

export type FaultSpec = FaultScope &
  (
    | { kind: 'latency'; ms: number; jitterMs?: number }
    | { kind: 'error'; status?: 500 | 503 }
    | { kind: 'rateLimit'; retryAfterSeconds?: number }
    | { kind: 'hang' }
    | { kind: 'malformed' }
    | { kind: 'reset' }
  );

export interface ActionRecord {
  /** Simulated time of the request (ISO). */
  at: string;
  method: string;
  /** Request path without the query string. */
  path: string;
  /** Last path segment naming the action: hold, rerun, submit-ad-hoc-job, submit, ... */
  action: string;
  /** The id in the path (job id, run id or model id), if any. */
  targetId?: string;
  /** The job the action applied to (also for reruns by run id and submissions). */
  jobId?: string;
  /** Authenticated principal: the Basic user name, or `bearer`. */
  user: string;
  /** HTTP status returned. */
  status: number;
  /** First message of an error response. */
  message?: string;
  justification: { category?: string; description?: string; ticketNumber?: string };
  contextSession?: string;
  body?: unknown;
}

export type ClockOptions = { mode: 'real'; speed?: number; tickMs?: number } | { mode: 'manual'; now?: Date };

export type DatasetOptions = { kind: 'default' } | { kind: 'generated'; jobs: number; seed?: number };

export interface SimulatorOptions {
  /** @default 31116; 0 picks a free port */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Basic-auth users. @default [{ username: 'resync', password: 'resync' }] */
  users?: Array<{ username: string; password: string }>;
  /** Accepted bearer tokens. @default none */
  bearerTokens?: string[];
  /** @default { mode: 'real', speed: 1, tickMs: 1000 } */
  clock?: ClockOptions;
  /** @default { kind: 'default' } */
  dataset?: DatasetOptions;
  /** Faults active from the start. @default [] */
  faults?: FaultSpec[];
  /** One line per notable event (listening, resets). @default silent */
  log?: (line: string) => void;
  /** Delay between READY and launch, in simulated ms. @default 1000 */
  launchDelayMs?: number;
}

export interface RunningSimulator {
  /** Base URL including `/twsd`, e.g. `http://127.0.0.1:31116/twsd`; the V2 API is under `${url}/api/v2`. */
  url: string;
  port: number;
  /** Closes the server and every socket (hung requests included). Safe to call twice. */
  stop(): Promise<void>;
  /** Moves simulated time forward and runs the plan up to it. */
  advance(ms: number): void;
  /** Current simulated time. */
  now(): Date;
  /** Replaces the active faults ([] clears them). */
  setFaults(f: FaultSpec[]): void;
  actions(): ActionRecord[];
  /** Requests received per path (admin paths excluded). */
  stats(): Record<string, number>;
  /** Rebuilds the dataset and clears faults, actions and stats. */
  reset(): void;
}
