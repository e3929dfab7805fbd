import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';
import { applyPermissions, type AuthContext } from '../../../core/authz/index.js';
import type { Identity, Role } from '../../../core/auth/index.js';
import { UnauthenticatedError } from '../../../core/errors/index.js';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Thing @key(fields: "id") { id: ID! name: String! secret: String }
  type Query { things: [Thing!]! forgotten: Int }
  type Mutation { fix(id: ID!): Thing! purge: Boolean! }
`);
const thing = { id: '1', name: 'one', secret: 's3cr3t' };
const schema = applyPermissions(
  buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Query: { things: () => [thing], forgotten: () => 1 },
      Mutation: { fix: () => thing, purge: () => true },
      Thing: { __resolveReference: () => thing },
    } as never,
  }),
  {
    Query: { things: 'viewer' },
    Mutation: { fix: 'operator', purge: 'admin' },
    types: { Thing: { secret: 'admin' } },
  },
);

const as = (role: Role | null, authError?: Error): AuthContext =>
  role === null
    ? { identity: null, authError }
    : { identity: { sub: 'u', roles: [role], token: 't', expiresAt: undefined } satisfies Identity };

const run = async (source: string, ctx: AuthContext) => {
  const result = await graphql({ schema, source, contextValue: ctx });
  return { data: result.data, codes: (result.errors ?? []).map((e) => e.extensions['code']) };
};

describe('permission tables on graphql-shield', () => {
  it('answers UNAUTHENTICATED without identity, with the verifier reason', async () => {
    const { codes } = await run('{ things { id } }', as(null));
    expect(codes).toEqual(['UNAUTHENTICATED']);
    const result = await graphql({
      schema,
      source: '{ things { id } }',
      contextValue: as(null, new UnauthenticatedError('Token expired')),
    });
    expect(result.errors?.[0]?.message).toBe('Token expired');
  });

  it('enforces minimum roles on root fields', async () => {
    expect((await run('{ things { id name } }', as('viewer'))).codes).toEqual([]);
    expect((await run('mutation { fix(id: "1") { id } }', as('viewer'))).codes).toEqual(['FORBIDDEN']);
    expect((await run('mutation { fix(id: "1") { id } }', as('operator'))).codes).toEqual([]);
    expect((await run('mutation { purge }', as('operator'))).codes).toEqual(['FORBIDDEN']);
    expect((await run('mutation { purge }', as('admin'))).codes).toEqual([]);
  });

  it('denies root fields missing from the table', async () => {
    expect((await run('{ forgotten }', as('admin'))).codes).toEqual(['FORBIDDEN']);
  });

  it('applies stricter field rules on types, also through _entities', async () => {
    expect((await run('{ things { secret } }', as('viewer'))).codes).toEqual(['FORBIDDEN']);
    expect((await run('{ things { secret } }', as('admin'))).data).toEqual({
      things: [{ secret: 's3cr3t' }],
    });
    const entities =
      '{ _entities(representations: [{ __typename: "Thing", id: "1" }]) { ... on Thing { name } } }';
    expect((await run(entities, as(null))).codes).toEqual(['UNAUTHENTICATED']);
    expect((await run(entities, as('viewer'))).data).toEqual({ _entities: [{ name: 'one' }] });
  });

  it('lets the federation plumbing through for authenticated callers', async () => {
    const { data, codes } = await run('{ _service { sdl } }', as('viewer'));
    expect(codes).toEqual([]);
    expect(String((data as { _service: { sdl: string } })._service.sdl)).toContain('type Thing');
  });
});
