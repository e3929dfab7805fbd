// Two replicas of the stateless services on ONE Redis, each service its own runtime (own Redis
// connections, metrics registry and lifecycle), as they would run as separate processes:
//
//   client ─► gateway-a ─► tws-1, agents-1 ┐
//   client ─► gateway-b ─► tws-2, agents-2 ┤─ knowledge, rag, health (one each) ─ simulator
//                                          └─ one Redis (the run's shared one, a unique key prefix)
//
// Each gateway routes to "its" replica of tws and agents, the way two replicas behind two
// gateways look (a balancer in front of each pair would add nothing here): whatever one replica
// does must reach the other through Redis alone. agents-N calls back through gateway-N for its
// tools. tws-1 starts first and is left leading the jobStatusChanged poller (a Redis lock), so
// tws-2 is a pure follower: any cache invalidation it applies came from tws-1 over Redis.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken, type Role } from '../../core/auth/index.js';
import { configFrom, type Config } from '../../core/config/index.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { createServiceRuntime, type ServiceRuntime } from '../../core/runtime.js';
import type { RunningServer } from '../../core/server/index.js';
import { startGateway } from '../../gateway/index.js';
import { createResyncClient, type ResyncClient } from '../../sdk/index.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator/index.js';
import { freePort } from '../../devservices/ports.js';
import { startAgentsSubgraph } from '../../subgraphs/agents/index.js';
import { startHealthSubgraph } from '../../subgraphs/health/index.js';
import { startKnowledgeSubgraph } from '../../subgraphs/knowledge/index.js';
import { startRagSubgraph } from '../../subgraphs/rag/index.js';
import { startTwsSubgraph } from '../../subgraphs/tws/index.js';
import { testNeo4jUri, testRedisUrl, uniquePrefix } from './services.js';
import { TEST_JWT_SECRET } from './stack.js';
import WebSocket from 'ws';

export type ReplicatedService = 'gateway' | 'tws' | 'agents';
export type Replica = 0 | 1;

/** One running service: its runtime (Redis connections, registry) and HTTP server. */
export interface ServiceInstance {
  /** e.g. `tws-1`, `gateway-b`. */
  readonly name: string;
  readonly runtime: ServiceRuntime;
  readonly server: RunningServer;
  /** http://127.0.0.1:PORT/metrics of this instance. */
  readonly metricsUrl: string;
}

export interface ScaledStack {
  /** Configuration of the "a" side (gateway-a, tws-1, agents-1); `configB` of the other. */
  readonly configA: Config;
  readonly configB: Config;
  /** Redis key prefix of this deployment (every instance shares it). */
  readonly keyPrefix: string;
  readonly simulator: RunningSimulator;
  /** gateway-a, gateway-b; tws-1, tws-2; agents-1, agents-2. Re-read after `restart`. */
  instance(service: ReplicatedService, replica: Replica): ServiceInstance;
  /** knowledge, rag and health (one each). */
  readonly singles: readonly ServiceInstance[];
  token(role: Role, sub?: string): Promise<string>;
  /** An SDK client on gateway-a (0) or gateway-b (1), disposed by `stop()`. */
  client(gateway: Replica, role: Role | null, sub?: string): Promise<ResyncClient>;
  /** Stops one replica of tws or agents (drains it like SIGTERM) and starts a fresh one on its port. */
  restart(service: 'tws' | 'agents', replica: Replica): Promise<ServiceInstance>;
  stop(): Promise<void>;
}

export interface ScaledStackOptions {
  /** Extra environment values (strings, as in the real environment). */
  env?: Record<string, string>;
  /** @default a manual clock: the plan moves only when someone acts on it */
  simulator?: SimulatorOptions;
  logger?: Logger;
}

const HOST = '127.0.0.1';

