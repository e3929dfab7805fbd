// Starts ONE Redis and ONE Neo4j (+ APOC) for the whole jest run and hands their URLs to the
// workers through process.env (workers are forked after this runs, so they inherit it).
//
// Jest calls a globalSetup once per distinct module path (30.x) or once per project (the
// documented behaviour): either way the state below lives on globalThis of the jest parent
// process and is reference-counted, so the services start once and stop with the last teardown.
// Service output goes to .data/test-services.log, never to the console.
//
// Why tsx: jest loads global hooks with plain Node `require` (its transform, but none of its
// moduleNameMapper), so our NodeNext-style `./x.js` imports of .ts files do not resolve here.
// Only type imports are static; the modules themselves are loaded through tsx, as `npm start` does.
// (tsx/cjs/api, because tsx 4.23's CJS build of tsx/esm/api points at a file that does not exist.)
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { require as tsxRequire } from 'tsx/cjs/api';

import type * as DevServicesModule from '../../devservices/index.js';
import type { LocalNeo4j, LocalRedis } from '../../devservices/index.js';
import type * as HarnessServicesModule from './services.js';

type DevServices = typeof DevServicesModule;
type HarnessServices = typeof HarnessServicesModule;

export interface HarnessState {
  users: number;
  starting?: Promise<void>;
  redis?: LocalRedis;
  neo4j?: LocalNeo4j;
  /** Env vars we set (and must unset on teardown, for `jest --watch` re-runs). */
  exported: string[];
}

// global-teardown.ts finds the state under the same key (it cannot import this file; see above).
const STATE = Symbol.for('resync.test.harness.services');
const SERVICES_LOG = join(dirname(fileURLToPath(import.meta.url)), '../../.data/test-services.log');

export default async function globalSetup(): Promise<void> {
  const g = globalThis as typeof globalThis & { [STATE]?: HarnessState };
  const state = (g[STATE] ??= { users: 0, exported: [] });
  state.users += 1;
  state.starting ??= startServices(state);
  await state.starting;
}

function load<T>(specifier: string): T {
  return tsxRequire(specifier, import.meta.url) as T;
}

async function startServices(state: HarnessState): Promise<void> {
  const dev = load<DevServices>('../../devservices/index.ts');
  const { NEO4J_URI_ENV, REDIS_URL_ENV } = load<HarnessServices>('./services.ts');
  mkdirSync(dirname(SERVICES_LOG), { recursive: true });
  writeFileSync(SERVICES_LOG, `test services, started ${new Date().toISOString()}\n`);
  const t0 = Date.now();
  const log = (line: string) => appendFileSync(SERVICES_LOG, `+${Date.now() - t0}ms ${line}\n`);

  // A URL already in the environment means "use that server" (e.g. a developer's own Neo4j).
  const [redis, neo4j] = await Promise.allSettled([
    process.env[REDIS_URL_ENV] ? undefined : startSharedRedis(dev, REDIS_URL_ENV, log),
    process.env[NEO4J_URI_ENV] ? undefined : startSharedNeo4j(dev, NEO4J_URI_ENV, log),
  ]);
  if (redis.status === 'fulfilled') state.redis = redis.value;
  if (neo4j.status === 'fulfilled') state.neo4j = neo4j.value;
  const failures = [redis, neo4j].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length > 0) {
    await Promise.all([state.redis?.stop(), state.neo4j?.stop()]);
    const reasons = failures.map((f) => (f.reason instanceof Error ? f.reason.message : String(f.reason)));
    throw new Error(`test services failed to start (log: ${SERVICES_LOG}):\n${reasons.join('\n')}`);
  }
  exportEnv(state, REDIS_URL_ENV, state.redis?.url);
  exportEnv(state, NEO4J_URI_ENV, state.neo4j?.uri);
}

type Log = (line: string) => void;

async function startSharedRedis(dev: DevServices, envName: string, log: Log): Promise<LocalRedis> {
  if (!dev.redisServerAvailable()) {
    throw new Error(`redis-server not on PATH: apt-get install -y redis-server, or set ${envName}`);
  }
  return dev.startRedis({ log });
}

async function startSharedNeo4j(dev: DevServices, envName: string, log: Log): Promise<LocalNeo4j> {
  if (!dev.javaAvailable()) {
    throw new Error(`java not on PATH: install a JDK 17 (+ maven), or set ${envName} to a Neo4j 5 with APOC`);
  }
  // CI resolves the jars beforehand (.ci/run); a fresh checkout gets them here, once.
  if (!dev.neo4jArtifactsPresent()) await dev.ensureNeo4jArtifacts({ log });
  return dev.startNeo4j({ log });
}

function exportEnv(state: HarnessState, name: string, value: string | undefined): void {
  if (value === undefined) return;
  process.env[name] = value;
  state.exported.push(name);
}
