// @neo4j/graphql 7 against the embedded Neo4j: its version check (>= 5.23) and APOC function
// check pass, a schema builds (plain and as a federation subgraph), and generated Cypher runs,
// including the APOC-backed authorization path.
import { Neo4jGraphQL } from '@neo4j/graphql';
import { graphql, type GraphQLSchema } from 'graphql';
import neo4j, { type Driver } from 'neo4j-driver';

import { deleteNeo4jNamespace, Disposer, testNeo4jUri, uniquePrefix } from '../../harness/services.js';

const disposer = new Disposer();
const ns = uniquePrefix('graphql');
let driver: Driver;

// Labels and the fulltext index name carry the namespace: tests share one database.
const typeDefs = /* GraphQL */ `
  type Job @node(labels: ["${ns}_Job"]) @fulltext(indexes: [{ indexName: "${ns}_jobName", queryName: "jobsByName", fields: ["name"] }]) {
    id: ID! @id
    name: String!
    successors: [Job!]! @relationship(type: "PRECEDES", direction: OUT)
  }
  type Note @node(labels: ["${ns}_Note"]) @authorization(validate: [{ where: { node: { owner: { eq: "$jwt.sub" } } } }]) {
    text: String!
    owner: String!
  }
`;
const features = { authorization: { key: 'test-only-secret' } };

beforeAll(() => {
  driver = disposer.add(neo4j.driver(testNeo4jUri()), (d) => d.close());
  disposer.defer(() => deleteNeo4jNamespace(driver, ns));
  disposer.defer(() => driver.executeQuery(`DROP INDEX ${ns}_jobName IF EXISTS`));
});
afterAll(() => disposer.disposeAll());

async function run(schema: GraphQLSchema, source: string, sub = 'alice'): Promise<Record<string, unknown>> {
  const result = await graphql({ schema, source, contextValue: { jwt: { sub } } });
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.data ?? {};
}

describe('@neo4j/graphql on the embedded Neo4j', () => {
  it('passes the DBMS compatibility checks (Neo4j version, APOC functions)', async () => {
    const neoSchema = new Neo4jGraphQL({ typeDefs, driver, features });
    await expect(neoSchema.checkNeo4jCompat()).resolves.toBeUndefined();
  });

  it('builds a schema, asserts its fulltext index and runs mutations and queries', async () => {
    const neoSchema = new Neo4jGraphQL({ typeDefs, driver, features });
    const schema = await neoSchema.getSchema();

    // v7 only asserts indexes (no `create` option any more); we create ours with Cypher.
    await expect(neoSchema.assertIndexesAndConstraints()).rejects.toThrow(/Missing @fulltext index/);
    await driver.executeQuery(
      `CREATE FULLTEXT INDEX ${ns}_jobName IF NOT EXISTS FOR (n:${ns}_Job) ON EACH [n.name]`,
    );
    await driver.executeQuery('CALL db.awaitIndexes(30)');
    await neoSchema.assertIndexesAndConstraints();

    await run(
      schema,
      'mutation { createJobs(input: [{ name: "extract", successors: { create: [{ node: { name: "load" } }] } }]) { jobs { id } } }',
    );
    const data = await run(
      schema,
      '{ jobs(where: { name: { eq: "extract" } }) { name successors { name } } }',
    );
    expect(data).toEqual({ jobs: [{ name: 'extract', successors: [{ name: 'load' }] }] });

    const found = await run(schema, '{ jobsByName(phrase: "load") { edges { node { name } } } }');
    expect(found).toEqual({ jobsByName: { edges: [{ node: { name: 'load' } }] } });
  });

  it('enforces @authorization through apoc.util.validatePredicate', async () => {
    const schema = await new Neo4jGraphQL({ typeDefs, driver, features }).getSchema();
    await run(
      schema,
      'mutation { createNotes(input: [{ text: "mine", owner: "alice" }]) { notes { text } } }',
    );
    await run(
      schema,
      'mutation { createNotes(input: [{ text: "theirs", owner: "bob" }]) { notes { text } } }',
      'bob',
    );

    await expect(run(schema, '{ notes { text } }')).rejects.toThrow('Forbidden');
    expect(await run(schema, '{ notes(where: { owner: { eq: "alice" } }) { text } }')).toEqual({
      notes: [{ text: 'mine' }],
    });
  });

  it('builds a federation subgraph schema that resolves entities', async () => {
    const subgraphTypeDefs = /* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])
      type Job @key(fields: "id") @node(labels: ["${ns}_Job"]) {
        id: ID! @id
        name: String!
      }
    `;
    const neoSchema = new Neo4jGraphQL({ typeDefs: subgraphTypeDefs, driver });
    const schema = await neoSchema.getSubgraphSchema();
    const sdl = (await run(schema, '{ _service { sdl } }')) as { _service: { sdl: string } };
    expect(sdl._service.sdl).toContain('@key(fields: "id")');

    const created = (await run(
      schema,
      'mutation { createJobs(input: [{ name: "entity" }]) { jobs { id } } }',
    )) as {
      createJobs: { jobs: Array<{ id: string }> };
    };
    const id = created.createJobs.jobs[0]?.id ?? '';
    const result = await graphql({
      schema,
      source: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Job { name } } }',
      variableValues: { r: [{ __typename: 'Job', id }] },
      contextValue: {},
    });
    expect(result).toEqual({ data: { _entities: [{ name: 'entity' }] } });
  });
});