export async function startScaledStack(options: ScaledStackOptions = {}): Promise<ScaledStack> {
  const logger = options.logger ?? silentLogger();
  const dataDir = mkdtempSync(join(tmpdir(), 'resync-scale-'));
  const keyPrefix = `${uniquePrefix('scale')}:`;
  const stops: Array<() => Promise<unknown>> = [];
  const clients: ResyncClient[] = [];
  const instances = new Map<string, ServiceInstance>();
  // Every runtime ever created, stopped in reverse (gateways first); stop() is safe to repeat.
  const runtimes = new Map<string, ServiceRuntime>();
  const stopAll = async () => {
    await Promise.allSettled(clients.splice(0).map((c) => c.dispose()));
    for (const runtime of [...runtimes.values()].reverse())
      await runtime.lifecycle.stop().catch(() => undefined);
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
    runtimes.clear();
    instances.clear();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const simulator = await startSimulator({
      host: HOST,
      clock: { mode: 'manual' },
      ...options.simulator,
      port: await freePort(HOST),
    });
    stops.push(() => simulator.stop());

    const [gwA, gwB, tws1, tws2, agents1, agents2, knowledge, rag, health] = await Promise.all(
      Array.from({ length: 9 }, () => freePort(HOST)),
    );
    // Each side's configuration is what its processes would read from their environment.
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      HOST,
      JWT_SECRET: TEST_JWT_SECRET,
      HEALTH_CHECK_INTERVAL_MS: '250',
      DATA_DIR: dataDir,
      NEO4J_EMBEDDED: 'false',
      NEO4J_URI: testNeo4jUri(),
      KNOWLEDGE_GRAPH: uniquePrefix('scale_kg'),
      KNOWLEDGE_SYNC_ON_START: 'never',
      REDIS_URL: testRedisUrl(),
      REDIS_KEY_PREFIX: keyPrefix,
      SIMULATOR_PORT: new URL(simulator.url).port,
      KNOWLEDGE_PORT: String(knowledge),
      RAG_PORT: String(rag),
      HEALTH_PORT: String(health),
      ...options.env,
    };
    const side = (gateway: number, tws: number, agents: number) =>
      configFrom({
        ...env,
        GATEWAY_PORT: String(gateway),
        TWS_PORT: String(tws),
        AGENTS_PORT: String(agents),
      });
    const configA = side(gwA!, tws1!, agents1!);
    const configB = side(gwB!, tws2!, agents2!);

    const starters: Record<
      string,
      { config: Config; start: (runtime: ServiceRuntime) => Promise<RunningServer> }
    > = {
      'tws-1': { config: configA, start: (r) => startTwsSubgraph(r) },
      'tws-2': { config: configB, start: (r) => startTwsSubgraph(r) },
      'agents-1': { config: configA, start: (r) => startAgentsSubgraph(r) },
      'agents-2': { config: configB, start: (r) => startAgentsSubgraph(r) },
      knowledge: { config: configA, start: (r) => startKnowledgeSubgraph(r) },
      rag: { config: configA, start: (r) => startRagSubgraph(r) },
      health: { config: configA, start: (r) => startHealthSubgraph(r, { neo4jMode: 'external' }) },
      'gateway-a': { config: configA, start: (r) => startGateway(r) },
      'gateway-b': { config: configB, start: (r) => startGateway(r) },
    };
    const start = async (name: string): Promise<ServiceInstance> => {
      const { config, start: run } = starters[name]!;
      const runtime = createServiceRuntime(config, name, { logger });
      // Registered before it starts, so a failed start is still stopped.
      runtimes.set(name, runtime);
      const server = await run(runtime);
      const instance = { name, runtime, server, metricsUrl: `http://${HOST}:${server.port}/metrics` };
      instances.set(name, instance);
      return instance;
    };

    const first = await start('tws-1');
    await waitForPollerLeader(first.runtime, keyPrefix);
    await Promise.all(['tws-2', 'agents-1', 'agents-2', 'knowledge', 'rag', 'health'].map(start));
    await Promise.all(['gateway-a', 'gateway-b'].map(start));

    const nameOf = (service: ReplicatedService, replica: Replica) =>
      service === 'gateway' ? `gateway-${replica === 0 ? 'a' : 'b'}` : `${service}-${replica + 1}`;
    const token = (role: Role, sub = `${role}-user`) =>
      signToken({ secret: TEST_JWT_SECRET, sub, roles: [role] });
    return {
      configA,
      configB,
      keyPrefix,
      simulator,
      instance: (service, replica) => instances.get(nameOf(service, replica))!,
      singles: ['knowledge', 'rag', 'health'].map((n) => instances.get(n)!),
      token,
      async client(gateway, role, sub) {
        const server = instances.get(nameOf('gateway', gateway))!.server;
        const bearer = role ? await token(role, sub) : undefined;
        const client = createResyncClient({
          url: server.url,
          ...(bearer ? { token: bearer } : {}),
          webSocketImpl: WebSocket,
          retryAttempts: 0,
        });
        clients.push(client);
        return client;
      },
      async restart(service, replica) {
        const name = nameOf(service, replica);
        await instances.get(name)!.runtime.lifecycle.stop();
        return start(name);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Waits until some instance holds the poller lock (only `runtime`'s tws runs yet, so it is that one). */
async function waitForPollerLeader(
  runtime: ServiceRuntime,
  keyPrefix: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await runtime.redis!.exists(`${keyPrefix}tws:poller:leader`)) === 0) {
    if (Date.now() > deadline) throw new Error('tws-1 did not take the poller lock');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
