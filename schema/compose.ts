import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode } from 'graphql';
import { buildKnowledgeSchema } from '../subgraphs/knowledge/schema.js';

/** The subgraphs and where their SDL files live; URLs are the defaults (config overrides them). */
export const SUBGRAPHS = [
  { name: 'agents', port: 4004 },
  { name: 'health', port: 4005 },
  { name: 'knowledge', port: 4002 },
  { name: 'rag', port: 4003 },
  { name: 'tws', port: 4001 },
] as const;

export type CompositionResult =
  { ok: true; supergraphSdl: string; subgraphs: string[] } | { ok: false; errors: string[] };

export function subgraphSdlPath(name: string): URL {
  return new URL(`../subgraphs/${name}/schema.graphql`, import.meta.url);
}

/**
 * The SDL a subgraph serves. Most subgraphs serve their file as is; knowledge's file holds
 * @neo4j/graphql type definitions, so its served SDL is generated from them (offline).
 */
export async function servedSdl(name: string): Promise<DocumentNode> {
  if (name === 'knowledge') return parse(printSubgraphSchema((await buildKnowledgeSchema()).schema));
  return parse(readFileSync(subgraphSdlPath(name), 'utf8'));
}

/** Composes the subgraphs' SDL; used by `npm run compose` and by the staleness test. */
export async function composeSubgraphs(): Promise<CompositionResult> {
  const services = await Promise.all(
    SUBGRAPHS.map(async ({ name, port }) => ({
      name,
      url: `http://localhost:${port}/graphql`,
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
