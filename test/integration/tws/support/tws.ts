// Starts tws subgraph instances (no gateway) against one simulator, with or without the run's
// shared Redis (namespaced), and talks to them over real HTTP and graphql-ws.
import { Redis } from 'ioredis';
import { signToken, type Role } from '../../../../core/auth/index.js';
import { configFrom } from '../../../../core/config/index.js';
import { silentLogger } from '../../../../core/logger.js';
import { createServiceRuntime, type ServiceRuntime } from '../../../../core/runtime.js';
import type { RunningServer } from '../../../../core/server/index.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../../simulator/index.js';
import { startTwsSubgraph } from '../../../../subgraphs/tws/index.js';
import { postGraphQL, wsClient } from '../../../harness/client.js';
import { deleteRedisKeys, type Disposer, testRedisUrl, uniquePrefix } from '../../../harness/services.js';

const SECRET = 'integration-test-secret-that-is-long-enough-42';

export interface TwsInstance {
  server: RunningServer;
  runtime: ServiceRuntime;
  query<T = Record<string, unknown>>(
    query: string,
    role?: Role,
    variables?: Record<string, unknown>,
  ): ReturnType<typeof postGraphQL<T>>;
  ws(role: Role): Promise<ReturnType<typeof wsClient>>;
  stop(): Promise<void>;
}

export interface TwsCluster {
  sim: RunningSimulator;
  instances: TwsInstance[];
  prefix: string | undefined;
  addInstance(): Promise<TwsInstance>;
}

export async function startTwsCluster(
  disposer: Disposer,
  {
    count = 1,
    redis = true,
    env = {},
    simulator = {},
  }: { count?: number; redis?: boolean; env?: Record<string, string>; simulator?: SimulatorOptions } = {},
): Promise<TwsCluster> {
  const sim = disposer.add(await startSimulator({ port: 0, ...simulator }), (s) => s.stop());
  const prefix = redis ? `${uniquePrefix('tws')}:` : undefined;
  if (prefix) {
    const admin = disposer.add(new Redis(testRedisUrl()), (r) => r.quit());
    disposer.defer(() => deleteRedisKeys(admin, prefix));
  }
  const config = configFrom({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: SECRET,
    TWS_PORT: '0',
    SIMULATOR_PORT: String(sim.port),
    NEO4J_EMBEDDED: 'false',
    ...(prefix ? { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: prefix } : {}),
    ...env,
  });
  const token = (role: Role) => signToken({ secret: SECRET, sub: `${role}-user`, roles: [role] });
  const cluster: TwsCluster = {
    sim,
    instances: [],
    prefix,
    async addInstance() {
      const runtime = createServiceRuntime(config, 'tws', { logger: silentLogger(), defaultMetrics: false });
      const server = await startTwsSubgraph(runtime, { port: 0 });
      let stopped = false;
      const instance: TwsInstance = {
        server,
        runtime,
        async query(query, role = 'viewer', variables) {
          return postGraphQL(server.url, query, {
            token: await token(role),
            ...(variables ? { variables } : {}),
          });
        },
        async ws(role) {
          return wsClient(server.wsUrl, await token(role));
        },
        async stop() {
          if (stopped) return;
          stopped = true;
          await runtime.lifecycle.stop();
        },
      };
      disposer.defer(() => instance.stop());
      cluster.instances.push(instance);
      return instance;
    },
  };
  for (let i = 0; i < count; i++) await cluster.addInstance();
  return cluster;
}

/** Polls `check` every 50 ms until it holds (no timing is asserted; the jest timeout bounds it). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
