import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** ISO-8601 instant. Every subgraph declares `scalar DateTime` and uses this implementation. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO-8601 instant, e.g. 2026-03-09T21:59:00.000Z',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue(value) {
    return parseInstant(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING)
      throw new GraphQLError('DateTime must be an ISO-8601 string', { nodes: ast });
    return parseInstant(ast.value);
  },
});

function parseInstant(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw new GraphQLError('DateTime must be an ISO-8601 string', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime is not a valid instant', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return date;
}
