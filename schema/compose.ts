import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode } from 'graphql';
import { configFrom, SUBGRAPH_NAMES, type SubgraphName } from '../core/config/index.js';
import { loadSdl } from '../core/graphql/index.js';
import { buildKnowledgeSchema } from '../subgraphs/knowledge/schema.js';

export type CompositionResult =
  { ok: true; supergraphSdl: string; subgraphs: string[] } | { ok: false; errors: string[] };

/**
 * The SDL a subgraph serves. Most subgraphs serve their file as is; knowledge's file holds
 * @neo4j/graphql type definitions, so its served SDL is generated from them (offline).
 */
export async function servedSdl(name: SubgraphName): Promise<DocumentNode> {
  if (name === 'knowledge') return parse(printSubgraphSchema((await buildKnowledgeSchema()).schema));
  return loadSdl(new URL(`../subgraphs/${name}/schema.graphql`, import.meta.url));
}

/** Composes the subgraphs' SDL; used by `npm run compose` and by the staleness test. */
export async function composeSubgraphs(): Promise<CompositionResult> {
  // The URLs written into the supergraph are the default ports (the gateway uses the configured
  // URLs instead); subgraphs in name order, so the file does not change with the config's order.
  const { subgraphs } = configFrom({});
  const services = await Promise.all(
    [...SUBGRAPH_NAMES].sort().map(async (name) => ({
      name,
      url: `http://localhost:${subgraphs[name].port}/graphql`,
      typeDefs: await servedSdl(name),
    })),
  );
  const result = composeServices(services);
  if (result.errors) return { ok: false, errors: result.errors.map((e) => e.message) };
  return {
    ok: true,
    supergraphSdl: result.supergraphSdl.trimEnd() + '\n',
    subgraphs: services.map((s) => s.name),
  };
}
