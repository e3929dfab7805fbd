import { buildSubgraphSchema } from '@apollo/subgraph';
import { DateTimeScalar, loadSdl } from '../../core/graphql/index.js';
import type { ServiceRuntime } from '../../core/runtime.js';
import { startSubgraphServer, type RunningServer } from '../../core/server/index.js';
import { permissions } from './permissions.js';

export interface RagSubgraphOptions {
  /** @default config.subgraphs.rag.port */
  port?: number;
}

/** Starts the rag subgraph. */
export async function startRagSubgraph(runtime: ServiceRuntime, options: RagSubgraphOptions = {}): Promise<RunningServer> {
  const { config, logger, lifecycle } = runtime;
  const documents: Array<{ id: string; title: string; createdAt: Date }> = [];
  const schema = buildSubgraphSchema({
    typeDefs: loadSdl(new URL('./schema.graphql', import.meta.url)),
    resolvers: { DateTime: DateTimeScalar, Query: { documents: () => documents } } as never,
  });
  return startSubgraphServer({
    name: 'rag',
    schema,
    permissions,
    host: config.host,
    port: options.port ?? config.subgraphs.rag.port,
    verifier: runtime.verifier,
    logger,
    registry: runtime.registry,
    lifecycle,
    production: config.production,
  });
}
