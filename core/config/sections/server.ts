import { z } from 'zod';
import { loopbackHost } from '../../server/urls.js';
import { csv, optionalString, port, type EnvOf } from './helpers.js';

/** Process-wide settings and where each service listens (DESIGN §1). */
export const serverEnv = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Interface every server binds to; containers set 0.0.0.0. */
  HOST: z.string().min(1).default('127.0.0.1'),
  GATEWAY_PORT: port(4000),
  TWS_PORT: port(4001),
  KNOWLEDGE_PORT: port(4002),
  RAG_PORT: port(4003),
  AGENTS_PORT: port(4004),
  HEALTH_PORT: port(4005),
  /** Where the gateway and the health checks reach each subgraph; defaults to HOST:<port>. */
  TWS_SUBGRAPH_URL: optionalString(),
  KNOWLEDGE_SUBGRAPH_URL: optionalString(),
  RAG_SUBGRAPH_URL: optionalString(),
  AGENTS_SUBGRAPH_URL: optionalString(),
  HEALTH_SUBGRAPH_URL: optionalString(),
  /** The gateway as seen by services calling back through it (agent tools). */
  GATEWAY_URL: optionalString(),
  /** Browser origins allowed by CORS on the gateway (comma-separated). */
  CORS_ORIGINS: csv('http://localhost:4000,http://127.0.0.1:4000,https://studio.apollographql.com'),
  /** How often the health subgraph checks every component (and can emit healthChanged). */
  HEALTH_CHECK_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  /** Folder for local state (embedded Neo4j, vector store, ...). */
  DATA_DIR: z.string().min(1).default('.data'),
};

export const SUBGRAPH_NAMES = ['tws', 'knowledge', 'rag', 'agents', 'health'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

type ServerEnv = EnvOf<typeof serverEnv>;

export function buildServerConfig(env: ServerEnv) {
  const urlOf = (explicit: string | undefined, p: number) =>
    explicit ?? `http://${loopbackHost(env.HOST)}:${p}/graphql`;
  return {
    nodeEnv: env.NODE_ENV,
    production: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL,
    host: env.HOST,
    dataDir: env.DATA_DIR,
    healthCheckIntervalMs: env.HEALTH_CHECK_INTERVAL_MS,
    corsOrigins: env.CORS_ORIGINS,
    gateway: { port: env.GATEWAY_PORT, url: urlOf(env.GATEWAY_URL, env.GATEWAY_PORT) },
    subgraphs: {
      tws: { port: env.TWS_PORT, url: urlOf(env.TWS_SUBGRAPH_URL, env.TWS_PORT) },
      knowledge: { port: env.KNOWLEDGE_PORT, url: urlOf(env.KNOWLEDGE_SUBGRAPH_URL, env.KNOWLEDGE_PORT) },
      rag: { port: env.RAG_PORT, url: urlOf(env.RAG_SUBGRAPH_URL, env.RAG_PORT) },
      agents: { port: env.AGENTS_PORT, url: urlOf(env.AGENTS_SUBGRAPH_URL, env.AGENTS_PORT) },
      health: { port: env.HEALTH_PORT, url: urlOf(env.HEALTH_SUBGRAPH_URL, env.HEALTH_PORT) },
    } satisfies Record<SubgraphName, { port: number; url: string }>,
  };
}
