import { applyMiddleware } from 'graphql-middleware';
import { GraphQLError, isObjectType, type GraphQLSchema } from 'graphql';
import { translateNeo4jError } from '../../core/neo4j/index.js';

/**
 * Wraps every root field so resolvers never leak a raw Neo4jError (ENGINEERING habit 8):
 * driver failures become UPSTREAM_UNAVAILABLE and the like, with the cause kept server-side.
 */
export function translateErrors(schema: GraphQLSchema): GraphQLSchema {
  const wrap = async (resolve: (...a: unknown[]) => unknown, parent: unknown, args: unknown, ctx: unknown, info: unknown) => {
    const missing = (ctx as { notConfigured?: Error }).notConfigured;
    if (missing) throw missing;
    try {
      return await resolve(parent, args, ctx, info);
    } catch (error) {
      if (error instanceof GraphQLError && typeof error.extensions['code'] === 'string') throw error;
      throw translateNeo4jError(error);
    }
  };
  const middleware: Record<string, unknown> = {};
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root || !isObjectType(root)) continue;
    const fields: Record<string, unknown> = {};
    for (const name of Object.keys(root.getFields())) if (!name.startsWith('_')) fields[name] = wrap;
    middleware[root.name] = fields;
  }
  return applyMiddleware(schema, middleware as never);
}
