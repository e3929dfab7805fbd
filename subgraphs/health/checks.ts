import type { Driver } from 'neo4j-driver';
import { pingNeo4j } from '../../core/neo4j/index.js';
import { pingRedis, type RedisClient } from '../../core/redis/index.js';
import { probeUrl, withTimeout } from '../../core/server/index.js';
import { toKind, type ComponentHealth } from './model.js';

/** One probe; it may report several components (a subgraph and the dependencies it checks). */
export type ComponentCheck = () => Promise<ComponentHealth[]>;

const round = (ms: number) => Math.round(ms * 10) / 10;

export function redisCheck(redis: RedisClient | undefined, timeoutMs: number): ComponentCheck {
  return async () => {
    const checkedAt = new Date();
    if (!redis) {
      return [
        {
          name: 'redis',
          kind: 'CACHE',
          status: 'UP',
          mode: 'in-process fallback',
          detail: 'REDIS_URL is not set: cache, pub/sub, rate limits and conversations live in each process',
          checkedAt,
        },
      ];
    }
    try {
      const latency = await withTimeout(pingRedis(redis), timeoutMs, 'redis ping');
      return [
        { name: 'redis', kind: 'CACHE', status: 'UP', mode: 'redis', latencyMs: round(latency), checkedAt },
      ];
    } catch (error) {
      return [
        {
          name: 'redis',
          kind: 'CACHE',
          status: 'DOWN',
          mode: 'redis',
          detail: (error as Error).message,
          checkedAt,
        },
      ];
    }
  };
}

export function neo4jCheck(
  driver: Driver | undefined,
  mode: string,
  timeoutMs: number,
  database?: string,
): ComponentCheck {
  return async () => {
    const checkedAt = new Date();
    if (!driver) {
      return [
        {
          name: 'neo4j',
          kind: 'DATABASE',
          status: 'DOWN',
          mode: 'not configured',
          detail: 'NEO4J_URI is not set and no embedded Neo4j is running (is Java 17 installed?)',
          checkedAt,
        },
      ];
    }
    try {
      const latency = await withTimeout(pingNeo4j(driver, database), timeoutMs, 'neo4j ping');
      return [{ name: 'neo4j', kind: 'DATABASE', status: 'UP', mode, latencyMs: round(latency), checkedAt }];
    } catch (error) {
      return [
        {
          name: 'neo4j',
          kind: 'DATABASE',
          status: 'DOWN',
          mode,
          detail: (error as Error).message,
          checkedAt,
        },
      ];
    }
  };
}

interface ReadyzEntry {
  name?: unknown;
  kind?: unknown;
  ok?: unknown;
  optional?: unknown;
  degraded?: unknown;
  mode?: unknown;
  detail?: unknown;
  error?: unknown;
  latencyMs?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * Asks a subgraph's /readyz: the subgraph is UP when ready, DEGRADED when it answers but a
 * dependency fails, DOWN when unreachable. The dependencies it reports become components too.
 */
export function subgraphCheck(name: string, graphqlUrl: string, timeoutMs: number): ComponentCheck {
  const readyz = probeUrl(graphqlUrl, 'readyz');
  return async () => {
    const checkedAt = new Date();
    const started = performance.now();
    try {
      const response = await fetch(readyz, { signal: AbortSignal.timeout(timeoutMs) });
      const latencyMs = round(performance.now() - started);
      const body = (await response.json()) as { checks?: ReadyzEntry[] };
      const checks = Array.isArray(body.checks) ? body.checks : [];
      const dependencies: ComponentHealth[] = checks
        .filter((c) => typeof c.name === 'string')
        .map((c) => ({
          name: c.name as string,
          kind: toKind(c.kind),
          status: c.ok === true ? (c.degraded === true ? 'DEGRADED' : 'UP') : 'DOWN',
          mode: text(c.mode),
          detail: text(c.error) ?? text(c.detail),
          latencyMs: typeof c.latencyMs === 'number' ? c.latencyMs : undefined,
          checkedAt,
        }));
      const self: ComponentHealth = {
        name: `subgraph:${name}`,
        kind: 'SUBGRAPH',
        status: response.ok ? 'UP' : 'DEGRADED',
        latencyMs,
        detail: response.ok
          ? undefined
          : `not ready: ${dependencies
              .filter((d) => d.status === 'DOWN')
              .map((d) => d.name)
              .join(', ')}`,
        checkedAt,
      };
      return [self, ...dependencies];
    } catch (error) {
      return [
        {
          name: `subgraph:${name}`,
          kind: 'SUBGRAPH',
          status: 'DOWN',
          detail: `unreachable: ${(error as Error).message}`,
          checkedAt,
        },
      ];
    }
  };
}
