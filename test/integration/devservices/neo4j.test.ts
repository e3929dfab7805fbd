import { existsSync } from 'node:fs';

import neo4j from 'neo4j-driver';

import { javaAvailable, neo4jArtifactsPresent, startNeo4j } from '../../../devservices/neo4j.js';
import { Disposer, isListening, testNeo4jUri } from '../../harness/services.js';

const disposer = new Disposer();
afterEach(() => disposer.disposeAll());

describe('shared test Neo4j', () => {
  it('answers RETURN 1 and runs Community 5.26 with APOC core loaded', async () => {
    const driver = disposer.add(neo4j.driver(testNeo4jUri()), (d) => d.close());
    const one = await driver.executeQuery('RETURN 1 AS one');
    expect(one.records[0]?.get('one').toNumber()).toBe(1);

    const apoc = await driver.executeQuery('RETURN apoc.version() AS version');
    expect(apoc.records[0]?.get('version')).toMatch(/^5\.26\./);

    const components = await driver.executeQuery(
      'CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition',
    );
    expect(components.records[0]?.toObject()).toMatchObject({ name: 'Neo4j Kernel', edition: 'community' });
    expect(components.records[0]?.get('version')).toMatch(/^5\.26\./);
  });

  it('lets APOC procedures run unrestricted', async () => {
    const driver = disposer.add(neo4j.driver(testNeo4jUri()), (d) => d.close());
    // apoc.util.validatePredicate is what @neo4j/graphql's authorization rules compile to.
    const ok = await driver.executeQuery('RETURN apoc.util.validatePredicate(false, "never", []) AS ok');
    expect(ok.records[0]?.get('ok')).toBe(true);
    await expect(
      driver.executeQuery('RETURN apoc.util.validatePredicate(true, "denied %s", ["x"]) AS ok'),
    ).rejects.toThrow(/denied x/);
  });
});

describe('startNeo4j', () => {
  it('has java and the resolved jars (CI runs ensureNeo4jArtifacts first)', () => {
    expect(javaAvailable()).toBe(true);
    expect(neo4jArtifactsPresent()).toBe(true);
  });

  it('starts its own instance on a temp dir and removes it on an idempotent stop', async () => {
    const lines: string[] = [];
    const instance = await startNeo4j({ log: (line) => lines.push(line) });
    disposer.defer(() => instance.stop());
    expect(instance.uri).toBe(`bolt://127.0.0.1:${instance.boltPort}`);

    const driver = neo4j.driver(instance.uri);
    const result = await driver.executeQuery('CREATE (n:Probe {at: timestamp()}) RETURN count(n) AS n');
    expect(result.records[0]?.get('n').toNumber()).toBe(1);
    await driver.close();

    const dataDir = /neo4j: data directory (\S+)/.exec(lines.join('\n'))?.[1];
    await Promise.all([instance.stop(), instance.stop()]);
    await instance.stop();
    expect(await isListening(instance.boltPort)).toBe(false);
    expect(lines).toContain('[neo4j:err] neo4j: stopped');
    expect(dataDir).toBeDefined();
    expect(existsSync(dataDir ?? '')).toBe(false);
  }, 120_000);
});
