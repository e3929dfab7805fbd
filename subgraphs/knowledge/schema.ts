import { readFileSync } from 'node:fs';
import { Neo4jGraphQL } from '@neo4j/graphql';
import type { Driver } from 'neo4j-driver';
import type { GraphQLSchema } from 'graphql';

export const TYPE_DEFS_PATH = new URL('./schema.graphql', import.meta.url);

/**
 * Builds the subgraph schema with @neo4j/graphql. Generation needs no database, so
 * composition can print the served SDL offline; resolvers use `driver` at query time.
 */
export async function buildKnowledgeSchema(driver?: Driver): Promise<{ neo: Neo4jGraphQL; schema: GraphQLSchema }> {
  const neo = new Neo4jGraphQL({
    typeDefs: readFileSync(TYPE_DEFS_PATH, 'utf8'),
    ...(driver ? { driver } : {}),
  });
  const schema = await neo.getSubgraphSchema();
  return { neo, schema };
}
