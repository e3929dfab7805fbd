import type { Role } from '../../core/auth/index.js';
import type { SubgraphName } from '../../core/config/index.js';

/** One load run: what was driven, and what came back. */
export interface LoadResult {
  label: string;
  target: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  rps: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Non-2xx HTTP responses plus bodies carrying GraphQL `errors`. */
  errors: number;
  /** Free-form facts a scenario adds (e.g. cache hit ratio). */
  extra?: Record<string, number | string>;
}

export interface HttpLoad {
  label: string;
  /** GraphQL endpoint (gateway or a subgraph). */
  url: string;
  token: string;
  query: string;
  variables?: Record<string, unknown>;
  /** @default options.connections */
  connections?: number;
  /** @default options.durationSeconds */
  durationSeconds?: number;
  /** Count responses whose body has `errors` as failures. @default true */
  checkGraphqlErrors?: boolean;
}

export interface BenchContext {
  gatewayUrl: string;
  /** GraphQL URL of each subgraph, for "direct" comparisons. */
  subgraphUrls: Readonly<Record<SubgraphName, string>>;
  /** Base URL of the HWA the stack uses (the simulator by default). */
  twsUrl: string;
  token(role: Role, sub?: string): Promise<string>;
  /** Drives one GraphQL operation with autocannon and measures it. */
  http(load: HttpLoad): Promise<LoadResult>;
  /** Resident set size in MB of each process of the stack under test. */
  rss(): Record<string, number>;
  options: { durationSeconds: number; connections: number };
  log(line: string): void;
}

export interface ScenarioReport {
  runs: LoadResult[];
  notes?: string[];
}

export interface BenchScenario {
  /** File-friendly name, e.g. `health`. */
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<ScenarioReport>;
}
