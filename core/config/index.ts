import { buildAgentsConfig } from './sections/agents.js';
import { buildAuditConfig } from './sections/audit.js';
import { buildAuthConfig } from './sections/auth.js';
import { buildEdgeConfig } from './sections/edge.js';
import { buildGatewayLimits } from './sections/gateway.js';
import { buildKnowledgeConfig } from './sections/knowledge.js';
import { buildLlmConfig } from './sections/llm.js';
import { buildNeo4jConfig } from './sections/neo4j.js';
import { buildObservabilityConfig } from './sections/observability.js';
import { buildRagConfig } from './sections/rag.js';
import { buildRedisConfig } from './sections/redis.js';
import { buildServerConfig } from './sections/server.js';
import { buildTwsConfig } from './sections/tws.js';
import { envSchema } from './schema.js';

export { KNOWN_ENV_VARS } from './schema.js';
export type { SubgraphName } from './sections/server.js';
export { SUBGRAPH_NAMES } from './sections/server.js';
export type { RedisTarget } from './sections/redis.js';
export type { LlmProviderConfig } from './sections/llm.js';
export type { AuditKey } from './sections/audit.js';

/** Thrown once with every problem found, so an operator fixes the environment in one pass. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'ConfigError';
  }
}

function build(env: Record<string, string | undefined>) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const server = buildServerConfig(e);
  const config = {
    ...server,
    auth: buildAuthConfig(e, server.production, problems),
    limits: buildGatewayLimits(e),
    edge: buildEdgeConfig(e, problems),
    redis: buildRedisConfig(e, problems),
    neo4j: buildNeo4jConfig(e, problems),
    knowledge: buildKnowledgeConfig(e),
    tws: buildTwsConfig(e, server.host, problems),
    llm: buildLlmConfig(e),
    rag: buildRagConfig(e),
    observability: buildObservabilityConfig(e, problems),
    agents: buildAgentsConfig(e),
    audit: buildAuditConfig(e, server.production, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export type Config = DeepReadonly<ReturnType<typeof build>>;

type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Parses and validates the environment once. This module is the only reader of
 * `process.env` in the product (lint enforces it); everything else receives the frozen result.
 */
export function loadConfig(): Config {
  return configFrom(process.env);
}

/**
 * The same from explicit values only, ignoring the real environment: tests, the bench (the
 * environment it gave the stack), the defaults (`configFrom({})`).
 */
export function configFrom(values: Record<string, string | undefined>): Config {
  return deepFreeze(build(values));
}

/**
 * For entry points (`npm start`, `npm run token`, the service mains): the config, or every
 * problem on stderr and exit code 2 — nothing has started yet, so there is nothing to stop.
 */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

/**
 * Some libraries read their switches from the environment themselves; this sets those from the
 * config, so that the decision is still made here (called once by the gateway before it builds
 * `@apollo/gateway`).
 */
export function applyLibraryEnvironment(config: Config): void {
  if (config.observability.apolloTelemetryDisabled) process.env['APOLLO_TELEMETRY_DISABLED'] = 'true';
}

type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * A new frozen config with some values replaced after start-up facts are known (e.g. the
 * URI of an embedded Neo4j, or ports chosen by the OS in tests). The original is untouched.
 */
export function withOverrides(config: Config, patch: DeepPartial<Config>): Config {
  const merge = (base: unknown, change: unknown): unknown => {
    if (change === undefined) return base;
    if (
      change === null ||
      typeof change !== 'object' ||
      Array.isArray(change) ||
      base === null ||
      typeof base !== 'object'
    ) {
      return change;
    }
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [key, value] of Object.entries(change)) out[key] = merge(out[key], value);
    return out;
  };
  return deepFreeze(merge(config, patch) as Config);
}
