import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { Registry } from 'prom-client';
import { createTokenVerifier, signToken } from '../../../core/auth/index.js';
import type { PermissionTable } from '../../../core/authz/index.js';

export const SECRET = 'server-test-secret-that-is-long-enough-0123456789';
export const verifier = createTokenVerifier({ secret: SECRET });
export const viewerToken = () => signToken({ secret: SECRET, sub: 'vera', roles: ['viewer'] });

/** Yields `count` ticks, then ends. */
async function* ticks(count: number) {
  for (let n = 1; n <= count; n++) yield { ticks: n };
}

/** A subscription whose source fails the way a driver does: a raw, uncoded error. */
function broken(): AsyncIterableIterator<never> {
  const iterator: AsyncIterableIterator<never> = {
    next: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.7:6379')),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** A small subgraph: one query, one mutation, two subscriptions. */
export const schema = buildSubgraphSchema({
  typeDefs: parse(`
    type Query { hello: String! }
    type Mutation { touch(note: String): Boolean! }
    type Subscription { ticks(count: Int!): Int! broken: Int! }
  `),
  resolvers: {
    Query: { hello: () => 'hi' },
    Mutation: { touch: () => true },
    Subscription: {
      ticks: { subscribe: (_: unknown, args: { count: number }) => ticks(args.count) },
      broken: { subscribe: () => broken() },
    },
  } as never,
});

export const permissions: PermissionTable = {
  Query: { hello: 'viewer' },
  Mutation: { touch: 'viewer' },
  Subscription: { ticks: 'viewer', broken: 'viewer' },
};

/** The current value of an unlabelled gauge (0 when it has no sample yet). */
export async function gaugeValue(registry: Registry, name: string): Promise<number> {
  const metric = registry.getSingleMetric(name);
  const { values } = (await metric?.get()) ?? { values: [] };
  return values.reduce((sum, v) => sum + v.value, 0);
}
