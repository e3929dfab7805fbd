import { readFileSync } from 'node:fs';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { isObjectType, type GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { resolvers } from './resolvers.js';

export const TYPE_DEFS_PATH = new URL('./schema.graphql', import.meta.url);

/** The federated entities this subgraph contributes fields to. */
export const ENTITY_TYPES = ['Job', 'JobStream'] as const;

/**
 * Builds the subgraph schema with @neo4j/graphql. Generation needs no database, so
 * composition can print the served SDL offline; resolvers use the driver at query time.
 */
export async function buildKnowledgeSchema(
  driver?: Driver,
): Promise<{ neo: Neo4jGraphQL; schema: GraphQLSchema }> {
  const neo = new Neo4jGraphQL({
    typeDefs: readFileSync(TYPE_DEFS_PATH, 'utf8'),
    resolvers,
    ...(driver ? { driver } : {}),
  });
  const schema = await neo.getSubgraphSchema();
  resolveEntitiesByKey(schema);
  return { neo, schema };
}

/**
 * @neo4j/graphql resolves an entity reference by reading its node, which turns "not synced yet"
 * into a silent null and a Neo4j outage into a failure of the whole entity. Every field we add
 * to `Job`/`JobStream` needs only the key, so a reference resolves to itself here and each field
 * says for itself what went wrong (NOT_FOUND, UPSTREAM_UNAVAILABLE) while tws fields still answer.
 */
function resolveEntitiesByKey(schema: GraphQLSchema): void {
  for (const name of ENTITY_TYPES) {
    const type = schema.getType(name);
    if (!isObjectType(type)) throw new Error(`knowledge schema lost its ${name} entity`);
    const subgraph = (type.extensions as { apollo?: { subgraph?: { resolveReference?: unknown } } }).apollo
      ?.subgraph;
    if (!subgraph) throw new Error(`${name} has no federation reference resolver to replace`);
    subgraph.resolveReference = (reference: { id: string }) => ({ id: reference.id });
  }
}
