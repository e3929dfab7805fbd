import type { Config, SubgraphName } from '../core/config/index.js';
import { SUBGRAPH_NAMES, withOverrides } from '../core/config/index.js';
import { createLogger, type Logger } from '../core/logger.js';
import { createServiceRuntime, type ServiceRuntime } from '../core/runtime.js';
import { loopbackHost, type RunningServer } from '../core/server/index.js';
import {
  ensureNeo4jArtifacts,
  javaAvailable,
  neo4jArtifactsPresent,
  startNeo4j,
  type LocalNeo4j,
} from '../devservices/neo4j.js';
import { startGateway } from '../gateway/index.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../simulator/index.js';
import { startAgentsSubgraph } from '../subgraphs/agents/index.js';
import { startHealthSubgraph } from '../subgraphs/health/index.js';
import { startKnowledgeSubgraph } from '../subgraphs/knowledge/index.js';
import { startRagSubgraph } from '../subgraphs/rag/index.js';
import { startTwsSubgraph } from '../subgraphs/tws/index.js';
import { freePort } from '../devservices/ports.js';

export interface StackOptions {
  config: Config;
  /** @default pino on stdout at the configured level */
  logger?: Logger;
  /** Options for the bundled HWA simulator, started when TWS_URL is unset. */
  simulator?: SimulatorOptions;
  /** Start an embedded Neo4j when NEO4J_URI is unset and Java is present. @default config.neo4j.embedded */
  embeddedNeo4j?: boolean;
}

