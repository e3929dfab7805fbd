import { applyMiddleware } from 'graphql-middleware';
import { GraphQLError, isObjectType, type GraphQLSchema } from 'graphql';
import { translateNeo4jError } from '../../core/neo4j/index.js';
import { ENTITY_TYPES } from './schema.js';

/**
 * Wraps every served field (root fields, `_entities` and the fields added to the entities) so resolvers
 * never leak a raw Neo4jError (ENGINEERING habit 8): driver failures become UPSTREAM_UNAVAILABLE
 * and the like, with the cause kept server-side. Without Neo4j every field answers the same error.
 */
export function translateErrors(schema: GraphQLSchema): GraphQLSchema {
  const wrap = async (
    resolve: (...a: unknown[]) => unknown,
    parent: unknown,
    args: unknown,
    ctx: unknown,
    info: unknown,
  ) => {
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
  const types = [
    schema.getQueryType(),
    schema.getMutationType(),
    ...ENTITY_TYPES.map((name) => schema.getType(name)),
  ];
  for (const type of types) {
    if (!type || !isObjectType(type)) continue;
    const fields: Record<string, unknown> = {};
    for (const name of Object.keys(type.getFields())) {
      // _entities too: @neo4j/graphql reads the server version through it on first use.
      if ((!name.startsWith('_') || name === '_entities') && name !== 'id') fields[name] = wrap;
    }
    middleware[type.name] = fields;
  }
  return applyMiddleware(schema, middleware as never);
}
