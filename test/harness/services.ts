// What integration and e2e tests use to reach the shared Redis and Neo4j started by the global
// setup, to keep out of each other's way (namespaces), and to clean up after themselves.
//
//   const disposer = new Disposer();
//   afterAll(() => disposer.disposeAll());
//   const prefix = uniquePrefix('cache');                         // e.g. "T_cache_k2x9fq"
//   const redis = disposer.add(new Redis(testRedisUrl(), { keyPrefix: `${prefix}:` }), (r) => r.quit());
//   disposer.defer(() => deleteRedisKeys(redis, `${prefix}:`));   // runs before quit (LIFO)
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

import type { Redis } from 'ioredis';
import type { Driver } from 'neo4j-driver';

/** Set by the global setup for the jest workers; set it yourself to use an existing server. */
export const REDIS_URL_ENV = 'RESYNC_TEST_REDIS_URL';
/** Set by the global setup for the jest workers; set it yourself to use an existing Neo4j 5 + APOC. */
export const NEO4J_URI_ENV = 'RESYNC_TEST_NEO4J_URI';

/** `redis://127.0.0.1:PORT` of the run's shared Redis. Use a `uniquePrefix` for every key. */
export function testRedisUrl(): string {
  return requiredEnv(REDIS_URL_ENV);
}

/** `bolt://127.0.0.1:PORT` of the run's shared Neo4j (auth disabled). Use `uniquePrefix` labels. */
export function testNeo4jUri(): string {
  return requiredEnv(NEO4J_URI_ENV);
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run this test through the jest "integration" or "e2e" project, whose ` +
        'global setup starts the shared services (test/harness/global-setup.ts)',
    );
  }
  return value;
}

/**
 * A fresh namespace per call: `T_<name>_<random>`, valid as a Neo4j label prefix (starts with a
 * letter, only [A-Za-z0-9_]) and as a Redis key prefix (add your own separator, e.g. `${p}:`).
 * Tests share one database and one Redis, so isolate by namespace instead of wiping them.
 */
export function uniquePrefix(name: string): string {
  const slug =
    name
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 32) || 'x';
  return `T_${slug}_${randomBytes(5).toString('hex')}`;
}

type Cleanup = () => unknown;

/** A stack of cleanups run in reverse order, like `await using` (which our TS lib does not enable). */
export class Disposer {
  #stack: Cleanup[] = [];

  /** Registers `dispose(resource)` and returns the resource, for one-line acquisition. */
  add<T>(resource: T, dispose: (resource: T) => unknown): T {
    this.#stack.push(() => dispose(resource));
    return resource;
  }

  defer(cleanup: Cleanup): void {
    this.#stack.push(cleanup);
  }

  /** Runs every cleanup (last registered first), even when some fail; then throws them all. */
  async disposeAll(): Promise<void> {
    const errors: unknown[] = [];
    for (let cleanup = this.#stack.pop(); cleanup; cleanup = this.#stack.pop()) {
      try {
        await cleanup();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} cleanups failed`);
  }
}

const defaultDisposer = new Disposer();

/** Registers a cleanup on this test file's default stack (drain it with `disposeAll`). */
export function defer(cleanup: Cleanup): void {
  defaultDisposer.defer(cleanup);
}

/** Registers `dispose(resource)` on this test file's default stack and returns the resource. */
export function track<T>(resource: T, dispose: (resource: T) => unknown): T {
  return defaultDisposer.add(resource, dispose);
}

/** Drains the default stack; call it from `afterAll` (or `afterEach`). */
export function disposeAll(): Promise<void> {
  return defaultDisposer.disposeAll();
}

/**
 * Deletes every key that starts with `prefix`, the key as stored in Redis (so it includes the
 * client's `keyPrefix`, if any). SCAN, not KEYS, so a big shared Redis is not blocked.
 */
export async function deleteRedisKeys(redis: Redis, prefix: string): Promise<void> {
  // ioredis adds `keyPrefix` to DEL's keys but not to SCAN's pattern or results.
  const clientPrefix = typeof redis.options.keyPrefix === 'string' ? redis.options.keyPrefix : '';
  if (!prefix.startsWith(clientPrefix)) {
    throw new Error(`prefix "${prefix}" is outside this client's keyPrefix "${clientPrefix}"`);
  }
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys.map((k) => k.slice(clientPrefix.length)));
  } while (cursor !== '0');
}

/** Detaches and deletes every node carrying a label that starts with `prefix`. */
export async function deleteNeo4jNamespace(driver: Driver, prefix: string): Promise<void> {
  await driver.executeQuery(
    'MATCH (n) WHERE any(l IN labels(n) WHERE l STARTS WITH $prefix) DETACH DELETE n',
    { prefix },
  );
}

/** True if something accepts TCP connections on 127.0.0.1:`port` (e.g. "did stop() really stop?"). */
export function isListening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