export interface RunningStack {
  /** The configuration with the URLs actually in use. */
  config: Config;
  gateway: RunningServer;
  subgraphs: Record<SubgraphName, RunningServer>;
  simulator: RunningSimulator | undefined;
  neo4j: LocalNeo4j | undefined;
  /** What the stack fell back to, for the start-up banner (health reports the same). */
  defaults: string[];
  /** Stops one service (as if its process died); the rest keeps running. */
  stopService(name: SubgraphName | 'gateway'): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the whole system in this process, each service its own HTTP server talking to the
 * others only over HTTP/WebSocket/Redis. Port 0 in the config means "pick a free port".
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const logger = options.logger ?? createLogger({ service: 'resync', level: options.config.logLevel });
  const stops: Array<() => Promise<void>> = [];
  const defaults: string[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((error: unknown) => logger.warn({ err: error }, 'stop failed'));
    stops.length = 0;
  };
  try {
    let config = await resolvePorts(options.config);

    let simulator: RunningSimulator | undefined;
    if (config.tws.simulated) {
      simulator = await startSimulator({
        ...options.simulator,
        port: options.simulator?.port ?? config.tws.simulatorPort,
        host: '127.0.0.1',
      });
      stops.push(() => simulator!.stop());
      config = withOverrides(config, { tws: { url: simulator.url } });
      defaults.push(`HWA: bundled simulator at ${simulator.url} (set TWS_URL for a real master)`);
    }

    let neo4j: LocalNeo4j | undefined;
    let neo4jMode = 'external';
    if (!config.neo4j.uri && (options.embeddedNeo4j ?? config.neo4j.embedded)) {
      neo4j = await startEmbeddedNeo4j(config.dataDir, logger, defaults);
      if (neo4j) {
        const running = neo4j;
        stops.push(() => running.stop());
        config = withOverrides(config, { neo4j: { uri: running.uri } });
        neo4jMode = 'embedded';
      }
    }
    if (!config.redis.target)
      defaults.push('Redis: in-process cache and pub/sub (set REDIS_URL to share state)');
    if (config.llm.providers.length === 0)
      defaults.push('LLM: offline responder (set NVIDIA_API_KEY or OPENAI_API_KEY)');
    if (!config.rag.qdrantUrl)
      defaults.push(`Vector store: embedded (Orama) in ${config.dataDir}/rag (set QDRANT_URL for Qdrant)`);
    if (config.llm.providers.length === 0 || config.rag.embeddings.mode === 'offline') {
      const why =
        config.rag.embeddings.mode === 'offline'
          ? 'RAG_EMBEDDINGS=offline'
          : 'set NVIDIA_API_KEY or OPENAI_API_KEY';
      defaults.push(`Embeddings: offline lexical, matches words not meaning (${why})`);
    }
    if (config.audit.usingDevelopmentKey)
      defaults.push('Audit: encrypted with the development key (set AUDIT_KEYS and AUDIT_ACTIVE_KEY_ID)');

    const runtimes = new Map<string, ServiceRuntime>();
    const runtimeFor = (name: string) => {
      const runtime = createServiceRuntime(config, name, { logger });
      runtimes.set(name, runtime);
      stops.push(() => runtime.lifecycle.stop());
      return runtime;
    };

    const [tws, knowledge, rag, agents] = await Promise.all([
      startTwsSubgraph(runtimeFor('tws')),
      startKnowledgeSubgraph(runtimeFor('knowledge')),
      startRagSubgraph(runtimeFor('rag')),
      startAgentsSubgraph(runtimeFor('agents')),
    ]);
    const health = await startHealthSubgraph(runtimeFor('health'), { neo4jMode });
    const gateway = await startGateway(runtimeFor('gateway'));
    return {
      config,
      gateway,
      subgraphs: { tws, knowledge, rag, agents, health },
      simulator,
      neo4j,
      defaults,
      stopService: async (name) => {
        await runtimes.get(name)?.lifecycle.stop();
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Embedded Neo4j for the first run: fetches the jars from Maven Central once (about 20 s), then
 * starts it. Any failure degrades to "no Neo4j" — the knowledge subgraph answers
 * UPSTREAM_UNAVAILABLE and health says why — rather than stopping the whole stack.
 */
async function startEmbeddedNeo4j(
  dataDir: string,
  logger: Logger,
  defaults: string[],
): Promise<LocalNeo4j | undefined> {
  if (!javaAvailable()) {
    defaults.push('Neo4j: none (Java not found and NEO4J_URI unset): knowledge answers UPSTREAM_UNAVAILABLE');
    return undefined;
  }
  const log = (line: string) => logger.debug({ neo4j: line });
  try {
    if (!neo4jArtifactsPresent()) {
      logger.info('first run: fetching embedded Neo4j 5 and APOC from Maven Central (about 20 s)');
      await ensureNeo4jArtifacts({ log });
    }
    const neo4j = await startNeo4j({ dataDir: `${dataDir}/neo4j`, log });
    defaults.push(`Neo4j: embedded at ${neo4j.uri} (set NEO4J_URI for a server)`);
    return neo4j;
  } catch (error) {
    logger.error({ err: error }, 'embedded Neo4j could not start; continuing without it');
    defaults.push(
      `Neo4j: none (embedded start failed: ${(error as Error).message}): knowledge answers UPSTREAM_UNAVAILABLE`,
    );
    return undefined;
  }
}

/** Replaces port 0 with real free ports so every service knows the others' URLs up front. */
async function resolvePorts(config: Config): Promise<Config> {
  const host = loopbackHost(config.host);
  const pick = async (port: number) => (port === 0 ? freePort(host) : port);
  const subgraphs: Partial<Record<SubgraphName, { port: number; url: string }>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const current = config.subgraphs[name];
    if (current.port !== 0) continue;
    const port = await pick(0);
    subgraphs[name] = { port, url: `http://${host}:${port}/graphql` };
  }
  let gateway: { port: number; url: string } | undefined;
  if (config.gateway.port === 0) {
    const port = await pick(0);
    gateway = { port, url: `http://${host}:${port}/graphql` };
  }
  const simulatorPort =
    config.tws.simulated && config.tws.simulatorPort === 0 ? await pick(0) : config.tws.simulatorPort;
  return withOverrides(config, { subgraphs, ...(gateway ? { gateway } : {}), tws: { simulatorPort } });
}
