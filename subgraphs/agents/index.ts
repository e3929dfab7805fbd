import { buildSubgraphSchema } from '@apollo/subgraph';
import { loadSdl } from '../../core/graphql/index.js';
import type { ServiceRuntime } from '../../core/runtime.js';
import { startSubgraphServer, type RunningServer } from '../../core/server/index.js';
import { permissions } from './permissions.js';

export interface AgentsSubgraphOptions {
  /** @default config.subgraphs.agents.port */
  port?: number;
}

const SEEDED = [
  { id: 'general', name: 'HWA operations assistant', description: 'Answers questions about the live plan, jobs and runbooks.' },
  { id: 'troubleshooter', name: 'Troubleshooting specialist', description: 'Investigates failed jobs: logs, dependencies, impact, runbooks.' },
];

/** Starts the agents subgraph. */
export async function startAgentsSubgraph(runtime: ServiceRuntime, options: AgentsSubgraphOptions = {}): Promise<RunningServer> {
  const { config, logger, lifecycle } = runtime;
  const schema = buildSubgraphSchema({
    typeDefs: loadSdl(new URL('./schema.graphql', import.meta.url)),
    resolvers: { Query: { agents: () => SEEDED } } as never,
  });
  return startSubgraphServer({
    name: 'agents',
    schema,
    permissions,
    host: config.host,
    port: options.port ?? config.subgraphs.agents.port,
    verifier: runtime.verifier,
    logger,
    registry: runtime.registry,
    lifecycle,
    production: config.production,
  });
}
